import { describe, expect, it } from 'vitest';
import { WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { GEMM_JOB, type GemmCall } from '../../../../src/shared/nn/kernels/wasm-job-gemm';
import { CHUNKS_PER_THREAD } from '../../../../src/shared/nn/kernels/wasm-job-kind';
import { createKernelMemory, gemmWorkspaceBytes, instantiateKernels } from '../../../../src/shared/nn/kernels/wasm-module';
import { createRng } from '../../../../src/shared/nn/rng';

// The gemm job kind on its own, on the calling thread: how a call is cut (by rows when m ≥ n, else
// by columns; chunks aligned to the 4×8 tiles, at most CHUNKS_PER_THREAD per thread; one chunk
// alone), and that its chunks, run in any order, give the bits of one direct gemm call — for
// both dtypes, every transpose, and splits with a short last chunk, a single chunk (fewer rows
// than threads) and an exact tie m = n. wasm-threads.test.ts runs the same job on real helpers.

const call = (m: number, n: number, k: number, over: Partial<GemmCall> = {}): GemmCall => ({ double: false, transA: false, transB: false, m, n, k, alpha: 0.75, a: 0, b: 0, beta: 0.5, c: 0, ...over });

describe('the gemm job kind', () => {
  it('cuts a call by rows when m ≥ n and by columns otherwise, in tile-aligned chunks, at most CHUNKS_PER_THREAD per thread', () => {
    // [m, n, threads, by rows, chunk, chunks]
    const cases = [
      [130, 61, 3, 1, 16, 9], // 130 / 9 = 14.4 rows a chunk, up to whole 4-row tiles
      [100, 100, 3, 1, 12, 9], // a tie splits by rows
      [37, 515, 3, 0, 64, 9], // 515 / 9 = 57.2 columns, up to whole 8-column tiles
      [6, 90, 5, 0, 8, 12], // 90 / 15 = 6 columns: one tile
      [3, 2, 5, 1, 4, 1], // fewer rows than threads: one tile, one chunk
      [1000, 7, 2, 1, 168, 6],
    ] as const;
    for (const [m, n, threads, byRows, chunk, total] of cases) {
      const plan = GEMM_JOB.plan(call(m, n, 9, { double: true, transA: true }), threads, undefined as never);
      expect(plan, `${m}×${n} on ${threads}`).toEqual({ args: { double: 1, transA: 1, transB: 0, m, n, k: 9, alpha: 0.75, a: 0, b: 0, beta: 0.5, c: 0, byRows, chunk }, total });
      const [extent, align] = byRows ? [m, 4] : [n, 8];
      // The chunks cover the extent, and a tile less per chunk would need too many of them.
      expect(total * chunk).toBeGreaterThanOrEqual(extent);
      expect((total - 1) * chunk).toBeLessThan(extent);
      expect(total).toBeLessThanOrEqual(threads * CHUNKS_PER_THREAD);
      if (chunk > align) expect(Math.ceil(extent / (chunk - align))).toBeGreaterThan(threads * CHUNKS_PER_THREAD);
    }
  });

  it('keeps a call on one thread as one chunk of the whole extent', () => {
    for (const [m, n] of [
      [130, 61],
      [37, 515],
    ]) {
      const plan = GEMM_JOB.plan(call(m, n, 5, { transB: true }), 1, undefined as never);
      expect(plan).toEqual({ args: { double: 0, transA: 0, transB: 1, m, n, k: 5, alpha: 0.75, a: 0, b: 0, beta: 0.5, c: 0, byRows: m >= n ? 1 : 0, chunk: Math.max(m, n) }, total: 1 });
    }
  });

  it('counts a call’s work as its multiply-adds, and names its shape by dtype, transposes and sizes', () => {
    expect(GEMM_JOB.work(call(130, 61, 37))).toBe(130 * 61 * 37);
    const shapes = [false, true].flatMap((double) =>
      [false, true].flatMap((transA) => [false, true].flatMap((transB) => [call(130, 61, 37, { double, transA, transB }), call(130, 61, 36, { double, transA, transB }), call(61, 130, 37, { double, transA, transB })])),
    );
    const names = shapes.map((shape) => GEMM_JOB.shape!(shape));
    expect(new Set(names).size).toBe(shapes.length);
    // The same call shape (other arrays and scalars) is the same shape.
    expect(GEMM_JOB.shape!(call(130, 61, 37, { alpha: 2, a: 64, b: 128, beta: 0, c: 256 }))).toBe(GEMM_JOB.shape!(call(130, 61, 37)));
  });

  it('gives the bits of one gemm call with its chunks run in any order, in float32 and float64, for every transpose', () => {
    const memory = createKernelMemory(64);
    const k = instantiateKernels(memory);
    const arena = new WasmArena(memory, k.heapBase());
    const work = arena.reserve(gemmWorkspaceBytes(k));
    const place = { memory, work, steps: [], steps64: [] };
    const rng = createRng(11);
    // [m, n, k, threads, chunks]: a short last row chunk, a column split with a short last chunk,
    // fewer rows than threads (one chunk), a tie, and many one-tile column chunks; then a row and
    // a column split whose chunks start inside the kernels' packing blocks (gemm: 128 rows, 256
    // deep, 512 columns; gemm64: 64 rows, 256 deep, 256 columns) and span several of them: rows of
    // 36 from 300 (over 128 and 64), columns of 72 from 600 (one across 512), 270 columns (over
    // gemm64's 256), all 260 deep.
    const shapes = [
      [130, 61, 37, 3, 9],
      [37, 515, 20, 3, 9],
      [3, 2, 5, 5, 1],
      [64, 64, 16, 2, 6],
      [6, 90, 7, 5, 12],
      [300, 270, 260, 3, 9],
      [140, 600, 260, 3, 9],
    ] as const;
    for (const double of [false, true])
      for (const [m, n, depth, threads, chunks] of shapes)
        for (const [transA, transB] of [
          [false, false],
          [false, true],
          [true, false],
          [true, true],
        ]) {
          const array = (length: number) => {
            const out = double ? arena.float64(length) : arena.float32(length);
            for (let i = 0; i < length; i++) out[i] = rng.normal();
            return out;
          };
          const [a, b, expected] = [array(m * depth), array(depth * n), array(m * n)];
          const actual = double ? arena.float64(m * n) : arena.float32(m * n);
          actual.set(expected);
          const at = (array: Float32Array | Float64Array) => array.byteOffset;
          (double ? k.gemm64 : k.gemm)(transA, transB, m, n, depth, 0.75, at(a), at(b), 0.5, at(expected), 0, m, 0, n, work);
          const { args, total } = GEMM_JOB.plan({ double, transA, transB, m, n, k: depth, alpha: 0.75, a: at(a), b: at(b), beta: 0.5, c: at(actual) }, threads, k);
          expect(total, `${m}×${n} on ${threads}`).toBe(chunks);
          for (let chunk = total - 1; chunk >= 0; chunk--) GEMM_JOB.chunk(k, args, chunk, place);
          const bytes = (array: Float32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
          expect(bytes(actual).equals(bytes(expected)), `${double ? 'float64' : 'float32'} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${m}×${n}×${depth} in ${total}`).toBe(true);
        }
  });
});
