import { Worker } from 'node:worker_threads';
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

export function helperThreadHost(helpers: number): KernelThreadHost {
  return {
    helpers,
    spawn(source) {
      // After the program's 'use strict' directive, which must stay its first statement.
      const program = source.replace(/^'use strict';\n/, (directive) => directive + strykerPrelude(source));
      const worker = new Worker(program, { eval: true });
      worker.unref();
      return worker;
    },
  };
}
