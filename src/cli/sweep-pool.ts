import { Worker } from 'node:worker_threads';
import type { Experiment } from '../shared/schema/experiment';
import type { JobOutcome, SweepWorkerData, WorkerReply, WorkerRequest } from './sweep-messages';

// A fixed set of worker threads, one per parallel slot, each training one run at a time; runs
// beyond the slots wait in order. Threads rather than processes: one Node runtime, datasets loaded
// once per thread, and a crash of a thread fails only the run it held.

export interface SweepPool {
  /** Resolves when the run ends, however it ends (a crashed worker fails the run, never rejects). */
  run(experiment: Experiment, options: { weightsPath?: string; onEpoch?: (epoch: number, epochs: number) => void }): Promise<JobOutcome>;
  /** Cancels the running runs (they end as cancelled) and every queued one. */
  cancel(): void;
  close(): Promise<void>;
}

interface Pending {
  id: number;
  request: WorkerRequest;
  onEpoch?: (epoch: number, epochs: number) => void;
  resolve: (outcome: JobOutcome) => void;
}

const WORKER_ENTRY = new URL('./sweep-worker.mjs', import.meta.url);

export function createSweepPool(size: number, data: SweepWorkerData): SweepPool {
  const queue: Pending[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  let nextId = 0;
  let cancelled = false;

  function spawn(): Worker {
    const worker = new Worker(WORKER_ENTRY, { workerData: data });
    worker.on('message', (reply: WorkerReply) => {
      const job = busy.get(worker);
      if (!job || reply.id !== job.id) return;
      if (reply.type === 'epoch') job.onEpoch?.(reply.epoch, reply.epochs);
      else finish(worker, reply.outcome);
    });
    worker.on('error', (error) => finish(worker, { status: 'failed', message: `The worker thread crashed: ${error.message}`, epochs: 0, seconds: 0 }, true));
    worker.on('exit', (code) => {
      if (busy.has(worker)) finish(worker, { status: 'failed', message: `The worker thread exited with code ${code}`, epochs: 0, seconds: 0 }, true);
    });
    return worker;
  }

  function finish(worker: Worker, outcome: JobOutcome, dead = false): void {
    const job = busy.get(worker);
    if (!job) return;
    busy.delete(worker);
    job.resolve(outcome);
    if (dead) void worker.terminate();
    else idle.push(worker);
    pump();
  }

  function pump(): void {
    while (queue.length > 0 && busy.size < size) {
      const job = queue.shift()!;
      const worker = idle.pop() ?? spawn();
      busy.set(worker, job);
      worker.postMessage(job.request);
    }
  }

  return {
    run(experiment, { weightsPath, onEpoch }) {
      return new Promise((resolve) => {
        if (cancelled) {
          resolve({ status: 'cancelled', message: 'Cancelled before it started.', epochs: 0, seconds: 0 });
          return;
        }
        const id = nextId++;
        queue.push({ id, request: { type: 'run', job: { id, experiment, weightsPath } }, onEpoch, resolve });
        pump();
      });
    },
    cancel() {
      cancelled = true;
      for (const job of queue.splice(0)) job.resolve({ status: 'cancelled', message: 'Cancelled before it started.', epochs: 0, seconds: 0 });
      for (const worker of busy.keys()) worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    },
    async close() {
      await Promise.all([...idle, ...busy.keys()].map((worker) => worker.terminate()));
    },
  };
}
