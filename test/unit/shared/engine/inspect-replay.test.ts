import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { StepInspector } from '../../../../src/shared/engine/inspect-step';
import { runSession } from '../../../../src/shared/engine/session';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';

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
