import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { createTrainerEndpoint } from '../../../../src/shared/engine/trainer-endpoint';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';
import { DatasetMessageSchema, type TrainerEvent } from '../../../../src/shared/schema/protocol';

// The message loop every training process runs: what it posts for a run, for a cancel, and for a
// message that is not a request. trainer-endpoint-checkpoints.test.ts covers its checkpoints.

const dataset = DatasetMessageSchema.parse(resolveSyntheticDataset({ synthetic: 'xor', seed: 0 }));
const experiment = (epochs: number) =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'xor' },
    model: { layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs, seed: 1 },
  });

function endpointWithEvents() {
  const events: TrainerEvent[] = [];
  const ends = new Map<string, (event: TrainerEvent) => void>();
  const endpoint = createTrainerEndpoint((event) => {
    events.push(event);
    if (event.type === 'end') ends.get(event.runId)?.(event);
  });
  const ended = (runId: string) => new Promise<TrainerEvent>((resolve) => ends.set(runId, resolve));
  return { endpoint, events, ended };
}

describe('trainer endpoint', () => {
  it("posts started, epoch 0 (the initial weights) and every epoch with the app's network views, then the end", async () => {
    const { endpoint, events, ended } = endpointWithEvents();
    const end = ended('r');
    endpoint.handle({ type: 'start', runId: 'r', experiment: experiment(3), dataset });
    await end;
    expect(events[0]).toEqual({ type: 'started', runId: 'r' });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.event] : []));
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    expect(epochs.filter((e) => e.epoch > 0).every((e) => e.view !== undefined)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'end', runId: 'r', result: { status: 'done' } });
  });

  it('cancels the run asked for, and ignores a cancel for a run it does not have', async () => {
    const { endpoint, events, ended } = endpointWithEvents();
    const end = ended('long');
    endpoint.handle({ type: 'cancel', runId: 'nothing' });
    expect(events).toEqual([]);
    endpoint.handle({ type: 'start', runId: 'long', experiment: experiment(1_000_000), dataset });
    endpoint.handle({ type: 'cancel', runId: 'long' });
    expect(await end).toMatchObject({ type: 'end', runId: 'long', result: { status: 'cancelled' } });
  });

  it("answers a message that is not a request with a failed end, for the run it names or 'unknown'", () => {
    const { endpoint, events } = endpointWithEvents();
    endpoint.handle({ type: 'start', runId: 'r' });
    endpoint.handle({ type: 'stop', runId: 7 });
    endpoint.handle(null);
    expect(events.map((e) => e.runId)).toEqual(['r', 'unknown', 'unknown']);
    for (const event of events) {
      expect(event.type).toBe('end');
      expect(event.type === 'end' && event.result.status).toBe('failed');
      expect(event.type === 'end' && event.result.message).toMatch(/^Invalid training request — /);
    }
  });
});
