// The zero-skipping products of sparse-product.ts on float64: out[u, r] = Σ over the list of row r
// of value · S[u, index], S (units × len) and out float64, the lists' values float32 or 8-bit
// levels (the lists of a float32 dataset, sparse-lists.ts) taken as float64 exactly. S is packed
// transposed into panels of 14 units (8 or 4 for the last): one list entry is a broadcast and seven
// f64x2 multiply-adds.
//
// Each output element is one accumulator lane that starts at 0 and adds its terms in list order,
// which is index order: the dense products' order (gemm64.ts, and the ts backend's) with the
// terms of X's zeros left out. Adding a zero term (S·0 = ±0) to a sum that started at +0 never
// changes it, so for finite S these products give the dense ones' bits — whatever the panel width
// or the split of rows and units across threads.

import { at64 } from './lanes';
import { entry } from './list-entries';

/** Widest panel: 14 units, seven accumulators, as sparse-product.ts's 28 float32 units. */
const PANEL = 14;

/** Units of a full panel: sparseProduct64's unit ranges start at multiples of it. */
export function sparsePanelUnits64(): i32 {
  return PANEL;
}

/** The panel width for units [u, units): 14, or 8 or 4 for what is left at the end. */
// @ts-ignore: decorator
@inline
function panelWidth(left: i32): i32 {
  return left >= PANEL ? PANEL : left > 4 ? 8 : 4;
}

/** The list value at `p` as float64 in both lanes: a float32, or (V = u8) a level k read from the palette (sparse-lists.ts). */
// @ts-ignore: decorator
@inline
function valueAt64<V>(p: usize, palette: usize): v128 {
  if (sizeof<V>() == 1) return f64x2.splat(<f64>load<f32>(palette + (<usize>load<u8>(p) << 4)));
  return f64x2.splat(<f64>load<f32>(p));
}

/**
 * Packs rows [u, u + width) of S (units × len) transposed into `dst`: dst[q·width + t] =
 * S[u + t, q], zero for rows past `units`.
 */
function packPanel(s: usize, units: i32, len: i32, u: i32, width: i32, dst: usize): void {
  for (let t = 0; t < width; t += 2) {
    const r0 = at64(s, (u + t) * len);
    const r1 = at64(r0, len);
    let q = 0;
    if (u + t + 2 <= units) {
      for (; q + 2 <= len; q += 2) {
        const x = v128.load(at64(r0, q));
        const y = v128.load(at64(r1, q));
        const o = at64(dst, q * width + t);
        v128.store(o, i64x2.shuffle(x, y, 0, 2));
        v128.store(o + (<usize>width << 3), i64x2.shuffle(x, y, 1, 3));
      }
    }
    for (; q < len; q++) {
      const o = at64(dst, q * width + t);
      store<f64>(o, u + t < units ? load<f64>(at64(r0, q)) : 0);
      store<f64>(o, u + t + 1 < units ? load<f64>(at64(r1, q)) : 0, 8);
    }
  }
}

/** out[(u + t)·ldOut + r] = the lanes of acc, for the `valid` units that exist. */
// @ts-ignore: decorator
@inline
function storeLanes(acc: v128, t: i32, valid: i32, out: usize, ldOut: i32): void {
  const stride = <usize>ldOut << 3;
  const o = out + <usize>t * stride;
  if (t < valid) store<f64>(o, f64x2.extract_lane(acc, 0));
  if (t + 1 < valid) store<f64>(o + stride, f64x2.extract_lane(acc, 1));
}

/** One list against a 14-wide panel; `out` points at out[u, r]. I: i32 or u16 indices; V: f32 or u8 (level) values. */
function dot14<I, V>(index: usize, value: usize, palette: usize, begin: i32, end: i32, panel: usize, valid: i32, out: usize, ldOut: i32): void {
  let c0 = f64x2.splat(0);
  let c1 = f64x2.splat(0);
  let c2 = f64x2.splat(0);
  let c3 = f64x2.splat(0);
  let c4 = f64x2.splat(0);
  let c5 = f64x2.splat(0);
  let c6 = f64x2.splat(0);
  let ip = entry<I>(index, begin);
  let vp = entry<V>(value, begin);
  const stop = entry<V>(value, end);
  for (; vp < stop; vp += sizeof<V>(), ip += sizeof<I>()) {
    const v = valueAt64<V>(vp, palette);
    const row = panel + <usize>load<I>(ip) * 112;
    c0 = f64x2.add(c0, f64x2.mul(v, v128.load(row)));
    c1 = f64x2.add(c1, f64x2.mul(v, v128.load(row, 16)));
    c2 = f64x2.add(c2, f64x2.mul(v, v128.load(row, 32)));
    c3 = f64x2.add(c3, f64x2.mul(v, v128.load(row, 48)));
    c4 = f64x2.add(c4, f64x2.mul(v, v128.load(row, 64)));
    c5 = f64x2.add(c5, f64x2.mul(v, v128.load(row, 80)));
    c6 = f64x2.add(c6, f64x2.mul(v, v128.load(row, 96)));
  }
  storeLanes(c0, 0, valid, out, ldOut);
  storeLanes(c1, 2, valid, out, ldOut);
  storeLanes(c2, 4, valid, out, ldOut);
  storeLanes(c3, 6, valid, out, ldOut);
  storeLanes(c4, 8, valid, out, ldOut);
  storeLanes(c5, 10, valid, out, ldOut);
  storeLanes(c6, 12, valid, out, ldOut);
}

/** One list against an 8-wide panel. */
function dot8<I, V>(index: usize, value: usize, palette: usize, begin: i32, end: i32, panel: usize, valid: i32, out: usize, ldOut: i32): void {
  let c0 = f64x2.splat(0);
  let c1 = f64x2.splat(0);
  let c2 = f64x2.splat(0);
  let c3 = f64x2.splat(0);
  let ip = entry<I>(index, begin);
  let vp = entry<V>(value, begin);
  const stop = entry<V>(value, end);
  for (; vp < stop; vp += sizeof<V>(), ip += sizeof<I>()) {
    const v = valueAt64<V>(vp, palette);
    const row = panel + (<usize>load<I>(ip) << 6);
    c0 = f64x2.add(c0, f64x2.mul(v, v128.load(row)));
    c1 = f64x2.add(c1, f64x2.mul(v, v128.load(row, 16)));
    c2 = f64x2.add(c2, f64x2.mul(v, v128.load(row, 32)));
    c3 = f64x2.add(c3, f64x2.mul(v, v128.load(row, 48)));
  }
  storeLanes(c0, 0, valid, out, ldOut);
  storeLanes(c1, 2, valid, out, ldOut);
  storeLanes(c2, 4, valid, out, ldOut);
  storeLanes(c3, 6, valid, out, ldOut);
}

/** One list against a 4-wide panel. */
function dot4<I, V>(index: usize, value: usize, palette: usize, begin: i32, end: i32, panel: usize, valid: i32, out: usize, ldOut: i32): void {
  let c0 = f64x2.splat(0);
  let c1 = f64x2.splat(0);
  let ip = entry<I>(index, begin);
  let vp = entry<V>(value, begin);
  const stop = entry<V>(value, end);
  for (; vp < stop; vp += sizeof<V>(), ip += sizeof<I>()) {
    const v = valueAt64<V>(vp, palette);
    const row = panel + (<usize>load<I>(ip) << 5);
    c0 = f64x2.add(c0, f64x2.mul(v, v128.load(row)));
    c1 = f64x2.add(c1, f64x2.mul(v, v128.load(row, 16)));
  }
  storeLanes(c0, 0, valid, out, ldOut);
  storeLanes(c1, 2, valid, out, ldOut);
}

/** Doubles of the panels of S (units × len) packed one after another: what packPanels64 writes. */
export function panelsLength64(units: i32, len: i32): i32 {
  let doubles = 0;
  for (let u = 0; u < units; u += panelWidth(units - u)) doubles += panelWidth(units - u) * len;
  return doubles;
}

/** Packs every panel of S (units × len), one after another, for sparseProduct64 with `packed`. */
export function packPanels64(s: usize, units: i32, len: i32, dst: usize): void {
  for (let u = 0; u < units; u += panelWidth(units - u)) packPanel(s, units, len, u, panelWidth(units - u), at64(dst, u * len));
}

/**
 * sparseProduct (sparse-product.ts) on float64 S and out: the same arguments, with panels of 14
 * units and `panels` scratch of len·14 doubles when not `packed`.
 */
export function sparseProduct64(
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

// sparseProduct64's body for one list format (I: index type, V: value type).
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
    if (packed) panel = at64(panels, u * len);
    else packPanel(s, units, len, u, width, panel);
    for (let r = r0; r < r1; r++) {
      const begin = load<i32>(begins + (<usize>r << 2));
      const end = load<i32>(ends + (<usize>r << 2));
      const o = at64(out, u * ldOut + r);
      if (width == PANEL) dot14<I, V>(index, value, palette, begin, end, panel, valid, o, ldOut);
      else if (width == 8) dot8<I, V>(index, value, palette, begin, end, panel, valid, o, ldOut);
      else dot4<I, V>(index, value, palette, begin, end, panel, valid, o, ldOut);
    }
    u += width;
  }
}

/**
 * out (cols × rows, dense float64) = the transpose of the matrix given by its narrow lists by row,
 * as expandListsTransposed (sparse-lists.ts) does in float32.
 */
export function expandListsTransposed64(begins: usize, ends: usize, index: usize, value: usize, palette: usize, rows: i32, cols: i32, out: usize): void {
  memory.fill(out, 0, <usize>(rows * cols) << 3);
  for (let r = 0; r < rows; r++) {
    const stop = load<i32>(ends + (<usize>r << 2));
    for (let e = load<i32>(begins + (<usize>r << 2)); e < stop; e++) {
      const v: f64 = palette ? <f64>load<f32>(palette + (<usize>load<u8>(value + <usize>e) << 4)) : <f64>load<f32>(value + (<usize>e << 2));
      store<f64>(at64(out, <i32>load<u16>(entry<u16>(index, e)) * rows + r), v);
    }
  }
}
