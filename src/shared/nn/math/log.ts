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

import { LN2_HI, LN2_LO } from './exp';
import { fromWords, highWord, lowWord, withHighWord } from './words';

const TWO_54 = fromWords(0x43500000, 0); // 1.80143985094819840000e+16
/** Remez coefficients of R(s) ≈ Lg1·s² + … + Lg7·s¹⁴ on [0, 0.1716] (error < 2^-58.45), for ln(1+f) = 2s + s·R. */
const LG1 = fromWords(0x3fe55555, 0x55555593); // 6.666666666666735130e-01
const LG2 = fromWords(0x3fd99999, 0x9997fa04); // 3.999999999940941908e-01
const LG3 = fromWords(0x3fd24924, 0x94229359); // 2.857142874366239149e-01
const LG4 = fromWords(0x3fcc71c5, 0x1d8e78af); // 2.222219843214978396e-01
const LG5 = fromWords(0x3fc74664, 0x96cb03de); // 1.818357216161805012e-01
const LG6 = fromWords(0x3fc39a09, 0xd078c69f); // 1.531383769920937332e-01
const LG7 = fromWords(0x3fc2f112, 0xdf3e5244); // 1.479819860511658591e-01

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
    x *= TWO_54;
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
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000 && ax >= 0x00100000) return x;
      return x - x * x * 0.5;
    }
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
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const r = hfsq * (1 - 0.66666666666666666 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}
