import { at64 } from './lanes';

// The small maps and reductions of Kernels (src/shared/nn/kernels/types.ts) over float64 arrays,
// each the TypeScript backend's loop (kernels/ts.ts) operation for operation, so the bits agree:
// the maps on two lanes at a time (each lane does what ts does to that element), the reductions
// in ts's order — four running sums over the indices ≡ 0, 1, 2, 3 (mod 4), which two f64x2
// accumulators hold, added as (s0 + s1) + (s2 + s3), then the last n mod 4 terms one by one.

/** Z[i, j] += bias[i] on a rows×cols matrix. */
export function addBias64(z: usize, bias: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const b = load<f64>(at64(bias, i));
    const bv = f64x2.splat(b);
    const row = at64(z, i * cols);
    let j = 0;
    for (; j + 2 <= cols; j += 2) v128.store(at64(row, j), f64x2.add(v128.load(at64(row, j)), bv));
    for (; j < cols; j++) store<f64>(at64(row, j), load<f64>(at64(row, j)) + b);
  }
}

/** Σ of the n values at x in the reductions' order. */
// @ts-ignore: decorator
@inline
function sum4(x: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    lo = f64x2.add(lo, v128.load(at64(x, i)));
    hi = f64x2.add(hi, v128.load(at64(x, i + 2)));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
  for (; i < n; i++) s += load<f64>(at64(x, i));
  return s;
}

/** out[i] = Σ_j M[i, j]. */
export function sumColumns64(matrix: usize, rows: i32, cols: i32, out: usize): void {
  for (let i = 0; i < rows; i++) store<f64>(at64(out, i), sum4(at64(matrix, i * cols), cols));
}

/** out[i] = x[i]·y[i]. */
export function multiply64(x: usize, y: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(at64(out, i), f64x2.mul(v128.load(at64(x, i)), v128.load(at64(y, i))));
  for (; i < n; i++) store<f64>(at64(out, i), load<f64>(at64(x, i)) * load<f64>(at64(y, i)));
}

/** y[i] += alpha·x[i]. */
export function axpy64(alpha: f64, x: usize, y: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(at64(y, i), f64x2.add(v128.load(at64(y, i)), f64x2.mul(a, v128.load(at64(x, i)))));
  for (; i < n; i++) store<f64>(at64(y, i), load<f64>(at64(y, i)) + alpha * load<f64>(at64(x, i)));
}

/** x[i] *= alpha. */
export function scale64(alpha: f64, x: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(at64(x, i), f64x2.mul(v128.load(at64(x, i)), a));
  for (; i < n; i++) store<f64>(at64(x, i), load<f64>(at64(x, i)) * alpha);
}

/** Σ x[i]². */
export function sumSquares64(x: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const l = v128.load(at64(x, i));
    const h = v128.load(at64(x, i + 2));
    lo = f64x2.add(lo, f64x2.mul(l, l));
    hi = f64x2.add(hi, f64x2.mul(h, h));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
  for (; i < n; i++) {
    const v = load<f64>(at64(x, i));
    s += v * v;
  }
  return s;
}

/** Σ (x[i] − y[i])². */
export function sumSquaredDifferences64(x: usize, y: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const l = f64x2.sub(v128.load(at64(x, i)), v128.load(at64(y, i)));
    const h = f64x2.sub(v128.load(at64(x, i + 2)), v128.load(at64(y, i + 2)));
    lo = f64x2.add(lo, f64x2.mul(l, l));
    hi = f64x2.add(hi, f64x2.mul(h, h));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
  for (; i < n; i++) {
    const d = load<f64>(at64(x, i)) - load<f64>(at64(y, i));
    s += d * d;
  }
  return s;
}

/**
 * Σ x[i], Σ x[i]² and how many x[i] lie below `below` or above `above` (NaN: neither), stored as
 * three float64 at `out`.
 */
export function summarize64(x: usize, n: i32, below: f64, above: f64, out: usize): void {
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
    const l = v128.load(at64(x, i));
    const h = v128.load(at64(x, i + 2));
    sumLo = f64x2.add(sumLo, l);
    sumHi = f64x2.add(sumHi, h);
    squaresLo = f64x2.add(squaresLo, f64x2.mul(l, l));
    squaresHi = f64x2.add(squaresHi, f64x2.mul(h, h));
    // A true comparison lane is −1: subtracting it counts.
    outsideLo = i64x2.sub(outsideLo, v128.or(f64x2.lt(l, lower), f64x2.gt(l, upper)));
    outsideHi = i64x2.sub(outsideHi, v128.or(f64x2.lt(h, lower), f64x2.gt(h, upper)));
  }
  let sum = f64x2.extract_lane(sumLo, 0) + f64x2.extract_lane(sumLo, 1) + (f64x2.extract_lane(sumHi, 0) + f64x2.extract_lane(sumHi, 1));
  let squares = f64x2.extract_lane(squaresLo, 0) + f64x2.extract_lane(squaresLo, 1) + (f64x2.extract_lane(squaresHi, 0) + f64x2.extract_lane(squaresHi, 1));
  const outside = i64x2.add(outsideLo, outsideHi);
  let count = i64x2.extract_lane(outside, 0) + i64x2.extract_lane(outside, 1);
  for (; i < n; i++) {
    const v = load<f64>(at64(x, i));
    sum += v;
    squares += v * v;
    count += i64(v < below || v > above);
  }
  store<f64>(out, sum);
  store<f64>(out, squares, 8);
  store<f64>(out, <f64>count, 16);
}
