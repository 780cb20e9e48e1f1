import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import type { Samples } from '../../../../src/shared/nn/batches';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { evaluate, train, type TrainOptions } from '../../../../src/shared/nn/train';
import type { ModelSpec } from '../../../../src/shared/schema/experiment';
import type { DType } from '../../../../src/shared/schema/names';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// How an epoch's training metrics are measured: "running" (the default) from the epoch's own
// training steps, "full" by evaluating the training set after it. Only the reported figures
// differ: the weights are the same bits either way.

const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

function blobs(samples: number, dtype: DType): Samples {
  const dataset = resolveSyntheticDataset({ synthetic: 'blobs', samples, classes: 3, noise: 0.6, seed: 2 });
  if (dataset.target.kind !== 'classes') throw new Error('blobs is a classification set');
  const { labels } = dataset.target;
  const y = dtype === 'float32' ? new Float32Array(samples * 3) : new Float64Array(samples * 3);
  labels.forEach((label, row) => (y[row * 3 + label] = 1));
  const x = dtype === 'float32' ? Float32Array.from(dataset.x) : dataset.x;
  return { x, features: 2, y, outputs: 3, labels };
}

const MODEL: ModelSpec = {
  layers: [
    { units: 12, activation: 'relu' },
    { units: 3, activation: 'softmax' },
  ],
  init: 'heNormal',
  biasInit: 'zeros',
  loss: 'categoricalCrossEntropy',
};

async function run(samples: Samples, overrides: Partial<TrainOptions> & { dtype?: DType; backend?: 'ts' | 'wasm' }) {
  const { dtype = 'float64', backend = 'ts', ...rest } = overrides;
  const rng = createRng(7);
  const network = buildNetwork(MODEL, { inputs: 2, dtype, backend, rng: rng.fork() });
  const events: EpochEvent[] = [];
  const outcome = await train(network, samples, {
    loss: LOSSES.categoricalCrossEntropy,
    optimizer: { name: 'adam', learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    schedule: { name: 'constant' },
    batchSize: 16,
    epochs: 6,
    l2: 0,
    shuffle: true,
    rng: rng.fork(),
    trainRows: range(0, 200),
    validationRows: range(200, 240),
    onEpoch: (e) => events.push(e),
    ...rest,
  });
  return { network, events, outcome };
}

describe('training metrics of an epoch', () => {
  it('are running by default, and full on request; the weights are the same bits either way', async () => {
    for (const [dtype, backend] of [['float64', 'ts'], ['float32', 'wasm']] as const) {
      const samples = blobs(240, dtype);
      const running = await run(samples, { dtype, backend });
      const full = await run(samples, { dtype, backend, trainMetrics: 'full' });
      expect(running.events.map((e) => e.trainMetrics)).toEqual(Array(6).fill('running'));
      expect(full.events.map((e) => e.trainMetrics)).toEqual(Array(6).fill('full'));
      expect(running.network.copyParameters()).toEqual(full.network.copyParameters());
      // Validation is evaluated in full either way.
      expect(running.events.map((e) => e.validation)).toEqual(full.events.map((e) => e.validation));
      // The full figures are the final weights' own; running ones lag behind them.
      const last = evaluate(full.network, samples, range(0, 200), LOSSES.categoricalCrossEntropy);
      expect(full.events[5].train).toEqual(last);
      expect(running.events[5].train.loss).not.toBe(last.loss);
      // 200 rows: accuracy is a whole count of them.
      for (const e of running.events) expect(Math.abs(e.train.accuracy! * 200 - Math.round(e.train.accuracy! * 200))).toBeLessThan(1e-9);
    }
  });

  it('running: the figures of the weights before each step, weighted by its rows', async () => {
    // One batch an epoch, rows in order: epoch e's single step sees the weights epoch e − 1 ended
    // with, which the full evaluation of epoch e − 1 measured (one chunk of ≤ 256 rows, so the same sums).
    const samples = blobs(240, 'float64');
    const running = await run(samples, { batchSize: 'full', shuffle: false });
    const full = await run(samples, { batchSize: 'full', shuffle: false, trainMetrics: 'full' });
    for (let e = 1; e < 6; e++) expect(running.events[e].train).toEqual(full.events[e - 1].train);
  });

  it("running: the loss is the mean over the epoch's rows of each step's batch loss (a ragged last batch weighs less)", async () => {
    // 200 rows in batches of 16: twelve of 16 and one of 8 an epoch. Without validation, the loss
    // function runs only in the steps, so recording it records every batch's loss and size.
    const batches: { value: number; m: number }[] = [];
    const cce = LOSSES.categoricalCrossEntropy;
    const recorded = {
      ...cce,
      value(...args: Parameters<typeof cce.value>) {
        const value = cce.value(...args);
        batches.push({ value, m: args[3] });
        return value;
      },
    };
    const { events } = await run(blobs(240, 'float64'), { loss: recorded, validationRows: undefined });
    expect(batches).toHaveLength(6 * 13);
    expect(batches.slice(0, 13).map((b) => b.m)).toEqual([...Array(12).fill(16), 8]);
    for (const [e, event] of events.entries()) {
      let total = 0;
      for (const { value, m } of batches.slice(13 * e, 13 * e + 13)) total += value * m;
      expect(event.train.loss).toBe(total / 200);
    }
  });

  it('without validation, the best epoch and early stopping follow the running training loss', async () => {
    const samples = blobs(240, 'float64');
    const { events, outcome } = await run(samples, { validationRows: undefined, epochs: 40, earlyStopping: { patience: 3, minDelta: 0 } });
    const losses = events.map((e) => e.train.loss);
    expect(outcome.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    expect(outcome.bestEvent?.train.loss).toBe(Math.min(...losses));
  });

  it('time each epoch on its own and the run since its start', async () => {
    const { events } = await run(blobs(240, 'float64'), {});
    for (const [i, e] of events.entries()) {
      expect(e.epochSeconds).toBeGreaterThan(0);
      expect(e.epochSeconds).toBeLessThanOrEqual(e.seconds - (i > 0 ? events[i - 1].seconds : 0));
    }
  });
});
