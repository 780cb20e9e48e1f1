import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { setMachineMemory } from '../shared/engine/run-budget';
import { createTrainerEndpoint } from '../shared/engine/trainer-endpoint';
import { connectToParent } from './parent-port';

// Entry of one training process (bundled by electron-vite through `?modulePath`, forked by the
// pool): the shared trainer endpoint wired to the parent's message channel. All validation and
// training happen in the endpoint; this file only connects the two ends.

setMachineMemory(totalmem());
const parent = connectToParent();
const endpoint = createTrainerEndpoint((event) => parent.postMessage(event), {
  // Kernel helper threads, when the pool grants the run some: unref'd so they never keep the process alive.
  spawnKernelHelper(source) {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    return worker;
  },
});
parent.onMessage((message) => endpoint.handle(message));
