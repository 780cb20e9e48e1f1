import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Experiment } from '../shared/schema/experiment';
import type { JobOutcome, WorkerReply, WorkerRequest } from './sweep-messages';

// A fixed set of worker processes, one per parallel slot, each training one run at a time; runs
// beyond the slots wait in order. Processes rather than worker threads: measured on a 2-core
// machine, two training runs as threads of one process each ran about 11% slower than alone (they
// share the process's allocator and V8 platform), while two processes ran as fast as one. Each
// process loads the sweep's datasets once and reuses them.
//
// Any fault of the machinery (a worker that dies, cannot load a dataset or write weights) fails
// the whole pool: every pending run rejects with it and every worker is stopped, so the command
// ends with one message instead of a results file of identical failures. No worker outlives this
// process: they are killed when it exits or is terminated, and exit by themselves when their
// channel to it closes (a parent killed with SIGKILL).

export interface SweepPool {
  /** Resolves when the run ends, however training went; rejects when the pool failed. */
  run(experiment: Experiment, options: { weightsPath?: string; historyPath?: string; onEpoch?: (epoch: number, epochs: number) => void }): Promise<JobOutcome>;
  /** Cancels the running runs (they end as cancelled) and every queued one. */
  cancel(): void;
  /** Stops every worker; resolves when they have exited. */
  close(): Promise<void>;
}

interface Pending {
  id: number;
  request: Extract<WorkerRequest, { type: 'run' }>;
  onEpoch?: (epoch: number, epochs: number) => void;
  resolve: (outcome: JobOutcome) => void;
  reject: (error: Error) => void;
}

/** The bundled worker beside the bundled CLI in out/cli (scripts/build-cli.mjs builds both). */
const WORKER_ENTRY = fileURLToPath(new URL('./sweep-worker.mjs', import.meta.url));

const TERMINATING_SIGNALS = ['SIGTERM', 'SIGHUP'] as const;

/** `sweepPath`: the sweep file, against which the workers resolve the experiment's dataset paths. */
export function createSweepPool(size: number, sweepPath: string): SweepPool {
  const queue: Pending[] = [];
  const idle: ChildProcess[] = [];
  const busy = new Map<ChildProcess, Pending>();
  const all = new Set<ChildProcess>();
  let nextId = 0;
  let cancelled = false;
  let closing = false;
  let failure: Error | undefined;

  const killAll = () => {
    for (const worker of all) worker.kill('SIGKILL');
  };
  // Terminated: stop the workers, then die of the same signal as if we had not listened.
  const terminate = (signal: NodeJS.Signals) => {
    killAll();
    detach();
    process.kill(process.pid, signal);
  };
  function detach(): void {
    process.off('exit', killAll);
    for (const signal of TERMINATING_SIGNALS) process.off(signal, terminate);
  }
  process.on('exit', killAll);
  for (const signal of TERMINATING_SIGNALS) process.on(signal, terminate);

  function fail(error: Error): void {
    if (failure || closing) return;
    failure = error;
    for (const job of [...queue.splice(0), ...busy.values()]) job.reject(error);
    busy.clear();
    for (const worker of all) worker.kill();
  }

  const runName = (worker: ChildProcess) => {
    const job = busy.get(worker);
    return job ? ` during run '${job.request.job.experiment.name}'` : '';
  };

  function spawn(): ChildProcess {
    // execArgv is not inherited: flags meant for the launching process (a debugger port, say)
    // must not be reused.
    const worker = fork(WORKER_ENTRY, [sweepPath], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    all.add(worker);
    worker.on('message', (reply: WorkerReply) => {
      const job = busy.get(worker);
      if (!job || reply.id !== job.id) return;
      if (reply.type === 'epoch') job.onEpoch?.(reply.epoch, reply.epochs);
      else if (reply.type === 'error') fail(new Error(reply.message));
      else finish(worker, reply.outcome);
    });
    worker.on('error', (error) => fail(new Error(`A sweep worker process failed${runName(worker)}: ${error.message}.`)));
    worker.on('exit', (code, signal) => {
      all.delete(worker);
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      fail(new Error(`A sweep worker process ended (${signal ? `signal ${signal}` : `exit code ${code}`})${runName(worker)}; the sweep stops here.`));
    });
    return worker;
  }

  function finish(worker: ChildProcess, outcome: JobOutcome): void {
    const job = busy.get(worker)!;
    busy.delete(worker);
    job.resolve(outcome);
    idle.push(worker);
    pump();
  }

  function pump(): void {
    while (!failure && queue.length > 0 && busy.size < size) {
      const job = queue.shift()!;
      const worker = idle.pop() ?? spawn();
      busy.set(worker, job);
      worker.send(job.request, (error) => {
        if (error) fail(new Error(`Cannot reach a sweep worker process: ${error.message}.`));
      });
    }
  }

  // Start every slot's process now: their start-up (loading the engine) then overlaps with the
  // command's own checks instead of delaying the first runs.
  while (idle.length < size) idle.push(spawn());

  return {
    run(experiment, { weightsPath, historyPath, onEpoch }) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        if (cancelled) return resolve({ status: 'cancelled', message: 'Cancelled before it started.', epochs: 0, seconds: 0 });
        const id = nextId++;
        queue.push({ id, request: { type: 'run', job: { id, experiment, weightsPath, historyPath } }, onEpoch, resolve, reject });
        pump();
      });
    },
    cancel() {
      cancelled = true;
      for (const job of queue.splice(0)) job.resolve({ status: 'cancelled', message: 'Cancelled before it started.', epochs: 0, seconds: 0 });
      for (const worker of busy.keys()) worker.send({ type: 'cancel' } satisfies WorkerRequest);
    },
    async close() {
      closing = true;
      await Promise.all(
        [...all].map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.kill();
            }),
        ),
      );
      detach();
    },
  };
}
