// Products with the network's input X that skip its zero entries. Images on a blank background
// are mostly zeros (Fashion-MNIST half, MNIST four fifths), and every zero of X is a column of
// multiply-adds the dense gemm does for nothing, in the forward product Z = W·X and in the weight
// gradient dW = dZ·Xᵀ alike.
//
// X is first compressed into lists (sparse-lists.ts): for each row of a matrix, its nonzero
// entries (column index, value) in column order. The forward product reads X by sample — the rows
// of Xᵀ — and the weight gradient by feature — the rows of X —, and both are then the same kernel:
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
import { entry, valueAt } from './list-entries';

/**
 * Widest panel: 28 units, seven accumulators. The sum of each accumulator waits on its own previous
 * add at every entry, so the more accumulators the better — up to the registers: with eight, V8
 * keeps some on the stack (an entry's eight loads, eight accumulators and the broadcast exceed the
 * 15 free registers). Widths compared in docs/perf-notes.md.
 */
const PANEL = 28;

/** Units of a full panel: sparseProduct's unit ranges start at multiples of it. */
export function sparsePanelUnits(): i32 {
  return PANEL;
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
