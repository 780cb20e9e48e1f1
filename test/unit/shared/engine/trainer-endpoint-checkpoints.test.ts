import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { createTrainerEndpoint } from '../../../../src/shared/engine/trainer-endpoint';
import type { CheckpointFile } from '../../../../src/shared/schema/checkpoint';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import { TrainerEventSchema, type RunResult, type TrainerEvent } from '../../../../src/shared/schema/protocol';

// The hosts' message loop hands out checkpoints as protocol events (validated, sizes checked against
// the experiment) after the epochs they cover, and a start request with one goes on exactly.

const dataset = resolveSyntheticDataset({ synthetic: 'moons', samples: 120, noise: 0.1, seed: 2 });
const experiment = (epochs: number): Experiment =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'moons', samples: 120, noise: 0.1, seed: 2 },
    model: { layers: [{ units: 6, activation: 'tanh', dropout: 0.1 }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'momentum', learningRate: 0.05 }, batchSize: 10, epochs, seed: 4, validationSplit: 0.25 },
  });

async function run(exp: Experiment, resume?: CheckpointFile, onEvent?: (event: TrainerEvent) => void): Promise<{ events: TrainerEvent[]; result: RunResult }> {
  const events: TrainerEvent[] = [];
  let ended: (result: RunResult) => void;
  const done = new Promise<RunResult>((resolve) => (ended = resolve));
  const endpoint = createTrainerEndpoint((event) => {
    events.push(TrainerEventSchema.parse(event));
    onEvent?.(event);
    if (event.type === 'end') ended(event.result);
  });
  endpoint.handle({ type: 'start', runId: 'r', experiment: exp, dataset, ...(resume ? { resume } : {}) });
  return { events, result: await done };
}

describe('trainer endpoint checkpoints', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps one every 5 epochs, but no sooner than 3 seconds after the last, and one at the end', async () => {
    // A clock that moves only when an epoch ends, by `perEpoch` milliseconds.
    const cadence = async (perEpoch: number) => {
      let clock = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => clock);
      const { events } = await run(experiment(20), undefined, (event) => {
        if (event.type === 'epoch') clock += perEpoch;
      });
      return events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint.epoch] : []));
    };
    expect(await cadence(10_000)).toEqual([5, 10, 15, 20]);
    // 0.4 s an epoch: 5 epochs take 2 s, so the 3-second floor decides.
    expect(await cadence(400)).toEqual([8, 16, 20]);
  });

  it('sends the last checkpoint after the last epoch and before the end; resuming from it gives the one-go weights', async () => {
    const short = await run(experiment(3));
    const kinds = short.events.map((e) => (e.type === 'epoch' ? `epoch ${e.event.epoch}` : e.type));
    expect(kinds.slice(-3)).toEqual(['epoch 3', 'checkpoint', 'end']);
    const checkpoint = short.events.find((e) => e.type === 'checkpoint');
    if (checkpoint?.type !== 'checkpoint') throw new Error('no checkpoint');
    expect(checkpoint.checkpoint).toMatchObject({ epoch: 3, inputs: 2, optimizer: { name: 'momentum', steps: 3 * 9 } });

    const whole = await run(experiment(6));
    const rest = await run(experiment(6), checkpoint.checkpoint);
    expect(rest.events.filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && e.event.epoch)).toEqual([4, 5, 6]);
    expect(rest.result.weights?.layers).toEqual(whole.result.weights?.layers);
  });

  it('refuses a request whose checkpoint does not fit its own experiment, naming the tensor', async () => {
    const short = await run(experiment(3));
    const checkpoint = short.events.find((e) => e.type === 'checkpoint');
    if (checkpoint?.type !== 'checkpoint') throw new Error('no checkpoint');
    const broken = { ...checkpoint.checkpoint, parameters: [checkpoint.checkpoint.parameters[1], ...checkpoint.checkpoint.parameters.slice(1)] };
    const { result } = await run(experiment(6), broken);
    expect(result).toEqual({ status: 'failed', message: 'Invalid training request — resume.parameters.0: W[1] is 6×2 = 12 float64 values in this experiment, found 6' });
  });
});
