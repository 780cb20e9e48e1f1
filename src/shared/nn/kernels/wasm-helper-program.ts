import { OPTIMIZER_NAMES } from '../../schema/names';
import { claimChunks, decodeArgs, HEADER } from './wasm-control-block';
import { stepKernels } from './wasm-job-kind';
import { CONTROL_INTS, JOB_ENTRIES, JOB_KINDS } from './wasm-jobs';

// The program of a helper thread, made from the job table: a plain script, so every host can start
// it the same way (see KernelThreadHost). It holds the source text of the very functions the
// calling thread runs — each kind's chunk, decodeArgs, claimChunks, stepKernels — so there is one
// copy of the chunk maths; the rest only binds to a memory, waits and claims.
//
// Each job kind's chunk is a function of its own, and the endless loop only waits and claims. That
// loop is optimized while it runs (on-stack replacement); with every job inlined into it, each job
// kind's first chunk threw that code away and compiled all of it again, on a core the training
// needed (docs/perf-notes.md).

let program: string | undefined;

/** The helpers' program (made once). */
export function helperProgram(): string {
  program ??= `'use strict';
const HEADER = ${JSON.stringify(HEADER)};
const OPTIMIZER_NAMES = ${JSON.stringify(OPTIMIZER_NAMES)};
const decodeArgs = ${decodeArgs.toString()};
const claimChunks = ${claimChunks.toString()};
const stepKernels = ${stepKernels.toString()};
const JOBS = [
${JOB_KINDS.map((kind) => `  { layout: ${JSON.stringify(JOB_ENTRIES.get(kind)!.layout)}, chunk: ${kind.chunk.toString()} },`).join('\n')}
];
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : null;
const receive = (handler) => (port ? port.on('message', handler) : (self.onmessage = (event) => handler(event.data)));
receive(({ module, memory, control, work }) => {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const views = {
    ints: new Int32Array(memory.buffer, control, ${CONTROL_INTS}),
    floats: new Float32Array(memory.buffer, control, ${CONTROL_INTS}),
    doubles: new Float64Array(memory.buffer, control, ${CONTROL_INTS / 2}),
  };
  const ctrl = views.ints;
  const place = { memory, work, steps: stepKernels(k, OPTIMIZER_NAMES, ''), steps64: stepKernels(k, OPTIMIZER_NAMES, '64') };
  const runChunk = (chunk) => {
    const job = JOBS[ctrl[HEADER.JOB]];
    try {
      job.chunk(k, decodeArgs(job.layout, views), chunk, place);
    } catch (error) {
      // Counted done all the same (claimChunks goes on), so the calling thread stops waiting and
      // throws, where an exception leaving this thread would end it with the chunk never counted
      // and the calling thread waiting for ever.
      Atomics.compareExchange(ctrl, HEADER.FAILED, 0, chunk + 1);
      console.error(error);
    }
  };
  Atomics.add(ctrl, HEADER.READY, 1);
  let gen = Atomics.load(ctrl, HEADER.GEN);
  for (;;) {
    // Jobs come in bursts (the large products of a training step, a few hundred microseconds
    // apart): watch for the next one for about that long before sleeping.
    for (let spin = 0; spin < 100000 && Atomics.load(ctrl, HEADER.GEN) === gen; spin++);
    Atomics.wait(ctrl, HEADER.GEN, gen);
    if (Atomics.load(ctrl, HEADER.STOP) !== 0) return;
    gen = Atomics.load(ctrl, HEADER.GEN);
    claimChunks(ctrl, HEADER, gen, runChunk);
  }
});
`;
  return program;
}
