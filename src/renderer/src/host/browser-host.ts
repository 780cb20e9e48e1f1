import { parallelRuns } from '../../../shared/engine/parallel-runs';
import { createRunQueue } from '../../../shared/engine/run-queue';
import { deliverTrainerEvent, type TrainingHost } from './training-host';

// Trains in module Web Workers through the shared run queue: one fresh worker per run, terminated
// when its run ends, so a stuck or crashed run can never hold a slot. The queue orders, limits,
// cancels and validates; this adapter only wraps workers for it.

/** The part of a Worker the host uses, so the scheduling can be tested without a browser. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface BrowserHostOptions {
  createWorker: () => WorkerLike;
  concurrency: number;
  /** CPU cores: a run that starts alone may use the others for its matrix products (kernelHelpersFor). Default 1. */
  cores?: number;
  /** How long a worker may take to confirm a cancel before it is terminated. */
  cancelGraceMs?: number;
}

/** Leave one core for the UI, as the Electron pool does. */
export function defaultConcurrency(cores: number = navigator.hardwareConcurrency || 2): number {
  return parallelRuns(cores);
}

export function createBrowserHost({ createWorker, concurrency, cores, cancelGraceMs }: BrowserHostOptions): TrainingHost {
  const queue = createRunQueue({
    workerName: 'training worker',
    maxParallel: concurrency,
    cores,
    cancelGraceMs,
    spawn(events) {
      const worker = createWorker();
      worker.onmessage = ({ data }) => events.message(data);
      worker.onerror = (event) => {
        // Handled here: the run fails with the reason instead of an uncaught error on the page.
        event.preventDefault();
        events.crashed(`The training worker crashed: ${event.message || 'it could not load or threw outside a run'}`);
      };
      return {
        post: (request) => worker.postMessage(request),
        kill() {
          worker.onmessage = null;
          worker.onerror = null;
          worker.terminate();
        },
      };
    },
  });

  return {
    kind: 'browser',
    start(request, listener) {
      queue.start({ type: 'start', ...request }, (event) => deliverTrainerEvent(listener, event));
    },
    cancel(runId) {
      queue.cancel(runId);
    },
  };
}
