import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../../../src/shared/schema/names';
import { WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { CHUNKS_PER_THREAD, stepKernels } from '../../../../src/shared/nn/kernels/wasm-job-kind';
import { OPTIMIZER_STEP_JOB, stepWork, type OptimizerStepCall } from '../../../../src/shared/nn/kernels/wasm-job-optimizer-step';
import { createKernelMemory, instantiateKernels } from '../../../../src/shared/nn/kernels/wasm-module';
import { createRng } from '../../../../src/shared/nn/rng';

// The optimizer-step job kind on its own, on the calling thread: how a step is cut (ranges of
// whole 4-parameter vectors, at most CHUNKS_PER_THREAD per thread; one range alone), and that its
// chunks, run in any order, give the bits of one call of the optimizer's kernel — every optimizer,
// both dtypes, a short last range. wasm-threads.test.ts runs the same job on real helpers.

const step = (n: number, over: Partial<OptimizerStepCall> = {}): OptimizerStepCall => ({ double: false, optimizer: 'adam', arrays: 64, scalars: 128, n, ...over });

/** Each optimizer's scalars as the optimizers pass them (momentum: Nesterov on). */
const SCALARS: Record<OptimizerName, number[]> = {
  sgd: [0.1],
  momentum: [0.05, 0.9, 1],
  rmsprop: [0.01, 0.9, 1e-8],
  adam: [0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3],
};

describe('the optimizer-step job kind', () => {
  it('cuts a step into ranges of whole vectors, at most CHUNKS_PER_THREAD per thread, and names the kernel by its place in OPTIMIZER_NAMES', () => {
    // [n, threads, chunk, chunks]
    const cases = [
      [100_003, 3, 11_112, 9], // 100,003 / 9 = 11,111.4, up to whole vectors: a short last range
      [65_536, 2, 10_924, 6],
      [65_536, 4, 5_464, 12],
    ] as const;
    for (const [n, threads, chunk, total] of cases)
      for (const [kernel, optimizer] of OPTIMIZER_NAMES.entries()) {
        const plan = OPTIMIZER_STEP_JOB.plan(step(n, { double: true, optimizer }), threads, undefined as never);
        expect(plan, `${optimizer} ${n} on ${threads}`).toEqual({ args: { double: 1, kernel, arrays: 64, scalars: 128, n, chunk }, total });
        expect(chunk % 4).toBe(0);
        expect((total - 1) * chunk).toBeLessThan(n);
        expect(total * chunk).toBeGreaterThanOrEqual(n);
        expect(total).toBeLessThanOrEqual(threads * CHUNKS_PER_THREAD);
        expect(Math.ceil(n / (chunk - 4))).toBeGreaterThan(threads * CHUNKS_PER_THREAD);
      }
  });

  it('keeps a step on one thread as one range, and an empty step as none', () => {
    expect(OPTIMIZER_STEP_JOB.plan(step(1001, { optimizer: 'sgd' }), 1, undefined as never)).toEqual({ args: { double: 0, kernel: 0, arrays: 64, scalars: 128, n: 1001, chunk: 1001 }, total: 1 });
    expect(OPTIMIZER_STEP_JOB.plan(step(0), 1, undefined as never)).toEqual({ args: { double: 0, kernel: 3, arrays: 64, scalars: 128, n: 0, chunk: 1 }, total: 0 });
  });

  it('counts a step’s work as 16 per parameter, and names its shape by dtype, optimizer and size', () => {
    expect(stepWork(65_536)).toBe(1 << 20);
    expect(OPTIMIZER_STEP_JOB.work(step(1001))).toBe(16_016);
    const calls = [false, true].flatMap((double) => OPTIMIZER_NAMES.flatMap((optimizer) => [step(70_000, { double, optimizer }), step(70_001, { double, optimizer })]));
    expect(new Set(calls.map((call) => OPTIMIZER_STEP_JOB.shape!(call))).size).toBe(calls.length);
    expect(OPTIMIZER_STEP_JOB.shape!(step(70_000, { arrays: 0, scalars: 8 }))).toBe(OPTIMIZER_STEP_JOB.shape!(step(70_000)));
  });

  it('gives the bits of one kernel call with its ranges run in any order, for every optimizer in float32 and float64', () => {
    const memory = createKernelMemory(64);
    const k = instantiateKernels(memory);
    const arena = new WasmArena(memory, k.heapBase());
    const place = { memory, work: 0, steps: stepKernels(k, OPTIMIZER_NAMES, ''), steps64: stepKernels(k, OPTIMIZER_NAMES, '64') };
    const arrays = arena.reserve(5 * 4);
    const scalars = arena.reserve(8 * 8);
    const pointers = new Int32Array(memory.buffer, arrays, 5);
    const n = 1001; // not a whole number of vectors: the last range has a scalar tail
    const rng = createRng(9);
    const bytes = (array: Float32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    for (const double of [false, true])
      for (const optimizer of OPTIMIZER_NAMES) {
        // param, grad and up to three state arrays (positive, as squared-gradient averages are).
        const start = Array.from({ length: 5 }, (_, i) => Float64Array.from({ length: n }, () => (i < 2 ? rng.normal() : Math.abs(rng.normal()))));
        const run = (steps: (from: number, to: number) => void) => {
          const sets = start.map((values) => {
            const array = double ? arena.float64(n) : arena.float32(n);
            array.set(values);
            return array;
          });
          sets.forEach((array, i) => (pointers[i] = array.byteOffset));
          new Float64Array(memory.buffer, scalars, 8).set(SCALARS[optimizer]);
          steps(0, n);
          return sets;
        };
        const kernel = (double ? place.steps64 : place.steps)[OPTIMIZER_NAMES.indexOf(optimizer)];
        const expected = run((from, to) => kernel(arrays, scalars, from, to));
        const { args, total } = OPTIMIZER_STEP_JOB.plan({ double, optimizer, arrays, scalars, n }, 7, k);
        expect(total).toBe(21);
        const actual = run(() => {
          for (let chunk = total - 1; chunk >= 0; chunk--) OPTIMIZER_STEP_JOB.chunk(k, args, chunk, place);
        });
        actual.forEach((array, i) => expect(bytes(array).equals(bytes(expected[i])), `${double ? 'float64' : 'float32'} ${optimizer} array ${i}`).toBe(true));
        // The step moved the parameters (not a no-op on both sides).
        expect(bytes(actual[0]).equals(bytes(double ? Float64Array.from(start[0]) : Float32Array.from(start[0])))).toBe(false);
      }
  });
});
