import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Experiment } from '../shared/schema/experiment';
import type { JobOutcome, WorkerReply, WorkerRequest } from './sweep-messages';

// A fixed set of worker processes, one per parallel slot, each training one run at a time; runs
// beyond the slots wait in order. Processes rather than worker threads: measured on a 2-core
// machine, two training runs as threads of one process each ran about 11% slower than alone (they
// share the process's allocator and V8 platform), while two processes ran as fast as one. Each
// process loads the sweep's datasets once and reuses them; a crash of one fails only the run it held.

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

/** The bundled worker beside the bundled CLI in out/cli (scripts/build-cli.mjs builds both). */
const WORKER_ENTRY = fileURLToPath(new URL('./sweep-worker.mjs', import.meta.url));

/** `sweepPath`: the sweep file, against which the workers resolve the experiment's dataset paths. */
export function createSweepPool(size: number, sweepPath: string): SweepPool {
  const queue: Pending[] = [];
  const idle: ChildProcess[] = [];
  const busy = new Map<ChildProcess, Pending>();
  const all = new Set<ChildProcess>();
  let nextId = 0;
  let cancelled = false;

  function failed(message: string): JobOutcome {
    return { status: 'failed', message, epochs: 0, seconds: 0 };
  }

  function spawn(): ChildProcess {
    // execArgv is not inherited: flags meant for the launching process (a debugger port, say)
    // must not be reused.
    const worker = fork(WORKER_ENTRY, [sweepPath], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    all.add(worker);
    worker.on('message', (reply: WorkerReply) => {
      const job = busy.get(worker);
      if (!job || reply.id !== job.id) return;
      if (reply.type === 'epoch') job.onEpoch?.(reply.epoch, reply.epochs);
      else finish(worker, reply.outcome);
    });
    worker.on('error', (error) => finish(worker, failed(`The worker process failed: ${error.message}`), true));
    worker.on('exit', (code, signal) => {
      all.delete(worker);
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      if (busy.has(worker)) finish(worker, failed(`The worker process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) during the run.`), true);
    });
    return worker;
  }

  function finish(worker: ChildProcess, outcome: JobOutcome, dead = false): void {
    const job = busy.get(worker);
    if (!job) return;
    busy.delete(worker);
    job.resolve(outcome);
    if (dead) worker.kill();
    else idle.push(worker);
    pump();
  }

  function pump(): void {
    while (queue.length > 0 && busy.size < size) {
      const job = queue.shift()!;
      const worker = idle.pop() ?? spawn();
      busy.set(worker, job);
      worker.send(job.request);
    }
  }

  // Start every slot's process now: their start-up (loading the TypeScript engine) then overlaps
  // with the command's own checks instead of delaying the first runs.
  while (idle.length < size) idle.push(spawn());

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
      for (const worker of busy.keys()) worker.send({ type: 'cancel' } satisfies WorkerRequest);
    },
    async close() {
      await Promise.all(
        [...all].map((worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
            worker.once('exit', () => resolve());
            worker.kill();
          }),
        ),
      );
    },
  };
}
