import { at, high, low, narrow, total } from './lanes';

// The small maps and reductions of Kernels (src/shared/nn/kernels/types.ts) over float32 arrays
// in linear memory. Single float32 operations (bias add, products) round exactly like the
// TypeScript backend's float64-then-store; the rest compute in float64 lanes for the same reason.

/** Z[i, j] += bias[i] on a rows×cols matrix. */
export function addBias(z: usize, bias: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const b = load<f32>(at(bias, i));
    const bv = f32x4.splat(b);
    const row = at(z, i * cols);
    let j = 0;
    for (; j + 4 <= cols; j += 4) v128.store(at(row, j), f32x4.add(v128.load(at(row, j)), bv));
    for (; j < cols; j++) store<f32>(at(row, j), load<f32>(at(row, j)) + b);
  }
}

/** out[i] = Σ_j M[i, j], accumulated in float64. */
export function sumColumns(matrix: usize, rows: i32, cols: i32, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const row = at(matrix, i * cols);
    let lo = f64x2.splat(0);
    let hi = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(at(row, j));
      lo = f64x2.add(lo, low(v));
      hi = f64x2.add(hi, high(v));
    }
    let s = total(lo) + total(hi);
    for (; j < cols; j++) s += <f64>load<f32>(at(row, j));
    store<f32>(at(out, i), <f32>s);
  }
}

/** out[i] = x[i]·y[i]. */
export function multiply(x: usize, y: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(out, i), f32x4.mul(v128.load(at(x, i)), v128.load(at(y, i))));
  for (; i < n; i++) store<f32>(at(out, i), load<f32>(at(x, i)) * load<f32>(at(y, i)));
}

/** y[i] += alpha·x[i]. */
export function axpy(alpha: f64, x: usize, y: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xv = v128.load(at(x, i));
    const yv = v128.load(at(y, i));
    v128.store(at(y, i), narrow(f64x2.add(low(yv), f64x2.mul(a, low(xv))), f64x2.add(high(yv), f64x2.mul(a, high(xv)))));
  }
  for (; i < n; i++) store<f32>(at(y, i), <f32>(<f64>load<f32>(at(y, i)) + alpha * <f64>load<f32>(at(x, i))));
}

/** x[i] *= alpha. */
export function scale(alpha: f64, x: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xv = v128.load(at(x, i));
    v128.store(at(x, i), narrow(f64x2.mul(low(xv), a), f64x2.mul(high(xv), a)));
  }
  for (; i < n; i++) store<f32>(at(x, i), <f32>(<f64>load<f32>(at(x, i)) * alpha));
}

/** Σ x[i]², accumulated in float64. */
export function sumSquares(x: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    const l = low(v);
    const h = high(v);
    lo = f64x2.add(lo, f64x2.mul(l, l));
    hi = f64x2.add(hi, f64x2.mul(h, h));
  }
  let s = total(lo) + total(hi);
  for (; i < n; i++) {
    const v = <f64>load<f32>(at(x, i));
    s += v * v;
  }
  return s;
}

/** Σ (x[i] − y[i])², accumulated in float64. */
export function sumSquaredDifferences(x: usize, y: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xv = v128.load(at(x, i));
    const yv = v128.load(at(y, i));
    const l = f64x2.sub(low(xv), low(yv));
    const h = f64x2.sub(high(xv), high(yv));
    lo = f64x2.add(lo, f64x2.mul(l, l));
    hi = f64x2.add(hi, f64x2.mul(h, h));
  }
  let s = total(lo) + total(hi);
  for (; i < n; i++) {
    const d = <f64>load<f32>(at(x, i)) - <f64>load<f32>(at(y, i));
    s += d * d;
  }
  return s;
}

/**
 * Σ x[i] and Σ x[i]² and how many x[i] lie below `below` or above `above` (NaN: neither), all in
 * float64 like the TypeScript backend, stored as three float64 at `out`: an activation's summary
 * for the run diagnostics.
 */
export function summarize(x: usize, n: i32, below: f64, above: f64, out: usize): void {
  let sumLo = f64x2.splat(0);
  let sumHi = f64x2.splat(0);
  let squaresLo = f64x2.splat(0);
  let squaresHi = f64x2.splat(0);
  let outsideLo = i64x2.splat(0);
  let outsideHi = i64x2.splat(0);
  const lower = f64x2.splat(below);
  const upper = f64x2.splat(above);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    const l = low(v);
    const h = high(v);
    sumLo = f64x2.add(sumLo, l);
    sumHi = f64x2.add(sumHi, h);
    squaresLo = f64x2.add(squaresLo, f64x2.mul(l, l));
    squaresHi = f64x2.add(squaresHi, f64x2.mul(h, h));
    // A true comparison lane is −1: subtracting it counts.
    outsideLo = i64x2.sub(outsideLo, v128.or(f64x2.lt(l, lower), f64x2.gt(l, upper)));
    outsideHi = i64x2.sub(outsideHi, v128.or(f64x2.lt(h, lower), f64x2.gt(h, upper)));
  }
  let sum = total(sumLo) + total(sumHi);
  let squares = total(squaresLo) + total(squaresHi);
  const outside = i64x2.add(outsideLo, outsideHi);
  let count = i64x2.extract_lane(outside, 0) + i64x2.extract_lane(outside, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(at(x, i));
    sum += v;
    squares += v * v;
    count += i64(v < below || v > above);
  }
  store<f64>(out, sum);
  store<f64>(out, squares, 8);
  store<f64>(out, <f64>count, 16);
}
