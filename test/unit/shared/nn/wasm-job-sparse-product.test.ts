import { describe, expect, it } from 'vitest';
import { WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { SPARSE_PRODUCT_JOB, type SparseProductCall } from '../../../../src/shared/nn/kernels/wasm-job-sparse-product';
import { createKernelMemory, instantiateKernels } from '../../../../src/shared/nn/kernels/wasm-module';
import { createRng } from '../../../../src/shared/nn/rng';

// The sparse product job kind on its own, on the calling thread: how a call is cut (unit panels ×
// row shares when each chunk packs its own panels, rows alone when the panels are packed or on one
// thread), and that its chunks, run in reverse order, give the bits of one direct sparseProduct call
// (and of one transposeLists call for the sort chunk) — for both dtypes, wide and narrow lists,
// with and without packed panels, with a short last panel and fewer rows than chunks.

const call = (rows: number, units: number, over: Partial<SparseProductCall> = {}): SparseProductCall => ({
  double: false,
  begins: 8,
  ends: 12,
  index: 16,
  value: 20,
  narrow: false,
  palette: 0,
  rows,
  nonzeros: 77,
  s: 24,
  units,
  len: 9,
  panels: 0,
  out: 28,
  ldOut: rows,
  ...over,
});

const argsOf = (c: SparseProductCall, unitChunk: number, unitBlocks: number, rowChunk: number) => ({
  double: c.double ? 1 : 0,
  begins: c.begins,
  ends: c.ends,
  index: c.index,
  value: c.value,
  narrow: c.narrow ? 1 : 0,
  palette: c.palette,
  rows: c.rows,
  s: c.s,
  units: c.units,
  len: c.len,
  panels: c.panels,
  out: c.out,
  ldOut: c.ldOut,
  unitChunk,
  unitBlocks,
  rowChunk,
  sortStarts: c.sort ? c.sort.starts : 0,
  sortCursor: c.sort ? c.sort.cursor : 0,
  sortIndex: c.sort ? c.sort.index : 0,
  sortValue: c.sort ? c.sort.value : 0,
});

describe('the sparse product job kind', () => {
  const k = instantiateKernels(createKernelMemory(64));

  it('cuts a call into unit panels × row shares, or rows alone when the panels are packed, at most CHUNKS_PER_THREAD per thread', () => {
    const sort = { starts: 100, cursor: 200, index: 300, value: 400 };
    // [call, threads, unitChunk, unitBlocks, rowChunk, total]
    const cases = [
      [call(50, 100), 3, 28, 4, 17, 12], // 4 panels of 28 units (the last 16) × 3 row shares of 17
      [call(50, 100, { double: true }), 3, 14, 8, 25, 16], // float64 panels are 14 units wide
      [call(2, 30), 3, 28, 2, 1, 4], // fewer rows than the shares asked for: one row a chunk
      [call(50, 100, { panels: 4096 }), 3, 100, 1, 6, 9], // packed panels: all units, 9 row shares
      [call(50, 100), 1, 100, 1, 50, 1], // one thread: one chunk of everything
      [call(50, 100, { narrow: true, sort }), 3, 28, 4, 17, 13], // the sort is one chunk more
    ] as const;
    for (const [c, threads, unitChunk, unitBlocks, rowChunk, total] of cases)
      expect(SPARSE_PRODUCT_JOB.plan(c, threads, k), `${c.rows}×${c.units} on ${threads}`).toEqual({ args: argsOf(c, unitChunk, unitBlocks, rowChunk), total });
  });

  it('counts a call’s work as entries × units, and names its shape by dtype, panels, sort and sizes', () => {
    expect(SPARSE_PRODUCT_JOB.work(call(50, 100, { nonzeros: 77 }))).toBe(7700);
    const sort = { starts: 100, cursor: 200, index: 300, value: 400 };
    const shapes = [false, true].flatMap((double) =>
      [0, 4096].flatMap((panels) => [undefined, sort].flatMap((s) => [call(50, 100, { double, panels, sort: s }), call(50, 100, { double, panels, sort: s, len: 10 }), call(100, 50, { double, panels, sort: s })])),
    );
    expect(new Set(shapes.map((shape) => SPARSE_PRODUCT_JOB.shape!(shape))).size).toBe(shapes.length);
    // Other arrays of the same shape are the same shape.
    expect(SPARSE_PRODUCT_JOB.shape!(call(50, 100, { begins: 1000, s: 2000, out: 3000, panels: 8 }))).toBe(SPARSE_PRODUCT_JOB.shape!(call(50, 100, { panels: 16 })));
  });

  it('gives the bits of one sparseProduct call (and one transposeLists) with its chunks run in reverse order', () => {
    const memory = createKernelMemory(256);
    const kernels = instantiateKernels(memory);
    const arena = new WasmArena(memory, kernels.heapBase());
    const rng = createRng(5);
    const bytes = (pointer: number, length: number) => Buffer.from(new Uint8Array(memory.buffer, pointer, length));
    // [rows, units, len, threads]: a short last panel, and fewer rows than row shares.
    for (const [rows, units, len, threads] of [
      [50, 100, 40, 3],
      [2, 30, 17, 3],
    ])
      for (const double of [false, true])
        for (const narrow of [false, true])
          for (const packed of [false, true]) {
            const label = `${rows}×${units}×${len} ${double ? 'float64' : 'float32'} ${narrow ? 'narrow' : 'wide'}${packed ? ' packed' : ''}`;
            const x = arena.float32(rows * len);
            for (let i = 0; i < x.length; i++) x[i] = rng.next() < 0.3 ? rng.normal() : 0;
            const limit = rows * len + 4;
            const [starts, index, value] = [arena.reserve((rows + 1) * 4), arena.reserve(limit * 4 + 16), arena.reserve(limit * 4)];
            const nonzeros = (narrow ? kernels.compressRowsNarrow : kernels.compressRows)(x.byteOffset, rows, len, starts, index, value, 0, limit);
            const size = double ? 8 : 4;
            const s = arena.reserve(units * len * size);
            const sView = double ? new Float64Array(memory.buffer, s, units * len) : new Float32Array(memory.buffer, s, units * len);
            for (let i = 0; i < sView.length; i++) sView[i] = rng.normal();
            const work = arena.reserve(len * 28 * 8);
            let panels = 0;
            if (packed) {
              panels = arena.reserve((double ? kernels.panelsLength64(units, len) : kernels.panelsLength(units, len)) * size);
              (double ? kernels.packPanels64 : kernels.packPanels)(s, units, len, panels);
              // Packed panels are the only copy of S read: a chunk that packed S again would see NaN.
              sView.fill(Number.NaN);
            }
            // out with a guard after it, filled alike in both: no chunk may write past units × rows.
            const outBytes = (units * rows + 64) * size;
            const [expected, actual] = [arena.reserve(outBytes), arena.reserve(outBytes)];
            new Uint8Array(memory.buffer, expected, outBytes).fill(0x7d);
            new Uint8Array(memory.buffer, actual, outBytes).fill(0x7d);
            (double ? kernels.sparseProduct64 : kernels.sparseProduct)(starts, starts + 4, index, value, narrow, 0, 0, rows, s, units, len, 0, units, panels || work, packed, expected, rows);
            const sortRoom = () => ({ starts: arena.reserve((len + 1) * 4), cursor: arena.reserve(len * 4), index: arena.reserve(nonzeros * 4 + 16), value: arena.reserve(nonzeros * 4 + 16) });
            const [sortExpected, sort] = narrow ? [sortRoom(), sortRoom()] : [undefined, undefined];
            if (sortExpected) kernels.transposeLists(starts, starts + 4, index, value, 0, rows, len, sortExpected.starts, sortExpected.cursor, sortExpected.index, sortExpected.value);
            const c: SparseProductCall = { double, begins: starts, ends: starts + 4, index, value, narrow, palette: 0, rows, nonzeros, s, units, len, panels, out: actual, ldOut: rows, sort };
            const { args, total } = SPARSE_PRODUCT_JOB.plan(c, threads, kernels);
            expect(total, label).toBeGreaterThan(1);
            const place = { memory, work, steps: [], steps64: [] };
            for (let chunk = total - 1; chunk >= 0; chunk--) SPARSE_PRODUCT_JOB.chunk(kernels, args, chunk, place);
            expect(bytes(actual, outBytes).equals(bytes(expected, outBytes)), label).toBe(true);
            if (sort && sortExpected) {
              expect(bytes(sort.starts, (len + 1) * 4).equals(bytes(sortExpected.starts, (len + 1) * 4)), label).toBe(true);
              expect(bytes(sort.index, nonzeros * 4).equals(bytes(sortExpected.index, nonzeros * 4)), label).toBe(true);
              expect(bytes(sort.value, nonzeros * 4).equals(bytes(sortExpected.value, nonzeros * 4)), label).toBe(true);
            }
          }
  });

  it('reads no unit of S past its last, so an S that ends the memory is fine', () => {
    // 100 units: panels of 28, 28, 28 and 16, the last one ending exactly at S's end.
    const memory = createKernelMemory(64);
    const kernels = instantiateKernels(memory);
    const arena = new WasmArena(memory, kernels.heapBase());
    const [rows, units, len] = [6, 100, 9];
    const x = arena.float32(rows * len).fill(0);
    for (let r = 0; r < rows; r++) x[r * len + ((r * 5) % len)] = r + 1;
    const starts = arena.reserve((rows + 1) * 4);
    const [index, value] = [arena.reserve((rows * len + 4) * 4), arena.reserve((rows * len + 4) * 4)];
    const nonzeros = kernels.compressRows(x.byteOffset, rows, len, starts, index, value, 0, rows * len + 4);
    const [out, work] = [arena.float32(units * rows), arena.reserve(len * 28 * 4)];
    const s = memory.buffer.byteLength - units * len * 4;
    const sView = new Float32Array(memory.buffer, s, units * len);
    for (let i = 0; i < sView.length; i++) sView[i] = i % 7;
    const c: SparseProductCall = { double: false, begins: starts, ends: starts + 4, index, value, narrow: false, palette: 0, rows, nonzeros, s, units, len, panels: 0, out: out.byteOffset, ldOut: rows };
    const { args, total } = SPARSE_PRODUCT_JOB.plan(c, 3, kernels);
    for (let chunk = 0; chunk < total; chunk++) SPARSE_PRODUCT_JOB.chunk(kernels, args, chunk, { memory, work, steps: [], steps64: [] });
    // Row r has one entry, r + 1 at feature (5r) mod len: out[u, r] = (r + 1) · S[u, (5r) mod len].
    for (let u = 0; u < units; u++) for (let r = 0; r < rows; r++) expect(out[u * rows + r]).toBe((r + 1) * ((u * len + ((r * 5) % len)) % 7));
  });
});
