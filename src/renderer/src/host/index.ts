import { createBrowserHost, defaultConcurrency } from './browser-host';
import { createElectronHost } from './electron-host';
import type { TrainingHost } from './training-host';

// The one place that knows there are two hosts: inside Electron the preload has exposed
// `window.workbench` and runs go to the main process's pool; anywhere else they go to Web Workers.

export function createTrainingHost(): TrainingHost {
  if ('workbench' in window) return createElectronHost();
  return createBrowserHost({
    // Vite bundles the worker because the URL is written out here, at the call.
    createWorker: () => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
    concurrency: defaultConcurrency(),
    cores: navigator.hardwareConcurrency || 1,
  });
}
