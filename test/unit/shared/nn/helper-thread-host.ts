import { Worker, type WorkerOptions } from 'node:worker_threads';
import { WasmKernels } from '../../../../src/shared/nn/kernels/wasm';
import { WasmKernels64 } from '../../../../src/shared/nn/kernels/wasm-float64';
import type { KernelThreadHost } from '../../../../src/shared/nn/kernels/wasm-threads';

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

export function helperThreadHost(helpers: number): KernelThreadHost {
  return { helpers, spawn: (source) => spawnHelper(source) };
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
