import {
  describeIssue,
  TrainerEventSchema,
  type RunResult,
  type StartRunRequest,
  type TrainerEvent,
} from '../shared/schema/protocol';
import { kernelHelpersFor } from '../shared/engine/kernel-helpers';
import { createProgressBatcher, type ProgressBatcher } from './progress-batcher';
import { describeUnexpectedExit, type TrainingProcess, type TrainingProcessFactory } from './training-process-handle';

// The main process's training pool: every run gets its own process (a crash or a runaway run takes
// down nothing else), at most `maxParallel` train at once and the rest wait in order. Each run's
// listener gets updates — lists of events, in order: `started`, batches of every epoch (at most
// one batch per progress interval), and a last update ending with exactly one `end`, whatever happens.

export interface TrainerPoolOptions {
  factory: TrainingProcessFactory;
  maxParallel: number;
  /** CPU cores: a run that starts alone may use the others for its matrix products (kernelHelpersFor). Default 1. */
  cores?: number;
  /** Minimum time between two epoch batches of one run (50 ms ⇒ ≤ 20 updates/s). */
  progressIntervalMs?: number;
  /** How long a cancelled run may take to stop by itself before its process is killed. */
  cancelGraceMs?: number;
}

/** One update for the renderer: events of one run, in order. */
export type RunUpdateListener = (events: TrainerEvent[]) => void;

export interface TrainerPool {
  /** Queue a run. Throws if a run with this id is already queued or running. */
  start(request: StartRunRequest, listener: RunUpdateListener): void;
  /** Cancel a queued or running run; false if no such run is known. */
  cancel(runId: string): boolean;
  has(runId: string): boolean;
  readonly runningCount: number;
  readonly queuedCount: number;
  /** Kill every process and forget every run, without events (the app is quitting). */
  dispose(): void;
}

interface Run {
  request: StartRunRequest;
  listener: RunUpdateListener;
  state: 'queued' | 'running' | 'ended';
  process?: TrainingProcess;
  progress: ProgressBatcher;
  cancelRequested: boolean;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

export function createTrainerPool({
  factory,
  maxParallel,
  cores = 1,
  progressIntervalMs = 50,
  cancelGraceMs = 2000,
}: TrainerPoolOptions): TrainerPool {
  const runs = new Map<string, Run>();
  const queue: Run[] = [];
  let running = 0;

  function finish(run: Run, result: RunResult) {
    if (run.state === 'ended') return;
    if (run.state === 'running') running--;
    run.state = 'ended';
    clearTimeout(run.cancelTimer);
    runs.delete(run.request.runId);
    run.process?.kill();
    run.listener([...run.progress.drain(), { type: 'end', runId: run.request.runId, result }]);
    pump();
  }

  function onProcessMessage(run: Run, message: unknown) {
    if (run.state !== 'running') return;
    const parsed = TrainerEventSchema.safeParse(message);
    if (!parsed.success) {
      finish(run, { status: 'failed', message: `The training process sent an invalid message — ${describeIssue(parsed.error)}` });
      return;
    }
    const event = parsed.data;
    if (event.runId !== run.request.runId) {
      finish(run, { status: 'failed', message: `The training process answered for run "${event.runId}" instead of "${run.request.runId}".` });
      return;
    }
    if (event.type === 'epoch') run.progress.push(event);
    else if (event.type === 'started') run.listener([event]);
    // After the epochs it covers, so the renderer never holds a checkpoint ahead of its history.
    else if (event.type === 'checkpoint') run.listener([...run.progress.drain(), event]);
    else finish(run, event.result);
  }

  function launch(run: Run) {
    run.state = 'running';
    running++;
    try {
      const process = factory.spawn();
      run.process = process;
      process.onMessage((message) => onProcessMessage(run, message));
      process.onExit((exit) =>
        finish(
          run,
          run.cancelRequested
            ? { status: 'cancelled', message: 'Cancelled; the training process ended before it could report.' }
            : { status: 'failed', message: describeUnexpectedExit(exit) },
        ),
      );
      // The dataset's typed arrays travel once, by structured clone, inside this request. The pool,
      // not the renderer, decides how many threads the run may use.
      process.postMessage({ ...run.request, kernelHelpers: kernelHelpersFor({ cores, running, queued: queue.length }) });
    } catch (error) {
      finish(run, { status: 'failed', message: `Could not start the training process: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  function pump() {
    while (running < maxParallel && queue.length > 0) launch(queue.shift()!);
  }

  return {
    start(request, listener) {
      if (runs.has(request.runId)) throw new Error(`A run with id "${request.runId}" is already queued or running.`);
      const run: Run = {
        request,
        listener,
        state: 'queued',
        cancelRequested: false,
        progress: createProgressBatcher(progressIntervalMs, listener),
      };
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
        run.process?.postMessage({ type: 'cancel', runId });
        run.cancelTimer = setTimeout(
          () => finish(run, { status: 'cancelled', message: 'Cancelled; the training process did not stop in time and was ended.' }),
          cancelGraceMs,
        );
      }
      return true;
    },

    has: (runId) => runs.has(runId),
    get runningCount() {
      return running;
    },
    get queuedCount() {
      return queue.length;
    },

    dispose() {
      for (const run of runs.values()) {
        run.state = 'ended';
        clearTimeout(run.cancelTimer);
        run.progress.dispose();
        run.process?.kill();
      }
      runs.clear();
      queue.length = 0;
      running = 0;
    },
  };
}
