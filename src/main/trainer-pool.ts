import type { StartRunRequest, TrainerEvent } from '../shared/schema/protocol';
import { parallelRuns } from '../shared/engine/parallel-runs';
import { createRunQueue, type RunQueue } from '../shared/engine/run-queue';
import { createProgressBatcher, type ProgressBatcher } from './progress-batcher';
import { describeUnexpectedExit, type TrainingProcessFactory } from './training-process-handle';

// The main process's side of the shared run queue: each run in a process of its own (a crash or a
// runaway run takes down nothing else). The queue does the ordering, limits, cancelling and
// validation; this adapter wraps processes for it and batches a run's epochs for IPC. Each run's
// listener gets updates — lists of events, in order: `started`, batches of every epoch (at most
// one batch per progress interval), and a last update ending with exactly one `end`, whatever happens.

export interface TrainerPoolOptions {
  factory: TrainingProcessFactory;
  /** CPU cores: a run that starts alone may use the others for its matrix products (kernelHelpersFor). Default 1. */
  cores?: number;
  /** Runs in training at once; by default all cores but one (parallelRuns), the app's pool. */
  maxParallel?: number;
  /** Minimum time between two epoch batches of one run (50 ms ⇒ ≤ 20 updates/s). */
  progressIntervalMs?: number;
  /** How long a cancelled run may take to stop by itself before its process is killed. */
  cancelGraceMs?: number;
}

/** One update for the renderer: events of one run, in order. */
export type RunUpdateListener = (events: TrainerEvent[]) => void;

export interface TrainerPool extends Pick<RunQueue, 'cancel' | 'has' | 'runningCount' | 'queuedCount' | 'dispose'> {
  /** Queue a run. Throws if a run with this id is already queued or running. */
  start(request: StartRunRequest, listener: RunUpdateListener): void;
}

export function createTrainerPool({ factory, cores, maxParallel = parallelRuns(cores ?? 1), progressIntervalMs = 50, cancelGraceMs }: TrainerPoolOptions): TrainerPool {
  const queue = createRunQueue({
    workerName: 'training process',
    maxParallel,
    cores,
    cancelGraceMs,
    spawn(events) {
      const process = factory.spawn();
      process.onMessage(events.message);
      process.onExit((exit) => events.crashed(describeUnexpectedExit(exit)));
      // The dataset's typed arrays travel once, by structured clone, inside the start request.
      return { post: (request) => process.postMessage(request), kill: () => process.kill() };
    },
  });
  const batchers = new Map<string, ProgressBatcher>();

  return {
    start(request, listener) {
      if (queue.has(request.runId)) throw new Error(`A run with id "${request.runId}" is already queued or running.`);
      const progress = createProgressBatcher(progressIntervalMs, listener);
      batchers.set(request.runId, progress);
      queue.start(request, (event) => {
        if (event.type === 'epoch') progress.push(event);
        else if (event.type === 'started') listener([event]);
        else {
          // After the epochs it covers, so the renderer never holds a checkpoint ahead of its history.
          if (event.type === 'end') batchers.delete(request.runId);
          listener([...progress.drain(), event]);
        }
      });
    },
    cancel: (runId) => queue.cancel(runId),
    has: (runId) => queue.has(runId),
    get runningCount() {
      return queue.runningCount;
    },
    get queuedCount() {
      return queue.queuedCount;
    },
    dispose() {
      queue.dispose();
      for (const progress of batchers.values()) progress.dispose();
      batchers.clear();
    },
  };
}
