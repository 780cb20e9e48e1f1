import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { StepInspector } from '../../../../src/shared/engine/inspect-step';
import { runSession } from '../../../../src/shared/engine/session';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// The inspector's state is the run's: replaying to epoch N gives the run's weights bit for bit,
// its batch k is the rows training used, and stepping through every batch of an epoch lands on
// the replay of that epoch (same order, same optimizer state) — in float64 on ts and float32 on wasm.

const dataset = resolveSyntheticDataset({ synthetic: 'spirals', samples: 120, noise: 0.1, seed: 3 });

const experimentFor = (dtype: 'float32' | 'float64') =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'spirals', samples: 120, noise: 0.1, seed: 3 },
    model: { layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.02 }, batchSize: 16, epochs: 3, seed: 7, dtype, validationSplit: 0.25 },
  });

describe.each(['float64', 'float32'] as const)('step inspector state (%s)', (dtype) => {
  const experiment = experimentFor(dtype);

  it('replayed to the last epoch holds the run\'s final weights, bit for bit', async () => {
    const result = await runSession(experiment, dataset);
    expect(result.status).toBe('done');
    const inspector = await StepInspector.create(experiment, dataset, { epoch: 3 });
    const inspection = inspector.inspect({ batch: 1 });
    expect(inspection.source).toBe('replay');
    expect(inspection.backend).toBe('wasm');
    inspection.forward.forEach((layer, l) => {
      const stored = result.weights!.layers[l];
      expect(Array.from(layer.W.values)).toEqual(stored.W.flat());
      expect(Array.from(layer.b.values)).toEqual(stored.b);
    });
    // The optimizer state came along: Adam has taken 3 epochs × 6 batches of steps before this one.
    expect(inspection.update.step).toBe(3 * 6 + 1);
  });

  it('takes the batches of epoch 1 in the run\'s order and lands on the replay of epoch 1', async () => {
    const stepped = await StepInspector.create(experiment, dataset);
    const { count, size } = stepped.batching;
    expect([count, size]).toEqual([6, 16]);
    const seen = new Set<number>();
    for (let batch = 1; batch <= count; batch++) {
      const inspection = stepped.inspect({ batch });
      expect(inspection.batch).toEqual({ index: batch, of: count, epoch: 1 });
      inspection.rows.forEach((row) => seen.add(row));
      stepped.takeStep({ batch });
    }
    // Every training row once, none of the validation rows.
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from(stepped.trainRows).sort((a, b) => a - b));
    const replayed = await StepInspector.create(experiment, dataset, { epoch: 1 });
    const a = stepped.inspect({ rows: [0] });
    const b = replayed.inspect({ rows: [0] });
    a.forward.forEach((layer, l) => expect(Array.from(layer.W.values)).toEqual(Array.from(b.forward[l].W.values)));
    expect(a.update.step).toBe(b.update.step);
  });

  it('refuses a batch or row that does not exist, naming the range', async () => {
    const inspector = await StepInspector.create(experiment, dataset);
    expect(() => inspector.inspect({ batch: 7 })).toThrow('batch: expected a batch from 1 to 6 (90 training rows in batches of 16)');
    expect(() => inspector.inspect({ rows: [120] })).toThrow('rows: 120 is not a row of the dataset (0 to 119)');
    expect(() => inspector.inspect({ rows: [] })).toThrow('rows: choose at least one row');
  });
});

describe('gradient checks in the inspector', () => {
  const experiment = experimentFor('float64');

  it('checks every layer on the chosen rows and agrees with backprop', async () => {
    const inspector = await StepInspector.create(experiment, dataset);
    const inspection = inspector.inspect({ rows: [1, 2, 3] }, { gradcheck: true });
    expect(inspection.gradcheck!.map((c) => c.layer)).toEqual([1, 2]);
    for (const check of inspection.gradcheck!) {
      expect(check.maxRelativeError).toBeLessThan(1e-7);
      expect(check.W.checked).toBe(check.W.total);
    }
  });

  it('one weight: backprop and the central difference agree, and match the inspected dW', async () => {
    const inspector = await StepInspector.create(experiment, dataset);
    const inspection = inspector.inspect({ rows: [4, 5] });
    const check = inspector.checkWeight({ rows: [4, 5] }, 1, 'W', 3, 1);
    expect(check.analytic).toBe(inspection.backward[0].dW.values[3 * 2 + 1]);
    expect(check.relativeError).toBeLessThan(1e-7);
    expect(Math.abs(check.numeric)).toBeGreaterThan(0);
    expect(() => inspector.checkWeight({ rows: [4] }, 1, 'W', 8, 0)).toThrow('W[1] has 8×2 entries; (8, 0) is outside');
  });
});

describe('step inspector: the state it starts from', () => {
  const experiment = experimentFor('float64');

  it('starts at the seeded initialization for epoch 0, and replays otherwise, reporting each epoch', async () => {
    expect((await StepInspector.create(experiment, dataset)).inspect({ rows: [0] }).source).toBe('initialization');
    const progress: [number, number][] = [];
    const replayed = await StepInspector.create(experiment, dataset, { epoch: 2, onEpoch: (epoch, of) => progress.push([epoch, of]) });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(replayed.inspect({ rows: [0] })).toMatchObject({ source: 'replay', epoch: 2 });
  });

  it('refuses a cancelled replay with the reason', async () => {
    await expect(StepInspector.create(experiment, dataset, { epoch: 2, signal: AbortSignal.abort() })).rejects.toThrow('Cancelled during epoch 1.');
  });

  it('shows the learning rate of the epoch after its state, and a step takes it', async () => {
    const scheduled = ExperimentSchema.parse({ ...experiment, training: { ...experiment.training, optimizer: { name: 'sgd', learningRate: 0.1 }, schedule: { name: 'step', every: 1, factor: 0.5 } } });
    const inspector = await StepInspector.create(scheduled, dataset, { epoch: 2 });
    const inspection = inspector.inspect({ rows: [0, 1] });
    expect(inspection.update.learningRate).toBe(0.025);
    const W = inspection.update.layers[0].W;
    W.gradient.values.forEach((g, i) => expect(W.delta.values[i]).toBeCloseTo(-0.025 * g, 15));
    inspector.takeStep({ rows: [0, 1] });
    expect(Array.from(inspector.inspect({ rows: [0, 1] }).forward[0].W.values)).toEqual(Array.from(W.after.values));
  });

  it('takes the batches of the epoch after a replayed one in that epoch\'s order', async () => {
    const stepped = await StepInspector.create(experiment, dataset, { epoch: 1 });
    const first = await StepInspector.create(experiment, dataset);
    // Epoch 2 shuffles the rows again: its batches are not epoch 1's.
    expect(stepped.inspect({ batch: 1 }).rows).not.toEqual(first.inspect({ batch: 1 }).rows);
    for (let batch = 1; batch <= stepped.batching.count; batch++) {
      expect(stepped.inspect({ batch }).batch).toEqual({ index: batch, of: 6, epoch: 2 });
      stepped.takeStep({ batch });
    }
    const replayed = await StepInspector.create(experiment, dataset, { epoch: 2 });
    const [a, b] = [stepped.inspect({ rows: [0] }), replayed.inspect({ rows: [0] })];
    a.forward.forEach((layer, l) => expect(Array.from(layer.W.values)).toEqual(Array.from(b.forward[l].W.values)));
  });

  it('from regression weights, trains against the targets scaled as those weights were', async () => {
    const values = Float64Array.from({ length: 40 }, (_, r) => 100 + r);
    const regression: Dataset = { name: 'line', featureNames: ['x'], rows: 40, features: 1, x: Float64Array.from(values, (v) => v / 100), target: { kind: 'values', names: ['y'], values }, normalization: { kind: 'none' } };
    const linear = ExperimentSchema.parse({ dataset: { csv: 'line.csv', target: 'y' }, model: { layers: [{ units: 1, activation: 'linear' }], loss: 'mse' }, training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 2 } });
    const weights: WeightsFile = {
      format: 'nn-workbench.weights',
      version: 1,
      layers: [{ W: [[0.5]], b: [0], activation: { name: 'linear' } }],
      input: { features: ['x'], normalization: { kind: 'none' } },
      output: { task: 'regression', targets: ['y'], scaling: { kind: 'standardize', mean: [100], std: [10] } },
    };
    const inspection = (await StepInspector.create(linear, regression, { weights })).inspect({ rows: [0, 30] });
    expect(Array.from(inspection.Y.values)).toEqual([0, 3]);
  });
});

describe('step inspector on wasm in float32', () => {
  it("passes each layer's dA[l−1] down as the dA the layer below shows: training's own gradient", async () => {
    const deep = ExperimentSchema.parse({
      ...experimentFor('float32'),
      model: { layers: [{ units: 9, activation: 'tanh' }, { units: 7, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    });
    const inspection = (await StepInspector.create(deep, dataset, { epoch: 1 })).inspect({ batch: 2 });
    expect(inspection.backend).toBe('wasm');
    expect(inspection.dtype).toBe('float32');
    for (let l = 1; l < inspection.backward.length; l++) {
      expect(Array.from(inspection.backward[l].dA_prev.values)).toEqual(Array.from(inspection.backward[l - 1].dA.values));
    }
  });
});
