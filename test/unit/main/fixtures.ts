import { ExperimentSchema, type ExperimentInput } from '../../../src/shared/schema/experiment';
import type { StartRunRequest } from '../../../src/shared/schema/protocol';
import type { EpochEvent } from '../../../src/shared/schema/progress';

// Small, valid messages for the main-process tests: the XOR truth table as a dataset (typed
// arrays, as the protocol requires) and an experiment that can learn it in a few hundred epochs.

export function xorExperiment(overrides: Partial<ExperimentInput['training']> = {}) {
  return ExperimentSchema.parse({
    name: 'xor',
    dataset: { synthetic: 'xor' },
    model: {
      layers: [
        { units: 8, activation: 'tanh' },
        { units: 2, activation: 'softmax' },
      ],
      init: 'xavierNormal',
      loss: 'categoricalCrossEntropy',
    },
    training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 300, seed: 7, shuffle: false, ...overrides },
  } satisfies ExperimentInput);
}

export function xorDataset(): StartRunRequest['dataset'] {
  return {
    name: 'xor',
    featureNames: ['x1', 'x2'],
    rows: 4,
    features: 2,
    x: new Float64Array([0, 0, 0, 1, 1, 0, 1, 1]),
    target: { kind: 'classes', classes: ['0', '1'], labels: new Int32Array([0, 1, 1, 0]) },
    normalization: { kind: 'none' },
  };
}

export function startRequest(runId: string, overrides: Partial<ExperimentInput['training']> = {}): StartRunRequest {
  return { type: 'start', runId, experiment: xorExperiment(overrides), dataset: xorDataset() };
}

export function epochEvent(epoch: number, epochs: number): EpochEvent {
  return { epoch, epochs, train: { loss: 1 / epoch, accuracy: 0.5 }, learningRate: 0.05, seconds: epoch / 100, layers: [] };
}

/**
 * A run whose every epoch takes several of the training loop's 30 ms stretches between yields
 * (2048 rows × 64 features through 256 units on the ts kernels), and that would go on for 1000 of
 * them: for tests that cancel or kill a run and count how far it got.
 */
export function slowRequest(runId: string): StartRunRequest {
  const rows = 2048;
  const features = 64;
  const x = Float64Array.from({ length: rows * features }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  return {
    type: 'start',
    runId,
    experiment: ExperimentSchema.parse({
      dataset: { synthetic: 'xor' },
      model: { layers: [{ units: 256, activation: 'relu' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 0.01 }, batchSize: 256, epochs: 1000, seed: 1, backend: 'ts' },
    } satisfies ExperimentInput),
    dataset: {
      name: 'slow',
      featureNames: Array.from({ length: features }, (_, i) => `f${i}`),
      rows,
      features,
      x,
      target: { kind: 'classes', classes: ['0', '1'], labels: Int32Array.from({ length: rows }, (_, r) => (x[r * features] > 0 ? 1 : 0)) },
      normalization: { kind: 'none' },
    },
  };
}
