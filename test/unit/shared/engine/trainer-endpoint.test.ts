import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { createTrainerEndpoint, type TrainerEndpointOptions } from '../../../../src/shared/engine/trainer-endpoint';
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

function endpointWithEvents(options?: TrainerEndpointOptions, failPost?: (event: TrainerEvent) => unknown) {
  const events: TrainerEvent[] = [];
  const ends = new Map<string, (event: TrainerEvent) => void>();
  const endpoint = createTrainerEndpoint((event) => {
    events.push(event);
    if (event.type === 'end') ends.get(event.runId)?.(event);
    const thrown = failPost?.(event);
    if (thrown !== undefined) throw thrown;
  }, options);
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

  it("starts the kernel helper threads a request grants through the host's spawn, only those not yet started", async () => {
    const spawned: string[] = [];
    const spawnKernelHelper = (source: string) => {
      spawned.push(source);
      return { postMessage: () => {} };
    };
    const { endpoint, ended } = endpointWithEvents({ spawnKernelHelper });
    const none = ended('none');
    endpoint.handle({ type: 'start', runId: 'none', experiment: experiment(1), dataset });
    expect(await none).toMatchObject({ result: { status: 'done' } });
    expect(spawned).toEqual([]);
    const two = ended('two');
    endpoint.handle({ type: 'start', runId: 'two', experiment: experiment(1), dataset, kernelHelpers: 2 });
    expect(await two).toMatchObject({ result: { status: 'done' } });
    expect(spawned).toHaveLength(2);
    // Each helper runs the self-contained helper program (a script, not a path).
    expect(spawned[0].length).toBeGreaterThan(100);
    expect(spawned[1]).toBe(spawned[0]);
    const three = ended('three');
    endpoint.handle({ type: 'start', runId: 'three', experiment: experiment(1), dataset, kernelHelpers: 3 });
    expect(await three).toMatchObject({ result: { status: 'done' } });
    expect(spawned).toHaveLength(3);
    // Turn the (fake) helpers off again for the tests after this one.
    const off = ended('off');
    endpoint.handle({ type: 'start', runId: 'off', experiment: experiment(1), dataset, kernelHelpers: 0 });
    await off;
  });

  it("ends the run 'failed' with the host's message when starting a helper thread throws", async () => {
    const spawnKernelHelper = () => {
      throw new Error('this host cannot start a thread');
    };
    const { endpoint, events, ended } = endpointWithEvents({ spawnKernelHelper });
    const end = ended('r');
    endpoint.handle({ type: 'start', runId: 'r', experiment: experiment(2), dataset, kernelHelpers: 8 });
    expect(await end).toEqual({ type: 'end', runId: 'r', result: { status: 'failed', message: 'this host cannot start a thread' } });
    expect(events.map((e) => e.type)).toEqual(['started', 'end']);
  });

  it('keeps a run on one thread when the host cannot start helpers, whatever the request grants', async () => {
    const { endpoint, ended } = endpointWithEvents();
    const end = ended('r');
    endpoint.handle({ type: 'start', runId: 'r', experiment: experiment(2), dataset, kernelHelpers: 15 });
    expect(await end).toMatchObject({ type: 'end', runId: 'r', result: { status: 'done' } });
  });

  // runSession turns every bad experiment, dataset or checkpoint into a failed result itself (the
  // schema has already checked the request), so what reaches the endpoint's catch is a throw from
  // the host's own post while the run is going, e.g. an event the channel cannot carry.
  it("ends a run with 'failed' and the message when posting one of its events throws", async () => {
    const { endpoint, events, ended } = endpointWithEvents(undefined, (event) => (event.type === 'epoch' && event.event.epoch === 1 ? new Error('could not clone the event') : undefined));
    const end = ended('r');
    endpoint.handle({ type: 'start', runId: 'r', experiment: experiment(5), dataset });
    expect(await end).toEqual({ type: 'end', runId: 'r', result: { status: 'failed', message: 'could not clone the event' } });
    // The run stopped at the event that failed.
    expect(events.flatMap((e) => (e.type === 'epoch' ? [e.event.epoch] : []))).toEqual([0, 1]);

    const { endpoint: other, ended: otherEnded } = endpointWithEvents(undefined, (event) => (event.type === 'epoch' ? 'channel closed' : undefined));
    const otherEnd = otherEnded('s');
    other.handle({ type: 'start', runId: 's', experiment: experiment(5), dataset });
    expect(await otherEnd).toEqual({ type: 'end', runId: 's', result: { status: 'failed', message: 'channel closed' } });
  });
});
