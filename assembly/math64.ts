// e^x, e^x − 1 and tanh x on float64: line-by-line ports of the project's own functions
// (src/shared/nn/math/exp.ts and tanh.ts, themselves ports of musl/fdlibm), the same operations in
// the same order — no fused multiply-add, k truncated as `| 0` truncates — so the float64 wasm
// kernels compute the bits the TypeScript backend computes. See those files for the algorithms,
// their constants and their error bounds.

/** 2^n for an integer n ∈ [−1022, 1023], from its exponent bits (exact, like exp.ts's table). */
// @ts-ignore: decorator
@inline
function powerOfTwo(n: i32): f64 {
  return reinterpret<f64>(<u64>(n + 1023) << 52);
}

/** 2^1023 and 2^-1022 · 2^53, as in words.ts. */
const TWO_1023: f64 = 8.98846567431158e307;
const TWO_M969: f64 = 2.004168360008973e-292;

/** x·2^n, exact unless the result overflows or is subnormal (musl's scalbn, as words.ts). */
function scalbn(x: f64, n: i32): f64 {
  let y = x;
  if (n > 1023) {
    y *= TWO_1023;
    n -= 1023;
    if (n > 1023) {
      y *= TWO_1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    y *= TWO_M969;
    n += 1022 - 53;
    if (n < -1022) {
      y *= TWO_M969;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * powerOfTwo(n);
}

/** e^x (exp.ts's exp). */
export function exp64(x: f64): f64 {
  const LN2_HI: f64 = 0.6931471803691238;
  const LN2_LO: f64 = 1.9082149292705877e-10;
  const INV_LN2: f64 = 1.4426950408889634;
  const P1: f64 = 0.16666666666666602;
  const P2: f64 = -0.0027777777777015593;
  const P3: f64 = 6.613756321437934e-5;
  const P4: f64 = -1.6533902205465252e-6;
  const P5: f64 = 4.1381367970572385e-8;

  const ax = Math.abs(x);
  if (!(ax < 708.39599609375)) {
    if (x != x) return x;
    if (x > 709.782712893384) return x * 8.98846567431158e307;
    if (x < -745.1332191019411) return 0;
  }

  let hi = x;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (ax >= 0.3465735912322998) {
    k = ax >= 1.0397205352783203 ? <i32>(INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) : x < 0 ? -1 : 1;
    hi = x - <f64>k * LN2_HI;
    lo = <f64>k * LN2_LO;
    x = hi - lo;
  } else if (ax < 3.725293851175593e-9) {
    return 1 + x;
  }

  const xx = x * x;
  const c = x - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
  const y = 1 + ((x * c) / (2 - c) - lo + hi);
  return k == 0 ? y : scalbn(y, k);
}

/** e^x − 1 (exp.ts's expm1). */
export function expm164(x: f64): f64 {
  const LN2_HI: f64 = 0.6931471803691238;
  const LN2_LO: f64 = 1.9082149292705877e-10;
  const INV_LN2: f64 = 1.4426950408889634;
  const Q1: f64 = -0.03333333333333313;
  const Q2: f64 = 0.0015873015872548146;
  const Q3: f64 = -7.93650757867488e-5;
  const Q4: f64 = 4.008217827329362e-6;
  const Q5: f64 = -2.0109921818362437e-7;

  const ax = Math.abs(x);
  if (!(ax < 38.81622314453125)) {
    if (x != x) return x;
    if (x < 0) return -1;
    if (x > 709.782712893384) return x * 8.98846567431158e307;
  }

  let k: i32 = 0;
  let c: f64 = 0;
  if (ax >= 0.3465735912322998) {
    let hi: f64 = 0;
    let lo: f64 = 0;
    if (ax < 1.0397205352783203) {
      k = x > 0 ? 1 : -1;
      hi = x > 0 ? x - LN2_HI : x + LN2_HI;
      lo = x > 0 ? LN2_LO : -LN2_LO;
    } else {
      k = <i32>(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - <f64>k * LN2_HI;
      lo = <f64>k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (ax < 5.551115123125783e-17) {
    return x;
  }

  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  if (k < 0 || k > 56) {
    const y = x - e + 1;
    return (k == 1024 ? y * 2 * 8.98846567431158e307 : y * powerOfTwo(k)) - 1;
  }
  if (k < 20) return (x - e + (1 - powerOfTwo(-k))) * powerOfTwo(k);
  return (x - (e + powerOfTwo(-k)) + 1) * powerOfTwo(k);
}

/** tanh x (tanh.ts's tanh). */
export function tanh64(x: f64): f64 {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return x != x ? x : x > 0 ? 1 : -1;

  let z: f64;
  if (ax < 22) {
    if (ax < 3.725290298461914e-9) return x;
    if (ax >= 1) {
      const t = expm164(2 * ax);
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm164(-2 * ax);
      z = -t / (t + 2);
    }
  } else {
    z = 1;
  }
  return x < 0 ? -z : z;
}
