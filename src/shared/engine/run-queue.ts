import { describeIssue, TrainerEventSchema, type RunResult, type StartRunRequest, type TrainerEvent, type TrainerRequest } from '../schema/protocol';
import { kernelHelpersFor } from './kernel-helpers';
import { runEventMisfit } from './run-event-fit';

// The run queue both hosts use: every run gets a worker of its own (an Electron utility process
// or a browser Web Worker, wrapped by the host's adapter), at most `maxParallel` train at once and
// the rest wait in order. The queue validates every message a worker sends, so a worker that
// crashes, hangs on a cancel or speaks nonsense fails (or ends) only its own run, and the queue
// goes on. Each run's listener gets its events in order and exactly one `end`, whatever happens.

/** One worker training one run, as the host's adapter wraps it. */
export interface RunWorker {
  post(request: TrainerRequest): void;
  /** Stop the worker now; it may still report its exit, which the queue then ignores. */
  kill(): void;
}

/** What a worker tells the queue; the adapter calls these from the worker's own callbacks. */
export interface RunWorkerEvents {
  /** A message as it arrived: the queue validates it. */
  message(message: unknown): void;
  /** The worker died or failed outside the run; `reason` says how, as a sentence. */
  crashed(reason: string): void;
}

/** Timers, injected so the grace period can be tested with a fake clock. */
export interface QueueClock {
  /** Calls `callback` once after `ms`; the returned function cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export interface RunQueueOptions {
  spawn(events: RunWorkerEvents): RunWorker;
  /** Names the worker in messages a user reads: "training process", "training worker". */
  workerName: string;
  maxParallel: number;
  /** CPU cores: a run that starts alone may use the others for its matrix products (kernelHelpersFor). Default 1. */
  cores?: number;
  /** How long a cancelled run may take to stop by itself before its worker is killed. */
  cancelGraceMs?: number;
  clock?: QueueClock;
}

/** Receives one run's validated events, in order, ending with exactly one `end`. */
export type RunEventListener = (event: TrainerEvent) => void;

export interface RunQueue {
  /** Queue a run. Throws if a run with this id is already queued or running. */
  start(request: StartRunRequest, listener: RunEventListener): void;
  /** Cancel a queued run (it never starts) or a running one; false if no such run is known. */
  cancel(runId: string): boolean;
  has(runId: string): boolean;
  /** Raising the limit starts waiting runs at once; lowering it lets running runs finish. */
  setMaxParallel(maxParallel: number): void;
  readonly maxParallel: number;
  readonly runningCount: number;
  readonly queuedCount: number;
  /** Kill every worker and forget every run, without events (the app is quitting). */
  dispose(): void;
}

interface Run {
  request: StartRunRequest;
  listener: RunEventListener;
  state: 'queued' | 'running' | 'ended';
  worker?: RunWorker;
  cancelRequested: boolean;
  stopGraceTimer?: () => void;
}

const realClock: QueueClock = {
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

function checkMaxParallel(maxParallel: number): number {
  if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new RangeError(`maxParallel must be a whole number of at least 1, got ${maxParallel}.`);
  return maxParallel;
}

export function createRunQueue({ spawn, workerName, maxParallel, cores = 1, cancelGraceMs = 2000, clock = realClock }: RunQueueOptions): RunQueue {
  let limit = checkMaxParallel(maxParallel);
  const runs = new Map<string, Run>();
  const queue: Run[] = [];
  let running = 0;

  function finish(run: Run, result: RunResult): void {
    if (run.state === 'ended') return;
    if (run.state === 'running') running--;
    run.state = 'ended';
    run.stopGraceTimer?.();
    runs.delete(run.request.runId);
    run.worker?.kill();
    // The next run starts even if this listener throws: one run's consumer cannot stall the queue.
    try {
      run.listener({ type: 'end', runId: run.request.runId, result });
    } finally {
      pump();
    }
  }

  function onMessage(run: Run, message: unknown): void {
    if (run.state !== 'running') return;
    const parsed = TrainerEventSchema.safeParse(message);
    if (!parsed.success) {
      finish(run, { status: 'failed', message: `The ${workerName} sent an invalid message — ${describeIssue(parsed.error)}` });
      return;
    }
    const event = parsed.data;
    if (event.runId !== run.request.runId) {
      finish(run, { status: 'failed', message: `The ${workerName} answered for run "${event.runId}" instead of "${run.request.runId}".` });
      return;
    }
    const misfit = runEventMisfit(event, run.request);
    if (misfit) {
      finish(run, { status: 'failed', message: `The ${workerName} sent an invalid message — ${misfit}` });
    } else if (event.type === 'end') {
      finish(run, event.result);
    } else {
      run.listener(event);
    }
  }

  function onCrash(run: Run, reason: string): void {
    // A worker killed on purpose (cancel, end) may still report its exit: the run has ended by then.
    finish(run, run.cancelRequested ? { status: 'cancelled', message: `Cancelled; the ${workerName} ended before it could report.` } : { status: 'failed', message: reason });
  }

  function launch(run: Run): void {
    run.state = 'running';
    running++;
    try {
      run.worker = spawn({ message: (message) => onMessage(run, message), crashed: (reason) => onCrash(run, reason) });
      // The queue, not the page that asked, decides how many threads the run may use.
      run.worker.post({ ...run.request, kernelHelpers: kernelHelpersFor({ cores, running, queued: queue.length }) });
    } catch (error) {
      finish(run, { status: 'failed', message: `Could not start the ${workerName}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  function pump(): void {
    while (running < limit && queue.length > 0) launch(queue.shift()!);
  }

  return {
    start(request, listener) {
      if (runs.has(request.runId)) throw new Error(`A run with id "${request.runId}" is already queued or running.`);
      const run: Run = { request, listener, state: 'queued', cancelRequested: false };
      runs.set(request.runId, run);
      queue.push(run);
      pump();
    },

    cancel(runId) {
      const run = runs.get(runId);
      if (!run) return false;
      if (run.state === 'queued') {
        queue.splice(queue.indexOf(run), 1);
        finish(run, { status: 'cancelled', message: 'Cancelled before it started.' });
      } else if (!run.cancelRequested) {
        run.cancelRequested = true;
        // The worker stops between batches and sends its end (with the weights so far); one that
        // does not answer in time is killed, and the run still ends as the user asked: cancelled.
        run.stopGraceTimer = clock.after(cancelGraceMs, () =>
          finish(run, { status: 'cancelled', message: `Cancelled; the ${workerName} did not stop in time and was ended.` }),
        );
        try {
          run.worker!.post({ type: 'cancel', runId });
        } catch {
          finish(run, { status: 'cancelled', message: `Cancelled; the ${workerName} could not be reached and was ended.` });
        }
      }
      return true;
    },

    has: (runId) => runs.has(runId),

    setMaxParallel(maxParallel) {
      limit = checkMaxParallel(maxParallel);
      pump();
    },
    get maxParallel() {
      return limit;
    },
    get runningCount() {
      return running;
    },
    get queuedCount() {
      return queue.length;
    },

    dispose() {
      for (const run of runs.values()) {
        run.state = 'ended';
        run.stopGraceTimer?.();
        run.worker?.kill();
      }
      runs.clear();
      queue.length = 0;
      running = 0;
    },
  };
}
