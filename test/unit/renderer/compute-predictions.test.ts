import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/shared/data/dataset';
import { normalizeDataset } from '../../../src/shared/data/normalize';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { prepareRun } from '../../../src/shared/engine/prepare';
import { runSession } from '../../../src/shared/engine/session';
import { predict } from '../../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import type { WeightsFile } from '../../../src/shared/schema/weights';
import { computePredictions, lossForWeights } from '../../../src/renderer/src/features/predictions/compute-predictions';

// The table the predictions worker sends: the engine's predictions of every row, the splits the
// run used, and the inputs in the units of the user's file.

const experiment = ExperimentSchema.parse({
  dataset: { synthetic: 'blobs', samples: 120, seed: 4 },
  model: { layers: [{ units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 5, batchSize: 16, validationSplit: 0.25, seed: 9 },
});

/** Blobs moved far from the origin (original units), and the same standardized as an import would store them. */
function blobs(): { raw: Float64Array; dataset: Dataset } {
  const dataset = resolveSyntheticDataset({ synthetic: 'blobs', samples: 120, seed: 4 });
  dataset.x = dataset.x.map((v, i) => (i % 2 === 0 ? 1000 + 30 * v : v / 50));
  const raw = Float64Array.from(dataset.x);
  normalizeDataset(dataset, 'standardize', Int32Array.from({ length: dataset.rows }, (_, i) => i));
  return { raw, dataset };
}

async function trained(dataset: Dataset, on = experiment): Promise<WeightsFile> {
  const result = await runSession(on, dataset);
  if (!result.weights) throw new Error(result.message);
  return result.weights;
}

describe('the predictions table', () => {
  it('of a run: its splits, its outputs as the weights file predicts them from original units, and the inputs in those units', async () => {
    const { raw, dataset } = blobs();
    const weights = await trained(dataset);
    const table = computePredictions({ kind: 'run', experiment, weights }, dataset);
    const { trainRows, validationRows } = prepareRun(experiment, dataset);
    expect(table.splits.map((s) => s.name)).toEqual(['train', 'validation']);
    expect(table.splits[0].rows).toEqual(trainRows);
    expect(table.splits[1].rows).toEqual(validationRows);
    expect(Array.from(table.inputs!)).toEqual(Array.from(Float32Array.from(raw)).map((v) => expect.closeTo(v, 3)));
    const reference = predict(weights, raw, dataset.rows);
    reference.outputs.flat().forEach((value, i) => expect(table.A[i]).toBeCloseTo(value, 12));
    expect(Array.from(table.predicted!)).toEqual(reference.classIndices);
    expect(table.loss).toBe('categoricalCrossEntropy');
    expect(table.lossOrigin).toBe('experiment');
    expect(table.image).toBeUndefined();
  });

  it('of a run on a stored dataset it standardized: the inputs in the stored units, the outputs of the standardized rows, from its weights and before training', async () => {
    const { raw } = blobs();
    const stored: Dataset = { ...resolveSyntheticDataset({ synthetic: 'blobs', samples: 120, seed: 4 }), x: raw.slice() };
    const standardizing = ExperimentSchema.parse({ ...experiment, dataset: { stored: 'blobs-id', normalize: 'standardize' } });
    const weights = await trained(stored, standardizing);
    expect(weights.input.normalization.kind).toBe('standardize');
    const table = computePredictions({ kind: 'run', experiment: standardizing, weights }, stored);
    expect(Array.from(table.inputs!)).toEqual(Array.from(Float32Array.from(raw)));
    predict(weights, raw, stored.rows).outputs.flat().forEach((value, i) => expect(table.A[i]).toBeCloseTo(value, 12));
    // Before training (epoch 0): the seeded network on the standardized rows, not on the raw ones.
    const initial = computePredictions({ kind: 'run', experiment: standardizing }, stored);
    const run = prepareRun(standardizing, stored);
    const A = run.network.forward(Float64Array.from([run.dataset.x[0], run.dataset.x[1]]), 1);
    expect(Array.from(initial.A.subarray(0, 3))).toEqual(Array.from(A));
    expect(Array.from(initial.inputs!)).toEqual(Array.from(Float32Array.from(raw)));
  });

  it('names the field when the run\'s weights no longer fit its dataset', async () => {
    const { dataset } = blobs();
    const weights = await trained(dataset);
    const wider: Dataset = { ...dataset, features: 3, featureNames: ['a', 'b', 'c'], x: new Float64Array(dataset.rows * 3) };
    expect(() => computePredictions({ kind: 'run', experiment, weights }, wider)).toThrow("the run's stored weights: input.features: the weights take 2 features, the data has 3");
  });

  it('of a run before training: the seeded initialization, the same on every call', () => {
    const { dataset } = blobs();
    const first = computePredictions({ kind: 'run', experiment }, dataset);
    const second = computePredictions({ kind: 'run', experiment }, dataset);
    expect(first.A).toEqual(second.A);
    const { network } = prepareRun(experiment, dataset);
    const A = network.forward(Float64Array.from([dataset.x[0], dataset.x[1]]), 1);
    expect(Array.from(first.A.subarray(0, 3))).toEqual(Array.from(A));
  });

  it('of a weights file on a dataset stored with other normalization: the file\'s normalization is applied to the original values', async () => {
    const { raw, dataset } = blobs();
    const weights = await trained(dataset);
    const unnormalized: Dataset = { ...resolveSyntheticDataset({ synthetic: 'blobs', samples: 120, seed: 4 }), x: raw.slice() };
    const table = computePredictions({ kind: 'weights', file: weights }, unnormalized);
    predict(weights, raw, dataset.rows).outputs.flat().forEach((value, i) => expect(table.A[i]).toBeCloseTo(value, 12));
    // No split of its own: every row.
    expect(table.splits).toEqual([{ name: 'all', rows: Int32Array.from({ length: 120 }, (_, i) => i) }]);
    expect(table.lossOrigin).toBe('weights file');
  });

  it('shows a one-hot 0 stored standardized in float32 as 0, not as the rounding dust undoing leaves', () => {
    const { dataset } = blobs();
    const onehot = Float32Array.from({ length: dataset.rows * 2 }, (_, i) => (i % 2 === 0 ? Number(i % 6 === 0) : 1000 + (i % 7)));
    const stored: Dataset = { ...dataset, x: onehot.slice(), normalization: { kind: 'none' } };
    normalizeDataset(stored, 'standardize', Int32Array.from({ length: dataset.rows }, (_, i) => i));
    const table = computePredictions({ kind: 'run', experiment }, stored);
    expect(Array.from(table.inputs!)).toEqual(Array.from(onehot));
  });

  it('of an image dataset carries the pixels for thumbnails instead of feature values', () => {
    const images: Dataset = {
      name: 'tiny',
      featureNames: ['pixel0_0', 'pixel0_1', 'pixel1_0', 'pixel1_1'],
      rows: 2,
      features: 4,
      x: Float32Array.from([0, 0.5, 1, 0.2, 1, 1, 0, 0]),
      target: { kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from([0, 1]) },
      normalization: { kind: 'none' },
    };
    const small = ExperimentSchema.parse({ ...experiment, dataset: { synthetic: 'xor' }, model: { layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' }, training: { ...experiment.training, validationSplit: 0 } });
    const table = computePredictions({ kind: 'run', experiment: small }, images);
    expect(table.image?.geometry).toEqual({ height: 2, width: 2, channels: 1 });
    expect(Array.from(table.image!.pixels)).toEqual([0, 128, 255, 51, 255, 255, 0, 0]);
    expect(table.inputs).toBeUndefined();
  });

  it('takes the loss of a weights file without experiment from its output layer', async () => {
    const { dataset } = blobs();
    const weights = await trained(dataset);
    const bare = { ...weights, experiment: undefined };
    expect(lossForWeights(weights)).toEqual({ loss: 'categoricalCrossEntropy', origin: 'weights file' });
    expect(lossForWeights(bare)).toEqual({ loss: 'categoricalCrossEntropy', origin: 'output layer' });
    const withOutput = (name: 'sigmoid' | 'linear'): WeightsFile => ({ ...bare, layers: [...bare.layers.slice(0, -1), { ...bare.layers[1], activation: { name } }] });
    expect(lossForWeights(withOutput('sigmoid')).loss).toBe('binaryCrossEntropy');
    expect(lossForWeights(withOutput('linear')).loss).toBe('mse');
  });
});
