// Float64 views of float32 lanes. The TypeScript backend computes every update in float64 and
// rounds once when it stores; doing the same here makes those kernels (optimizer steps, axpy,
// scale, reductions) agree with it to the last bit instead of within float32 tolerance.

// @ts-ignore: decorator
@inline
export function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Lanes 0 and 1 as float64. */
// @ts-ignore: decorator
@inline
export function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2 and 3 as float64. */
// @ts-ignore: decorator
@inline
export function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** Two float64 pairs rounded back into four float32 lanes. */
// @ts-ignore: decorator
@inline
export function narrow(lo: v128, hi: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Sum of both float64 lanes. */
// @ts-ignore: decorator
@inline
export function total(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Address of float64 element `index` of the array at `base`. */
// @ts-ignore: decorator
@inline
export function at64(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}
