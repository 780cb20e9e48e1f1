import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../../../src/shared/schema/names';
import { coreGemm, coreOptimizerStep, createWasmCore, type WasmCore } from '../../../../src/shared/nn/kernels/wasm-core';
import { GEMM_JOB } from '../../../../src/shared/nn/kernels/wasm-job-gemm';
import { stepKernels, type ChunkPlace, type JobKind } from '../../../../src/shared/nn/kernels/wasm-job-kind';
import { OPTIMIZER_STEP_JOB, stepWork } from '../../../../src/shared/nn/kernels/wasm-job-optimizer-step';
import { THREADED_MIN_WORK, type KernelThreads } from '../../../../src/shared/nn/kernels/wasm-threads';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { createRng } from '../../../../src/shared/nn/rng';

// The core of a wasm backend: the place an optimizer step's arguments go is reserved for the most
// the step passes (8 array pointers, 16 float64 scalars), so a step that passes all of them writes
// into no buffer reserved after it; and a product or a step large enough to share is handed to the
// threads as a job naming its dtype and arguments, a smaller one runs in one call.

/**
 * `core` with threads that may share any work of THREADED_MIN_WORK or more, and run a job's chunks
 * here, in reverse, as three threads would split it: a helper-thread run, on the calling thread.
 * `asked` and `jobs` record the work asked about and the jobs run.
 */
function sharingCore(core: WasmCore) {
  const place: ChunkPlace = { memory: core.arena.memory, work: core.work, steps: stepKernels(core.k, OPTIMIZER_NAMES, ''), steps64: stepKernels(core.k, OPTIMIZER_NAMES, '64') };
  const asked: number[] = [];
  const jobs: { kind: unknown; call: unknown }[] = [];
  const threads = {
    mayShare: (work: number) => (asked.push(work), work >= THREADED_MIN_WORK),
    run<Call>(kind: JobKind<never, Call>, call: Call) {
      jobs.push({ kind, call });
      const { args, total } = kind.plan(call, 3, core.k);
      for (let chunk = total - 1; chunk >= 0; chunk--) kind.chunk(core.k, args, chunk, place);
      return true;
    },
  } as unknown as KernelThreads;
  return { shared: { ...core, threads } satisfies WasmCore, asked, jobs };
}

const bytes = (array: Float32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

describe('wasm core', () => {
  it('keeps an optimizer step’s 16 scalars and 8 arrays in their own place: the next buffer is untouched', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const core = createWasmCore(dtype);
      const array = (length: number, value: number) => (dtype === 'float32' ? core.arena.float32(length) : core.arena.float64(length)).fill(value);
      // Reserved right after the step's place (createWasmCore reserves nothing later).
      const guard = core.arena.float64(64).fill(7);
      const param = array(8, 1);
      const grad = array(8, 0.5);
      const state = Array.from({ length: 6 }, () => array(8, 0));
      coreOptimizerStep(core, 'sgd', param, grad, state, new Array(16).fill(0.25));
      expect(Array.from(guard).every((v) => v === 7)).toBe(true);
      const expected = new Float64Array(8).fill(1);
      tsKernels.optimizerStep('sgd', expected, new Float64Array(8).fill(0.5), [], [0.25]);
      expect(Array.from(param)).toEqual(Array.from(expected));
    }
  });

  /** Each optimizer's state arrays and scalars (a third step; momentum with Nesterov). */
  const STEPS: Record<OptimizerName, { states: number; scalars: number[] }> = {
    sgd: { states: 0, scalars: [0.1] },
    momentum: { states: 1, scalars: [0.05, 0.9, 1] },
    rmsprop: { states: 1, scalars: [0.01, 0.9, 1e-8] },
    adam: { states: 2, scalars: [0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3] },
  };

  it('hands a product large enough to share to the threads as a gemm job, whose chunks give one call’s bits; a smaller one runs in one call', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const core = createWasmCore(dtype);
      const { shared, asked, jobs } = sharingCore(core);
      const rng = createRng(dtype === 'float32' ? 33 : 34);
      const array = (length: number) => {
        const values = dtype === 'float32' ? core.arena.float32(length) : core.arena.float64(length);
        for (let i = 0; i < length; i++) values[i] = rng.normal();
        return values;
      };
      // Just past the sharing threshold (2^20 multiply-adds), split by rows; then just below it.
      for (const [m, n, k] of [
        [65, 64, 256],
        [64, 64, 255],
      ]) {
        const a = array(k * m);
        const b = array(k * n);
        const c = array(m * n);
        const expected = c.slice();
        const a0 = a.slice();
        const b0 = b.slice();
        asked.length = jobs.length = 0;
        coreGemm(shared, true, false, m, n, k, 0.75, a, b, 0.5, c);
        // One call on a core of its own, with no threads.
        const alone = createWasmCore(dtype);
        coreGemm(alone, true, false, m, n, k, 0.75, a0, b0, 0.5, expected);
        expect(asked).toEqual([m * n * k]);
        const { arena } = core;
        const call = { double: dtype === 'float64', transA: true, transB: false, m, n, k, alpha: 0.75, a: arena.pointerOf(a), b: arena.pointerOf(b), beta: 0.5, c: arena.pointerOf(c) };
        expect(jobs, `${dtype} ${m}×${n}×${k}`).toEqual(m * n * k >= 1 << 20 ? [{ kind: GEMM_JOB, call }] : []);
        expect(bytes(c).equals(bytes(expected)), `${dtype} ${m}×${n}×${k}`).toBe(true);
      }
    }
  });

  it('hands a step large enough to share to the threads as an optimizer-step job, whose chunks give the ts bits; a smaller one runs in one call', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const core = createWasmCore(dtype);
      const { shared, asked, jobs } = sharingCore(core);
      const rng = createRng(dtype === 'float32' ? 31 : 32);
      // Just past the sharing threshold, not a whole number of vectors; then just below it.
      for (const n of [65_537, 65_535])
        for (const optimizer of OPTIMIZER_NAMES) {
          const { states, scalars } = STEPS[optimizer];
          // param, grad and the state (positive, as squared-gradient averages are).
          const arrays = Array.from({ length: 2 + states }, (_, i) => {
            const array = dtype === 'float32' ? core.arena.float32(n) : core.arena.float64(n);
            for (let j = 0; j < n; j++) array[j] = i < 2 ? rng.normal() : Math.abs(rng.normal());
            return array;
          });
          const expected = arrays.map((array) => array.slice());
          const start = arrays[0].slice();
          asked.length = jobs.length = 0;
          coreOptimizerStep(shared, optimizer, arrays[0], arrays[1], arrays.slice(2), scalars);
          tsKernels.optimizerStep(optimizer, expected[0], expected[1], expected.slice(2), scalars);
          expect(asked).toEqual([stepWork(n)]);
          const call = { double: dtype === 'float64', optimizer, arrays: core.step.arrays, scalars: core.step.scalars, n };
          expect(jobs, `${dtype} ${optimizer} ${n}`).toEqual(n > 65_536 ? [{ kind: OPTIMIZER_STEP_JOB, call }] : []);
          arrays.forEach((array, i) => {
            const want = expected[i];
            expect(bytes(array).equals(bytes(want)), `${dtype} ${optimizer} ${n} array ${i}`).toBe(true);
          });
          // The step moved the parameters (not a no-op on both sides).
          expect(bytes(start).equals(bytes(expected[0]))).toBe(false);
        }
    }
  });
});
