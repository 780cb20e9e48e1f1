import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { carriesView, createNetworkViewer, TRAIN_VIEW_ROWS, viewSample } from '../../../../src/shared/engine/network-view';
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
