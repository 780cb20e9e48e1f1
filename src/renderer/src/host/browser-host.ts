import { describeIssue, TrainerEventSchema, type RunResult, type StartRunRequest } from '../../../shared/schema/protocol';
import { kernelHelpersFor } from '../../../shared/engine/kernel-helpers';
import type { RunListener, TrainingHost } from './training-host';

// Trains in module Web Workers: one fresh worker per run, at most `concurrency` at once, the rest
// queued in order. A worker is terminated when its run ends, so a stuck or crashed run can never
// hold a slot, and every message it sends is validated like any other process boundary.

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
  return Math.max(1, cores - 1);
}

type Request = Omit<StartRunRequest, 'type'>;

interface ActiveRun {
  worker: WorkerLike;
  listener: RunListener;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

export function createBrowserHost({ createWorker, concurrency, cores = 1, cancelGraceMs = 2000 }: BrowserHostOptions): TrainingHost {
  const queue: { request: Request; listener: RunListener }[] = [];
  const active = new Map<string, ActiveRun>();

  function end(runId: string, result: RunResult): void {
    const run = active.get(runId);
    if (!run) return;
    active.delete(runId);
    clearTimeout(run.cancelTimer);
    run.worker.onmessage = null;
    run.worker.onerror = null;
    run.worker.terminate();
    run.listener.onEnd(result);
    pump();
  }

  function launch(request: Request, listener: RunListener): void {
    const { runId } = request;
    const worker = createWorker();
    active.set(runId, { worker, listener });
    worker.onmessage = ({ data }) => {
      const parsed = TrainerEventSchema.safeParse(data);
      if (!parsed.success) {
        end(runId, { status: 'failed', message: `The training worker sent an invalid message — ${describeIssue(parsed.error)}` });
        return;
      }
      const event = parsed.data;
      if (event.runId !== runId) return;
      if (event.type === 'started') listener.onStarted?.();
      else if (event.type === 'epoch') listener.onEpoch(event.event);
      else if (event.type === 'checkpoint') listener.onCheckpoint?.(event.checkpoint);
      else end(runId, event.result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      end(runId, { status: 'failed', message: `The training worker crashed: ${event.message || 'it could not load or threw outside a run'}` });
    };
    worker.postMessage({ type: 'start', ...request, kernelHelpers: kernelHelpersFor({ cores, running: active.size, queued: queue.length }) });
  }

  function pump(): void {
    while (active.size < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      launch(next.request, next.listener);
    }
  }

  return {
    kind: 'browser',
    start(request, listener) {
      if (active.has(request.runId) || queue.some((queued) => queued.request.runId === request.runId)) {
        throw new Error(`Run ${request.runId} is already queued or running`);
      }
      queue.push({ request, listener });
      pump();
    },
    cancel(runId) {
      const queuedAt = queue.findIndex((queued) => queued.request.runId === runId);
      if (queuedAt >= 0) {
        const [queued] = queue.splice(queuedAt, 1);
        queued.listener.onEnd({ status: 'cancelled', message: 'Cancelled before it started.' });
        return;
      }
      const run = active.get(runId);
      if (!run || run.cancelTimer !== undefined) return;
      run.worker.postMessage({ type: 'cancel', runId });
      run.cancelTimer = setTimeout(
        () => end(runId, { status: 'cancelled', message: 'Stopped: the training worker did not answer the cancel request in time.' }),
        cancelGraceMs,
      );
    },
  };
}
