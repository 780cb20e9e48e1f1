import type { TrainerEvent } from '../../../shared/schema/protocol';
import type { WorkbenchApi } from '../../../shared/schema/workbench-api';
import { deliverTrainerEvent, type RunListener, type TrainingHost } from './training-host';

// Inside Electron, runs go through the preload's `window.workbench` to the main process's
// utility-process pool, which queues, throttles and validates; this side only routes each event to
// the listener of its run.

declare global {
  interface Window {
    /** Present only inside the Electron app (exposed by src/preload/index.ts). */
    workbench?: WorkbenchApi;
  }
}

export function createElectronHost(api: WorkbenchApi | undefined = window.workbench): TrainingHost {
  if (!api) throw new Error('window.workbench is missing: the Electron host only works inside the desktop app.');
  const listeners = new Map<string, RunListener>();

  api.onTrainerEvent((event: TrainerEvent) => {
    const listener = listeners.get(event.runId);
    if (!listener) return;
    if (event.type === 'end') listeners.delete(event.runId);
    deliverTrainerEvent(listener, event);
  });

  return {
    kind: 'electron',
    start(request, listener) {
      const { runId } = request;
      if (listeners.has(runId)) throw new Error(`Run ${runId} is already queued or running`);
      listeners.set(runId, listener);
      api.startRun(request).catch((error: unknown) => {
        if (listeners.get(runId) !== listener) return;
        listeners.delete(runId);
        listener.onEnd({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    },
    cancel(runId) {
      if (!listeners.has(runId)) return;
      // The run keeps its listener: its `end` event (status cancelled) still comes from the pool.
      api.cancelRun(runId).catch((error: unknown) => console.error(`Could not cancel run ${runId}:`, error));
    },
  };
}
