import { CHUNKS_PER_THREAD, defineJob } from './wasm-job-kind';

// The zero-skipping product of assembly/sparse-product.ts (sparse-product64.ts in float64),
// out[u, r] = Σ over list r of value · S[u, index], cut by unit panels when each chunk packs its
// own (the forward product: chunks of one panel × a share of the rows, so a few panels still
// spread evenly over the threads), else by list rows (the weight gradient, whose panels are packed once beforehand).
// Optionally one more chunk, taken first, sorts the lists by feature (transposeLists) for the
// weight gradient that follows, while the other threads multiply. Each output element is one
// accumulator lane summed in list order whatever the split, so any split gives the same bits.

/** Pointers and sizes of one sparseProduct call (see assembly/sparse-product.ts). */
export interface SparseProductCall {
  /** float64 S and out (sparseProduct64) rather than float32. */
  double: boolean;
  /** Where each list begins and ends in index and value (entry numbers, int32 arrays). */
  begins: number;
  ends: number;
  index: number;
  value: number;
  /** Whether the indices are uint16 (lists by sample) rather than int32. */
  narrow: boolean;
  /** Not 0: the values are 8-bit levels (one byte each) read through this palette (narrow lists only). */
  palette: number;
  /** Lists (rows of the compressed matrix), and their entries in all (the work is entries × units). */
  rows: number;
  nonzeros: number;
  /** S, units × len. */
  s: number;
  units: number;
  len: number;
  /** Panels of S already packed (packPanels), or 0 to have each chunk pack its own. */
  panels: number;
  out: number;
  ldOut: number;
  /** Optional: also sort the lists by feature (narrow lists only) into these. */
  sort?: ListSort;
}

/** Where transposeLists writes narrow lists sorted by feature (`len` features). */
export interface ListSort {
  starts: number;
  cursor: number;
  index: number;
  value: number;
}

export const SPARSE_PRODUCT_JOB = defineJob({
  name: 'sparse product',
  fields: {
    double: 'i32',
    begins: 'i32',
    ends: 'i32',
    index: 'i32',
    value: 'i32',
    narrow: 'i32',
    palette: 'i32',
    rows: 'i32',
    s: 'i32',
    units: 'i32',
    len: 'i32',
    panels: 'i32',
    out: 'i32',
    ldOut: 'i32',
    unitChunk: 'i32',
    unitBlocks: 'i32',
    rowChunk: 'i32',
    sortStarts: 'i32', // 0: no sort chunk
    sortCursor: 'i32',
    sortIndex: 'i32',
    sortValue: 'i32',
  },
  plan(call: SparseProductCall, threads, k) {
    const { double, begins, ends, index, value, palette, rows, s, units, len, panels, out, ldOut, sort } = call;
    const unitChunk = panels !== 0 || threads === 1 ? units : double ? k.sparsePanelUnits64() : k.sparsePanelUnits();
    const unitBlocks = Math.ceil(units / unitChunk);
    const rowBlocks = threads === 1 ? 1 : Math.min(rows, Math.ceil((threads * CHUNKS_PER_THREAD) / unitBlocks));
    const rowChunk = Math.max(1, Math.ceil(rows / rowBlocks));
    // One literal, not spreads of several: this runs for every product of a training step.
    const args = {
      double: double ? 1 : 0,
      begins,
      ends,
      index,
      value,
      narrow: call.narrow ? 1 : 0,
      palette,
      rows,
      s,
      units,
      len,
      panels,
      out,
      ldOut,
      unitChunk,
      unitBlocks,
      rowChunk,
      sortStarts: sort ? sort.starts : 0,
      sortCursor: sort ? sort.cursor : 0,
      sortIndex: sort ? sort.index : 0,
      sortValue: sort ? sort.value : 0,
    };
    // The sort is chunk 0: the longest chunk goes first, so the others even out around it.
    return { args, total: (sort ? 1 : 0) + unitBlocks * Math.ceil(rows / rowChunk) };
  },
  work: ({ nonzeros, units }) => nonzeros * units,
  shape: ({ double, panels, sort, rows, units, len }) => `S${double ? 'D' : ''}${panels !== 0 ? 'P' : 'U'}${sort ? 'S' : ''}${rows}×${units}×${len}`,
  chunk: (k, a, index, place) => {
    const product = a.sortStarts !== 0 ? index - 1 : index;
    if (product < 0) {
      k.transposeLists(a.begins, a.ends, a.index, a.value, a.palette, a.rows, a.len, a.sortStarts, a.sortCursor, a.sortIndex, a.sortValue);
      return;
    }
    const u0 = (product % a.unitBlocks) * a.unitChunk;
    const r0 = Math.floor(product / a.unitBlocks) * a.rowChunk;
    const [u1, r1] = [Math.min(a.units, u0 + a.unitChunk), Math.min(a.rows, r0 + a.rowChunk)];
    const multiply = a.double !== 0 ? k.sparseProduct64 : k.sparseProduct;
    multiply(a.begins, a.ends, a.index, a.value, a.narrow !== 0, a.palette, r0, r1, a.s, a.units, a.len, u0, u1, a.panels || place.work, a.panels !== 0, a.out, a.ldOut);
  },
});
