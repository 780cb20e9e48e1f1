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

import { fromWords, highWord, scalbn } from './words';

/** ln 2 in two parts: k·LN2_HI is exact for the k that occur (|k| < 2000). */
export const LN2_HI = fromWords(0x3fe62e42, 0xfee00000); // 6.93147180369123816490e-01
export const LN2_LO = fromWords(0x3dea39ef, 0x35793c76); // 1.90821492927058770002e-10
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe); // 1.44269504088896338700e+00
const TWO_1023 = fromWords(0x7fe00000, 0);
/** Above this e^x overflows; below UNDERFLOW it rounds to 0. */
const O_THRESHOLD = fromWords(0x40862e42, 0xfefa39ef); // 7.09782712893383973096e+02
const UNDERFLOW = fromWords(0xc0874910, 0xd52d3051); // -7.45133219101941108420e+02

/** Remez coefficients of R(r²) = r·(e^r + 1)/(e^r − 1) ≈ 2 + P1·r² + … + P5·r¹⁰ on [0, ln2/2] (error < 2^-59). */
export const P1 = fromWords(0x3fc55555, 0x5555553e); // 1.66666666666666019037e-01
export const P2 = fromWords(0xbf66c16c, 0x16bebd93); // -2.77777777770155933842e-03
export const P3 = fromWords(0x3f11566a, 0xaf25de2c); // 6.61375632143793436117e-05
export const P4 = fromWords(0xbebbbd41, 0xc5d26bf1); // -1.65339022054652515390e-06
export const P5 = fromWords(0x3e663769, 0x72bea4d0); // 4.13813679705723846039e-08

/**
 * e^x. Reduces x = k·ln2 + r with |r| ≤ ln2/2 (r carried as hi − lo), approximates e^r by the
 * rational form 1 + r + r·c(r)/(2 − c(r)), and scales by 2^k. Overflows to Infinity above
 * 709.78…, underflows to 0 below −745.13…; NaN stays NaN.
 */
export function exp(x: number): number {
  const word = highWord(x);
  const sign = word >>> 31;
  const hx = word & 0x7fffffff;

  if (hx >= 0x4086232b) {
    // |x| ≥ 708.39…
    if (x !== x) return x;
    if (x > O_THRESHOLD) return x * TWO_1023; // Infinity
    if (x < UNDERFLOW) return 0;
  }

  let hi: number;
  let lo: number;
  let k: number;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    k = hx >= 0x3ff0a2b2 ? (INV_LN2 * x + (sign ? -0.5 : 0.5)) | 0 : 1 - sign - sign;
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
    x = hi - lo;
  } else if (hx > 0x3e300000) {
    // 2^-28 < |x| ≤ ln2/2
    k = 0;
    hi = x;
    lo = 0;
  } else {
    return 1 + x;
  }

  const xx = x * x;
  const c = x - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
  const y = 1 + ((x * c) / (2 - c) - lo + hi);
  return k === 0 ? y : scalbn(y, k);
}

/** R1(r²) ≈ 1 + Q1·z + … + Q5·z⁵ for z = r²/2 (the Q's scaled by 2^i; error < 2^-61). */
const Q1 = fromWords(0xbfa11111, 0x111110f4); // -3.33333333333331316428e-02
const Q2 = fromWords(0x3f5a01a0, 0x19fe5585); // 1.58730158725481460165e-03
const Q3 = fromWords(0xbf14ce19, 0x9eaadbb7); // -7.93650757867487942473e-05
const Q4 = fromWords(0x3ed0cfca, 0x86e65239); // 4.00821782732936239552e-06
const Q5 = fromWords(0xbe8afdb7, 0x6e09c32d); // -2.01099218183624371326e-07

/**
 * e^x − 1, accurate where x is near 0 (where exp(x) − 1 loses every digit): the same reduction
 * as exp with a correction term for the rounding of r, a rational approximation of e^r − 1, and
 * a reconstruction chosen per k so the final subtraction of 1 does not cancel. −1 below −38.9,
 * Infinity above 709.78…
 */
export function expm1(x: number): number {
  const word = highWord(x);
  const hx = word & 0x7fffffff;
  const sign = word < 0;

  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (x !== x) return x;
    if (sign) return -1;
    if (x > O_THRESHOLD) return x * TWO_1023; // Infinity
  }

  let k: number;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
      if (!sign) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INV_LN2 * x + (sign ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54: e^x − 1 rounds to x
    return x;
  } else {
    k = 0;
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
    let y = x - e + 1;
    y = k === 1024 ? y * 2 * TWO_1023 : y * fromWords((0x3ff + k) << 20, 0);
    return y - 1;
  }
  const twoToK = fromWords((0x3ff + k) << 20, 0);
  const twoToMinusK = fromWords((0x3ff - k) << 20, 0);
  if (k < 20) return (x - e + (1 - twoToMinusK)) * twoToK;
  return (x - (e + twoToMinusK) + 1) * twoToK;
}
