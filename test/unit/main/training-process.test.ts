import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { TrainerEvent } from '../../../src/shared/schema/protocol';
import { createTrainerPool } from '../../../src/main/trainer-pool';
import { forkTrainingProcess, nodeTrainingProcesses } from './fork-training-process';
import { startRequest } from './fixtures';

// The training-process entry as a real child process (Node + tsx, structured-clone IPC like
// Electron's utilityProcess), on its own and behind the pool.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function spawnEntry() {
  const child = forkTrainingProcess();
  children.push(child);
  const events: TrainerEvent[] = [];
  const waiters: { test: (e: TrainerEvent) => boolean; resolve: (e: TrainerEvent) => void }[] = [];
  child.on('message', (message) => {
    const event = message as TrainerEvent;
    events.push(event);
    for (const waiter of waiters.filter((w) => w.test(event))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const next = (test: (e: TrainerEvent) => boolean) =>
    new Promise<TrainerEvent>((resolve) => {
      const seen = events.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return { child, events, next };
}

describe('training process entry (real child process)', () => {
  it('answers an invalid request with a failed end event naming the problem', async () => {
    const { child, next } = spawnEntry();
    const request = startRequest('bad');
    child.send({ ...request, dataset: { ...request.dataset, x: [0, 0, 0, 1, 1, 0, 1, 1] } });

    const end = await next((e) => e.type === 'end');

    expect(end).toEqual({
      type: 'end',
      runId: 'bad',
      result: { status: 'failed', message: expect.stringMatching(/^Invalid training request — dataset\.x: /) },
    });
  });

  it('trains XOR from a typed-array dataset and reports every epoch and the weights', async () => {
    const { child, events, next } = spawnEntry();
    child.send(startRequest('xor'));

    const end = await next((e) => e.type === 'end');

    expect(events[0]).toEqual({ type: 'started', runId: 'xor' });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.event] : []));
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(epochs.at(-1)!.train.accuracy).toBe(1);
    expect(epochs.at(-1)!.train.loss).toBeLessThan(epochs[0].train.loss / 4);
    expect(end.type === 'end' && end.result.status).toBe('done');
    const weights = end.type === 'end' ? end.result.weights : undefined;
    expect(weights?.layers.map((l) => [l.W.length, l.W[0].length, l.b.length])).toEqual([
      [8, 2, 8],
      [2, 8, 2],
    ]);
  });

  it('stops a long run soon after a cancel message, with status cancelled', async () => {
    const { child, events, next } = spawnEntry();
    child.send(startRequest('long', { epochs: 1_000_000 }));
    await next((e) => e.type === 'epoch' && e.event.epoch >= 5);

    child.send({ type: 'cancel', runId: 'long' });
    const end = await next((e) => e.type === 'end');

    expect(end.type === 'end' && end.result.status).toBe('cancelled');
    const lastEpoch = events.flatMap((e) => (e.type === 'epoch' ? [e.event.epoch] : [])).at(-1)!;
    expect(lastEpoch).toBeLessThan(1_000_000);
  });
});

describe('trainer pool with real child processes', () => {
  const pools: { dispose(): void }[] = [];
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.dispose();
  });

  function runThroughPool(maxParallel: number) {
    const factory = nodeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel });
    pools.push(pool);
    const eventsOf = new Map<string, TrainerEvent[]>();
    const ended = new Map<string, Promise<TrainerEvent>>();
    const start = (request: ReturnType<typeof startRequest>) => {
      const events: TrainerEvent[] = [];
      eventsOf.set(request.runId, events);
      ended.set(
        request.runId,
        new Promise((resolve) =>
          pool.start(request, (update) => {
            events.push(...update);
            const end = update.find((event) => event.type === 'end');
            if (end) resolve(end);
          }),
        ),
      );
    };
    const firstEpoch = (runId: string) =>
      new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (eventsOf.get(runId)!.some((e) => e.type === 'epoch')) resolve(clearInterval(poll));
        }, 20);
      });
    return { factory, pool, eventsOf, ended, start, firstEpoch };
  }

  it('fails a run whose process is killed with SIGKILL, with the signal as the reason, and runs the next one', async () => {
    const { factory, eventsOf, ended, start, firstEpoch } = runThroughPool(1);
    start(startRequest('doomed', { epochs: 1_000_000 }));
    start(startRequest('next', { epochs: 2 }));
    await firstEpoch('doomed');
    factory.children[0].kill('SIGKILL');

    expect(await ended.get('doomed')).toEqual({
      type: 'end',
      runId: 'doomed',
      result: { status: 'failed', message: 'The training process was killed by SIGKILL before the run finished.' },
    });
    await ended.get('next');
    expect(factory.children).toHaveLength(2);
    expect(eventsOf.get('next')![0]).toEqual({ type: 'started', runId: 'next' });
  });

  it('cancels a running run through its process and kills the process afterwards', async () => {
    const { factory, pool, ended, start, firstEpoch } = runThroughPool(1);
    start(startRequest('long', { epochs: 1_000_000 }));
    await firstEpoch('long');

    pool.cancel('long');
    const end = await ended.get('long')!;

    expect(end.type === 'end' && end.result.status).toBe('cancelled');
    const child = factory.children[0];
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGTERM');
  });
});
