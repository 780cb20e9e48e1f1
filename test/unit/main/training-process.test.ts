import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StartRunRequest, TrainerEvent } from '../../../src/shared/schema/protocol';
import { ExperimentSchema, type ExperimentInput } from '../../../src/shared/schema/experiment';
import { createRng } from '../../../src/shared/nn/rng';
import { createTrainerPool } from '../../../src/main/trainer-pool';
import { forkTrainingProcess, nodeTrainingProcesses } from './fork-training-process';
import { slowRequest, startRequest } from './fixtures';

const HELPER_CHUNK_PROBE = fileURLToPath(new URL('./helper-chunk-probe.ts', import.meta.url));

// The training-process entry as a real child process (Node + tsx, structured-clone IPC like
// Electron's utilityProcess), on its own and behind the pool.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function spawnEntry(preload: string[] = []) {
  const child = forkTrainingProcess(preload);
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
    // Epoch 0 first: the initial weights' diagnostics, before any update.
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 301 }, (_, i) => i));
    expect(epochs.at(-1)!.train.accuracy).toBe(1);
    expect(epochs.at(-1)!.train.loss).toBeLessThan(epochs[0].train.loss / 4);
    expect(end.type === 'end' && end.result.status).toBe('done');
    const weights = end.type === 'end' ? end.result.weights : undefined;
    expect(weights?.layers.map((l) => [l.W.length, l.W[0].length, l.b.length])).toEqual([
      [8, 2, 8],
      [2, 8, 2],
    ]);
  });

  it('stops a long run within an epoch or two of a cancel message, with status cancelled', async () => {
    const { child, events, next } = spawnEntry();
    child.send(slowRequest('long'));
    const seen = await next((e) => e.type === 'epoch' && e.event.epoch >= 2);
    const sentAt = seen.type === 'epoch' ? seen.event.epoch : NaN;

    child.send({ type: 'cancel', runId: 'long' });
    const end = await next((e) => e.type === 'end');

    // An epoch here is several of the loop's 30 ms stretches between yields, so the message is
    // read within the epoch after the one the test saw (one more if this process was slow to send).
    const lastEpoch = events.flatMap((e) => (e.type === 'epoch' ? [e.event.epoch] : [])).at(-1)!;
    expect(end.type === 'end' && end.result).toMatchObject({ status: 'cancelled', message: `Cancelled during epoch ${lastEpoch + 1}.` });
    expect(lastEpoch - sentAt).toBeLessThanOrEqual(2);
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
    const { factory, pool, eventsOf, ended, start, firstEpoch } = runThroughPool(1);
    start(slowRequest('long'));
    await firstEpoch('long');
    const epochsOf = () => eventsOf.get('long')!.flatMap((e) => (e.type === 'epoch' ? [e.event.epoch] : []));
    const sentAt = epochsOf().at(-1)!;

    pool.cancel('long');
    const end = await ended.get('long')!;

    expect(end.type === 'end' && end.result.status).toBe('cancelled');
    // Within the epoch after the last one seen, or the next (see the test of the entry above).
    expect(epochsOf().at(-1)! - sentAt).toBeLessThanOrEqual(2);
    const child = factory.children[0];
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGTERM');
  });
});

describe('training process kernel helper threads (real child process)', () => {
  it('trains a float32 wasm run with a helper thread granted to the same weights, bit for bit, as on one thread', async () => {
    // Wide enough that its matrix products (256 × 128 × 64 per batch) are split across threads.
    const rows = 512;
    const features = 64;
    const rng = createRng(3);
    const x = Float64Array.from({ length: rows * features }, () => rng.next() * 2 - 1);
    const labels = Int32Array.from({ length: rows }, (_, r) => (x[r * features] + x[r * features + 1] > 0 ? 1 : 0));
    const experiment = ExperimentSchema.parse({
      dataset: { synthetic: 'xor' },
      model: { layers: [{ units: 256, activation: 'relu' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 0.05 }, batchSize: 128, epochs: 30, seed: 5, dtype: 'float32', backend: 'wasm' },
    } satisfies ExperimentInput);
    const dataset: StartRunRequest['dataset'] = {
      name: 'wide',
      featureNames: Array.from({ length: features }, (_, i) => `f${i}`),
      rows,
      features,
      x,
      target: { kind: 'classes', classes: ['0', '1'], labels },
      normalization: { kind: 'none' },
    };
    const train = async (kernelHelpers: number) => {
      const { child, events, next } = spawnEntry([HELPER_CHUNK_PROBE]);
      child.send({ type: 'start', runId: `helpers-${kernelHelpers}`, experiment, dataset, kernelHelpers } satisfies StartRunRequest);
      const end = await next((e) => e.type === 'end');
      const helperRan = (events as unknown[]).some((e) => (e as { type: string }).type === 'helper-ran-chunk');
      return { ...(end.type === 'end' ? end.result : undefined), helperRan };
    };
    const [alone, helped] = [await train(0), await train(1)];
    // The helper took part: it ran at least one chunk of a shared product or step.
    expect(alone.helperRan).toBe(false);
    expect(helped.helperRan).toBe(true);
    expect(alone?.status).toBe('done');
    expect(helped?.status).toBe('done');
    expect(helped?.weights?.layers).toEqual(alone?.weights?.layers);
    expect(alone?.weights?.metrics?.trainAccuracy).toBeGreaterThan(0.9);
  }, 60_000);
});
