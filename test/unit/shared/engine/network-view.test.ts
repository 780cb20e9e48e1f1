import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { ACTIVATION_SAMPLE, BOUNDARY_GRID, carriesView, createNetworkViewer, PREDICTION_SAMPLE, TRAIN_VIEW_ROWS, viewSample } from '../../../../src/shared/engine/network-view';
import { runSession } from '../../../../src/shared/engine/session';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';
import { TrainerEventSchema } from '../../../../src/shared/schema/protocol';

const experiment = ExperimentSchema.parse({
  dataset: { synthetic: 'blobs', samples: 300, seed: 2 },
  model: { layers: [{ units: 6, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 30, batchSize: 32, validationSplit: 0.2, seed: 4 },
});
const dataset = resolveSyntheticDataset({ synthetic: 'blobs', samples: 300, seed: 2 });

describe('network views', () => {
  it('go with the first epoch, every ⌈epochs/25⌉-th and the last', () => {
    const with100 = Array.from({ length: 100 }, (_, i) => i + 1).filter((epoch) => carriesView(epoch, 100));
    expect(with100).toEqual([1, ...Array.from({ length: 25 }, (_, i) => 4 * (i + 1))]);
    expect(Array.from({ length: 7 }, (_, i) => i + 1).filter((epoch) => carriesView(epoch, 7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The last epoch even off the stride.
    expect(Array.from({ length: 52 }, (_, i) => i + 1).filter((epoch) => carriesView(epoch, 52))).toEqual([1, ...Array.from({ length: 17 }, (_, i) => 3 * (i + 1)), 52]);
  });

  it('describe every layer and the decision regions, cross the protocol, and leave the training bit-identical', async () => {
    const events: EpochEvent[] = [];
    const withViews = await runSession(experiment, dataset, { networkViews: true, onEpoch: (event) => events.push(event) });
    const without = await runSession(experiment, dataset, { onEpoch: () => {} });
    expect(withViews.weights?.layers).toEqual(without.weights?.layers);

    const viewed = events.filter((event) => event.view);
    expect(viewed.map((event) => event.epoch)).toEqual([1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
    const last = viewed.at(-1)!.view!;
    // 240 training rows: weights 6×2 and 3×6, activations units × 240.
    expect(last.layers.map((layer) => layer.weights.counts.reduce((a, b) => a + b, 0))).toEqual([12, 18]);
    expect(last.layers.map((layer) => layer.activations.counts.reduce((a, b) => a + b, 0))).toEqual([6 * 240, 3 * 240]);
    // The softmax outputs (not the logits): strictly inside (0, 1), and spread out, as a trained 3-class net's are.
    expect(last.layers[1].activations.min).toBeGreaterThan(0);
    expect(last.layers[1].activations.min).toBeLessThan(0.1);
    expect(last.layers[1].activations.max).toBeLessThan(1);
    expect(last.layers[1].activations.max).toBeGreaterThan(0.9);
    expect(last.boundary?.size).toBe(40);
    expect(last.boundary?.classes).toHaveLength(1600);
    expect(new Set(last.boundary?.classes)).toEqual(new Set([0, 1, 2]));
    expect(Math.min(...last.boundary!.confidence)).toBeGreaterThanOrEqual(33);
    // The confusion matrix of the 60 validation rows agrees with the epoch's validation accuracy.
    const confusion = last.confusion!;
    expect(last.evaluated).toEqual({ split: 'validation', rows: 60 });
    expect(last.classes).toEqual(['0', '1', '2']);
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect((confusion[0][0] + confusion[1][1] + confusion[2][2]) / 60).toBeCloseTo(viewed.at(-1)!.validation!.accuracy!, 12);
    expect(TrainerEventSchema.safeParse({ type: 'epoch', runId: 'r', event: viewed.at(-1) }).success).toBe(true);
  });

  it('send predicted against true values for regression, on a sample of the evaluated rows', async () => {
    const rows = 700;
    const x = Float64Array.from({ length: rows }, (_, i) => i / rows);
    const regression = { name: 'line', featureNames: ['x'], rows, features: 1, x, target: { kind: 'values' as const, names: ['y'], values: x.map((v) => 2 * v + 1) }, normalization: { kind: 'none' as const } };
    const linear = ExperimentSchema.parse({
      dataset: { synthetic: 'xor' },
      model: { layers: [{ units: 1, activation: 'linear' }], loss: 'mse' },
      training: { optimizer: { name: 'sgd', learningRate: 0.5 }, epochs: 2, validationSplit: 0 },
    });
    const events: EpochEvent[] = [];
    await runSession(linear, regression, { networkViews: true, onEpoch: (event) => events.push(event) });
    const view = events.at(-1)!.view!;
    expect(view.confusion).toBeUndefined();
    expect(view.boundary).toBeUndefined();
    expect(view.evaluated).toEqual({ split: 'train', rows: 700 });
    expect(view.predictions?.actual).toHaveLength(500);
    expect(view.predictions?.actual.slice(0, 3)).toEqual([1, 1 + 2 / 700, 1 + 4 / 700]);
    expect(view.predictions?.predicted).toHaveLength(500);
  });

  it('evaluate at most TRAIN_VIEW_ROWS training rows, evenly spaced, and say of how many; validation rows all', async () => {
    const rows = Int32Array.from({ length: 25_000 }, (_, i) => i);
    const sample = viewSample({ rows, split: 'train' });
    // Every 3rd row: 8,334 of them, from the first to the last third.
    expect(sample.of).toBe(25_000);
    expect(sample.rows.length).toBe(8_334);
    expect(sample.rows.length).toBeLessThanOrEqual(TRAIN_VIEW_ROWS);
    expect([...sample.rows.slice(0, 3), sample.rows.at(-1)]).toEqual([0, 3, 6, 24_999]);
    expect(viewSample({ rows, split: 'validation' })).toEqual({ rows, split: 'validation' });
    expect(viewSample({ rows: rows.subarray(0, TRAIN_VIEW_ROWS), split: 'train' }).of).toBeUndefined();

    // A run without validation split on 12,000 rows: its views' confusion matrices count 6,000 of them.
    const large = resolveSyntheticDataset({ synthetic: 'blobs', samples: 12_000, seed: 2 });
    const run = ExperimentSchema.parse({ ...experiment, dataset: { synthetic: 'blobs', samples: 12_000, seed: 2 }, training: { ...experiment.training, epochs: 1, validationSplit: 0, batchSize: 256 } });
    const events: EpochEvent[] = [];
    await runSession(run, large, { networkViews: true, onEpoch: (event) => events.push(event) });
    const view = events.at(-1)!.view!;
    expect(view.evaluated).toEqual({ split: 'train', rows: 6_000, of: 12_000 });
    expect(view.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(6_000);
  });

  it('draw no decision regions for more than two features', () => {
    const network = buildNetwork(experiment.model, { inputs: 3, dtype: 'float64', rng: createRng(1) });
    const rows = 10;
    const samples = { x: Float64Array.from({ length: rows * 3 }, (_, i) => i / 10), features: 3, y: new Float64Array(rows * 3), outputs: 3, labels: new Int32Array(rows) };
    const all = Int32Array.from({ length: rows }, (_, i) => i);
    const view = createNetworkViewer(network, samples, all, { rows: all, split: 'train' })();
    expect(view.boundary).toBeUndefined();
    expect(view.confusion?.flat().reduce((a, b) => a + b, 0)).toBe(rows);
    expect(view.layers[0].weights.counts.reduce((a, b) => a + b, 0)).toBe(18);
  });
});

/** A network of the given layers with these weights, one [W, b] per layer. */
function networkOf(inputs: number, layers: { units: number; activation: 'sigmoid' | 'linear' | 'tanh' }[], parameters: number[][]) {
  const network = buildNetwork({ ...experiment.model, layers, loss: 'mse' }, { inputs, dtype: 'float64', rng: createRng(1) });
  network.setParameters(parameters.map((values) => Float64Array.from(values)));
  return network;
}
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('a network view, number by number', () => {
  // 2 features; training rows 0–3, row 4 is a validation row far outside them.
  const x = Float64Array.from([0, 0, 2, 1, 1, 3, 4, 5, 100, -100]);
  const samples = { x, features: 2, y: Float64Array.from([0, 1, 1, 1, 0]), outputs: 1, labels: Int32Array.from([0, 1, 1, 1, 0]) };
  const trainRows = Int32Array.from([0, 1, 2, 3]);
  // p(class 1) = σ(x − y + 0.5)
  const network = networkOf(2, [{ units: 1, activation: 'sigmoid' }], [[1, -1], [0.5]]);

  it('maps the decision regions over the training rows, 5% beyond them, top row first, with the winning class and its probability', () => {
    const view = createNetworkViewer(network, samples, trainRows, { rows: Int32Array.from([4]), split: 'validation', classes: ['no', 'yes'] })();
    const boundary = view.boundary!;
    [...boundary.xRange, ...boundary.yRange].forEach((v, i) => expect(v).toBeCloseTo([-0.2, 4.2, -0.25, 5.25][i], 12));
    expect(boundary.size).toBe(BOUNDARY_GRID);
    const expected = Array.from({ length: BOUNDARY_GRID * BOUNDARY_GRID }, (_, cell) => {
      const [i, j] = [Math.floor(cell / BOUNDARY_GRID), cell % BOUNDARY_GRID];
      const cx = -0.2 + ((j + 0.5) / BOUNDARY_GRID) * 4.4;
      const cy = 5.25 - ((i + 0.5) / BOUNDARY_GRID) * 5.5;
      const p = sigmoid(cx - cy + 0.5);
      return p >= 0.5 ? [1, p] : [0, 1 - p];
    });
    expect(boundary.classes).toEqual(expected.map(([k]) => k));
    boundary.confidence.forEach((c, cell) => expect(Math.abs(c - 100 * expected[cell][1]), `cell ${cell}`).toBeLessThanOrEqual(0.5 + 1e-9));
    // One sigmoid unit: a 2 × 2 confusion matrix of the validation row (class 0, predicted 1: σ(200.5) ≈ 1).
    expect(view.confusion).toEqual([
      [0, 1],
      [0, 0],
    ]);
    expect(view.classes).toEqual(['no', 'yes']);
    expect(view.evaluated).toEqual({ split: 'validation', rows: 1 });
  });

  it('pads a constant feature by 1 on each side, and names classes only when there is one name per class', () => {
    const flat = { ...samples, x: Float64Array.from([0, 5, 2, 5, 1, 5, 4, 5, 0, 0]) };
    const view = createNetworkViewer(network, flat, trainRows, { rows: trainRows, split: 'train', classes: ['a', 'b', 'c'] })();
    expect(view.boundary!.yRange).toEqual([4, 6]);
    expect(view.classes).toBeUndefined();
    expect(view.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('sends regression predictions row by row, every target, in the targets\' units, for the first PREDICTION_SAMPLE rows', () => {
    const rows = 1500;
    const features = Float64Array.from({ length: rows }, (_, r) => r / rows);
    // Two targets, learned scaled: y = 10·scaled + 3 and 2·scaled − 1.
    const units = { scale: [10, 2], shift: [3, -1] };
    const y = Float64Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? features[i >> 1] : -features[i >> 1]));
    const regression = { x: features, features: 1, y, outputs: 2, targetUnits: units };
    // Outputs x + 1 and 3x.
    const linear = networkOf(1, [{ units: 2, activation: 'linear' }], [[1, 3], [1, 0]]);
    const all = Int32Array.from({ length: rows }, (_, r) => rows - 1 - r);
    const view = createNetworkViewer(linear, regression, all, { rows: all, split: 'train', targets: ['a', 'b'] })();
    const predictions = view.predictions!;
    expect(PREDICTION_SAMPLE).toBe(500);
    expect(predictions.actual).toHaveLength(2 * PREDICTION_SAMPLE);
    expect(predictions.targets).toBe(2);
    expect(predictions.names).toEqual(['a', 'b']);
    const expectedActual: number[] = [];
    const expectedPredicted: number[] = [];
    for (const row of all.subarray(0, PREDICTION_SAMPLE)) {
      const v = features[row];
      expectedActual.push(10 * v + 3, 2 * -v - 1);
      expectedPredicted.push(10 * (v + 1) + 3, 2 * (3 * v) - 1);
    }
    predictions.actual.forEach((a, i) => expect(a).toBeCloseTo(expectedActual[i], 12));
    predictions.predicted.forEach((p, i) => expect(p).toBeCloseTo(expectedPredicted[i], 12));
    expect(view.boundary).toBeUndefined();
    // Histograms of activations over the first ACTIVATION_SAMPLE training rows.
    expect(view.layers[0].activations.counts.reduce((a, b) => a + b, 0)).toBe(2 * ACTIVATION_SAMPLE);
    // Names that do not match the targets are left out.
    expect(createNetworkViewer(linear, regression, all, { rows: all, split: 'train', targets: ['a'] })().predictions!.names).toBeUndefined();
    expect(createNetworkViewer(linear, regression, all, { rows: all, split: 'train' })().predictions!.names).toBeUndefined();
  });
});
