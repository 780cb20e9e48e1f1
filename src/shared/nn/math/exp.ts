// e^x and e^x − 1: ports of musl's exp.c and expm1.c (FreeBSD msun e_exp.c / s_expm1.c, from
// Sun's fdlibm), operation for operation, so every engine computes the same bits (only + − × ÷
// and bit access). Error against the exact value, as fdlibm states and the tests assert on
// test/fixtures/math-references.json: exp < 1 ulp (a subnormal result is rounded twice, so up to
// one more unit of 2^-1074), expm1 < 1 ulp.
//
// ====================================================
// Copyright (C) 1993, 2004 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

import { powerOfTwo, scalbn } from './words';

// Speed: the constants are literals local to each function (shortest decimals of fdlibm's hex
// values, which ECMAScript parses exactly), so the optimizing compiler folds them; module-level
// constants cost a context load and a TDZ check each, which made exp 1.5× slower. And fdlibm's
// tests of the high word (`hx >= 0x4086232b`) are comparisons of |x| with the double that has that
// high word and a zero low word: the same branches without reading bits (hx > H becomes
// |x| ≥ H + 1).

/**
 * e^x. Reduces x = k·ln2 + r with |r| ≤ ln2/2 (r carried as hi − lo), approximates e^r by the
 * rational form 1 + r + r·c(r)/(2 − c(r)), and scales by 2^k. Overflows to Infinity above
 * 709.78…, underflows to 0 below −745.13…; NaN stays NaN.
 */
export function exp(x: number): number {
  const LN2_HI = 0.6931471803691238; // 3fe62e42 fee00000: k·LN2_HI is exact for |k| < 2000
  const LN2_LO = 1.9082149292705877e-10; // 3dea39ef 35793c76
  const INV_LN2 = 1.4426950408889634; // 3ff71547 652b82fe
  // Remez coefficients of R(r²) = r·(e^r + 1)/(e^r − 1) ≈ 2 + P1·r² + … + P5·r¹⁰ on [0, ln2/2] (error < 2^-59)
  const P1 = 0.16666666666666602; // 3fc55555 5555553e
  const P2 = -0.0027777777777015593; // bf66c16c 16bebd93
  const P3 = 6.613756321437934e-5; // 3f11566a af25de2c
  const P4 = -1.6533902205465252e-6; // bebbbd41 c5d26bf1
  const P5 = 4.1381367970572385e-8; // 3e663769 72bea4d0

  const ax = Math.abs(x);
  if (!(ax < 708.39599609375)) {
    // |x| ≥ 708.39… (hx ≥ 4086232b) or NaN
    if (x !== x) return x;
    if (x > 709.782712893384) return x * 8.98846567431158e307; // 40862e42 fefa39ef: overflow to Infinity
    if (x < -745.1332191019411) return 0; // c0874910 d52d3051: underflow
  }

  let hi = x;
  let lo = 0;
  let k = 0;
  if (ax >= 0.3465735912322998) {
    // |x| > ln2/2 (hx > 3fd62e42); |x| ≥ 1.5·ln2 (hx ≥ 3ff0a2b2) needs the general k
    k = ax >= 1.0397205352783203 ? (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0 : x < 0 ? -1 : 1;
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
    x = hi - lo;
  } else if (ax < 3.725293851175593e-9) {
    return 1 + x; // |x| ≤ 2^-28 (hx ≤ 3e300000)
  }

  const xx = x * x;
  const c = x - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
  const y = 1 + ((x * c) / (2 - c) - lo + hi);
  return k === 0 ? y : scalbn(y, k);
}

/**
 * e^x − 1, accurate where x is near 0 (where exp(x) − 1 loses every digit): the same reduction
 * as exp with a correction term for the rounding of r, a rational approximation of e^r − 1, and
 * a reconstruction chosen per k so the final subtraction of 1 does not cancel. −1 below −38.9,
 * Infinity above 709.78…
 */
export function expm1(x: number): number {
  const LN2_HI = 0.6931471803691238; // 3fe62e42 fee00000
  const LN2_LO = 1.9082149292705877e-10; // 3dea39ef 35793c76
  const INV_LN2 = 1.4426950408889634; // 3ff71547 652b82fe
  // R1(r²) ≈ 1 + Q1·z + … + Q5·z⁵ for z = r²/2 (fdlibm's Q's scaled by 2^i; error < 2^-61)
  const Q1 = -0.03333333333333313; // bfa11111 111110f4
  const Q2 = 0.0015873015872548146; // 3f5a01a0 19fe5585
  const Q3 = -7.93650757867488e-5; // bf14ce19 9eaadbb7
  const Q4 = 4.008217827329362e-6; // 3ed0cfca 86e65239
  const Q5 = -2.0109921818362437e-7; // be8afdb7 6e09c32d

  const ax = Math.abs(x);
  if (!(ax < 38.81622314453125)) {
    // |x| ≥ 56·ln2 (hx ≥ 4043687a) or NaN
    if (x !== x) return x;
    if (x < 0) return -1;
    if (x > 709.782712893384) return x * 8.98846567431158e307; // 40862e42 fefa39ef: overflow to Infinity
  }

  let k = 0;
  let c = 0;
  if (ax >= 0.3465735912322998) {
    // |x| > ln2/2 (hx > 3fd62e42)
    let hi = 0;
    let lo = 0;
    if (ax < 1.0397205352783203) {
      // |x| < 1.5·ln2 (hx < 3ff0a2b2)
      k = x > 0 ? 1 : -1;
      hi = x > 0 ? x - LN2_HI : x + LN2_HI;
      lo = x > 0 ? LN2_LO : -LN2_LO;
    } else {
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (ax < 5.551115123125783e-17) {
    return x; // |x| < 2^-54 (hx < 3c900000): e^x − 1 rounds to x
  }

  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  if (k < 0 || k > 56) {
    // e^x − 1 is e^x itself to within rounding
    const y = x - e + 1;
    return (k === 1024 ? y * 2 * 8.98846567431158e307 : y * powerOfTwo(k)) - 1;
  }
  if (k < 20) return (x - e + (1 - powerOfTwo(-k))) * powerOfTwo(k);
  return (x - (e + powerOfTwo(-k)) + 1) * powerOfTwo(k);
}
