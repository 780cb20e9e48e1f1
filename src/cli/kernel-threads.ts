import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { configureKernelThreads } from '../shared/nn/kernels/wasm-threads';

// One `train` run has the machine to itself, so its large matrix products (float32 on the wasm
// backend, batches big enough to pay; see src/shared/nn/kernels/wasm-threads.ts) may use the other
// cores through worker_threads helpers. Sweeps do not call this: they use the cores for parallel
// runs. The helpers are unref'd, so they never keep the process alive.

export function useKernelThreads(helpers = availableParallelism() - 1): void {
  configureKernelThreads({
    helpers,
    spawn(source) {
      const worker = new Worker(source, { eval: true });
      worker.unref();
      return worker;
    },
  });
}
