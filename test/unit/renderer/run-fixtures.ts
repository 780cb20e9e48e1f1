import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../src/shared/schema/progress';
import { WEIGHTS_FORMAT, WEIGHTS_VERSION, type WeightsFile } from '../../../src/shared/schema/weights';

// Small, fixed values for the renderer's persistence tests.

export const experiment = ExperimentSchema.parse({
  dataset: { synthetic: 'spirals' },
  model: { layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 5 },
});

export function epochEvent(epoch: number, epochs = 5): EpochEvent {
  return {
    epoch,
    epochs,
    train: { loss: 1 / epoch, accuracy: 0.5 + epoch / 20 },
    validation: { loss: 1.1 / epoch, accuracy: 0.45 + epoch / 20 },
    learningRate: 0.01,
    seconds: epoch * 0.1,
    layers: [],
  };
}

export const weights: WeightsFile = {
  format: WEIGHTS_FORMAT,
  version: WEIGHTS_VERSION,
  layers: [{ W: [[0.5, -0.25]], b: [0.1], activation: { name: 'sigmoid' } }],
  input: { features: ['x', 'y'], normalization: { kind: 'none' } },
  output: { task: 'classification', classes: ['0', '1'] },
};

