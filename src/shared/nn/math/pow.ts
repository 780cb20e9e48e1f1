// x^y: a port of musl's pow.c as of its fdlibm version (FreeBSD msun e_pow.c), operation for
// operation but one (below, for |y| > 2^31), so every engine computes the same bits (JavaScript's
// `**` and Math.pow are only "implementation-approximated"). log2 x is computed in two parts to about
// 80 bits, multiplied by y in simulated extra precision, and 2^(y·log2 x) rebuilt as exp does. Error
// against the exact value, asserted by the tests on test/fixtures/math-references.json: < 1 ulp (a
// subnormal result is rounded twice, so up to one more unit of 2^-1074); integer powers of integers
// are exact whenever representable.
//
// ====================================================
// Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
//
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

import { fromWords, highWord, lowWord, scalbn, withHighWord, withLowWord } from './words';

const DP_H = fromWords(0x3fe2b803, 0x40000000); // 5.84962487220764160156e-01: log2(1.5), head
const DP_L = fromWords(0x3e4cfdeb, 0x43cfd006); // 1.35003920212974897128e-08: its tail
const TWO_53 = fromWords(0x43400000, 0);
const HUGE = 1e300;
const TINY = 1e-300;
/** Coefficients of (3/2)·(log x − 2s − (2/3)s³) in s². */
const L1 = fromWords(0x3fe33333, 0x33333303); // 5.99999999999994648725e-01
const L2 = fromWords(0x3fdb6db6, 0xdb6fabff); // 4.28571428578550184252e-01
const L3 = fromWords(0x3fd55555, 0x518f264d); // 3.33333329818377432918e-01
const L4 = fromWords(0x3fd17460, 0xa91d4101); // 2.72728123808534006489e-01
const L5 = fromWords(0x3fcd864a, 0x93c9db65); // 2.30660745775561754067e-01
const L6 = fromWords(0x3fca7e28, 0x4a454eef); // 2.06975017800338417784e-01
const LG2 = fromWords(0x3fe62e42, 0xfefa39ef); // 6.93147180559945286227e-01
const LG2_H = fromWords(0x3fe62e43, 0x00000000); // 6.93147182464599609375e-01
const LG2_L = fromWords(0xbe205c61, 0x0ca86c39); // -1.90465429995776804525e-09
/** −(1024 − log2(largest double + ½ ulp)): how far above 1024 y·log2 x may be and still not overflow. */
const OVT = fromWords(0x3c971547, 0x652b82fe); // 8.0085662595372944372e-17
/** Remez coefficients of exp on [0, ln2/2], as in exp.ts. */
const P1 = fromWords(0x3fc55555, 0x5555553e); // 1.66666666666666019037e-01
const P2 = fromWords(0xbf66c16c, 0x16bebd93); // -2.77777777770155933842e-03
const P3 = fromWords(0x3f11566a, 0xaf25de2c); // 6.61375632143793436117e-05
const P4 = fromWords(0xbebbbd41, 0xc5d26bf1); // -1.65339022054652515390e-06
const P5 = fromWords(0x3e663769, 0x72bea4d0); // 4.13813679705723846039e-08
const CP = fromWords(0x3feec709, 0xdc3a03fd); // 9.61796693925975554329e-01 = 2/(3·ln 2)
const CP_H = fromWords(0x3feec709, 0xe0000000); // 9.61796700954437255859e-01 = (float)CP
const CP_L = fromWords(0xbe3e2fe0, 0x145b01f5); // -7.02846165095275826516e-09 = tail of CP_H
const IVLN2 = fromWords(0x3ff71547, 0x652b82fe); // 1.44269504088896338700e+00 = 1/ln 2
const IVLN2_H = fromWords(0x3ff71547, 0x60000000); // 1.44269502162933349609e+00 = 24 bits of 1/ln 2
const IVLN2_L = fromWords(0x3e54ae0b, 0xf85ddf44); // 1.92596299112661746887e-08 = its tail

/**
 * x^y with C99's special cases: anything^0 = 1 and 1^anything = 1 (NaN included), NaN otherwise
 * spreads, a negative base needs an integer exponent (else NaN), ±0 and ±Infinity as Annex F says.
 */
export function pow(x: number, y: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x^0
  if (hx === 0x3ff00000 && lx === 0) return 1; // 1^y, even NaN
  // fdlibm tests the bits (every NaN encoding) and returns x + y to carry a payload; a NaN's payload
  // is not part of this function's result, and x !== x catches every encoding too.
  if (x !== x || y !== y) return NaN;

  // For x < 0: is y an odd integer (1), an even one (2), or not an integer (0)?
  let yIsInt = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) {
      yIsInt = 2; // |y| ≥ 2^53: even
    } else if (iy >= 0x3ff00000) {
      const k = (iy >> 20) - 0x3ff; // exponent
      if (k > 20) {
        const j = ly >>> (52 - k);
        if ((j << (52 - k)) >>> 0 === ly) yIsInt = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - k);
        if (j << (20 - k) === iy) yIsInt = 2 - (j & 1);
      }
    }
  }

  // fdlibm's early return for y = ±Infinity is left out: the same results come from the cases
  // below, (−1)^±Infinity = 1 from the x = ±1 block (±Infinity is an even "integer") and the
  // rest from the |y| > 2^64 block.
  if (ly === 0) {
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x ≥ +0
  }

  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x = ±0, ±Infinity, ±1
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yIsInt) === 0) z = NaN; // (−1)^non-integer
      else if (yIsInt === 1) z = -z; // (x < 0)^odd = −(|x|^odd)
    }
    return z;
  }

  const negative = hx < 0;
  if (negative && yIsInt === 0) return NaN; // (x < 0)^non-integer
  const s = negative && yIsInt === 1 ? -1 : 1; // sign of the result

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64 or ±Infinity: must over- or underflow (|x| ≠ 1 here: x = ±1 returned above)
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY; // |x| < 1
      return hy > 0 ? HUGE * HUGE : TINY * TINY; // |x| > 1
    }
    // over- or underflow unless x is close to 1
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // |1 − x| ≤ 2^-20: log x ≈ t − t²/2 + t³/3 − t⁴/4
    const t = ax - 1; // up to 33 significant bits
    const w = t * t * (0.5 - t * (0.3333333333333333 - t * 0.25));
    // fdlibm takes u = IVLN2_H·t as exact, but IVLN2_H has 24 significant bits: the rounded product
    // cost up to 645 ulp in x^y on 3,000 random arguments of this branch (V8's Math.pow still does).
    // Only the 21-bit head of t goes into u.
    const tH = withLowWord(t, 0);
    const u = IVLN2_H * tH;
    const v = (t - tH) * IVLN2_H + t * IVLN2_L - w * IVLN2;
    t1 = withLowWord(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    let n = 0;
    if (ix < 0x00100000) {
      // subnormal x
      ax *= TWO_53;
      n -= 53;
      ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    // normalize to 1 ≤ ax < √3 (k = 0: around 1, k = 1: around 1.5)
    ix = j | 0x3ff00000;
    let k: number;
    if (j <= 0x3988e) {
      k = 0; // |x| < √(3/2)
    } else if (j < 0xbb67a) {
      k = 1; // |x| < √3
    } else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHighWord(ax, ix);
    const bp = k === 0 ? 1 : 1.5;
    const dpH = k === 0 ? 0 : DP_H;
    const dpL = k === 0 ? 0 : DP_L;

    // ss = sH + sL = (x − 1)/(x + 1) or (x − 1.5)/(x + 1.5)
    let u = ax - bp;
    let v = 1 / (ax + bp);
    const ss = u * v;
    const sH = withLowWord(ss, 0);
    // tH = ax + bp, head
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tL = ax - (tH - bp);
    const sL = v * (u - sH * tH - sH * tL);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = withLowWord(3 + s2 + r, 0);
    tL = r - (tH - 3 - s2);
    // u + v = ss·(1 + …)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3·ln 2)·(ss + …)
    const pH = withLowWord(u + v, 0);
    const pL = v - (pH - u);
    const zH = CP_H * pH; // CP_H + CP_L = 2/(3·ln 2)
    const zL = CP_L * pH + pL * CP + dpL;
    // log2(ax) = (ss + …)·2/(3·ln 2) = n + dpH + zH + zL
    const t = n;
    t1 = withLowWord(zH + zL + dpH + t, 0);
    t2 = zL - (t1 - t - dpH - zH);
  }

  // (y1 + y2)·(t1 + t2) with y1 = y cut to 21 bits
  const y1 = withLowWord(y, 0);
  let pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = highWord(z);
  const i = lowWord(z);
  if (j >= 0x40900000) {
    // z ≥ 1024
    if (j !== 0x40900000 || i !== 0) return s * HUGE * HUGE; // z > 1024: overflow
    if (pL + OVT > z - pH) return s * HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z ≤ −1075
    if (j !== (0xc090cc00 | 0) || i !== 0) return s * TINY * TINY; // z < −1075: underflow
    if (pL <= z - pH) return s * TINY * TINY;
  }

  // 2^(pH + pL)
  const absJ = j & 0x7fffffff;
  let k = (absJ >> 20) - 0x3ff;
  let n = 0;
  if (absJ > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = (j + (0x00100000 >> (k + 1))) | 0;
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = withLowWord(pL + pH, 0);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const t1r = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * t1r) / (t1r - 2) - (w + z * w);
  z = 1 - (r - z);
  j = (highWord(z) + (n << 20)) | 0;
  z = j >> 20 <= 0 ? scalbn(z, n) : withHighWord(z, j); // subnormal result: scale exactly
  return s * z;
}
