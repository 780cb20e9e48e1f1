// Products with the network's input X that skip its zero entries. Images on a blank background
// are mostly zeros (Fashion-MNIST half, MNIST four fifths), and every zero of X is a column of
// multiply-adds the dense gemm does for nothing, in the forward product Z = W·X and in the weight
// gradient dW = dZ·Xᵀ alike.
//
// X is first compressed into lists: for each row of a matrix, its nonzero entries (column index,
// value) in column order. The forward product reads X by sample — the rows of Xᵀ — and the weight
// gradient by feature — the rows of X —, and both are then the same kernel:
//   out[u, r] = Σ over the list of row r of value · S[u, index]
// with S = W (units × features) or dZ (units × samples). S is packed transposed into panels of 28
// units (16 or 8 for the last), so one list entry is a broadcast and seven vector multiply-adds
// into seven v128 accumulators — the same work per multiply-add as the dense micro-kernel, done
// only for the nonzeros.
//
// Each output element is one accumulator lane summed in list order, whatever the panel width or
// the split of rows and units across threads, so threaded and single-threaded runs agree to the
// bit. (They differ from the dense gemm in rounding only: it sums in 256-deep blocks.)

import { at } from './lanes';

/** i8x16.swizzle patterns that move the lanes set in a 4-bit mask to the front, in order. */
const COMPACT = memory.data<u8>([
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x04, 0x05, 0x06, 0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x08, 0x09, 0x0a, 0x0b, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x80, 0x80, 0x80, 0x80,
  0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x04, 0x05, 0x06, 0x07, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80,
  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80,
  0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80,
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
]);

/**
 * Widest panel: 28 units, seven accumulators. The sum of each accumulator waits on its own previous
 * add at every entry, so the more accumulators the better — up to the registers: measured, 32
 * units (eight) ran at half the speed per multiply-add of 16, because V8 then keeps some
 * accumulators on the stack (it issues all of an entry's loads first; eight loads, eight
 * accumulators and the broadcast exceed the 15 free registers). 24 units (six) was slower than 28.
 */
const PANEL = 28;

/** Units of a full panel: sparseProduct's unit ranges start at multiples of it. */
export function sparsePanelUnits(): i32 {
  return PANEL;
}

/** Entries of X that are not zero (NaN counts as nonzero, so it still reaches the output). */
export function countNonzeros(x: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let count = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) count += <i32>popcnt(i32x4.bitmask(f32x4.ne(v128.load(at(x, i)), zero)));
  for (; i < n; i++) count += i32(load<f32>(at(x, i)) != 0);
  return count;
}

/**
 * The lists of a rows×cols matrix: row r's nonzero entries are index[starts[r] … starts[r + 1]) (their
 * columns) and value[…] (their values), numbered from `first` (so a large matrix can be compressed
 * a block of rows at a time into one set of lists). Nothing is written at entry `limit` or past it:
 * the compaction stores whole vectors of 4 entries, of which only the nonzeros count, so near
 * `limit` it stores entry by entry. Calls that fill one set of lists side by side (on several
 * threads) pass the next call's first entry; a lone call passes the room it has, which may then be
 * the nonzeros plus 4 to keep to whole vectors. Returns first + the number of nonzeros. Indices
 * are int32 here; compressRowsNarrow stores them as uint16.
 */
export function compressRows(x: usize, rows: i32, cols: i32, starts: usize, index: usize, value: usize, first: i32, limit: i32): i32 {
  return compress<i32, f32>(x, rows, cols, starts, index, value, first, limit);
}

/**
 * compressRows with uint16 indices (cols ≤ 65,536): the lists by sample, whose indices are
 * features, take 6 bytes per nonzero instead of 8 — a quarter less memory for a whole dataset's
 * lists (wasm-dataset-lists.ts), for the same kernels' work.
 */
export function compressRowsNarrow(x: usize, rows: i32, cols: i32, starts: usize, index: usize, value: usize, first: i32, limit: i32): i32 {
  return compress<u16, f32>(x, rows, cols, starts, index, value, first, limit);
}

/**
 * compressRowsNarrow for a matrix of 8-bit levels only (check with eightBitLevels: any other value
 * would be stored as its nearest level): each value is stored as its level k in one byte, which the
 * kernels read back through a palette of k / 255 (valueAt) — 3 bytes per nonzero in all.
 */
export function compressRowsLevels(x: usize, rows: i32, cols: i32, starts: usize, index: usize, codes: usize, first: i32, limit: i32): i32 {
  return compress<u16, u8>(x, rows, cols, starts, index, codes, first, limit);
}

/**
 * 1 when every value of x[0 … n) is an 8-bit level — 0 or float32(k / 255) for a whole k up to 255,
 * what an 8-bit image scaled to [0, 1] holds (Fashion-MNIST, a folder of PNGs) — else 0. (An i32,
 * not a bool: a bool reaches JavaScript as 0 or 1 while the generated types would say boolean.)
 */
export function eightBitLevels(x: usize, n: i32): i32 {
  const scale = f32x4.splat(255);
  const zero = f32x4.splat(0);
  let ok = i32x4.splat(-1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    const k = f32x4.nearest(f32x4.mul(v, scale));
    ok = v128.and(ok, v128.and(f32x4.eq(f32x4.div(k, scale), v), v128.and(f32x4.ge(k, zero), f32x4.le(k, scale))));
  }
  let all = i32x4.all_true(ok);
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    const k = nearest<f32>(v * 255);
    all = all && k / 255 == v && k >= 0 && k <= 255;
  }
  return <i32>all;
}

/** Address of entry e of an array of T (an index: i32 or u16; a value: f32, or u8 for a level). */
// @ts-ignore: decorator
@inline
function entry<T>(array: usize, e: i32): usize {
  return array + (<usize>e << alignof<T>());
}

/**
 * The value at `p` in all four lanes: a float32, or (V = u8) a level k read from the palette: 256
 * vectors of four float32(k / 255), made by the JavaScript side (see wasm-dataset-lists.ts).
 */
// @ts-ignore: decorator
@inline
function valueAt<V>(p: usize, palette: usize): v128 {
  if (sizeof<V>() == 1) return v128.load(palette + (<usize>load<u8>(p) << 4));
  return v128.load32_splat(p);
}

/** One value of a narrow list (float32, or a level when there is a palette). */
// @ts-ignore: decorator
@inline
function scalarAt(value: usize, palette: usize, e: i32): f32 {
  return palette ? load<f32>(palette + (<usize>load<u8>(value + <usize>e) << 4)) : load<f32>(at(value, e));
}

/** Stores column c of a row as the entry at `count` when it is not zero; returns the next entry. */
// @ts-ignore: decorator
@inline
function storeEntry<I, V>(row: usize, c: i32, index: usize, value: usize, count: i32): i32 {
  const v = load<f32>(at(row, c));
  if (v == 0) return count;
  store<I>(entry<I>(index, count), <I>c);
  if (sizeof<V>() == 4) store<f32>(entry<V>(value, count), v);
  else store<u8>(entry<V>(value, count), <u8>nearest<f32>(v * 255));
  return count + 1;
}

// @ts-ignore: decorator
@inline
function compress<I, V>(x: usize, rows: i32, cols: i32, starts: usize, index: usize, value: usize, first: i32, limit: i32): i32 {
  let count = first;
  for (let r = 0; r < rows; r++) {
    store<i32>(at(starts, r), count);
    const row = at(x, r * cols);
    // A row adds at most `cols` entries, and its stores reach at most 3 past the last: only rows
    // that may come that close to `limit` (the last one or two of a chunk) check it at every vector.
    count = count + cols + 4 <= limit ? compressRow<I, V>(row, cols, index, value, count, limit, false) : compressRow<I, V>(row, cols, index, value, count, limit, true);
  }
  store<i32>(at(starts, rows), count);
  return count;
}

/** One row of compress, from entry `count`; returns the entry after its last. */
// @ts-ignore: decorator
@inline
function compressRow<I, V>(row: usize, cols: i32, index: usize, value: usize, count: i32, limit: i32, nearLimit: bool): i32 {
  const zero = f32x4.splat(0);
  const levels = f32x4.splat(255);
  const step = i32x4.splat(4);
  let columns = i32x4(0, 1, 2, 3);
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    if (nearLimit && count + 4 > limit) {
      for (let lane = 0; lane < 4; lane++) count = storeEntry<I, V>(row, c + lane, index, value, count);
      columns = i32x4.add(columns, step);
      continue;
    }
    const v = v128.load(at(row, c));
    const mask = i32x4.bitmask(f32x4.ne(v, zero));
    const pattern = v128.load(COMPACT + (<usize>mask << 4));
    const values = i8x16.swizzle(v, pattern);
    if (sizeof<V>() == 4) v128.store(entry<V>(value, count), values);
    else {
      const k = i32x4.trunc_sat_f32x4_u(f32x4.nearest(f32x4.mul(values, levels)));
      const k16 = i16x8.narrow_i32x4_u(k, k);
      store<u32>(entry<V>(value, count), i32x4.extract_lane(i8x16.narrow_i16x8_u(k16, k16), 0));
    }
    const kept = i8x16.swizzle(columns, pattern);
    if (sizeof<I>() == 4) v128.store(entry<I>(index, count), kept);
    else store<u64>(entry<I>(index, count), i64x2.extract_lane(i16x8.narrow_i32x4_u(kept, kept), 0));
    count += <i32>popcnt(mask);
    columns = i32x4.add(columns, step);
  }
  for (; c < cols; c++) count = storeEntry<I, V>(row, c, index, value, count);
  return count;
}

/**
 * The lists by column of a matrix given by its narrow lists by row (rows [0, rows), row r's entries
 * at begins[r] … ends[r], uint16 indices; float32 values, or levels when `palette` is not 0):
 * column c's entries are outIndex[starts[c] … starts[c + 1]) (their rows, int32, in increasing
 * order) and outValue[…] (float32) — what compressRows makes of the transposed matrix, entry for
 * entry. `cursor` is scratch for `cols` ints. A counting sort: count, offsets, place.
 */
export function transposeLists(
  begins: usize,
  ends: usize,
  index: usize,
  value: usize,
  palette: usize,
  rows: i32,
  cols: i32,
  starts: usize,
  cursor: usize,
  outIndex: usize,
  outValue: usize,
): void {
  memory.fill(cursor, 0, <usize>cols << 2);
  for (let r = 0; r < rows; r++) {
    const stop = load<i32>(at(ends, r));
    for (let e = load<i32>(at(begins, r)); e < stop; e++) {
      const counter = at(cursor, load<u16>(entry<u16>(index, e)));
      store<i32>(counter, load<i32>(counter) + 1);
    }
  }
  let offset = 0;
  for (let c = 0; c < cols; c++) {
    store<i32>(at(starts, c), offset);
    const count = load<i32>(at(cursor, c));
    store<i32>(at(cursor, c), offset);
    offset += count;
  }
  store<i32>(at(starts, cols), offset);
  for (let r = 0; r < rows; r++) {
    const stop = load<i32>(at(ends, r));
    for (let e = load<i32>(at(begins, r)); e < stop; e++) {
      const counter = at(cursor, load<u16>(entry<u16>(index, e)));
      const position = load<i32>(counter);
      store<i32>(counter, position + 1);
      store<i32>(at(outIndex, position), r);
      store<f32>(at(outValue, position), scalarAt(value, palette, e));
    }
  }
}

/**
 * out (cols × rows, dense) = the transpose of the matrix given by its narrow lists by row (row r's
 * entries at begins[r] … ends[r]; levels when `palette` is not 0): the dense form of a batch picked
 * as lists, for a caller that needs it.
 */
export function expandListsTransposed(begins: usize, ends: usize, index: usize, value: usize, palette: usize, rows: i32, cols: i32, out: usize): void {
  memory.fill(out, 0, <usize>(rows * cols) << 2);
  for (let r = 0; r < rows; r++) {
    const stop = load<i32>(at(ends, r));
    for (let e = load<i32>(at(begins, r)); e < stop; e++) store<f32>(at(out, <i32>load<u16>(entry<u16>(index, e)) * rows + r), scalarAt(value, palette, e));
  }
}

/**
 * Transposes the 4×4 block whose rows start at `src` (`srcStride` bytes apart) into four rows at
 * `dst` (`dstStride` bytes apart).
 */
// @ts-ignore: decorator
@inline
function transposeBlock(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const x0 = v128.load(src);
  const x1 = v128.load(src + srcStride);
  const x2 = v128.load(src + 2 * srcStride);
  const x3 = v128.load(src + 3 * srcStride);
  const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * out (cols×rows) = xᵀ for a rows×cols matrix x, in 4×4 blocks taken sixteen rows of x at a time,
 * so each step writes whole 64-byte lines of out: with four rows at a time, a wide x made every
 * line of out leave the L1 cache between its four partial writes (measured 4× slower).
 */
export function transpose(x: usize, rows: i32, cols: i32, out: usize): void {
  const inStride = <usize>cols << 2;
  const outStride = <usize>rows << 2;
  const quads = cols & ~3;
  let r = 0;
  for (; r + 16 <= rows; r += 16) {
    const src = at(x, r * cols);
    for (let c = 0; c < quads; c += 4) {
      const s = src + (<usize>c << 2);
      const d = at(out, c * rows + r);
      transposeBlock(s, inStride, d, outStride);
      transposeBlock(s + 4 * inStride, inStride, d + 16, outStride);
      transposeBlock(s + 8 * inStride, inStride, d + 32, outStride);
      transposeBlock(s + 12 * inStride, inStride, d + 48, outStride);
    }
  }
  for (; r + 4 <= rows; r += 4) {
    for (let c = 0; c < quads; c += 4) transposeBlock(at(x, r * cols + c), inStride, at(out, c * rows + r), outStride);
  }
  // The last rows (fewer than 4) and the last columns (fewer than 4), element by element.
  for (let i = r; i < rows; i++) {
    for (let c = 0; c < quads; c++) store<f32>(at(out, c * rows + i), load<f32>(at(x, i * cols + c)));
  }
  for (let c = quads; c < cols; c++) {
    for (let i = 0; i < rows; i++) store<f32>(at(out, c * rows + i), load<f32>(at(x, i * cols + c)));
  }
}

/** The panel width for units [u, units): 28, or 16 or 8 for what is left at the end. */
// @ts-ignore: decorator
@inline
function panelWidth(left: i32): i32 {
  return left >= PANEL ? PANEL : left > 8 ? 16 : 8;
}

/**
 * Packs rows [u, u + width) of S (units × len) transposed into `dst`: dst[q·width + t] =
 * S[u + t, q], zero for rows past `units`.
 */
function packPanel(s: usize, units: i32, len: i32, u: i32, width: i32, dst: usize): void {
  for (let t = 0; t < width; t += 4) {
    if (u + t + 4 <= units) {
      const r0 = at(s, (u + t) * len);
      const stride = <usize>len << 2;
      let q = 0;
      for (; q + 4 <= len; q += 4) {
        const offset = <usize>q << 2;
        const x0 = v128.load(r0 + offset);
        const x1 = v128.load(r0 + stride + offset);
        const x2 = v128.load(r0 + 2 * stride + offset);
        const x3 = v128.load(r0 + 3 * stride + offset);
        const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
        const t1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
        const t2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
        const o = at(dst, q * width + t);
        const outStride = <usize>width << 2;
        v128.store(o, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
        v128.store(o + outStride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
        v128.store(o + 2 * outStride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
        v128.store(o + 3 * outStride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
      }
      for (; q < len; q++) {
        for (let i = 0; i < 4; i++) store<f32>(at(dst, q * width + t + i), load<f32>(at(s, (u + t + i) * len + q)));
      }
    } else {
      for (let q = 0; q < len; q++) {
        for (let i = 0; i < 4; i++) {
          const unit = u + t + i;
          store<f32>(at(dst, q * width + t + i), unit < units ? load<f32>(at(s, unit * len + q)) : 0);
        }
      }
    }
  }
}

/** out[(u + t)·ldOut + r] = lane t of the accumulators, for the `valid` units that exist. */
// @ts-ignore: decorator
@inline
function storeLanes(acc: v128, t: i32, valid: i32, out: usize, ldOut: i32): void {
  const stride = <usize>ldOut << 2;
  const o = out + <usize>t * stride;
  if (t + 4 <= valid) {
    store<f32>(o, f32x4.extract_lane(acc, 0));
    store<f32>(o + stride, f32x4.extract_lane(acc, 1));
    store<f32>(o + 2 * stride, f32x4.extract_lane(acc, 2));
    store<f32>(o + 3 * stride, f32x4.extract_lane(acc, 3));
  } else {
    if (t < valid) store<f32>(o, f32x4.extract_lane(acc, 0));
    if (t + 1 < valid) store<f32>(o + stride, f32x4.extract_lane(acc, 1));
    if (t + 2 < valid) store<f32>(o + 2 * stride, f32x4.extract_lane(acc, 2));
    if (t + 3 < valid) store<f32>(o + 3 * stride, f32x4.extract_lane(acc, 3));
  }
}

/**
 * One list against a 28-wide panel; `out` points at out[u, r]. I: the index type, i32 or u16; V: the
 * value type, f32 or u8 (a level, through `palette`).
 */
function dot28<I, V>(index: usize, value: usize, palette: usize, begin: i32, end: i32, panel: usize, valid: i32, out: usize, ldOut: i32): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0);
  let c5 = f32x4.splat(0);
  let c6 = f32x4.splat(0);
  let ip = entry<I>(index, begin);
  let vp = entry<V>(value, begin);
  const stop = entry<V>(value, end);
  for (; vp < stop; vp += sizeof<V>(), ip += sizeof<I>()) {
    const v = valueAt<V>(vp, palette);
    const row = panel + <usize>load<I>(ip) * 112;
    c0 = f32x4.add(c0, f32x4.mul(v, v128.load(row)));
    c1 = f32x4.add(c1, f32x4.mul(v, v128.load(row, 16)));
    c2 = f32x4.add(c2, f32x4.mul(v, v128.load(row, 32)));
    c3 = f32x4.add(c3, f32x4.mul(v, v128.load(row, 48)));
    c4 = f32x4.add(c4, f32x4.mul(v, v128.load(row, 64)));
    c5 = f32x4.add(c5, f32x4.mul(v, v128.load(row, 80)));
    c6 = f32x4.add(c6, f32x4.mul(v, v128.load(row, 96)));
  }
  storeLanes(c0, 0, valid, out, ldOut);
  storeLanes(c1, 4, valid, out, ldOut);
  storeLanes(c2, 8, valid, out, ldOut);
  storeLanes(c3, 12, valid, out, ldOut);
  storeLanes(c4, 16, valid, out, ldOut);
  storeLanes(c5, 20, valid, out, ldOut);
  storeLanes(c6, 24, valid, out, ldOut);
}

/** One list against a 16-wide panel. */
function dot16<I, V>(index: usize, value: usize, palette: usize, begin: i32, end: i32, panel: usize, valid: i32, out: usize, ldOut: i32): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0);
  let ip = entry<I>(index, begin);
  let vp = entry<V>(value, begin);
  const stop = entry<V>(value, end);
  for (; vp < stop; vp += sizeof<V>(), ip += sizeof<I>()) {
    const v = valueAt<V>(vp, palette);
    const row = panel + (<usize>load<I>(ip) << 6);
    c0 = f32x4.add(c0, f32x4.mul(v, v128.load(row)));
    c1 = f32x4.add(c1, f32x4.mul(v, v128.load(row, 16)));
    c2 = f32x4.add(c2, f32x4.mul(v, v128.load(row, 32)));
    c3 = f32x4.add(c3, f32x4.mul(v, v128.load(row, 48)));
  }
  storeLanes(c0, 0, valid, out, ldOut);
  storeLanes(c1, 4, valid, out, ldOut);
  storeLanes(c2, 8, valid, out, ldOut);
  storeLanes(c3, 12, valid, out, ldOut);
}

/** One list against an 8-wide panel. */
function dot8<I, V>(index: usize, value: usize, palette: usize, begin: i32, end: i32, panel: usize, valid: i32, out: usize, ldOut: i32): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let ip = entry<I>(index, begin);
  let vp = entry<V>(value, begin);
  const stop = entry<V>(value, end);
  for (; vp < stop; vp += sizeof<V>(), ip += sizeof<I>()) {
    const v = valueAt<V>(vp, palette);
    const row = panel + (<usize>load<I>(ip) << 5);
    c0 = f32x4.add(c0, f32x4.mul(v, v128.load(row)));
    c1 = f32x4.add(c1, f32x4.mul(v, v128.load(row, 16)));
  }
  storeLanes(c0, 0, valid, out, ldOut);
  storeLanes(c1, 4, valid, out, ldOut);
}

/** Floats of the panels of S (units × len) packed one after another: what packPanels writes. */
export function panelsLength(units: i32, len: i32): i32 {
  let floats = 0;
  for (let u = 0; u < units; u += panelWidth(units - u)) floats += panelWidth(units - u) * len;
  return floats;
}

/** Packs every panel of S (units × len), one after another, for sparseProduct with `packed`. */
export function packPanels(s: usize, units: i32, len: i32, dst: usize): void {
  for (let u = 0; u < units; u += panelWidth(units - u)) packPanel(s, units, len, u, panelWidth(units - u), at(dst, u * len));
}

/**
 * out[u, r] = Σ over the list of row r of value · S[u, index], for rows [r0, r1) of the lists and
 * units [u0, u1) of S (units × len); u0 starts a panel (a multiple of 28 or the start of the last
 * panels). Row r's list is entries begins[r] … ends[r] of index and value (lists made by
 * compressRows: begins = starts, ends = starts + 4 bytes; or lists picked from larger ones);
 * `narrow`: its indices are uint16 (compressRowsNarrow), else int32; `palette` not 0: its values
 * are levels (compressRowsLevels, narrow lists only). `packed` > 0: the panels are
 * already at `panels` (packPanels); 0: each is packed here into `panels`, scratch of len·28 floats.
 * out has row stride ldOut.
 */
export function sparseProduct(
  begins: usize,
  ends: usize,
  index: usize,
  value: usize,
  narrow: bool,
  palette: usize,
  r0: i32,
  r1: i32,
  s: usize,
  units: i32,
  len: i32,
  u0: i32,
  u1: i32,
  panels: usize,
  packed: bool,
  out: usize,
  ldOut: i32,
): void {
  if (!narrow) productOf<i32, f32>(begins, ends, index, value, 0, r0, r1, s, units, len, u0, u1, panels, packed, out, ldOut);
  else if (palette) productOf<u16, u8>(begins, ends, index, value, palette, r0, r1, s, units, len, u0, u1, panels, packed, out, ldOut);
  else productOf<u16, f32>(begins, ends, index, value, 0, r0, r1, s, units, len, u0, u1, panels, packed, out, ldOut);
}

// sparseProduct's body for one list format (I: index type, V: value type). The exported function
// only dispatches: an export cannot be generic, and each format needs its own compiled loop.
function productOf<I, V>(
  begins: usize,
  ends: usize,
  index: usize,
  value: usize,
  palette: usize,
  r0: i32,
  r1: i32,
  s: usize,
  units: i32,
  len: i32,
  u0: i32,
  u1: i32,
  panels: usize,
  packed: bool,
  out: usize,
  ldOut: i32,
): void {
  for (let u = u0; u < u1; ) {
    const width = panelWidth(units - u);
    const valid = min(width, units - u);
    let panel = panels;
    if (packed) panel = at(panels, u * len);
    else packPanel(s, units, len, u, width, panel);
    for (let r = r0; r < r1; r++) {
      const begin = load<i32>(at(begins, r));
      const end = load<i32>(at(ends, r));
      const o = at(out, u * ldOut + r);
      if (width == PANEL) dot28<I, V>(index, value, palette, begin, end, panel, valid, o, ldOut);
      else if (width == 16) dot16<I, V>(index, value, palette, begin, end, panel, valid, o, ldOut);
      else dot8<I, V>(index, value, palette, begin, end, panel, valid, o, ldOut);
    }
    u += width;
  }
}
