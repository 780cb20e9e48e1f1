// tanh x: a port of fdlibm's s_tanh.c (as in musl until 2013, and in V8's base/ieee754.cc), on
// this project's expm1, so every engine computes the same bits. Error against the exact value:
// < 2.5 ulp, asserted by the tests on test/fixtures/math-references.json (2.10 ulp is the largest
// seen in 40,000 random arguments in [−3, 3], at 0.2265…: −t/(t + 2) rounds t and the quotient).
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

import { expm1 } from './exp';

/**
 * tanh x = −t/(t + 2) with t = expm1(−2|x|) below |x| = 1, 1 − 2/(t + 2) with t = expm1(2|x|)
 * up to 22, ±1 beyond (and at ±Infinity); x itself below 2^-28; NaN stays NaN. fdlibm's tests
 * of the high word are comparisons of |x| here, as in exp.ts: the same branches, no bit access.
 */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return x !== x ? x : x > 0 ? 1 : -1;

  let z: number;
  if (ax < 22) {
    if (ax < 3.725290298461914e-9) return x; // |x| < 2^-28 (hx < 3e300000)
    if (ax >= 1) {
      const t = expm1(2 * ax);
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * ax);
      z = -t / (t + 2);
    }
  } else {
    z = 1;
  }
  return x < 0 ? -z : z;
}
