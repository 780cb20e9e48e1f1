import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runSession } from '../../../../src/shared/engine/session';
import type { TrainCheckpoint } from '../../../../src/shared/nn/checkpoint';
import { parseCheckpoint, serializeCheckpoint } from '../../../../src/shared/nn/checkpoint-json';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// Continuing from a checkpoint at epoch N to M gives the bits of training to M in one go: every
// optimizer, shuffling, dropout, schedules and early stopping, float64 (ts) and float32 (wasm).
// Checkpoints go through their JSON form on the way, as the CLI's do.

const dataset = resolveSyntheticDataset({ synthetic: 'spirals', samples: 160, noise: 0.1, seed: 3 });

type Training = Partial<ExperimentInput['training']>;

function experiment(training: Training): Experiment {
  return ExperimentSchema.parse({
    dataset: { synthetic: 'spirals', samples: 160, noise: 0.1, seed: 3 },
    model: {
      layers: [
        { units: 10, activation: 'tanh', dropout: 0.2 },
        { units: 6, activation: 'relu', dropout: 0.1 },
        { units: 1, activation: 'sigmoid' },
      ],
      init: 'heNormal',
      loss: 'binaryCrossEntropy',
    },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 12, epochs: 9, seed: 7, validationSplit: 0.25, ...training },
  });
}

/** Every weight as float64 bytes: equal arrays mean equal bits. */
const bytes = (file: WeightsFile | undefined) => {
  if (!file) throw new Error('no weights');
  return Array.from(new Uint8Array(Float64Array.from(file.layers.flatMap((l) => [...l.W.flat(), ...l.b])).buffer));
};
const withoutTime = (events: EpochEvent[]) => events.map(({ seconds: _s, epochSeconds: _e, ...rest }) => rest);

async function run(exp: Experiment, resume?: TrainCheckpoint, signal?: AbortSignal, onEpoch?: (e: EpochEvent) => void) {
  const events: EpochEvent[] = [];
  const saved: TrainCheckpoint[] = [];
  const result = await runSession(exp, dataset, {
    resume,
    signal,
    // The app's runs start their curve at epoch 0 (the initial weights); a continued run has none.
    initialEpoch: true,
    onEpoch: (e) => {
      events.push(e);
      onEpoch?.(e);
    },
    checkpoints: { everyEpochs: 2, everySeconds: 0, save: (c) => saved.push(c) },
  });
  return { result, events, saved };
}

/** Through the file format and back, as a resumed CLI run reads it. */
const throughJson = (checkpoint: TrainCheckpoint, exp: Experiment) =>
  parseCheckpoint(serializeCheckpoint(checkpoint, { experiment: exp, inputs: dataset.features })).checkpoint;

const optimizers: ExperimentInput['training']['optimizer'][] = [
  { name: 'sgd', learningRate: 0.1 },
  { name: 'momentum', learningRate: 0.05, nesterov: true },
  { name: 'rmsprop', learningRate: 0.005 },
  { name: 'adam', learningRate: 0.01 },
];
const backends = [
  { dtype: 'float64', backend: 'ts' },
  { dtype: 'float32', backend: 'wasm' },
] as const;

describe('exact continuation from a checkpoint', () => {
  for (const { dtype, backend } of backends) {
    it.each(optimizers)(`$name, ${dtype} (${backend}): epoch 4 → 9 equals 9 at once`, async (optimizer) => {
      const schedule = { name: 'step', every: 3, factor: 0.5 } as const;
      const whole = await run(experiment({ optimizer, dtype, backend, schedule }));
      expect(whole.result.status).toBe('done');
      // Checkpoints every 2 epochs and at the end.
      expect(whole.saved.map((c) => c.epoch)).toEqual([2, 4, 6, 8, 9]);
      const atFour = whole.saved[1];
      expect(atFour.parameters[0]).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
      if (optimizer.name !== 'sgd') expect(atFour.optimizer.steps).toBe(4 * Math.ceil(120 / 12));

      const rest = await run(experiment({ optimizer, dtype, backend, schedule }), throughJson(atFour, experiment({ dtype })));
      expect(rest.result.status).toBe('done');
      expect(rest.events.map((e) => e.epoch)).toEqual([5, 6, 7, 8, 9]);
      expect(bytes(rest.result.weights)).toEqual(bytes(whole.result.weights));
      expect(bytes(rest.result.bestWeights)).toEqual(bytes(whole.result.bestWeights));
      expect(rest.result.bestEpoch).toBe(whole.result.bestEpoch);
      expect(whole.events[0].epoch).toBe(0);
      expect(withoutTime(rest.events)).toEqual(withoutTime(whole.events.slice(5)));
    });
  }

  it('a fresh optimizer state would not give the same bits, so the comparison can fail', async () => {
    const whole = await run(experiment({}));
    const atFour = whole.saved[1];
    const fresh = { ...atFour, optimizer: { ...atFour.optimizer, steps: 0, arrays: { m: atFour.optimizer.arrays.m.map((a) => a.map(() => 0)), v: atFour.optimizer.arrays.v.map((a) => a.map(() => 0)) } } };
    const rest = await run(experiment({}), fresh);
    expect(bytes(rest.result.weights)).not.toEqual(bytes(whole.result.weights));
    // …nor would the order of epoch 0 instead of the one the checkpoint kept.
    const unshuffled = await run(experiment({}), { ...atFour, order: atFour.order.slice().sort() });
    expect(bytes(unshuffled.result.weights)).not.toEqual(bytes(whole.result.weights));
  });

  it('early stopping: the best weights, best loss and patience counter carry over', async () => {
    const training: Training = { epochs: 60, optimizer: { name: 'adam', learningRate: 0.08 }, earlyStopping: { patience: 3, minDelta: 0 }, schedule: { name: 'exponential', rate: 0.97 } };
    const whole = await run(experiment(training));
    expect(whole.result.status).toBe('stopped-early');
    const stoppedAt = whole.events.at(-1)!.epoch;
    // A checkpoint taken while the counter was running (not right after an improvement).
    const counting = whole.saved.find((c) => c.epochsWithoutImprovement > 0 && c.epoch < stoppedAt);
    expect(counting).toBeDefined();
    const rest = await run(experiment(training), throughJson(counting!, experiment(training)));
    expect(rest.result.status).toBe('stopped-early');
    expect(rest.events.at(-1)!.epoch).toBe(stoppedAt);
    expect(rest.result.bestEpoch).toBe(whole.result.bestEpoch);
    expect(rest.result.message).toBe(whole.result.message);
    expect(bytes(rest.result.weights)).toEqual(bytes(whole.result.weights));
    // The final checkpoint holds the state training reached, not the restored best weights.
    const last = whole.saved.at(-1)!;
    expect(last.epoch).toBe(stoppedAt);
    expect(last.best!.epoch).toBe(whole.result.bestEpoch);
    expect(Array.from(last.parameters[0])).not.toEqual(Array.from(last.best!.parameters[0]));
  });

  it('a run cancelled mid-epoch ends with the checkpoint of its last completed epoch, which continues exactly', async () => {
    const whole = await run(experiment({}));
    const controller = new AbortController();
    const cancelled = await run(experiment({}), undefined, controller.signal, (e) => e.epoch === 5 && controller.abort());
    expect(cancelled.result.status).toBe('cancelled');
    expect(cancelled.saved.map((c) => c.epoch)).toEqual([2, 4, 5]);
    const rest = await run(experiment({}), throughJson(cancelled.saved.at(-1)!, experiment({})));
    expect(rest.events[0].epoch).toBe(6);
    expect(bytes(rest.result.weights)).toEqual(bytes(whole.result.weights));
  });

  it('a fork keeps the state and trains on with the changed hyperparameters', async () => {
    const whole = await run(experiment({}));
    const lower = { name: 'adam', learningRate: 0.001 } as const;
    const fork = await run(experiment({ optimizer: lower }), whole.saved[1]);
    expect(fork.events[0]).toMatchObject({ epoch: 5, learningRate: 0.001 });
    expect(fork.saved.at(-1)!.optimizer.steps).toBe(9 * 10);
    expect(bytes(fork.result.weights)).not.toEqual(bytes(whole.result.weights));
    // Another optimizer starts its own state: rmsprop's step count restarts from the fork.
    const other = await run(experiment({ optimizer: { name: 'rmsprop', learningRate: 0.001 } }), whole.saved[1]);
    expect(other.result.status).toBe('done');
    expect(other.saved.at(-1)!.optimizer).toMatchObject({ name: 'rmsprop', steps: 5 * 10 });
  });

  it('a checkpoint that does not fit the run fails it with a readable message', async () => {
    const whole = await run(experiment({}));
    const otherSplit = await run(experiment({ validationSplit: 0.3 }), whole.saved[1]);
    expect(otherSplit.result).toMatchObject({ status: 'failed' });
    expect(otherSplit.result.message).toMatch(/^The checkpoint does not fit this run: order: the checkpoint trained on 120 rows, this run has 112 training rows/);
    const otherSeed = await run(experiment({ seed: 8 }), whole.saved[1]);
    expect(otherSeed.result.message).toMatch(/order: the checkpoint trained on other rows than this run/);
    const past = await run(experiment({ epochs: 4 }), whole.saved[1]);
    expect(past.result.message).toBe('training.epochs: the checkpoint is at epoch 4; ask for more epochs than that to continue (4 asked).');
  });
});
