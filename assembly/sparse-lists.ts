// The zero-skipping form of a matrix (see sparse-product.ts for what it is for): for each row, its
// nonzero entries (column index, value) in column order — "lists". Built from a dense matrix, a
// block of rows at a time on any thread (compressRows*), sorted into the lists of the transposed
// matrix (transposeLists), or expanded back (expandListsTransposed). Indices are int32 or uint16
// (narrow); values float32, or 8-bit levels k / 255 kept as k in one byte (see list-entries.ts).

import { at } from './lanes';
import { entry, scalarAt } from './list-entries';

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

