import { SweepSchema, type Sweep, type SweepInput } from '../../../../src/shared/schema/sweep';

// A small base experiment every sweep test varies: two tanh hidden layers on spirals.

export const BASE_EXPERIMENT: SweepInput['experiment'] = {
  name: 'spirals',
  dataset: { synthetic: 'spirals', samples: 60, seed: 1 },
  model: {
    layers: [
      { units: 8, activation: 'tanh' },
      { units: 8, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  },
  training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 4, batchSize: 16, seed: 7, validationSplit: 0.25 },
};

export function sweepOf(fields: Omit<SweepInput, 'experiment'> & { experiment?: SweepInput['experiment'] }): Sweep {
  return SweepSchema.parse({ experiment: BASE_EXPERIMENT, ...fields });
}
