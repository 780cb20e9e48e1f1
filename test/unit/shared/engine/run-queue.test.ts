import { describe, expect, it, vi } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { createRunQueue, type QueueClock, type RunQueueOptions, type RunWorker, type RunWorkerEvents } from '../../../../src/shared/engine/run-queue';
import { runSession } from '../../../../src/shared/engine/session';
import { planSweep } from '../../../../src/shared/engine/sweep-plan';
import { createTrainerEndpoint } from '../../../../src/shared/engine/trainer-endpoint';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import type { CheckpointFile } from '../../../../src/shared/schema/checkpoint';
import { DatasetMessageSchema, type RunResult, type StartRunRequest, type TrainerEvent, type TrainerRequest } from '../../../../src/shared/schema/protocol';
import { WEIGHTS_FORMAT, WEIGHTS_VERSION, type WeightsFile } from '../../../../src/shared/schema/weights';
import { sweepOf } from './sweep-fixtures';

// The run queue both hosts use, with fake workers (the test plays their part) and a fake clock,
// then with the real trainer endpoint behind it for checkpoints, continuations and sweeps.

const xor = ExperimentSchema.parse({
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 3, seed: 1 },
});
const xorData = DatasetMessageSchema.parse(resolveSyntheticDataset({ synthetic: 'xor', seed: 0 }));
const request = (runId: string): StartRunRequest => ({ type: 'start', runId, experiment: xor, dataset: xorData });
const epoch = (runId: string, n: number) => ({
  type: 'epoch',
  runId,
  event: { epoch: n, epochs: 3, train: { loss: 1 / n, accuracy: 0.5 }, learningRate: 0.05, seconds: n / 10, layers: [] },
});
const end = (runId: string, result: RunResult = { status: 'done' }) => ({ type: 'end', runId, result });

/** The first checkpoint the real trainer endpoint stores for this experiment. */
function checkpointOf(experiment: Experiment, dataset: StartRunRequest['dataset']): Promise<CheckpointFile> {
  return new Promise((resolve) => {
    const endpoint = createTrainerEndpoint((event) => {
      if (event.type === 'checkpoint') resolve(event.checkpoint);
    });
    endpoint.handle({ type: 'start', runId: 'source', experiment, dataset });
  });
}

class FakeWorker implements RunWorker {
  readonly received: TrainerRequest[] = [];
  killed = false;
  constructor(private readonly events: RunWorkerEvents) {}
  post(message: TrainerRequest) {
    this.received.push(message);
  }
  kill() {
    this.killed = true;
  }
  /** Play the worker: anything it could send, valid or not. */
  send(message: unknown) {
    this.events.message(message);
  }
  crash(reason: string) {
    this.events.crashed(reason);
  }
  get runId() {
    return this.received[0].runId;
  }
}

function fakeClock(): QueueClock & { advance(ms: number): void; readonly pending: number } {
  let now = 0;
  let timers: { at: number; callback: () => void }[] = [];
  return {
    after(ms, callback) {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
    advance(ms) {
      const until = now + ms;
      for (let due = timers.find((t) => t.at <= until); due; due = timers.find((t) => t.at <= until)) {
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
    get pending() {
      return timers.length;
    },
  };
}

function setup(options: Partial<RunQueueOptions> = {}) {
  const workers: FakeWorker[] = [];
  const clock = fakeClock();
  const queue = createRunQueue({
    workerName: 'training worker',
    maxParallel: 1,
    cancelGraceMs: 500,
    clock,
    spawn(events) {
      const worker = new FakeWorker(events);
      workers.push(worker);
      return worker;
    },
    ...options,
  });
  const events = new Map<string, TrainerEvent[]>();
  const start = (...runIds: string[]) => {
    for (const runId of runIds) {
      events.set(runId, []);
      queue.start(request(runId), (event) => events.get(runId)!.push(event));
    }
  };
  const worker = (runId: string) => workers.find((w) => w.runId === runId)!;
  const started = () => workers.map((w) => w.runId);
  const endOf = (runId: string) => {
    const ends = events.get(runId)!.filter((e) => e.type === 'end');
    expect(ends.length).toBeLessThanOrEqual(1);
    return ends[0]?.type === 'end' ? ends[0].result : undefined;
  };
  return { queue, workers, clock, events, start, worker, started, endOf };
}

describe('run queue: order and parallel limit', () => {
  it('starts runs in the order they came, at most maxParallel at once, the next as soon as one ends', () => {
    const { queue, start, worker, started, events } = setup({ maxParallel: 2 });
    start('a', 'b', 'c', 'd', 'e');
    expect(started()).toEqual(['a', 'b']);
    expect([queue.runningCount, queue.queuedCount]).toEqual([2, 3]);

    worker('b').send(end('b'));
    expect(started()).toEqual(['a', 'b', 'c']);
    worker('a').send({ type: 'started', runId: 'a' });
    worker('a').send(epoch('a', 1));
    worker('a').send(end('a'));
    expect(started()).toEqual(['a', 'b', 'c', 'd']);
    worker('c').crash('gone');
    expect(started()).toEqual(['a', 'b', 'c', 'd', 'e']);

    expect(events.get('a')!.map((e) => e.type)).toEqual(['started', 'epoch', 'end']);
    expect(worker('a').killed && worker('b').killed).toBe(true);
    expect([queue.runningCount, queue.queuedCount]).toEqual([2, 0]);
  });

  it('starts waiting runs at once when the limit is raised, and lets running runs finish when it is lowered', () => {
    const { queue, start, worker, started } = setup({ maxParallel: 1 });
    start('a', 'b', 'c', 'd', 'e');
    queue.setMaxParallel(3);
    expect(started()).toEqual(['a', 'b', 'c']);

    queue.setMaxParallel(1);
    expect(queue.maxParallel).toBe(1);
    expect(started().map((id) => worker(id).killed)).toEqual([false, false, false]);
    worker('a').send(end('a'));
    worker('b').send(end('b'));
    // Two ended, one still runs: that is the new limit, so nothing else starts yet.
    expect([queue.runningCount, queue.queuedCount]).toEqual([1, 2]);
    expect(started()).toEqual(['a', 'b', 'c']);
    worker('c').send(end('c'));
    expect(started()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a limit that is not a whole number of at least 1 and keeps the one it had', () => {
    const { queue } = setup({ maxParallel: 2 });
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => queue.setMaxParallel(bad)).toThrow(`maxParallel must be a whole number of at least 1, got ${bad}.`);
    }
    expect(queue.maxParallel).toBe(2);
    expect(() => setup({ maxParallel: 0 })).toThrow(RangeError);
  });

  it('gives a run that starts alone the other cores for its matrix products, whatever the request asked', () => {
    const { start, workers, worker } = setup({ maxParallel: 3, cores: 4 });
    start('alone');
    worker('alone').send(end('alone'));
    start('b', 'c');
    const helpers = workers.map((w) => (w.received[0].type === 'start' ? w.received[0].kernelHelpers : undefined));
    expect(helpers).toEqual([3, 3, 0]);
  });

  it('refuses a second run with an id that is queued or running, and takes it again once that run has ended', () => {
    const { start, worker, started } = setup();
    start('same');
    expect(() => start('same')).toThrow('A run with id "same" is already queued or running.');
    worker('same').send(end('same'));
    start('same');
    expect(started()).toEqual(['same', 'same']);
  });
});

describe('run queue: cancel', () => {
  it('ends a queued run as cancelled without ever starting a worker for it', () => {
    const { queue, start, worker, started, events, endOf } = setup();
    start('running', 'queued', 'next');
    expect(queue.cancel('queued')).toBe(true);
    expect(queue.cancel('queued')).toBe(false);

    expect(events.get('queued')).toEqual([{ type: 'end', runId: 'queued', result: { status: 'cancelled', message: 'Cancelled before it started.' } }]);
    worker('running').send(end('running'));
    expect(started()).toEqual(['running', 'next']);
    expect(endOf('queued')?.status).toBe('cancelled');
    expect(queue.cancel('no-such-run')).toBe(false);
  });

  it('cancelling a queued run frees no running slot: the limit still holds', () => {
    const { queue, start, started } = setup();
    start('running', 'queued');
    queue.cancel('queued');
    expect([queue.runningCount, queue.queuedCount]).toEqual([1, 0]);
    start('later');
    expect(started()).toEqual(['running']);
    expect([queue.runningCount, queue.queuedCount]).toEqual([1, 1]);
  });

  it("without an injected clock, uses the host's timers: ends a worker that ignores a cancel after the grace period, and leaves no timer behind one that answers", () => {
    vi.useFakeTimers();
    try {
      const { queue, start, worker, endOf } = setup({ clock: undefined, cancelGraceMs: 500, maxParallel: 2 });
      start('stuck', 'answers');
      queue.cancel('stuck');
      vi.advanceTimersByTime(499);
      expect(endOf('stuck')).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect(worker('stuck').killed).toBe(true);
      expect(endOf('stuck')).toEqual({ status: 'cancelled', message: 'Cancelled; the training worker did not stop in time and was ended.' });

      queue.cancel('answers');
      expect(vi.getTimerCount()).toBe(1);
      worker('answers').send(end('answers', { status: 'cancelled', message: 'Cancelled during epoch 1.' }));
      // A stray timer would keep a command-line run's process alive for the grace period.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks a running worker to stop and ends the run with its answer, killing the worker and the grace timer', () => {
    const { queue, clock, start, worker, endOf } = setup();
    start('r');
    queue.cancel('r');
    // A second click sends nothing more.
    queue.cancel('r');
    expect(worker('r').received.slice(1)).toEqual([{ type: 'cancel', runId: 'r' }]);

    worker('r').send(end('r', { status: 'cancelled', message: 'Cancelled during epoch 4.', bestEpoch: 3 }));
    expect(endOf('r')).toEqual({ status: 'cancelled', message: 'Cancelled during epoch 4.', bestEpoch: 3 });
    expect(worker('r').killed).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('kills a worker that does not stop within the grace period; the run ends cancelled and the next one starts', () => {
    const { queue, clock, start, worker, started, events, endOf } = setup();
    start('stuck', 'next');
    worker('stuck').send(epoch('stuck', 1));
    queue.cancel('stuck');
    clock.advance(499);
    expect(worker('stuck').killed).toBe(false);
    expect(started()).toEqual(['stuck']);

    clock.advance(1);
    expect(worker('stuck').killed).toBe(true);
    expect(endOf('stuck')).toEqual({ status: 'cancelled', message: 'Cancelled; the training worker did not stop in time and was ended.' });
    expect(started()).toEqual(['stuck', 'next']);
    // What the killed worker still manages to send, or its exit, changes nothing.
    worker('stuck').send(end('stuck', { status: 'failed', message: 'late' }));
    worker('stuck').crash('killed by SIGTERM');
    expect(events.get('stuck')!.map((e) => e.type)).toEqual(['epoch', 'end']);
  });

  it('ends a cancelled run as cancelled, not failed, when its worker dies before answering', () => {
    const { queue, start, worker, endOf, clock } = setup();
    start('r');
    queue.cancel('r');
    worker('r').crash('The training worker crashed: out of memory');
    expect(endOf('r')).toEqual({ status: 'cancelled', message: 'Cancelled; the training worker ended before it could report.' });
    expect(clock.pending).toBe(0);
  });

  it('ends a cancelled run at once when its worker cannot even be told', () => {
    const { queue, start, worker, started, endOf } = setup();
    start('r', 'next');
    worker('r').post = (message) => {
      if (message.type === 'cancel') throw new Error('channel closed');
    };
    queue.cancel('r');
    expect(endOf('r')).toEqual({ status: 'cancelled', message: 'Cancelled; the training worker could not be reached and was ended.' });
    expect(worker('r').killed).toBe(true);
    expect(started()).toEqual(['r', 'next']);
  });
});

describe('run queue: faults stay with their run', () => {
  it('fails only the run whose worker crashed, with the reason, while the others go on', () => {
    const { queue, start, worker, started, events, endOf } = setup({ maxParallel: 2 });
    start('crashed', 'healthy', 'behind');
    worker('crashed').crash('The training worker crashed: Uncaught RangeError: Array buffer allocation failed');
    worker('healthy').send(epoch('healthy', 1));
    worker('healthy').send(end('healthy'));

    expect(endOf('crashed')).toEqual({ status: 'failed', message: 'The training worker crashed: Uncaught RangeError: Array buffer allocation failed' });
    expect(events.get('healthy')!.map((e) => e.type)).toEqual(['epoch', 'end']);
    expect(started()).toEqual(['crashed', 'healthy', 'behind']);
    expect(queue.has('crashed')).toBe(false);
  });

  it.each([
    ['a string', 'epoch 1', /^The training worker sent an invalid message — \(message\): /],
    ['null', null, /^The training worker sent an invalid message — \(message\): /],
    ['an unknown type', { type: 'progress', runId: 'r' }, /^The training worker sent an invalid message — type: /],
    ['an epoch without numbers', { type: 'epoch', runId: 'r', event: { epoch: 'one' } }, /^The training worker sent an invalid message — event\.epoch: /],
    ['an end with an unknown status', { type: 'end', runId: 'r', result: { status: 'finished' } }, /^The training worker sent an invalid message — result\.status: /],
    ['an extra field', { type: 'started', runId: 'r', admin: true }, /^The training worker sent an invalid message — \(message\): Unrecognized key: "admin"/],
  ])('fails the run whose worker sends %s, naming the field, and goes on with the next run', (_, message, reason) => {
    const { start, worker, started, events, endOf } = setup();
    start('r', 'next');
    worker('r').send(epoch('r', 1));
    worker('r').send(message);
    worker('r').send(epoch('r', 2));

    expect(endOf('r')?.status).toBe('failed');
    expect(endOf('r')?.message).toMatch(reason);
    expect(events.get('r')!.map((e) => e.type)).toEqual(['epoch', 'end']);
    expect(worker('r').killed).toBe(true);
    expect(started()).toEqual(['r', 'next']);
  });

  it("fails a run whose worker reports weights or a checkpoint of another network, naming the tensor, and keeps those of its own", async () => {
    const layer = (rows: number, columns: number, name: 'tanh' | 'softmax') => ({ W: Array.from({ length: rows }, () => Array(columns).fill(0.5)), b: Array(rows).fill(0), activation: { name } });
    const weights = (hidden: ReturnType<typeof layer>, output: ReturnType<typeof layer>): WeightsFile => ({
      format: WEIGHTS_FORMAT,
      version: WEIGHTS_VERSION,
      layers: [hidden, output],
      input: { features: ['x1', 'x2'], normalization: { kind: 'none' } },
      output: { task: 'classification', classes: ['0', '1'] },
    });
    const fits = weights(layer(4, 2, 'tanh'), layer(2, 4, 'softmax'));
    const own = await checkpointOf(xor, xorData);
    const other = await checkpointOf(ExperimentSchema.parse({ ...xor, model: { ...xor.model, layers: [{ units: 6, activation: 'tanh' }, xor.model.layers[1]] } }), xorData);
    const { start, worker, events, endOf } = setup({ maxParallel: 5 });
    start('fits', 'ragged', 'best', 'checkpoint');

    worker('fits').send({ type: 'checkpoint', runId: 'fits', checkpoint: own });
    worker('fits').send(end('fits', { status: 'done', weights: fits }));
    expect(events.get('fits')!.map((e) => e.type)).toEqual(['checkpoint', 'end']);
    expect(endOf('fits')).toEqual({ status: 'done', weights: fits });

    worker('ragged').send(end('ragged', { status: 'done', weights: weights(layer(4, 2, 'tanh'), { ...layer(2, 4, 'softmax'), W: [[1, 2, 3, 4], [1, 2, 3]] }) }));
    expect(endOf('ragged')).toEqual({ status: 'failed', message: 'The training worker sent an invalid message — result.weights.layers.1.W: W[2] is 2×4 in this run, found another shape' });
    worker('best').send(end('best', { status: 'stopped-early', weights: fits, bestWeights: { ...fits, layers: fits.layers.slice(1) } }));
    expect(endOf('best')?.message).toBe('The training worker sent an invalid message — result.bestWeights.layers: the run has 2 layers, found 1');
    worker('checkpoint').send({ type: 'checkpoint', runId: 'checkpoint', checkpoint: other });
    expect(endOf('checkpoint')?.message).toBe("The training worker sent an invalid message — checkpoint.parameters: the run's tensors are 4×2, 4, 2×4, 2, found 6×2, 6, 2×6, 2");
    expect(events.get('checkpoint')!.map((e) => e.type)).toEqual(['end']);
  });

  it('fails a run whose worker speaks for another run, without touching that run', () => {
    const { start, worker, events, endOf } = setup({ maxParallel: 2 });
    start('confused', 'other');
    worker('confused').send(end('other'));
    expect(endOf('confused')).toEqual({ status: 'failed', message: 'The training worker answered for run "other" instead of "confused".' });
    expect(events.get('other')).toEqual([]);
  });

  it('fails a run whose worker cannot be started or sent its request, and starts the next', () => {
    const spawned: FakeWorker[] = [];
    const { start, endOf } = setup({
      spawn(events) {
        if (spawned.push(new FakeWorker(events)) === 1) throw new Error('spawn ENOMEM');
        const worker = spawned.at(-1)!;
        if (spawned.length === 2) worker.post = () => { throw new Error('DataCloneError: could not clone'); };
        return worker;
      },
    });
    start('first', 'second', 'third');
    expect(endOf('first')).toEqual({ status: 'failed', message: 'Could not start the training worker: spawn ENOMEM' });
    expect(endOf('second')).toEqual({ status: 'failed', message: 'Could not start the training worker: DataCloneError: could not clone' });
    expect(spawned[1].killed).toBe(true);
    expect(spawned[2].runId).toBe('third');
    expect(endOf('third')).toBeUndefined();
  });

  it('starts the next run even when a listener throws at the end of its run', () => {
    const { queue, workers } = setup();
    queue.start(request('a'), (event) => {
      if (event.type === 'end') throw new Error('listener bug');
    });
    queue.start(request('b'), () => {});
    expect(() => workers[0].send(end('a'))).toThrow('listener bug');
    expect(workers.map((w) => w.runId)).toEqual(['a', 'b']);
  });

  it('dispose kills every worker, drops the queue and the timers, and sends nothing more', () => {
    const { queue, clock, start, worker, workers, events } = setup({ maxParallel: 2 });
    start('a', 'b', 'c');
    queue.cancel('a');
    queue.dispose();
    worker('b').crash('killed');
    clock.advance(10_000);

    expect(workers.map((w) => w.killed)).toEqual([true, true]);
    expect([...events.values()].flat()).toEqual([]);
    expect([queue.runningCount, queue.queuedCount, queue.has('c'), clock.pending]).toEqual([0, 0, false, 0]);
  });
});

describe('run queue with the real trainer endpoint behind it', () => {
  /** Each worker is a trainer endpoint in this process: the same message loop the hosts run. */
  function endpointQueue(maxParallel: number) {
    const queue = createRunQueue({
      workerName: 'training worker',
      maxParallel,
      spawn(events) {
        let alive = true;
        const endpoint = createTrainerEndpoint((event) => alive && events.message(event));
        return { post: (message) => endpoint.handle(message), kill: () => void (alive = false) };
      },
    });
    let peak = 0;
    const run = (message: StartRunRequest) =>
      new Promise<TrainerEvent[]>((resolve) => {
        const events: TrainerEvent[] = [];
        queue.start(message, (event) => {
          peak = Math.max(peak, queue.runningCount);
          events.push(event);
          if (event.type === 'end') resolve(events);
        });
      });
    return { queue, run, peak: () => peak };
  }

  const moons = (epochs: number): Experiment =>
    ExperimentSchema.parse({
      dataset: { synthetic: 'moons', samples: 80, noise: 0.1, seed: 2 },
      model: { layers: [{ units: 6, activation: 'tanh', dropout: 0.1 }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'adam', learningRate: 0.02 }, batchSize: 10, epochs, seed: 4, validationSplit: 0.25 },
    });
  const moonsData = DatasetMessageSchema.parse(resolveSyntheticDataset({ synthetic: 'moons', samples: 80, noise: 0.1, seed: 2 }));
  const resultOf = (events: TrainerEvent[]) => {
    const last = events.at(-1);
    if (last?.type !== 'end') throw new Error('no end');
    return last.result;
  };

  it('passes checkpoints on after the epochs they cover, and a run continued from one ends with the one-go weights', async () => {
    const { run } = endpointQueue(1);
    const first = await run({ type: 'start', runId: 'first', experiment: moons(4), dataset: moonsData });
    const kinds = first.map((e) => (e.type === 'epoch' ? `epoch ${e.event.epoch}` : e.type));
    expect(kinds.slice(-3)).toEqual(['epoch 4', 'checkpoint', 'end']);
    const checkpoint = first.find((e) => e.type === 'checkpoint');
    if (checkpoint?.type !== 'checkpoint') throw new Error('no checkpoint');

    const [whole, continued] = await Promise.all([
      run({ type: 'start', runId: 'whole', experiment: moons(8), dataset: moonsData }),
      run({ type: 'start', runId: 'continued', experiment: moons(8), dataset: moonsData, resume: checkpoint.checkpoint }),
    ]);
    expect(continued.flatMap((e) => (e.type === 'epoch' ? [e.event.epoch] : []))).toEqual([5, 6, 7, 8]);
    expect(resultOf(continued).weights?.layers).toEqual(resultOf(whole).weights?.layers);
  });

  it("trains a sweep's runs two at a time, each to the weights it gets on its own", async () => {
    const plan = planSweep(sweepOf({ parameters: { learningRate: [0.003, 0.01, 0.03], width: [4, 6] } }));
    const spirals = resolveSyntheticDataset({ synthetic: 'spirals', samples: 60, seed: 1 });
    const { run, peak } = endpointQueue(2);
    const results = await Promise.all(
      plan.runs.map(async ({ index, experiment }) =>
        resultOf(await run({ type: 'start', runId: `sweep-${index}`, experiment, dataset: DatasetMessageSchema.parse(spirals) })),
      ),
    );
    expect(peak()).toBe(2);
    for (const [i, { experiment }] of plan.runs.entries()) {
      const alone = await runSession(experiment, spirals);
      expect(results[i].status).toBe('done');
      expect(results[i].weights?.layers).toEqual(alone.weights?.layers);
    }
  });
});
