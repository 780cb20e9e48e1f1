import { createTrainerEndpoint } from '../../../shared/engine/trainer-endpoint';
import { applyDeviceMemory } from './machine-memory';

// A module Web Worker running the shared trainer endpoint: the browser's counterpart of the
// Electron utility process. It speaks the same validated protocol.

applyDeviceMemory();
const endpoint = createTrainerEndpoint((event) => self.postMessage(event), {
  // Kernel helper threads share the wasm memory, which needs cross-origin isolation (the app's
  // pages are served with COOP/COEP); without it the run stays on one thread.
  spawnKernelHelper: self.crossOriginIsolated
    ? (source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
    : undefined,
});
self.onmessage = (message: MessageEvent) => endpoint.handle(message.data);
