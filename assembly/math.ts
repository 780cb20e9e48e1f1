// Vectorized exp (Cephes' expf: range reduction to |r| ≤ ln2/2, a degree-6 polynomial, and the
// power of two assembled in the exponent bits) and tanh (a rational approximation) on four float32
// lanes. Accurate to a few ulp in float32, deterministic on every engine (plain wasm SIMD ops
// only), and NaN in ⇒ NaN out, so a diverging run still shows a NaN loss.

/** Above this e^x overflows float32; below −this it is 0. Clamping keeps 2^n finite. */
const EXP_LIMIT: f32 = 88.3762626647949;
const LOG2E: f32 = 1.44269504088896341;
/** ln 2 split in two so n·LN2_HI is exact for the n that occur. */
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/** 2^23 + 127: adding it to an integer-valued float leaves n + 127 in the low mantissa bits. */
const EXPONENT_MAGIC: f32 = 8388735;

/** e^x on each lane. */
// @ts-ignore: decorator
@inline
export function expv(x: v128): v128 {
  // pmax/pmin are single instructions (min/max must order NaN and ±0, which costs several);
  // with x as the first operand a NaN still passes through both.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-EXP_LIMIT)), f32x4.splat(EXP_LIMIT));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  // 2^n from its exponent bits: n + 127 ∈ [0, 254] after the clamp sits in the low bits of
  // n + EXPONENT_MAGIC, and shifting by 23 moves exactly it into the exponent field (a cheaper
  // float→int than trunc_sat, which must handle overflow). n = −127 gives exactly 0.
  const pow2 = i32x4.shl(f32x4.add(n, f32x4.splat(EXPONENT_MAGIC)), 23);
  return f32x4.mul(y, pow2);
}

/** Beyond this |x| the rational tanh below gives exactly ±1 (and larger inputs could exceed 1). */
const TANH_LIMIT: f32 = 7.90531110763549805;

/**
 * tanh on each lane: Eigen's minimax rational approximation x·P(x²)/Q(x²) on [−7.9, 7.9] (within
 * a few float32 ulp), and x itself below 4e-4 where the quotient would lose relative precision.
 * One division and no exp: about half the work of 1 − 2/(e^{2x} + 1).
 */
// @ts-ignore: decorator
@inline
export function tanhv(x: v128): v128 {
  // x first in pmin/pmax so that NaN passes through.
  const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(TANH_LIMIT)), f32x4.splat(-TANH_LIMIT));
  const z = f32x4.mul(c, c);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(4.89352455891786e-3));
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, z), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, z), f32x4.splat(2.2684346324390e-3));
  q = f32x4.add(f32x4.mul(q, z), f32x4.splat(4.89352518554385e-3));
  const quotient = f32x4.div(f32x4.mul(c, p), q);
  return v128.bitselect(x, quotient, f32x4.lt(f32x4.abs(x), f32x4.splat(0.0004)));
}

/** 1/(1 + e^{−x}) on each lane; e^{−x} saturates instead of overflowing, so the tails are 0 and 1. */
// @ts-ignore: decorator
@inline
export function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}
