import { describe, expect, it } from 'vitest';
import { createBrowserHost, defaultConcurrency, type WorkerLike } from '../../../src/renderer/src/host/browser-host';
import type { RunListener } from '../../../src/renderer/src/host/training-host';
import { DatasetMessageSchema, type RunResult } from '../../../src/shared/schema/protocol';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { epochEvent, experiment } from './run-fixtures';

class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  received: unknown[] = [];
  terminated = false;
  postMessage(message: unknown) {
    this.received.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  emit(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
  get runId() {
    return (this.received[0] as { runId: string }).runId;
  }
}

const dataset = DatasetMessageSchema.parse(resolveSyntheticDataset({ synthetic: 'xor', seed: 0 }));

function setup(concurrency: number, cancelGraceMs = 1000, cores?: number) {
  const workers: FakeWorker[] = [];
  const host = createBrowserHost({
    concurrency,
    cancelGraceMs,
    cores,
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
  });
  const log: string[] = [];
  const results = new Map<string, RunResult>();
  function listener(runId: string): RunListener {
    return {
      onStarted: () => log.push(`${runId} started`),
      onEpoch: (event) => log.push(`${runId} epoch ${event.epoch}`),
      onEnd: (result) => {
        log.push(`${runId} ${result.status}`);
        results.set(runId, result);
      },
    };
  }
  const start = (runId: string) => host.start({ runId, experiment, dataset }, listener(runId));
  return { host, workers, log, results, start };
}

describe('browser training host', () => {
  it('leaves one core for the UI and never goes below one worker', () => {
    expect(defaultConcurrency(8)).toBe(7);
    expect(defaultConcurrency(2)).toBe(1);
    expect(defaultConcurrency(1)).toBe(1);
  });

  it('sends the start request with the dataset to a fresh worker', () => {
    const { workers, start } = setup(1);
    start('a');
    expect(workers.length).toBe(1);
    const message = workers[0].received[0] as { type: string; runId: string; dataset: { x: Float64Array } };
    expect(message.type).toBe('start');
    expect(message.runId).toBe('a');
    expect(message.dataset.x).toBe(dataset.x);
  });

  it('lets a run that starts alone use the other cores for its matrix products, and no run started beside others', () => {
    const { workers, start } = setup(2, 1000, 4);
    start('a');
    start('b');
    start('c');
    expect(workers.map((worker) => (worker.received[0] as { kernelHelpers: number }).kernelHelpers)).toEqual([3, 0]);
  });

  it('runs at most `concurrency` runs at once and starts queued runs in order as slots free up', () => {
    const { workers, log, start } = setup(2);
    start('a');
    start('b');
    start('c');
    start('d');
    expect(workers.map((worker) => worker.runId)).toEqual(['a', 'b']);
    workers[1].emit({ type: 'end', runId: 'b', result: { status: 'done' } });
    expect(workers.map((worker) => worker.runId)).toEqual(['a', 'b', 'c']);
    expect(workers[1].terminated).toBe(true);
    workers[0].emit({ type: 'end', runId: 'a', result: { status: 'done' } });
    expect(workers.map((worker) => worker.runId)).toEqual(['a', 'b', 'c', 'd']);
    expect(log).toEqual(['b done', 'a done']);
  });

  it('forwards started and epoch events and ends exactly once', () => {
    const { workers, log, start } = setup(1);
    start('a');
    workers[0].emit({ type: 'started', runId: 'a' });
    workers[0].emit({ type: 'epoch', runId: 'a', event: epochEvent(1) });
    workers[0].emit({ type: 'end', runId: 'a', result: { status: 'done' } });
    workers[0].emit({ type: 'end', runId: 'a', result: { status: 'failed' } });
    expect(log).toEqual(['a started', 'a epoch 1', 'a done']);
  });

  it('cancels a queued run without starting a worker for it', () => {
    const { host, workers, results, start } = setup(1);
    start('a');
    start('b');
    host.cancel('b');
    expect(results.get('b')).toEqual({ status: 'cancelled', message: 'Cancelled before it started.' });
    workers[0].emit({ type: 'end', runId: 'a', result: { status: 'done' } });
    expect(workers.length).toBe(1);
  });

  it('asks a running worker to cancel and uses its answer', () => {
    const { host, workers, results, start } = setup(1);
    start('a');
    host.cancel('a');
    expect(workers[0].received[1]).toEqual({ type: 'cancel', runId: 'a' });
    workers[0].emit({ type: 'end', runId: 'a', result: { status: 'cancelled' } });
    expect(results.get('a')).toEqual({ status: 'cancelled' });
    expect(workers[0].terminated).toBe(true);
  });

  it('terminates a worker that does not answer a cancel in time and frees its slot', async () => {
    const { host, workers, results, start } = setup(1, 20);
    start('a');
    start('b');
    host.cancel('a');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(results.get('a')?.status).toBe('cancelled');
    expect(results.get('a')?.message).toBe('Cancelled; the training worker did not stop in time and was ended.');
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].runId).toBe('b');
  });

  it('fails a run whose worker crashes or sends an invalid message, and carries on with the queue', () => {
    const { workers, results, start } = setup(1);
    start('a');
    start('b');
    start('c');
    workers[0].onerror?.({ message: 'Uncaught RangeError: Array buffer allocation failed', preventDefault() {} } as ErrorEvent);
    expect(results.get('a')).toEqual({ status: 'failed', message: 'The training worker crashed: Uncaught RangeError: Array buffer allocation failed' });
    workers[1].emit({ type: 'epoch', runId: 'b', event: { epoch: 0 } });
    expect(results.get('b')?.status).toBe('failed');
    expect(results.get('b')?.message).toMatch(/^The training worker sent an invalid message — event\.epochs?: /);
    expect(workers[2].runId).toBe('c');
  });

  it('refuses to start a run id that is already queued or running', () => {
    const { start } = setup(1);
    start('a');
    start('b');
    expect(() => start('a')).toThrow('A run with id "a" is already queued or running.');
    expect(() => start('b')).toThrow('A run with id "b" is already queued or running.');
  });
});
