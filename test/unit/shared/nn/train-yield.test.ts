import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import type { Samples } from '../../../../src/shared/nn/batches';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { train, type TrainOptions } from '../../../../src/shared/nn/train';
import type { ModelSpec } from '../../../../src/shared/schema/experiment';

// When the training loop gives the host's event loop a turn: once 30 ms (YIELD_EVERY_MS in train.ts)
// have passed since the last turn, after a batch or after an epoch, and not before — each turn costs
// time, so a fast run must not take one per batch. The clock here moves only when a test moves it,
// and a task queued with setImmediate (a stop request from the host) runs only in such a turn.

const YIELD_EVERY_MS = 30;

let now = 1000;
afterEach(() => vi.restoreAllMocks());

function setup() {
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const dataset = resolveSyntheticDataset({ synthetic: 'moons', samples: 64, noise: 0.1, seed: 3 });
  if (dataset.target.kind !== 'classes') throw new Error('moons is a classification set');
  const samples: Samples = { x: dataset.x, features: 2, y: Float64Array.from(dataset.target.labels), outputs: 1, labels: dataset.target.labels };
  const model: ModelSpec = { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], init: 'xavierNormal', biasInit: 'zeros', loss: 'binaryCrossEntropy' };
  const rng = createRng(1);
  const network = buildNetwork(model, { inputs: 2, dtype: 'float64', rng: rng.fork() });
  const options: TrainOptions = {
    loss: LOSSES.binaryCrossEntropy,
    optimizer: { name: 'sgd', learningRate: 0.5 },
    schedule: { name: 'constant' },
    batchSize: 16,
    epochs: 3,
    l2: 0,
    shuffle: false,
    rng: rng.fork(),
    trainRows: Int32Array.from({ length: 64 }, (_, i) => i),
  };
  return { network, samples, options };
}

describe('train yields to the event loop', () => {
  it('never while less than 30 ms have passed: a stop queued as a task arrives only after the run', async () => {
    const { network, samples, options } = setup();
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const outcome = await train(network, samples, { ...options, signal: controller.signal });
    expect(outcome).toMatchObject({ status: 'done', epochs: 3 });
    expect(controller.signal.aborted).toBe(false);
  });

  it('after the batch at which exactly 30 ms have passed', async () => {
    const { network, samples, options } = setup();
    let stop = false;
    let reads = 0;
    // The loop reads `aborted` before each batch: on the first read, 30 ms pass and a stop is queued.
    const signal = {
      get aborted() {
        if (reads++ === 0) {
          now += YIELD_EVERY_MS;
          setImmediate(() => (stop = true));
        }
        return stop;
      },
    } as AbortSignal;
    const outcome = await train(network, samples, { ...options, signal });
    expect(outcome).toMatchObject({ status: 'cancelled', epochs: 0, message: 'Cancelled during epoch 1.' });
    expect(reads).toBe(2);
  });

  it('after the epoch at whose end exactly 30 ms have passed, before the next update', async () => {
    const { network, samples, options } = setup();
    const controller = new AbortController();
    let afterEpoch1: number[][] = [];
    const outcome = await train(network, samples, {
      ...options,
      signal: controller.signal,
      onEpoch: (event) => {
        if (event.epoch !== 1) return;
        afterEpoch1 = network.parameters.map((p) => Array.from(p.value));
        now += YIELD_EVERY_MS;
        setImmediate(() => controller.abort());
      },
    });
    expect(outcome).toMatchObject({ status: 'cancelled', epochs: 1, message: 'Cancelled during epoch 2.' });
    expect(network.parameters.map((p) => Array.from(p.value))).toEqual(afterEpoch1);
  });
});
