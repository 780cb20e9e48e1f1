import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runSession } from '../../../../src/shared/engine/session';
import { clampedSamples } from '../../../../src/shared/nn/divergence';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// A run that diverges ends as failed, naming epoch, batch and the likely cause: a loss that is not
// a number (as before), a loss sitting at the clamp of the log, weights that blew up. And epoch 0:
// the initial weights' diagnostics, sent first when asked, without changing the run.

const spirals = (activation: string, init: ExperimentInput['model']['init'], learningRate: number, loss: 'binaryCrossEntropy' | 'mse' = 'binaryCrossEntropy') =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'spirals', samples: 400, seed: 1 },
    model: { layers: [...Array.from({ length: 5 }, () => ({ units: 32, activation })), { units: 1, activation: 'sigmoid' }], init, loss },
    training: { optimizer: { name: 'sgd', learningRate }, batchSize: 32, epochs: 20, seed: 1, validationSplit: 0.2 },
  });

async function run(input: ExperimentInput | ReturnType<typeof spirals>, initialEpoch = false) {
  const experiment = ExperimentSchema.parse(input);
  const events: EpochEvent[] = [];
  const result = await runSession(experiment, resolveSyntheticDataset(experiment.dataset as never), { initialEpoch, onEpoch: (event) => events.push(event) });
  return { result, events };
}

const tutorialXor = (learningRate: number, init: ExperimentInput['model']['init'] = 'uniform'): ExperimentInput => ({
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], init, loss: 'sse' },
  training: { optimizer: { name: 'sgd', learningRate }, epochs: 1500, seed: 1 },
});

describe('divergence', () => {
  it.each(['sigmoid', 'tanh'])('learning rate 1e6 with %s + binary cross-entropy fails as diverged in its first step, not "done"', async (activation) => {
    const { result } = await run(spirals(activation, 'xavierNormal', 1e6));
    expect(result.status).toBe('failed');
    expect(result.weights).toBeUndefined();
    expect(result.message).toMatch(/^The run diverged at epoch 1, batch 1 of 10: the weights blew up: layer \d's ‖W‖ reached \d\.\de4, \d\.\de4 times its \d\.\d+ after initialization\./);
    expect(result.message).toContain('the learning rate (1000000) is probably too high');
  });

  it.each(['sigmoid', 'tanh'] as const)('learning rate 100 with %s + binary cross-entropy fails when the loss sits at the clamp of the log', async (activation) => {
    const { result } = await run({
      dataset: { synthetic: 'moons', samples: 200, seed: 1 },
      model: { layers: [{ units: 8, activation }, { units: 1, activation: 'sigmoid' }], init: 'xavierNormal', loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 100 }, batchSize: 20, epochs: 30, seed: 1 },
    });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(
      /^The run diverged at epoch 1, batch 3 of 10: the loss sits at the clamp of the log: \d+ of the batch's 20 samples are predicted 0 or 1 \(within 1e-15\) on the wrong side, so each one's loss is stuck at −ln\(1e-15\) ≈ 34\.5 and no longer says how wrong it is\. The weights diverged: the learning rate \(100\)/,
    );
  });

  it('weights that blow up end the run, naming the layer, its size and its growth (the tutorial XOR at learning rate 1e6)', async () => {
    const { result } = await run(tutorialXor(1e6));
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      "The run diverged at epoch 1, batch 1 of 1: the weights blew up: layer 1's ‖W‖ reached 6.4e4, 4.6e4 times its 1.38 after initialization. " +
        'The weights diverged: the learning rate (1000000) is probably too high for this model and data. Lower it, normalize the inputs, or set training.clipNorm.',
    );
  });

  it('initial weights that saturate the outputs (5×32 ReLU, normal std 1) fail before any update and blame the initialization', async () => {
    const { result } = await run(spirals('relu', { name: 'normal', std: 1 }, 0.01));
    expect(result.message).toMatch(/^The run diverged at epoch 1, batch 1 of 10: the loss sits at the clamp of the log/);
    expect(result.message).toContain('before any update: the initial weights already saturate the outputs');
  });

  it('healthy runs are left alone: the tutorial XOR at learning rate 1, and zeros init (stuck, but not diverged)', async () => {
    expect((await run(tutorialXor(1))).result.status).toBe('done');
    expect((await run(tutorialXor(1, 'zeros'))).result.status).toBe('done');
  });

  it('counts the samples with an output clipped on the wrong side: both sides for BCE, the true class for CCE', () => {
    // 1 output × 4 samples: targets 1, 0, 1, 0.
    const a = Float64Array.of(1e-16, 1 - 1e-16, 0.5, 1e-16);
    const y = Float64Array.of(1, 0, 1, 0);
    expect(clampedSamples(a, y, 1, 4, true)).toBe(2);
    expect(clampedSamples(a, y, 1, 4, false)).toBe(1);
    // 2 classes × 2 samples (one-hot columns): sample 0 gives its true class 1e-17.
    const p = Float64Array.of(1e-17, 0.3, 1 - 1e-17, 0.7);
    const t = Float64Array.of(1, 0, 0, 1);
    expect(clampedSamples(p, t, 2, 2, false)).toBe(1);
    // 2 classes × 3 samples, row by row: only sample 0 (its true class 1 at 1e-17) is clamped;
    // reading the rows' layout wrong counts it twice or not at all.
    const p3 = Float64Array.of(0.5, 0.5, 0.5, 1e-17, 0.5, 0.5);
    const t3 = Float64Array.of(0, 1, 1, 1, 0, 0);
    expect(clampedSamples(p3, t3, 2, 3, false)).toBe(1);
  });
});

describe('epoch 0', () => {
  it('reports the initial weights before any update, and the run is bit-identical with or without it', async () => {
    const experiment = spirals('tanh', 'xavierNormal', 0.1);
    const without = await run(experiment);
    const withInitial = await run(experiment, true);
    expect(withInitial.events.map((event) => event.epoch)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(withInitial.result.weights!.layers).toEqual(without.result.weights!.layers);
    expect(withInitial.events.slice(1).map((event) => event.train.loss)).toEqual(without.events.map((event) => event.train.loss));
    const [initial] = withInitial.events;
    expect(initial.layers.every((layer) => layer.updateRatio === 0 && layer.gradientNorm > 0 && layer.distinctUnits === (layer === initial.layers[5] ? 1 : 32))).toBe(true);
    // Untrained on balanced two-class data: the loss is about ln 2.
    expect(initial.train.loss).toBeGreaterThan(0.6);
    expect(initial.train.loss).toBeLessThan(0.8);
  });

  it('with zeros init every gradient is exactly 0 and each layer is one unit repeated', async () => {
    const { events } = await run(tutorialXor(1, 'zeros'), true);
    for (const event of [events[0], events.at(-1)!]) {
      expect(event.layers.map((layer) => [layer.gradientNorm, layer.distinctUnits])).toEqual([
        [0, 1],
        [0, 1],
      ]);
    }
  });

  it('with constant init the units move but stay copies of each other', async () => {
    const { events } = await run(tutorialXor(1, { name: 'constant', value: 0.5 }), true);
    const last = events.at(-1)!;
    expect(last.layers[0].gradientNorm).toBeGreaterThan(0);
    expect(last.layers[0].weightNorm).not.toBe(events[0].layers[0].weightNorm);
    expect(last.layers[0].distinctUnits).toBe(1);
  });
});
