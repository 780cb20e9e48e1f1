// ln x and ln(1 + x): ports of musl's log.c and log1p.c as of their fdlibm versions (FreeBSD msun
// e_log.c / s_log1p.c), operation for operation, so every engine computes the same bits (only
// + − × ÷ and bit access). Error against the exact value, as fdlibm states and the tests assert
// on test/fixtures/math-references.json: log < 1 ulp, log1p < 1 ulp.
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

import { highWord, lowWord, withHighWord } from './words';

/** ln 2 in two parts: k·LN2_HI is exact for |k| < 2000. */
const LN2_HI = 0.6931471803691238; // 3fe62e42 fee00000
const LN2_LO = 1.9082149292705877e-10; // 3dea39ef 35793c76
/** Remez coefficients of R(s) ≈ Lg1·s² + … + Lg7·s¹⁴ on [0, 0.1716] (error < 2^-58.45), for ln(1 + f) = 2s + s·R with s = f/(2 + f). */
const LG1 = 0.6666666666666735; // 3fe55555 55555593
const LG2 = 0.3999999999940942; // 3fd99999 9997fa04
const LG3 = 0.2857142874366239; // 3fd24924 94229359
const LG4 = 0.22222198432149784; // 3fcc71c5 1d8e78af
const LG5 = 0.1818357216161805; // 3fc74664 96cb03de
const LG6 = 0.15313837699209373; // 3fc39a09 d078c69f
const LG7 = 0.14798198605116586; // 3fc2f112 df3e5244

/**
 * ln x. Splits x = 2^k·(1 + f) with √2/2 < 1 + f < √2, approximates ln(1 + f) through
 * s = f/(2 + f), and adds k·ln 2 in two parts. −Infinity at ±0, NaN below 0, Infinity at Infinity.
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= 1.8014398509481984e16; // 2^54
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

/**
 * ln(1 + x), accurate where x is near 0 (where log(1 + x) loses the digits of x): the same
 * approximation as log on 1 + x rounded, plus the correction c/u for what the rounding of
 * u = 1 + x lost. −Infinity at −1, NaN below −1.
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;

  if (hx < 0x3fda827a) {
    // 1 + x < √2 (roughly)
    if (ax >= 0x3ff00000) {
      // x ≤ −1
      if (x === -1) return -Infinity;
      return NaN;
    }
    // |x| < 2^-29. fdlibm returns x itself below 2^-54 (to raise the inexact flag, which JS does not
    // have): x − x²/2 rounds to x there anyway, since x²/2 < 2^-55·|x| is below half an ulp of x.
    if (ax < 0x3e200000) return x - x * x * 0.5;
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 ≤ 1 + x < √2: no reduction, f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // what rounding 1 + x lost
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    // The √2 thresholds above are looser than this one, so k = 0 is never reached from here.
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20. hu is 0 only after the reduction above, so k ≠ 0 here (fdlibm's k = 0 cases in
    // this block are unreachable and left out).
    if (f === 0) {
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const r = hfsq * (1 - 0.66666666666666666 * f);
    return k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}
