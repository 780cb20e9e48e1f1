// sin x and cos x: ports of musl's sin.c, cos.c and their kernels __sin.c, __cos.c (FreeBSD msun
// k_sin.c / k_cos.c, from Sun's fdlibm), on the argument reduction in rem-pio2.ts, so every engine
// computes the same bits for every double. Error against the exact value, as fdlibm states and
// the tests assert on test/fixtures/math-references.json: < 1 ulp for both.
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

import { REMAINDER, reducePiOver2 } from './rem-pio2';
import { fromWords, highWord } from './words';

/** sin x ≈ x + S1·x³ + … + S6·x¹³ on [−π/4, π/4] (relative error < 2^-58). */
const S1 = fromWords(0xbfc55555, 0x55555549); // -1.66666666666666324348e-01
const S2 = fromWords(0x3f811111, 0x1110f8a6); // 8.33333333332248946124e-03
const S3 = fromWords(0xbf2a01a0, 0x19c161d5); // -1.98412698298579493134e-04
const S4 = fromWords(0x3ec71de3, 0x57b1fe7d); // 2.75573137070700676789e-06
const S5 = fromWords(0xbe5ae5e6, 0x8a2b9ceb); // -2.50507602534068634195e-08
const S6 = fromWords(0x3de5d93a, 0x5acfd57c); // 1.58969099521155010221e-10

/** sin(x + y) for |x| ≲ π/4, y the tail of x: sin x + (1 − x²/2)·y (the kernel; never called on −0). */
function sinKernel(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/** cos x ≈ 1 − x²/2 + C1·x⁴ + … + C6·x¹⁴ on [−π/4, π/4] (error < 2^-58). */
const C1 = fromWords(0x3fa55555, 0x5555554c); // 4.16666666666666019037e-02
const C2 = fromWords(0xbf56c16c, 0x16c15177); // -1.38888888888741095749e-03
const C3 = fromWords(0x3efa01a0, 0x19cb1590); // 2.48015872894767294178e-05
const C4 = fromWords(0xbe927e4f, 0x809c52ad); // -2.75573143513906633035e-07
const C5 = fromWords(0x3e21ee9e, 0xbdb4b1c4); // 2.08757232129817482790e-09
const C6 = fromWords(0xbda8fae9, 0xbe8838d4); // -1.13596475577881948265e-11

/** cos(x + y) for |x| ≲ π/4, y the tail of x: w + ((1 − w − x²/2) + (r − x·y)) with w = 1 − x²/2 rounded. */
function cosKernel(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const v = 1 - hz;
  return v + (1 - v - hz + (z * r - x * y));
}

/** sin x: x itself below 2^-26, the kernel up to π/4, else the kernel of the remainder modulo π/2. NaN for ±Infinity. */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    // |x| ≲ π/4
    if (ix < 0x3e500000) return x; // |x| < 2^-26 (keeps −0)
    const z = x * x;
    const w = z * z;
    const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    return x + z * x * (S1 + z * r);
  }
  if (ix >= 0x7ff00000) return x - x;
  const n = reducePiOver2(x);
  switch (n & 3) {
    case 0:
      return sinKernel(REMAINDER[0], REMAINDER[1]);
    case 1:
      return cosKernel(REMAINDER[0], REMAINDER[1]);
    case 2:
      return -sinKernel(REMAINDER[0], REMAINDER[1]);
    default:
      return -cosKernel(REMAINDER[0], REMAINDER[1]);
  }
}

/** cos x: 1 below 2^-27·√2, the kernel up to π/4, else the kernel of the remainder modulo π/2. NaN for ±Infinity. */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    // |x| ≲ π/4
    if (ix < 0x3e46a09e) return 1; // |x| < 2^-27·√2
    return cosKernel(x, 0);
  }
  if (ix >= 0x7ff00000) return x - x;
  const n = reducePiOver2(x);
  switch (n & 3) {
    case 0:
      return cosKernel(REMAINDER[0], REMAINDER[1]);
    case 1:
      return -sinKernel(REMAINDER[0], REMAINDER[1]);
    case 2:
      return -cosKernel(REMAINDER[0], REMAINDER[1]);
    default:
      return sinKernel(REMAINDER[0], REMAINDER[1]);
  }
}
