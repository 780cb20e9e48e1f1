import { describe, expect, it, vi } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import type { Samples } from '../../../../src/shared/nn/batches';
import { BatchLoader } from '../../../../src/shared/nn/batches';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { Network } from '../../../../src/shared/nn/network';
import { clipGradientNorm, createOptimizer } from '../../../../src/shared/nn/optimizers';
import { addL2Gradient } from '../../../../src/shared/nn/regularization';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { randomNetwork } from './helpers';
import { createRng, shuffleInPlace } from '../../../../src/shared/nn/rng';
import { evaluate, train, trainingStreams, type TrainOptions } from '../../../../src/shared/nn/train';
import { EpochEventSchema, type EpochEvent } from '../../../../src/shared/schema/progress';
import type { ModelSpec } from '../../../../src/shared/schema/experiment';

// The training loop: events, divergence, cancellation, early stopping.

function moons(samples: number, noise: number, seed: number): Samples {
  const dataset = resolveSyntheticDataset({ synthetic: 'moons', samples, noise, seed });
  if (dataset.target.kind !== 'classes') throw new Error('moons is a classification set');
  return { x: dataset.x, features: 2, y: Float64Array.from(dataset.target.labels), outputs: 1, labels: dataset.target.labels };
}

const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

function setup(model: ModelSpec, seed = 1) {
  const rng = createRng(seed);
  return { network: buildNetwork(model, { inputs: 2, dtype: 'float64', rng: rng.fork() }), rng: rng.fork() };
}

/** Loss (binary cross-entropy, mean) and accuracy (output ≥ 0.5) of a tanh–sigmoid network on rows from…to, by hand. */
function reference(network: ReturnType<typeof buildNetwork>, samples: Samples, from: number, to: number) {
  const [hidden, output] = network.layers;
  const units = hidden.b.length;
  let loss = 0;
  let correct = 0;
  for (let r = from; r < to; r++) {
    let z = output.b[0];
    for (let i = 0; i < units; i++) z += output.W[i] * Math.tanh(hidden.W[2 * i] * samples.x[2 * r] + hidden.W[2 * i + 1] * samples.x[2 * r + 1] + hidden.b[i]);
    const p = 1 / (1 + Math.exp(-z));
    const y = samples.y[r];
    loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
    if ((p >= 0.5 ? 1 : 0) === y) correct++;
  }
  return { loss: loss / (to - from), accuracy: correct / (to - from) };
}

const SMALL: ModelSpec = {
  layers: [
    { units: 8, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ],
  init: 'xavierNormal',
  biasInit: 'zeros',
  loss: 'binaryCrossEntropy',
};

function options(rng: ReturnType<typeof createRng>, overrides: Partial<TrainOptions>): TrainOptions {
  return {
    loss: LOSSES.binaryCrossEntropy,
    optimizer: { name: 'sgd', learningRate: 0.5 },
    schedule: { name: 'constant' },
    batchSize: 16,
    epochs: 5,
    l2: 0,
    shuffle: true,
    rng,
    trainRows: range(0, 160),
    validationRows: range(160, 200),
    ...overrides,
  };
}

describe('train', () => {
  it('emits one schema-valid event per epoch with metrics and per-layer diagnostics', async () => {
    const samples = moons(200, 0.1, 3);
    const { network, rng } = setup(SMALL);
    const events: EpochEvent[] = [];
    const outcome = await train(network, samples, options(rng, { trainMetrics: 'full', onEpoch: (e) => events.push(e) }));
    expect(outcome).toMatchObject({ status: 'done', epochs: 5 });
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    for (const event of events) {
      expect(EpochEventSchema.safeParse(event).success).toBe(true);
      expect(event.layers).toHaveLength(2);
      // 160 training and 40 validation rows: accuracies are whole counts of rows.
      expect(event.train.accuracy! * 160).toBeCloseTo(Math.round(event.train.accuracy! * 160), 9);
      expect(event.validation!.accuracy! * 40).toBeCloseTo(Math.round(event.validation!.accuracy! * 40), 9);
      expect(event.learningRate).toBe(0.5);
    }
    expect(events[4].train.loss).toBeLessThan(events[0].train.loss);
    expect(events[4].seconds).toBeGreaterThanOrEqual(events[0].seconds);
    // The reported metrics are those of the final weights, computed here independently of train.ts.
    expect(events[4].train.loss).toBeCloseTo(reference(network, samples, 0, 160).loss, 12);
    expect(events[4].train.accuracy).toBe(reference(network, samples, 0, 160).accuracy);
    expect(events[4].validation!.loss).toBeCloseTo(reference(network, samples, 160, 200).loss, 12);
    expect(events[4].validation!.accuracy).toBe(reference(network, samples, 160, 200).accuracy);
    const [hidden, output] = events[4].layers;
    expect(hidden.weightNorm).toBeCloseTo(Math.hypot(...network.layers[0].W), 12);
    expect(hidden.updateRatio).toBeGreaterThan(0);
    expect(hidden.updateRatio).toBeLessThan(1);
    expect(hidden.deadFraction).toBe(0); // tanh has no dead units
    expect(output.activationMean).toBeGreaterThan(0);
    expect(output.activationMean).toBeLessThan(1);
  });

  it('reports dead ReLUs and saturated sigmoids', async () => {
    const samples = moons(100, 0.1, 3);
    const rng = createRng(2);
    const network = buildNetwork(
      { layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], init: 'heNormal', biasInit: 'zeros', loss: 'binaryCrossEntropy' },
      { inputs: 2, dtype: 'float64', rng: rng.fork() },
    );
    // Units 0 and 1 can never fire (large negative bias); the output saturates (large bias, though
    // not so large that the outputs reach the clamp of the log, which would end the run as diverged).
    network.layers[0].b.set([-100, -100, 0, 0]);
    network.layers[1].b[0] = 10;
    const events: EpochEvent[] = [];
    await train(network, samples, options(rng.fork(), { epochs: 1, trainRows: range(0, 100), validationRows: undefined, optimizer: { name: 'sgd', learningRate: 1e-6 }, onEpoch: (e) => events.push(e) }));
    expect(events[0].layers[0].deadFraction).toBe(0.5);
    expect(events[0].layers[1].saturatedFraction).toBe(1);
    expect(events[0].validation).toBeUndefined();
  });

  it('stops with a message naming epoch, batch and the likely cause when the loss diverges', async () => {
    const samples = moons(200, 0.1, 3);
    const model: ModelSpec = { ...SMALL, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' };
    const { network, rng } = setup(model);
    const outcome = await train(network, samples, options(rng, { loss: LOSSES.mse, optimizer: { name: 'sgd', learningRate: 1e6 }, epochs: 50 }));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^The run diverged at epoch 1, batch 1 of 10: the weights blew up: layer \d's ‖W‖ reached /);
    expect(outcome.message).toContain('the learning rate (1000000) is probably too high');
  });

  it('names a loss that is not a number, and before any update blames the data or the initial weights', async () => {
    const samples = moons(200, 0.1, 3);
    samples.x[0] = 1e300;
    const model: ModelSpec = { ...SMALL, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' };
    const { network, rng } = setup(model);
    const outcome = await train(network, samples, options(rng, { loss: LOSSES.mse, shuffle: false, epochs: 5 }));
    expect(outcome.message).toMatch(/^The loss became (NaN|infinite) at epoch 1, batch 1 of 10\. This happened before any update, so the inputs or the initial weights hold non-finite or huge values/);
  });

  it('blames the data or the initial weights when the very first batch is not finite', async () => {
    const samples = moons(40, 0.1, 3);
    (samples.x as Float64Array)[0] = NaN;
    const { network, rng } = setup(SMALL);
    const outcome = await train(network, samples, options(rng, { trainRows: range(0, 40), validationRows: undefined, shuffle: false, batchSize: 'full' }));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^The loss became NaN at epoch 1, batch 1 of 1\. This happened before any update/);
  });

  it('blames a diverging step after the first on the learning rate, never on the initial weights', async () => {
    // Full batch at a learning rate of 1000: the first step is taken from sane initial weights and
    // saturates the outputs, so the second (epoch 2's first batch) finds a third of them at the clamp.
    const samples = moons(200, 0.1, 3);
    const later = setup(SMALL);
    const epochTwo = await train(later.network, samples, options(later.rng, { optimizer: { name: 'sgd', learningRate: 1000 }, batchSize: 'full', shuffle: false }));
    expect(epochTwo).toMatchObject({ status: 'failed', epochs: 1 });
    expect(epochTwo.message).toMatch(/^The run diverged at epoch 2, batch 1 of 1: the loss sits at the clamp of the log: 54 of the batch's 160 samples /);
    expect(epochTwo.message).toMatch(/\. The weights diverged: the learning rate \(1000\) is probably too high for this model and data\. Lower it, normalize the inputs, or set training\.clipNorm\.$/);
    expect(epochTwo.message).not.toContain('before any update');
    // The same within epoch 1: its second batch comes after an update.
    const second = setup(SMALL);
    const batchTwo = await train(second.network, samples, options(second.rng, { optimizer: { name: 'sgd', learningRate: 1000 }, batchSize: 80, shuffle: false }));
    expect(batchTwo).toMatchObject({ status: 'failed', epochs: 0 });
    expect(batchTwo.message).toMatch(/^The run diverged at epoch 1, batch 2 of 2: the loss sits at the clamp of the log: 60 of the batch's 80 samples /);
    expect(batchTwo.message).toContain('. The weights diverged: the learning rate (1000) is probably too high');
    expect(batchTwo.message).not.toContain('before any update');
  });

  it('cancels between batches when the signal aborts', async () => {
    const samples = moons(200, 0.1, 3);
    const { network, rng } = setup(SMALL);
    const controller = new AbortController();
    const events: EpochEvent[] = [];
    const outcome = await train(network, samples, options(rng, {
      epochs: 20,
      signal: controller.signal,
      onEpoch: (e) => {
        events.push(e);
        if (e.epoch === 2) controller.abort();
      },
    }));
    expect(outcome).toMatchObject({ status: 'cancelled', epochs: 2, message: 'Cancelled during epoch 3.' });
    expect(events).toHaveLength(2);
  });

  it('yields to the event loop within an epoch, so a cancel sent from another task stops the run in the epoch it arrives in', async () => {
    const samples = moons(2000, 0.1, 3);
    const { network, rng } = setup({ ...SMALL, layers: [{ units: 32, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
    const controller = new AbortController();
    // A clock that moves 10 ms per reading: the loop's 30 ms yields then come every few batches
    // whatever the machine's speed, so the epoch the run stops in is fixed.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 10));
    let epochs = 0;
    try {
      // Sent as another task: it reaches the run only when the loop yields, which must be within
      // epoch 1's 125 batches, not only between epochs.
      setImmediate(() => controller.abort());
      const outcome = await train(network, samples, options(rng, {
        epochs: 1000,
        trainRows: range(0, 2000),
        validationRows: undefined,
        signal: controller.signal,
        onEpoch: () => epochs++,
      }));
      expect(outcome).toMatchObject({ status: 'cancelled', epochs: 0, message: 'Cancelled during epoch 1.' });
      expect(epochs).toBe(0);
    } finally {
      clock.mockRestore();
    }
  });

  it('early stopping restores the weights of the best validation epoch', async () => {
    // A wide net on 24 noisy points overfits: validation loss falls, then rises.
    const samples = moons(124, 0.35, 5);
    const { network, rng } = setup({ ...SMALL, layers: [{ units: 64, activation: 'tanh' }, { units: 64, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] }, 4);
    const events: EpochEvent[] = [];
    const patience = 5;
    const outcome = await train(network, samples, options(rng, {
      optimizer: { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      batchSize: 8,
      epochs: 500,
      trainRows: range(0, 24),
      validationRows: range(24, 124),
      earlyStopping: { patience, minDelta: 0 },
      onEpoch: (e) => events.push(e),
    }));
    expect(outcome.status).toBe('stopped-early');
    const validationLosses = events.map((e) => e.validation!.loss);
    const bestEpoch = validationLosses.indexOf(Math.min(...validationLosses)) + 1;
    expect(outcome.bestEpoch).toBe(bestEpoch);
    expect(events).toHaveLength(bestEpoch + patience);
    expect(outcome.message).toBe(
      `Validation loss did not improve for ${patience} epochs; stopped after epoch ${bestEpoch + patience} and restored the weights of epoch ${bestEpoch}.`,
    );
    // The network now holds exactly the best epoch's weights.
    expect(evaluate(network, samples, range(24, 124), LOSSES.binaryCrossEntropy).loss).toBe(validationLosses[bestEpoch - 1]);
    network.parameters.forEach((p, i) => expect(Array.from(p.value)).toEqual(Array.from(outcome.best![i])));
  });

  it('counts only improvements larger than minDelta', async () => {
    const samples = moons(200, 0.1, 3);
    const { network, rng } = setup(SMALL);
    const outcome = await train(network, samples, options(rng, { epochs: 50, earlyStopping: { patience: 3, minDelta: 10 } }));
    expect(outcome).toMatchObject({ status: 'stopped-early', epochs: 4, bestEpoch: 1 });
  });

  it('reports the scheduled learning rate of every epoch', async () => {
    const samples = moons(40, 0.1, 3);
    const rates = async (schedule: TrainOptions['schedule']) => {
      const { network, rng } = setup(SMALL);
      const events: EpochEvent[] = [];
      await train(network, samples, options(rng, { schedule, epochs: 7, optimizer: { name: 'sgd', learningRate: 0.8 }, trainRows: range(0, 40), validationRows: undefined, onEpoch: (e) => events.push(e) }));
      return events.map((e) => e.learningRate);
    };
    expect(await rates({ name: 'constant' })).toEqual([0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]);
    expect(await rates({ name: 'step', every: 3, factor: 0.5 })).toEqual([0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2]);
    const exponential = await rates({ name: 'exponential', rate: 0.5 });
    exponential.forEach((rate, epoch) => expect(rate).toBeCloseTo(0.8 * 0.5 ** epoch, 15));
  });
});

describe('train, step by step', () => {
  const DROPOUT: ModelSpec = { ...SMALL, layers: [{ units: 8, activation: 'tanh', dropout: 0.3 }, { units: 1, activation: 'sigmoid' }] };

  /**
   * One epoch replayed from the network's own primitives: the rows shuffled by the run's shuffle
   * stream, batch by batch forward (with the dropout stream), backward, + λ·W, clipping, SGD step.
   * Returns each layer's W before the last batch and the norms the clipping saw.
   */
  function replayEpoch(network: Network, samples: Samples, rng: ReturnType<typeof createRng>, o: { rows: Int32Array; batchSize: number; l2: number; clipNorm: number; shuffle: boolean }) {
    const streams = trainingStreams(rng);
    const order = Int32Array.from(o.rows);
    if (o.shuffle) shuffleInPlace(order, streams.shuffle);
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.5 }, network);
    const loader = new BatchLoader(samples, network);
    const norms: number[] = [];
    let beforeLast: Float64Array[] = [];
    for (let start = 0; start < order.length; start += o.batchSize) {
      const m = Math.min(o.batchSize, order.length - start);
      const { X, Y } = loader.load(order, start, m);
      beforeLast = network.layers.map((layer) => Float64Array.from(layer.W));
      network.forward(X, m, streams.dropout, true);
      network.backward(Y, LOSSES.binaryCrossEntropy);
      addL2Gradient(network, o.l2);
      norms.push(clipGradientNorm(network, o.clipNorm));
      optimizer.step(0.5);
    }
    return { beforeLast, norms };
  }

  it('shuffles with its shuffle stream, drops out with its dropout stream, and applies L2 and clipping to every step', async () => {
    const samples = moons(40, 0.1, 3);
    const run = setup(DROPOUT, 7);
    const replay = setup(DROPOUT, 7);
    const o = { rows: range(0, 40), batchSize: 16, l2: 0.05, clipNorm: 0.2, shuffle: true };
    const events: EpochEvent[] = [];
    const outcome = await train(run.network, samples, options(run.rng, { ...o, epochs: 1, validationRows: undefined, trainRows: o.rows, onEpoch: (e) => events.push(e) }));
    expect(outcome.status).toBe('done');
    const { beforeLast, norms } = replayEpoch(replay.network, samples, replay.rng, o);
    // The clipping was active (every raw norm above 0.2), so dropping it would change the weights.
    expect(norms).toHaveLength(3);
    for (const norm of norms) expect(norm).toBeGreaterThan(0.2);
    run.network.parameters.forEach((p, t) => expect(Array.from(p.value)).toEqual(Array.from(replay.network.parameters[t].value)));
    // The update ratio is that of the epoch's last step.
    run.network.layers.forEach((layer, l) => {
      const step = Math.hypot(...Array.from(layer.W, (w, i) => w - beforeLast[l][i]));
      expect(events[0].layers[l].updateRatio).toBeCloseTo(step / Math.hypot(...layer.W), 12);
    });
  });

  it('keeps the rows in order without shuffle, and gives the same run with or without epoch 0 (dropout included)', async () => {
    const samples = moons(40, 0.1, 3);
    const o = { rows: range(0, 40), batchSize: 16, l2: 0, clipNorm: Infinity, shuffle: false };
    const plain = setup(DROPOUT, 8);
    await train(plain.network, samples, options(plain.rng, { ...o, epochs: 1, validationRows: undefined, trainRows: o.rows }));
    const replay = setup(DROPOUT, 8);
    replayEpoch(replay.network, samples, replay.rng, o);
    plain.network.parameters.forEach((p, t) => expect(Array.from(p.value)).toEqual(Array.from(replay.network.parameters[t].value)));

    const withInitial = setup(DROPOUT, 8);
    const events: EpochEvent[] = [];
    await train(withInitial.network, samples, options(withInitial.rng, { ...o, epochs: 1, validationRows: undefined, trainRows: o.rows, initialEpoch: true, onEpoch: (e) => events.push(e) }));
    expect(events.map((e) => e.epoch)).toEqual([0, 1]);
    expect(events[0].layers.every((layer) => layer.updateRatio === 0)).toBe(true);
    plain.network.parameters.forEach((p, t) => expect(Array.from(p.value)).toEqual(Array.from(withInitial.network.parameters[t].value)));
  });

  it("reports as epoch 0's gradient the first step's, L2 and clipping included, from the rows in order without dropout", async () => {
    const samples = moons(40, 0.1, 3);
    const o = { rows: range(0, 40), batchSize: 16, l2: 0.05, clipNorm: 0.2, shuffle: true };
    const run = setup(DROPOUT, 9);
    const events: EpochEvent[] = [];
    await train(run.network, samples, options(run.rng, { ...o, epochs: 1, validationRows: undefined, trainRows: o.rows, initialEpoch: true, onEpoch: (e) => events.push(e) }));
    expect(events[0].epoch).toBe(0);
    // By hand on the same initial weights: rows 0–15, backward, then + λ·W, then clipping.
    const byHand = setup(DROPOUT, 9).network;
    const { X, Y } = new BatchLoader(samples, byHand).load(o.rows, 0, 16);
    byHand.forward(X, 16, undefined, true);
    byHand.backward(Y, LOSSES.binaryCrossEntropy);
    const norms = () => byHand.layers.map((layer) => Math.hypot(...layer.dW));
    const dataOnly = norms();
    addL2Gradient(byHand, o.l2);
    const withL2 = norms();
    expect(clipGradientNorm(byHand, o.clipNorm)).toBeGreaterThan(o.clipNorm);
    const clipped = norms();
    events[0].layers.forEach((layer, l) => {
      expect(layer.gradientNorm).toBeCloseTo(clipped[l], 12);
      // Each step matters: L2 and clipping both move the figures beyond that tolerance.
      expect(Math.abs(withL2[l] - clipped[l])).toBeGreaterThan(1e-6);
      expect(Math.abs(dataOnly[l] - withL2[l])).toBeGreaterThan(1e-6);
    });
  });

  it('evaluates a set of exactly 256 or 512 rows (whole evaluation chunks) as one forward pass would', () => {
    const samples = moons(512, 0.1, 3);
    const { network } = setup(SMALL);
    for (const rows of [256, 512]) {
      const X = new Float64Array(2 * rows);
      for (let j = 0; j < rows; j++) {
        X[j] = samples.x[2 * j];
        X[rows + j] = samples.x[2 * j + 1];
      }
      const expected = LOSSES.binaryCrossEntropy.value(network.forward(X, rows), samples.y.subarray(0, rows), 1, rows);
      expect(evaluate(network, samples, range(0, rows), LOSSES.binaryCrossEntropy).loss).toBeCloseTo(expected, 14);
    }
  });

  it('fails with a message when the validation loss stops being finite after an epoch', async () => {
    const samples = moons(60, 0.1, 3);
    samples.x[2 * 55] = 1e300; // a validation row the network maps to an infinite squared error
    const model: ModelSpec = { ...SMALL, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' };
    const { network, rng } = setup(model);
    const outcome = await train(network, samples, options(rng, { loss: LOSSES.mse, optimizer: { name: 'sgd', learningRate: 0.01 }, epochs: 3, trainRows: range(0, 40), validationRows: range(40, 60) }));
    expect(outcome).toMatchObject({ status: 'failed', epochs: 1 });
    expect(outcome.message).toBe(
      'The validation loss became Infinity after epoch 1. The weights diverged: the learning rate (0.01) is probably too high. Lower it, normalize the inputs, or set training.clipNorm.',
    );
  });

  it('fails with a message when the training loss stops being finite after an epoch', async () => {
    // One row x = 1e152 (target 0) through a single linear unit w = 3: the step's loss (3e152)² is
    // finite and the step takes w to −300 (no weight limit crossed), whose loss (3e154)² overflows.
    const network = new Network({ inputs: 1, dtype: 'float64', layers: [{ units: 1, activation: resolveActivation('linear') }] });
    network.layers[0].W[0] = 3;
    const samples: Samples = { x: Float64Array.of(1e152), features: 1, y: Float64Array.of(0), outputs: 1 };
    const outcome = await train(
      network,
      samples,
      options(createRng(1), { loss: LOSSES.mse, optimizer: { name: 'sgd', learningRate: 5.05e-303 }, batchSize: 'full', epochs: 3, trainRows: range(0, 1), validationRows: undefined, trainMetrics: 'full' }),
    );
    expect(network.layers[0].W[0]).toBeCloseTo(-300, 10);
    expect(outcome).toMatchObject({ status: 'failed', epochs: 1, bestEpoch: 0 });
    expect(outcome.message).toBe(
      'The training loss became Infinity after epoch 1. The weights diverged: the learning rate (5.05e-303) is probably too high. Lower it, normalize the inputs, or set training.clipNorm.',
    );
  });

  it('counts an equal loss as no improvement: with nothing learnt, the first epoch stays best', async () => {
    const samples = moons(60, 0.1, 3);
    const { network, rng } = setup(SMALL);
    const outcome = await train(network, samples, options(rng, { optimizer: { name: 'sgd', learningRate: 0 }, epochs: 10, trainRows: range(0, 40), validationRows: range(40, 60), earlyStopping: { patience: 2, minDelta: 0 } }));
    expect(outcome).toMatchObject({ status: 'stopped-early', epochs: 3, bestEpoch: 1 });
    expect(outcome.message).toBe('Validation loss did not improve for 2 epochs; stopped after epoch 3 and restored the weights of epoch 1.');
    // Without a validation split, the training loss decides, and the message says so.
    const again = setup(SMALL);
    const training = await train(again.network, samples, options(again.rng, { optimizer: { name: 'sgd', learningRate: 0 }, epochs: 10, trainRows: range(0, 40), validationRows: undefined, earlyStopping: { patience: 2, minDelta: 0 } }));
    expect(training.message).toBe('Training loss did not improve for 2 epochs; stopped after epoch 3 and restored the weights of epoch 1.');
  });

  it('times each epoch within the time the call took', async () => {
    const samples = moons(40, 0.1, 3);
    const { network, rng } = setup(SMALL);
    const events: EpochEvent[] = [];
    const before = performance.now();
    await train(network, samples, options(rng, { epochs: 3, trainRows: range(0, 40), validationRows: undefined, onEpoch: (e) => events.push(e) }));
    const took = (performance.now() - before) / 1000;
    for (const event of events) {
      expect(event.epochSeconds).toBeGreaterThanOrEqual(0);
      expect(event.epochSeconds).toBeLessThanOrEqual(event.seconds);
      expect(event.seconds).toBeLessThanOrEqual(took);
    }
  });

  it('lets a cancel sent while an epoch ends arrive before the next update', async () => {
    const samples = moons(64, 0.1, 3);
    const { network, rng } = setup(SMALL);
    const controller = new AbortController();
    let afterEpoch1: Float64Array[] = [];
    // A clock that moves 20 ms per reading: the end of every epoch (two readings) is past the 30 ms between yields.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 20));
    try {
      const outcome = await train(network, samples, options(rng, {
        epochs: 5,
        batchSize: 16,
        trainRows: range(0, 64),
        validationRows: undefined,
        signal: controller.signal,
        onEpoch: (e) => {
          if (e.epoch !== 1) return;
          afterEpoch1 = network.parameters.map((p) => Float64Array.from(p.value));
          setImmediate(() => controller.abort()); // another task: arrives only when the loop yields
        },
      }));
      expect(outcome).toMatchObject({ status: 'cancelled', epochs: 1, message: 'Cancelled during epoch 2.' });
      network.parameters.forEach((p, t) => expect(Array.from(p.value)).toEqual(Array.from(afterEpoch1[t])));
    } finally {
      clock.mockRestore();
    }
  });

  it('drops out when every layer of a network has a rate, the output layer included', async () => {
    // buildNetwork refuses dropout on the output layer; a Network made directly may have it.
    const samples = moons(40, 0.1, 3);
    const weights = async (dropout: number) => {
      const network = randomNetwork([2, 8, 1], ['tanh', 'sigmoid'], { seed: 7, dropout: [dropout, dropout] });
      await train(network, samples, options(createRng(7), { epochs: 1, trainRows: range(0, 40), validationRows: undefined }));
      return network.parameters.map((p) => Array.from(p.value));
    };
    expect(await weights(0.3)).not.toEqual(await weights(0));
  });

  it('reports no update at epoch 0, even for weights that hold an infinity', async () => {
    const { network, rng } = setup(SMALL);
    network.layers[0].W[0] = Infinity;
    const events: EpochEvent[] = [];
    await train(network, moons(40, 0.1, 3), options(rng, { epochs: 1, trainRows: range(0, 40), validationRows: undefined, initialEpoch: true, onEpoch: (e) => events.push(e) }));
    expect(events[0].epoch).toBe(0);
    expect(events[0].layers[0].weightNorm).toBe(Infinity);
    expect(events[0].layers.map((layer) => layer.updateRatio)).toEqual([0, 0]);
  });

  it('refuses a run without training rows', async () => {
    const { network, rng } = setup(SMALL);
    await expect(train(network, moons(10, 0.1, 3), options(rng, { trainRows: range(0, 0), validationRows: range(0, 10) }))).rejects.toThrow(
      'No training rows: the validation split took every row.',
    );
  });
});
