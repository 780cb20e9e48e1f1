import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeIssue } from '../shared/schema/protocol';
import type { Experiment } from '../shared/schema/experiment';
import { WorkerReplySchema, type JobOutcome, type WorkerRequest } from './sweep-messages';

// A fixed number of worker processes, one per parallel slot, each training one run at a time; runs
// beyond the slots wait in order. Processes rather than worker threads: measured on a 2-core
// machine, two training runs as threads of one process each ran about 11% slower than alone (they
// share the process's allocator and V8 platform), while two processes ran as fast as one. Each
// process loads the sweep's datasets once and reuses them for the runs it is handed.
//
// The same rules as the app's run queue (src/shared/engine/run-queue.ts), which starts a worker per
// run and so cannot keep a process's loaded datasets: a worker that dies, or sends a message that
// is not one of ours, fails only the run it was training (with the reason, as its result) and is
// replaced by a fresh process for the next run; a cancelled run that does not stop within the grace
// period has its worker killed and still ends cancelled. What ends the whole sweep is a fault every
// run would meet: a worker reporting that it cannot load a dataset or write a file. No worker
// outlives this process: they are killed when it exits or is terminated, and exit by themselves
// when their channel to it closes (a parent killed with SIGKILL).

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
  /** Set once the worker training it was asked to stop; ends the grace period when the run ends. */
  stopGrace?: NodeJS.Timeout;
}

/** The bundled worker beside the bundled CLI in out/cli (scripts/build-cli.mjs builds both). */
const WORKER_ENTRY = fileURLToPath(new URL('./sweep-worker.mjs', import.meta.url));
/** As long as the app's run queue lets a cancelled run take to stop between batches. */
const CANCEL_GRACE_MS = 2000;

const TERMINATING_SIGNALS = ['SIGTERM', 'SIGHUP'] as const;

const CANCELLED_BEFORE_START: JobOutcome = { status: 'cancelled', message: 'Cancelled before it started.', epochs: 0, seconds: 0 };

/**
 * `sweepPath`: the sweep file, against which the workers resolve the experiment's dataset paths.
 * `workerEntry`: the worker's script (tests start stand-ins that crash or talk nonsense).
 */
export function createSweepPool(size: number, sweepPath: string, workerEntry = WORKER_ENTRY): SweepPool {
  const queue: Pending[] = [];
  const idle: ChildProcess[] = [];
  const busy = new Map<ChildProcess, Pending>();
  const all = new Set<ChildProcess>();
  /** Epochs each busy worker reported for its run, for the result of a run it fails. */
  const reached = new Map<ChildProcess, number>();
  const startedAt = new Map<ChildProcess, number>();
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
    for (const job of [...queue.splice(0), ...busy.values()]) {
      clearTimeout(job.stopGrace);
      job.reject(error);
    }
    busy.clear();
    for (const worker of all) worker.kill();
  }

  /** Ends the worker's run with `outcome` and hands the worker the next run, or drops it for good. */
  function finish(worker: ChildProcess, outcome: JobOutcome, keepWorker: boolean): void {
    const job = busy.get(worker);
    if (!job) return;
    busy.delete(worker);
    reached.delete(worker);
    startedAt.delete(worker);
    clearTimeout(job.stopGrace);
    if (keepWorker) idle.push(worker);
    else retire(worker);
    job.resolve(outcome);
    pump();
  }

  /** A worker we no longer trust or that is gone: never used again, its late messages and exit ignored. */
  function retire(worker: ChildProcess): void {
    all.delete(worker);
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
    worker.removeAllListeners('message');
    worker.kill('SIGKILL');
  }

  /** The run the worker was training fails with `reason` (cancelled if the user had asked to stop it); the sweep goes on. */
  function lose(worker: ChildProcess, reason: string): void {
    const job = busy.get(worker);
    if (!job) return retire(worker);
    const seconds = (performance.now() - (startedAt.get(worker) ?? performance.now())) / 1000;
    const epochs = reached.get(worker) ?? 0;
    const outcome: JobOutcome =
      job.stopGrace !== undefined
        ? { status: 'cancelled', message: `Cancelled; ${reason[0].toLowerCase()}${reason.slice(1)}.`, epochs, seconds }
        : { status: 'failed', message: `${reason}.`, epochs, seconds };
    finish(worker, outcome, false);
  }

  function onReply(worker: ChildProcess, message: unknown): void {
    const job = busy.get(worker);
    if (!job) return;
    const parsed = WorkerReplySchema.safeParse(message);
    if (!parsed.success) return lose(worker, `The sweep worker process sent an invalid message — ${describeIssue(parsed.error)}`);
    const reply = parsed.data;
    if (reply.id !== job.id) return lose(worker, `The sweep worker process answered for job ${reply.id} instead of ${job.id}`);
    if (reply.type === 'epoch') {
      reached.set(worker, reply.epoch);
      job.onEpoch?.(reply.epoch, reply.epochs);
    } else if (reply.type === 'error') fail(new Error(reply.message));
    else finish(worker, reply.outcome, true);
  }

  function spawn(): ChildProcess {
    // execArgv is not inherited: flags meant for the launching process (a debugger port, say)
    // must not be reused.
    const worker = fork(workerEntry, [sweepPath], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    all.add(worker);
    worker.on('message', (message) => onReply(worker, message));
    worker.on('error', (error) => {
      if (all.has(worker)) lose(worker, `The sweep worker process failed: ${error.message}`);
    });
    worker.on('exit', (code, signal) => {
      if (all.has(worker) && !closing && !failure) lose(worker, `The sweep worker process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) during this run`);
      all.delete(worker);
    });
    return worker;
  }

  function pump(): void {
    while (!failure && queue.length > 0 && busy.size < size) {
      const job = queue.shift()!;
      const worker = idle.pop() ?? spawn();
      busy.set(worker, job);
      startedAt.set(worker, performance.now());
      worker.send(job.request, (error) => {
        if (error) lose(worker, `Cannot reach the sweep worker process: ${error.message}`);
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
        if (cancelled) return resolve(CANCELLED_BEFORE_START);
        const id = nextId++;
        queue.push({ id, request: { type: 'run', job: { id, experiment, weightsPath, historyPath } }, onEpoch, resolve, reject });
        pump();
      });
    },
    cancel() {
      cancelled = true;
      for (const job of queue.splice(0)) job.resolve(CANCELLED_BEFORE_START);
      for (const [worker, job] of busy) {
        if (job.stopGrace) continue;
        // A worker that does not stop between batches in time is killed; its run still ends cancelled.
        job.stopGrace = setTimeout(() => lose(worker, 'the sweep worker process did not stop in time and was ended'), CANCEL_GRACE_MS);
        worker.send({ type: 'cancel' } satisfies WorkerRequest, (error) => {
          if (error) lose(worker, 'the sweep worker process could not be reached and was ended');
        });
      }
    },
    async close() {
      closing = true;
      await Promise.all(
        [...all].map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
              worker.once('exit', () => resolve());
              worker.kill();
            }),
        ),
      );
      detach();
    },
  };
}
