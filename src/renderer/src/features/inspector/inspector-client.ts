import type { StepInspection, StepSelection, WeightCheck } from '../../../../shared/engine/inspect-step';
import type { InspectorReply, InspectorRequest, InspectorResult, OpenPhase, OpenRequest, Opened } from './inspector-protocol';

// The page's side of the inspector worker: one promise per request, in order. Closing terminates
// the worker, which also stops a replay in progress at once.

export interface InspectorClient {
  open(request: Omit<OpenRequest, 'type'>, onProgress: (phase: OpenPhase, done: number, of: number) => void): Promise<Opened>;
  inspect(selection: StepSelection, gradcheck: boolean): Promise<StepInspection>;
  step(selection: StepSelection): Promise<void>;
  checkWeight(selection: StepSelection, layer: number, kind: 'W' | 'b', row: number, col: number): Promise<WeightCheck>;
  close(): void;
}

interface Pending {
  resolve(result: InspectorResult): void;
  reject(error: Error): void;
  onProgress?: (phase: OpenPhase, done: number, of: number) => void;
}

export function createInspectorClient(): InspectorClient {
  const worker = new Worker(new URL('./inspector.worker.ts', import.meta.url), { type: 'module', name: 'step-inspector' });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;

  worker.onmessage = ({ data }: MessageEvent<InspectorReply>) => {
    const waiting = pending.get(data.id);
    if (!waiting) return;
    if (data.type === 'progress') {
      waiting.onProgress?.(data.phase, data.done, data.of);
      return;
    }
    pending.delete(data.id);
    if (data.type === 'done') waiting.resolve(data.result);
    else waiting.reject(new Error(data.message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const error = new Error(`The inspector worker stopped: ${event.message || 'it could not start'}`);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };

  function send<T extends InspectorResult>(request: InspectorRequest, onProgress?: Pending['onProgress']): Promise<T> {
    if (closed) return Promise.reject(new Error('The inspector was closed.'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as Pending['resolve'], reject, onProgress });
      worker.postMessage({ id, request });
    });
  }

  return {
    open: (request, onProgress) => send<Opened>({ type: 'open', ...request }, onProgress),
    inspect: (selection, gradcheck) => send<StepInspection>({ type: 'inspect', selection, gradcheck }),
    step: (selection) => send<null>({ type: 'step', selection }).then(() => undefined),
    checkWeight: (selection, layer, kind, row, col) => send<WeightCheck>({ type: 'checkWeight', selection, layer, kind, row, col }),
    close() {
      closed = true;
      worker.terminate();
      for (const waiting of pending.values()) waiting.reject(new Error('The inspector was closed.'));
      pending.clear();
    },
  };
}
