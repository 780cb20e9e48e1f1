import { describe, expect, it, vi } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import type { Samples } from '../../../../src/shared/nn/batches';
import type { TrainCheckpoint } from '../../../../src/shared/nn/checkpoint';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { train, type TrainOptions } from '../../../../src/shared/nn/train';
import type { ModelSpec, OptimizerSpec } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// train() handing out checkpoints and going on from one: when they are saved (every N epochs, no
// sooner than S seconds after the last, and once at the end), and a run continued from epoch 3 to
// 6 giving the bits, best epoch and events of the run that went to 6 at once — dropout, shuffling,
// Adam's state and early stopping's counters included.

const dataset = resolveSyntheticDataset({ synthetic: 'moons', samples: 120, noise: 0.2, seed: 3 });
if (dataset.target.kind !== 'classes') throw new Error('moons is a classification set');
const samples: Samples = { x: dataset.x, features: 2, y: Float64Array.from(dataset.target.labels), outputs: 1, labels: dataset.target.labels };
const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

const MODEL: ModelSpec = {
  layers: [
    { units: 8, activation: 'tanh', dropout: 0.2 },
    { units: 1, activation: 'sigmoid' },
  ],
  init: 'xavierNormal',
  biasInit: 'zeros',
  loss: 'binaryCrossEntropy',
};
const ADAM: OptimizerSpec = { name: 'adam', learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function start(seed = 5) {
  const rng = createRng(seed);
  return { network: buildNetwork(MODEL, { inputs: 2, dtype: 'float64', backend: 'ts', rng: rng.fork() }), rng: rng.fork() };
}

function options(rng: ReturnType<typeof createRng>, overrides: Partial<TrainOptions>): TrainOptions {
  return {
    loss: LOSSES.binaryCrossEntropy,
    optimizer: ADAM,
    schedule: { name: 'constant' },
    batchSize: 16,
    epochs: 6,
    l2: 0,
    shuffle: true,
    rng,
    trainRows: range(0, 90),
    validationRows: range(90, 120),
    earlyStopping: { patience: 50, minDelta: 0 },
    ...overrides,
  };
}

async function run(overrides: Partial<TrainOptions>, every = { epochs: 1, seconds: 0 }) {
  const { network, rng } = start();
  const saved: TrainCheckpoint[] = [];
  const events: EpochEvent[] = [];
  const outcome = await train(
    network,
    samples,
    options(rng, { checkpoints: { everyEpochs: every.epochs, everySeconds: every.seconds, save: (c) => saved.push(c) }, onEpoch: (e) => events.push(e), ...overrides }),
  );
  return { network, saved, events, outcome };
}

describe('train with checkpoints', () => {
  it('saves every N epochs and the last epoch at the end, timed within the run', async () => {
    const before = performance.now();
    const every = await run({});
    const took = (performance.now() - before) / 1000;
    expect(every.saved.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const c of every.saved) {
      expect(c.seconds).toBeGreaterThan(0);
      expect(c.seconds).toBeLessThanOrEqual(took);
    }
    expect((await run({}, { epochs: 4, seconds: 0 })).saved.map((c) => c.epoch)).toEqual([4, 6]);
    expect((await run({ epochs: 8 }, { epochs: 4, seconds: 0 })).saved.map((c) => c.epoch)).toEqual([4, 8]);
  });

  it('waits the seconds asked for between checkpoints', async () => {
    // A clock that moves 1 ms per reading (from 1000 s): no epoch here is 10 s after the last checkpoint.
    let now = 1e6;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1));
    try {
      expect((await run({}, { epochs: 1, seconds: 10 })).saved.map((c) => c.epoch)).toEqual([6]);
    } finally {
      clock.mockRestore();
    }
  });

  it('saves when exactly the seconds asked for have passed since the last checkpoint', async () => {
    // A clock that stands still except for 1 s at the end of every epoch.
    let now = 1e6;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const tick = () => (now += 1000);
    try {
      expect((await run({ onEpoch: tick }, { epochs: 1, seconds: 1 })).saved.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await run({ onEpoch: tick }, { epochs: 1, seconds: 2 })).saved.map((c) => c.epoch)).toEqual([2, 4, 6]);
      // Both conditions must hold: 2 epochs and 1 s.
      expect((await run({ onEpoch: tick }, { epochs: 2, seconds: 1 })).saved.map((c) => c.epoch)).toEqual([2, 4, 6]);
    } finally {
      clock.mockRestore();
    }
  });

  it('saves the last completed epoch when the run is cancelled, and nothing more', async () => {
    const controller = new AbortController();
    const { saved, outcome } = await run({ signal: controller.signal, onEpoch: (e) => e.epoch === 2 && controller.abort() }, { epochs: 5, seconds: 0 });
    expect(outcome.status).toBe('cancelled');
    expect(saved.map((c) => c.epoch)).toEqual([2]);
  });

  it('continued from epoch 3, gives the bits, best epoch and events of the run that went on', async () => {
    const whole = await run({});
    const checkpoint = whole.saved[2];
    expect(checkpoint.epoch).toBe(3);
    const { network } = start();
    const events: EpochEvent[] = [];
    const order = Array.from(checkpoint.order);
    // The rng given is not drawn from: the checkpoint's streams are.
    const outcome = await train(network, samples, options(createRng(999), { resume: checkpoint, onEpoch: (e) => events.push(e) }));
    // The checkpoint is left as it was (it may be resumed again).
    expect(Array.from(checkpoint.order)).toEqual(order);
    network.parameters.forEach((p, t) => expect(Array.from(p.value)).toEqual(Array.from(whole.network.parameters[t].value)));
    expect(outcome).toMatchObject({ status: 'done', epochs: 6, bestEpoch: whole.outcome.bestEpoch });
    outcome.best!.forEach((values, t) => expect(Array.from(values)).toEqual(Array.from(whole.outcome.best![t])));
    expect(events.map((e) => [e.epoch, e.train.loss, e.validation?.loss])).toEqual(whole.events.slice(3).map((e) => [e.epoch, e.train.loss, e.validation?.loss]));
    // Its times count from the start of the whole run.
    expect(events[0].seconds).toBeGreaterThanOrEqual(checkpoint.seconds);
    expect(outcome.lastEvent?.epoch).toBe(6);
  });

  it('goes on from the patience counter and best loss it was stopped with', async () => {
    // Learning rate 0: nothing changes, so epoch 1 stays best and patience 3 stops after epoch 4.
    const still = { optimizer: { ...ADAM, learningRate: 0 }, earlyStopping: { patience: 3, minDelta: 0 }, epochs: 10 };
    const whole = await run(still);
    expect(whole.outcome).toMatchObject({ status: 'stopped-early', epochs: 4, bestEpoch: 1 });
    const { network } = start();
    const outcome = await train(network, samples, options(createRng(1), { ...still, resume: whole.saved[1] }));
    expect(outcome).toMatchObject({ status: 'stopped-early', epochs: 4, bestEpoch: 1 });
    expect(outcome.message).toBe('Validation loss did not improve for 3 epochs; stopped after epoch 4 and restored the weights of epoch 1.');
  });

  it('goes on from a checkpoint without a best epoch', async () => {
    const whole = await run({});
    const { network } = start();
    const outcome = await train(network, samples, options(createRng(1), { resume: { ...whole.saved[2], best: null } }));
    expect(outcome.status).toBe('done');
    expect(outcome.bestEpoch).toBeGreaterThanOrEqual(4);
  });

  it('forks to another optimizer with that optimizer’s state fresh', async () => {
    const whole = await run({});
    const sgd = start();
    const outcome = await train(sgd.network, samples, options(createRng(1), { resume: whole.saved[2], optimizer: { name: 'sgd', learningRate: 0.1 } }));
    expect(outcome).toMatchObject({ status: 'done', epochs: 6 });
    expect(Array.from(sgd.network.parameters[0].value)).not.toEqual(Array.from(whole.network.parameters[0].value));
  });

  it('refuses a checkpoint of another network, saying what does not fit', async () => {
    const whole = await run({ epochs: 1 });
    const other = buildNetwork({ ...MODEL, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] }, { inputs: 2, dtype: 'float64', backend: 'ts', rng: createRng(1) });
    await expect(train(other, samples, options(createRng(1), { resume: whole.saved[0] }))).rejects.toThrow(
      "The checkpoint does not fit this run: parameters: layers[0].W has 16 values, the network's has 8.",
    );
  });
});
