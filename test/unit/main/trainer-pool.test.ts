import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTrainerPool } from '../../../src/main/trainer-pool';
import type { TrainerEvent } from '../../../src/shared/schema/protocol';
import { fakeTrainingProcesses } from './fake-training-process';
import { epochEvent, startRequest } from './fixtures';

/** Records the updates a run's listener gets, and all their events in order. */
function recorder() {
  const updates: TrainerEvent[][] = [];
  const events: TrainerEvent[] = [];
  return {
    updates,
    events,
    listener: (update: TrainerEvent[]) => {
      updates.push(update);
      events.push(...update);
    },
  };
}

const ends = (events: TrainerEvent[]) => events.filter((e) => e.type === 'end');

describe('trainer pool', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs at most maxParallel processes and starts queued runs in order as others end', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 2 });
    const a = recorder();
    const rest = recorder();
    pool.start(startRequest('a'), a.listener);
    pool.start(startRequest('b'), rest.listener);
    pool.start(startRequest('c'), rest.listener);
    pool.start(startRequest('d'), rest.listener);

    expect(factory.spawned.map((p) => p.runId)).toEqual(['a', 'b']);
    expect([pool.runningCount, pool.queuedCount]).toEqual([2, 2]);
    // The dataset travels inside the start request, as typed arrays.
    const sent = factory.spawned[0].received[0];
    expect(sent.type === 'start' && sent.dataset.x).toBeInstanceOf(Float64Array);
    expect(sent.type === 'start' && sent.dataset.target.kind === 'classes' && sent.dataset.target.labels).toEqual(new Int32Array([0, 1, 1, 0]));

    factory.spawned[0].send({ type: 'started', runId: 'a' });
    factory.spawned[0].send({ type: 'end', runId: 'a', result: { status: 'done' } });

    expect(a.events).toEqual([
      { type: 'started', runId: 'a' },
      { type: 'end', runId: 'a', result: { status: 'done' } },
    ]);
    expect(factory.spawned[0].killed).toBe(true);
    expect(factory.spawned.map((p) => p.runId)).toEqual(['a', 'b', 'c']);
    expect([pool.runningCount, pool.queuedCount]).toEqual([2, 1]);
  });

  it('sized by the machine alone, as the app creates it, trains on all cores but one (at least one run)', () => {
    const started = (cores: number) => {
      const factory = fakeTrainingProcesses();
      const pool = createTrainerPool({ factory, cores });
      for (const id of ['a', 'b', 'c', 'd', 'e']) pool.start(startRequest(id), recorder().listener);
      return [pool.runningCount, pool.queuedCount];
    };
    expect(started(4)).toEqual([3, 2]);
    expect(started(2)).toEqual([1, 4]);
    expect(started(1)).toEqual([1, 4]);
  });

  it('lets a run that starts alone use the other cores for its matrix products, and no run of a busy pool', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 3, cores: 4 });
    const rest = recorder();
    // The renderer cannot ask for threads itself: the pool decides.
    pool.start({ ...startRequest('alone'), kernelHelpers: 15 }, rest.listener);
    factory.spawned[0].send({ type: 'end', runId: 'alone', result: { status: 'done' } });
    pool.start(startRequest('b'), rest.listener);
    pool.start(startRequest('c'), rest.listener);
    const helpers = factory.spawned.map((p) => { const sent = p.received[0]; return sent.type === 'start' ? sent.kernelHelpers : undefined; });
    expect(helpers).toEqual([3, 3, 0]);
  });

  it('cancels a queued run without ever starting a process for it', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 1 });
    const queued = recorder();
    pool.start(startRequest('running'), () => {});
    pool.start(startRequest('queued'), queued.listener);

    expect(pool.cancel('queued')).toBe(true);

    expect(queued.events).toEqual([{ type: 'end', runId: 'queued', result: { status: 'cancelled', message: 'Cancelled before it started.' } }]);
    expect(pool.has('queued')).toBe(false);
    factory.spawned[0].send({ type: 'end', runId: 'running', result: { status: 'done' } });
    expect(factory.spawned).toHaveLength(1);
    expect(pool.cancel('no-such-run')).toBe(false);
  });

  it('cancels a running run by asking its process, and reports what the process answers', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 1 });
    const run = recorder();
    pool.start(startRequest('r'), run.listener);

    pool.cancel('r');
    expect(factory.spawned[0].received[1]).toEqual({ type: 'cancel', runId: 'r' });
    factory.spawned[0].send({ type: 'end', runId: 'r', result: { status: 'cancelled', bestEpoch: 3 } });

    expect(ends(run.events)).toEqual([{ type: 'end', runId: 'r', result: { status: 'cancelled', bestEpoch: 3 } }]);
    expect(factory.spawned[0].killed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(ends(run.events)).toHaveLength(1);
  });

  it('kills a cancelled run whose process does not stop within the grace period', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 1, cancelGraceMs: 500 });
    const run = recorder();
    pool.start(startRequest('stuck'), run.listener);
    pool.start(startRequest('next'), () => {});

    pool.cancel('stuck');
    vi.advanceTimersByTime(499);
    expect(factory.spawned[0].killed).toBe(false);
    vi.advanceTimersByTime(1);

    expect(factory.spawned[0].killed).toBe(true);
    expect(run.events).toEqual([
      { type: 'end', runId: 'stuck', result: { status: 'cancelled', message: 'Cancelled; the training process did not stop in time and was ended.' } },
    ]);
    expect(factory.spawned[1].runId).toBe('next');
    // The killed process's exit arrives afterwards and changes nothing.
    factory.spawned[0].exit({ code: null, signal: 'SIGTERM' });
    expect(run.events).toHaveLength(1);
  });

  it('as the app creates it, gives a cancelled run 2 s to stop before its process is ended (README)', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, cores: 2 });
    pool.start(startRequest('stuck'), () => {});
    pool.cancel('stuck');
    vi.advanceTimersByTime(1999);
    expect(factory.spawned[0].killed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(factory.spawned[0].killed).toBe(true);
  });

  it('sends every epoch, batched into at most 20 updates per second, the last batch together with the end', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 2 });
    const fast = recorder();
    const sentAt: number[] = [];
    pool.start(startRequest('fast'), (update) => {
      sentAt.push(Date.now());
      fast.listener(update);
    });
    const process = factory.spawned[0];

    // 1000 epochs in one second, one every millisecond, and the end right after the last one.
    for (let epoch = 1; epoch <= 1000; epoch++) {
      if (epoch > 1) vi.advanceTimersByTime(1);
      process.send({ type: 'epoch', runId: 'fast', event: epochEvent(epoch, 1000) });
    }
    process.send({ type: 'end', runId: 'fast', result: { status: 'done' } });

    const epochs = fast.events.flatMap((e) => (e.type === 'epoch' ? [e.event.epoch] : []));
    expect(epochs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(fast.updates).toHaveLength(21);
    expect(fast.updates[0].map((e) => e.type === 'epoch' && e.event.epoch)).toEqual([1]);
    // Batches are at least 50 ms apart; only the end may follow its predecessor sooner.
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]);
    expect(Math.min(...gaps.slice(0, -1))).toBeGreaterThanOrEqual(50);
    const last = fast.updates.at(-1)!;
    expect(last.at(-1)).toEqual({ type: 'end', runId: 'fast', result: { status: 'done' } });
    expect(last.at(-2)).toMatchObject({ type: 'epoch', event: { epoch: 1000 } });
  });

  it('sends the pending epochs when the interval ends even if the run has not ended yet', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 1 });
    const run = recorder();
    pool.start(startRequest('r'), run.listener);
    factory.spawned[0].send({ type: 'epoch', runId: 'r', event: epochEvent(1, 3) });
    factory.spawned[0].send({ type: 'epoch', runId: 'r', event: epochEvent(2, 3) });
    factory.spawned[0].send({ type: 'epoch', runId: 'r', event: epochEvent(3, 3) });
    const epochsOf = (update: TrainerEvent[]) => update.map((e) => e.type === 'epoch' && e.event.epoch);
    expect(run.updates.map(epochsOf)).toEqual([[1]]);

    vi.advanceTimersByTime(49);
    expect(run.updates).toHaveLength(1);
    vi.advanceTimersByTime(1);

    expect(run.updates.map(epochsOf)).toEqual([[1], [2, 3]]);
  });

  it('fails only the run whose process crashed, naming the signal, while the others carry on', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 3 });
    const crashed = recorder();
    const healthy = recorder();
    pool.start(startRequest('crashed'), crashed.listener);
    pool.start(startRequest('healthy'), healthy.listener);
    pool.start(startRequest('queued-behind'), () => {});
    const [crashing, surviving] = factory.spawned;

    crashing.exit({ code: null, signal: 'SIGKILL' });
    surviving.send({ type: 'epoch', runId: 'healthy', event: epochEvent(1, 1) });
    surviving.send({ type: 'end', runId: 'healthy', result: { status: 'done' } });

    expect(crashed.events).toEqual([
      { type: 'end', runId: 'crashed', result: { status: 'failed', message: 'The training process was killed by SIGKILL before the run finished.' } },
    ]);
    expect(healthy.events.map((e) => e.type)).toEqual(['epoch', 'end']);
    expect(pool.has('crashed')).toBe(false);
  });

  it('reports an exit code when the process exits by itself mid-run', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 1 });
    const run = recorder();
    pool.start(startRequest('r'), run.listener);
    factory.spawned[0].exit({ code: 134, signal: null });
    expect(ends(run.events)[0]).toEqual({
      type: 'end',
      runId: 'r',
      result: { status: 'failed', message: 'The training process exited with code 134 before the run finished.' },
    });
  });

  it('fails a run whose process sends a malformed message or speaks for another run', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 2 });
    const bad = recorder();
    const confused = recorder();
    pool.start(startRequest('bad'), bad.listener);
    pool.start(startRequest('confused'), confused.listener);

    factory.spawned[0].send({ type: 'epoch', runId: 'bad', event: { epoch: 'one' } });
    factory.spawned[1].send({ type: 'started', runId: 'someone-else' });

    expect(bad.events).toHaveLength(1);
    const badEnd = bad.events[0];
    expect(badEnd.type === 'end' && badEnd.result.status).toBe('failed');
    expect(badEnd.type === 'end' && badEnd.result.message).toMatch(/^The training process sent an invalid message — event\.epoch: /);
    expect(confused.events).toEqual([
      {
        type: 'end',
        runId: 'confused',
        result: { status: 'failed', message: 'The training process answered for run "someone-else" instead of "confused".' },
      },
    ]);
    expect(factory.spawned.every((p) => p.killed)).toBe(true);
  });

  it('fails a run whose process cannot be started and goes on with the next', () => {
    const factory = fakeTrainingProcesses();
    let failNext = true;
    const pool = createTrainerPool({
      factory: {
        spawn() {
          if (failNext) {
            failNext = false;
            throw new Error('spawn ENOMEM');
          }
          return factory.spawn();
        },
      },
      maxParallel: 1,
    });
    const first = recorder();
    pool.start(startRequest('first'), first.listener);
    pool.start(startRequest('second'), () => {});

    expect(first.events).toEqual([
      { type: 'end', runId: 'first', result: { status: 'failed', message: 'Could not start the training process: spawn ENOMEM' } },
    ]);
    expect(factory.spawned.map((p) => p.runId)).toEqual(['second']);
  });

  it('refuses a second run with an id that is already queued or running', () => {
    const pool = createTrainerPool({ factory: fakeTrainingProcesses(), maxParallel: 1 });
    pool.start(startRequest('same'), () => {});
    expect(() => pool.start(startRequest('same'), () => {})).toThrow('A run with id "same" is already queued or running.');
  });

  it('dispose kills every process, drops the queue and sends nothing more', () => {
    const factory = fakeTrainingProcesses();
    const pool = createTrainerPool({ factory, maxParallel: 2 });
    const all = recorder();
    for (const id of ['a', 'b', 'c']) pool.start(startRequest(id), all.listener);
    factory.spawned[0].send({ type: 'epoch', runId: 'a', event: epochEvent(1, 9) });
    factory.spawned[0].send({ type: 'epoch', runId: 'a', event: epochEvent(2, 9) });

    pool.dispose();
    factory.spawned[1].exit({ code: null, signal: 'SIGTERM' });
    vi.advanceTimersByTime(1000);

    expect(factory.spawned.map((p) => p.killed)).toEqual([true, true]);
    expect(all.events.map((e) => e.type)).toEqual(['epoch']);
    expect([pool.runningCount, pool.queuedCount, pool.has('c')]).toEqual([0, 0, false]);
  });
});
