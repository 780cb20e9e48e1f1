import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernelHelpersFor } from '../shared/engine/kernel-helpers';
import { configureKernelThreads } from '../shared/nn/kernels/wasm-threads';

// One `train` run has the machine to itself, so its large matrix products (on the wasm
// backend, batches big enough to pay; see src/shared/nn/kernels/wasm-threads.ts) may use the other
// cores through worker_threads helpers. Sweeps do not call this: they use the cores for parallel
// runs. The helpers are unref'd, so they never keep the process alive. How many: as for a run the
// app's pool starts alone (kernelHelpersFor: the other cores, at most 3).

export function useKernelThreads(helpers = kernelHelpersFor({ cores: availableParallelism(), running: 1, queued: 0 })): void {
  configureKernelThreads({
    helpers,
    spawn(source) {
      const worker = new Worker(source, { eval: true });
      worker.unref();
      return worker;
    },
  });
}
