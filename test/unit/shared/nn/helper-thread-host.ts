import { Worker, type WorkerOptions } from 'node:worker_threads';
import { WasmKernels } from '../../../../src/shared/nn/kernels/wasm';
import { WasmKernels64 } from '../../../../src/shared/nn/kernels/wasm-float64';
import { HEADER } from '../../../../src/shared/nn/kernels/wasm-control-block';
import type { KernelThreadHost } from '../../../../src/shared/nn/kernels/wasm-threads';

type KernelThreadPort = ReturnType<KernelThreadHost['spawn']>;

// The host the tests give configureKernelThreads: worker_threads started on the helper program's
// text, as the CLI and the utility process start them.
//
// Under StrykerJS the program's functions (each job kind's chunk, decodeArgs, claimChunks,
// stepKernels — see wasm-helper-program.ts) are the instrumented ones: their text calls
// stryCov_9fa48 and stryMutAct_9fa48, helpers the instrumenter defines at the top of each mutated
// module (@stryker-mutator/instrumenter, util/syntax-helpers.js) — in the module's thread, not in a
// worker started from text. There the first call threw a ReferenceError, so the helpers never
// became ready and every test that waits for them failed. Those two helpers are defined here in
// front of the program, with the mutant active in this thread when the worker starts (Stryker runs
// each mutant in fresh test modules, so each run starts its own helpers); coverage is not counted
// in the worker, the calling thread runs the same functions. Outside Stryker nothing is added.
const STRYKER_NAMESPACE = '__stryker__';

function strykerPrelude(source: string): string {
  const ns = (globalThis as unknown as Record<string, { activeMutant?: string } | undefined>)[STRYKER_NAMESPACE];
  if (!ns || !source.includes('stryMutAct_9fa48')) return '';
  return `const stryCov_9fa48 = () => {};\nconst stryMutAct_9fa48 = (id) => id === ${JSON.stringify(ns.activeMutant ?? null)};\n`;
}

/** Starts a worker on a helper program's text (unref'd), with Stryker's helpers when mutated. */
export function spawnHelper(source: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  // After the program's 'use strict' directive, which must stay its first statement.
  const program = source.replace(/^'use strict';\n/, (directive) => directive + strykerPrelude(source));
  const worker = new Worker(program, { ...options, eval: true });
  worker.unref();
  return worker;
}

// A calling thread that waits for chunks no thread will finish (a helper stuck or gone, or a
// mutant of the waiting itself) would hang its test until vitest's or StrykerJS's timeout, a
// minute or more. So each bind of the helpers to a backend also starts a watchdog on its control
// block: when a job's progress (GEN, DONE) has not moved for STUCK_SECONDS while chunks remain or
// the calling thread sleeps on DONE, it says so on stderr and sets FAILED, and DONE far past any
// chunk count (and far below it if that did not end the wait), which ends the wait and makes the
// call throw. It leaves when the helpers are released.
const STUCK_SECONDS = 20;
const WATCHDOG = `
const { workerData: { buffer, control, header: H, seconds } } = require('node:worker_threads');
const ctrl = new Int32Array(buffer, control, H.FAILED + 1);
const tick = new Int32Array(new SharedArrayBuffer(4));
let last = '';
let still = 0;
while (Atomics.load(ctrl, H.STOP) === 0) {
  Atomics.wait(tick, 0, 0, 1000);
  const done = Atomics.load(ctrl, H.DONE);
  const total = Atomics.load(ctrl, H.TOTAL);
  const progress = Atomics.load(ctrl, H.GEN) + ':' + done;
  still = progress === last ? still + 1 : 0;
  last = progress;
  if (still >= seconds && (done < total || Atomics.notify(ctrl, H.DONE, 1) > 0)) {
    console.error('helper-thread-host: a threaded call waited ' + seconds + ' s without progress (' + done + ' of ' + total + ' chunks done); ending the wait');
    Atomics.store(ctrl, H.FAILED, 1 << 30);
    Atomics.store(ctrl, H.DONE, 1 << 30);
    Atomics.notify(ctrl, H.DONE);
    // A wait that lasts while DONE is at or past the count ends only below it.
    Atomics.wait(tick, 0, 0, 1000);
    if (Atomics.load(ctrl, H.DONE) === 1 << 30 && Atomics.notify(ctrl, H.DONE, 1) > 0) {
      Atomics.store(ctrl, H.DONE, -(1 << 30));
      Atomics.notify(ctrl, H.DONE);
    }
    still = 0;
  }
}`;

/** Workers this module started; the first one's bind messages start the watchdogs (every helper gets each bind). */
let spawned = 0;

function watchBinds(worker: Worker): KernelThreadPort {
  return {
    postMessage(message) {
      const { memory, control } = message as { memory: WebAssembly.Memory; control: number };
      const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { buffer: memory.buffer, control, header: HEADER, seconds: STUCK_SECONDS } });
      watchdog.unref();
      worker.postMessage(message);
    },
  };
}

export function helperThreadHost(helpers: number): KernelThreadHost {
  return { helpers, spawn: (source) => (spawned++ === 0 ? watchBinds(spawnHelper(source)) : spawnHelper(source)) };
}

/**
 * Repeats a large gemm until the helpers have bound to this backend's memory and run one. They
 * are ready a few milliseconds after the first large call on an idle machine; 1,000 tries (10 s of
 * waits besides the products) leave room for a heavily loaded one, where 200 did not.
 */
export async function untilThreaded(kernels: WasmKernels | WasmKernels64): Promise<void> {
  const dtype = kernels instanceof WasmKernels64 ? 'float64' : 'float32';
  const a = kernels.allocate(dtype, 256 * 256);
  const c = kernels.allocate(dtype, 256 * 256);
  for (let attempt = 0; kernels.threads.calls === 0; attempt++) {
    if (attempt > 1000) throw new Error('helper threads never became ready');
    kernels.gemm(false, false, 256, 256, 256, 1, a, a, 0, c);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
