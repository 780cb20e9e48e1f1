// Argument reduction for sin and cos: x = n·π/2 + r with |r| ≲ π/4, r carried as the sum of two
// doubles. A port of musl's __rem_pio2.c (FreeBSD msun e_rem_pio2.c, optimized by Bruce D. Evans)
// and __rem_pio2_large.c (k_rem_pio2.c, Payne–Hanek reduction with 2/π in 24-bit pieces for
// |x| ≥ 2^20·π/2), so every engine reduces every finite double to the same bits.
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

import { fromWords, highWord, lowWord, scalbn } from './words';

/** The remainder r = REMAINDER[0] + REMAINDER[1] of the last reducePiOver2 call. */
export const REMAINDER = new Float64Array(2);

/** 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to the nearest integer. */
const TO_INT = fromWords(0x43380000, 0);
/** 53 bits of 2/π. */
const INV_PIO2 = fromWords(0x3fe45f30, 0x6dc9c883); // 6.36619772367581382433e-01
/** π/2 in 33-bit slices: PIO2_1 + PIO2_2 + PIO2_3 + PIO2_3T, each T the rest after its slice. */
const PIO2_1 = fromWords(0x3ff921fb, 0x54400000); // 1.57079632673412561417e+00
const PIO2_1T = fromWords(0x3dd0b461, 0x1a626331); // 6.07710050650619224932e-11
const PIO2_2 = fromWords(0x3dd0b461, 0x1a600000); // 6.07710050630396597660e-11
const PIO2_2T = fromWords(0x3ba3198a, 0x2e037073); // 2.02226624879595063154e-21
const PIO2_3 = fromWords(0x3ba3198a, 0x2e000000); // 2.02226624871116645580e-21
const PIO2_3T = fromWords(0x397b839a, 0x252049c1); // 8.47842766036889956997e-32

/**
 * n with x = n·π/2 + r, r written to REMAINDER, for finite x. The caller handles |x| ≤ π/4 (no
 * reduction needed) and Infinity and NaN (no remainder) itself.
 */
export function reducePiOver2(x: number): number {
  const word = highWord(x);
  const sign = word < 0;
  const ix = word & 0x7fffffff;
  if (ix <= 0x400f6a7a) {
    // |x| ≲ 5π/4; near π/2 and π subtracting one slice cancels too much: the medium case
    if ((ix & 0xfffff) !== 0x921fb) return subtractMultiple(x, sign, ix <= 0x4002d97c ? 1 : 2);
    return reduceMedium(x, ix);
  }
  if (ix <= 0x401c463b) {
    // |x| ≲ 9π/4; near 3π/2 and 2π: the medium case
    if (ix <= 0x4015fdbc) return ix === 0x4012d97c ? reduceMedium(x, ix) : subtractMultiple(x, sign, 3);
    return ix === 0x401921fb ? reduceMedium(x, ix) : subtractMultiple(x, sign, 4);
  }
  if (ix < 0x413921fb) return reduceMedium(x, ix); // |x| ≲ 2^20·π/2
  return reduceLarge(x, sign, ix);
}

/** x − n·π/2 for n = 1…4 (n·PIO2_1 is exact), one slice: good to 85 bits away from the multiples of π/2. */
function subtractMultiple(x: number, sign: boolean, n: number): number {
  const m = sign ? -n : n;
  const z = x - m * PIO2_1;
  REMAINDER[0] = z - m * PIO2_1T;
  REMAINDER[1] = z - REMAINDER[0] - m * PIO2_1T;
  return m;
}

/** n = round(x·2/π); subtract n·π/2 one slice at a time while the result keeps cancelling (up to 151 bits). */
function reduceMedium(x: number, ix: number): number {
  const fn = x * INV_PIO2 + TO_INT - TO_INT;
  const n = fn | 0;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0 = r - w;
  const ex = ix >> 20;
  if (ex - ((highWord(y0) >> 20) & 0x7ff) > 16) {
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (ex - ((highWord(y0) >> 20) & 0x7ff) > 49) {
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  REMAINDER[0] = y0;
  REMAINDER[1] = r - y0 - w;
  return n;
}

/** |x| ≥ 2^20·π/2: split |x| into three 24-bit pieces and reduce them with enough bits of 2/π. */
function reduceLarge(x: number, sign: boolean, ix: number): number {
  // z = |x| scaled to [2^23, 2^24)
  let z = fromWords((ix & 0x000fffff) | ((0x3ff + 23) << 20), lowWord(x));
  const pieces = new Float64Array(3);
  for (let i = 0; i < 2; i++) {
    pieces[i] = z | 0;
    z = (z - pieces[i]) * TWO_24;
  }
  pieces[2] = z;
  let count = 3;
  while (pieces[count - 1] === 0) count--; // the first piece is never 0
  const n = remPio2Large(pieces, (ix >> 20) - (0x3ff + 23), count);
  if (sign) {
    REMAINDER[0] = -REMAINDER[0];
    REMAINDER[1] = -REMAINDER[1];
    return -n;
  }
  return n;
}

const TWO_24 = fromWords(0x41700000, 0); // 1.67772160000000000000e+07
const TWO_M24 = fromWords(0x3e700000, 0); // 5.96046447753906250000e-08

/**
 * 2/π in 24-bit pieces: IPIO2[i] is bits 24i … 24i + 23 after the binary point (enough for any
 * double exponent; test/fixtures/make-math-references.py recomputes them with mpmath).
 */
const IPIO2 = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];

/** π/2 in 24-bit slices (the first five, all that double precision needs). */
const PIO2 = [
  fromWords(0x3ff921fb, 0x40000000), // 1.57079625129699707031e+00
  fromWords(0x3e74442d, 0x00000000), // 7.54978941586159635335e-08
  fromWords(0x3cf84698, 0x80000000), // 5.39030252995776476554e-15
  fromWords(0x3b78cc51, 0x60000000), // 3.28200341580791294123e-22
  fromWords(0x39f01b83, 0x80000000), // 1.27065575308067607349e-29
];

/** Initial number of terms of 2/π beyond the ones that only contribute multiples of 8 (double precision). */
const JK = 4;

/**
 * Payne–Hanek: the last three bits of n and the remainder of x = Σ pieces[i]·2^(e0 − 24i) modulo
 * π/2, computing only the part of x·2/π that is not a multiple of 8 (k_rem_pio2 with prec = 1).
 */
function remPio2Large(pieces: Float64Array, e0: number, count: number): number {
  const iq = new Int32Array(20);
  const f = new Float64Array(20);
  const q = new Float64Array(20);
  const fq = new Float64Array(20);
  const jx = count - 1;
  const jv = Math.max(0, ((e0 - 3) / 24) | 0);
  let q0 = e0 - 24 * (jv + 1);

  // f[0 … jx + JK] = IPIO2[jv − jx … jv + JK]
  for (let i = 0, j = jv - jx; i <= jx + JK; i++, j++) f[i] = j < 0 ? 0 : IPIO2[j];
  for (let i = 0; i <= JK; i++) {
    let fw = 0;
    for (let j = 0; j <= jx; j++) fw += pieces[j] * f[jx + i - j];
    q[i] = fw;
  }

  let jz = JK;
  let z: number;
  let n: number;
  let ih: number;
  for (;;) {
    // distill q[] into 24-bit integers iq[], last first
    z = q[jz];
    for (let i = 0, j = jz; j > 0; i++, j--) {
      const fw = (TWO_M24 * z) | 0;
      iq[i] = (z - TWO_24 * fw) | 0;
      z = q[j - 1] + fw;
    }
    z = scalbn(z, q0);
    z -= 8 * Math.floor(z * 0.125); // drop the integer part ≥ 8
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) {
      // iq[jz − 1] holds the rest of n
      const i = iq[jz - 1] >> (24 - q0);
      n += i;
      iq[jz - 1] -= i << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 === 0) {
      ih = iq[jz - 1] >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }

    if (ih > 0) {
      // the fraction is ≥ 0.5: take 1 − fraction, n + 1
      n += 1;
      let carry = 0;
      for (let i = 0; i < jz; i++) {
        const j = iq[i];
        if (carry === 0) {
          if (j !== 0) {
            carry = 1;
            iq[i] = 0x1000000 - j;
          }
        } else {
          iq[i] = 0xffffff - j;
        }
      }
      if (q0 === 1) iq[jz - 1] &= 0x7fffff;
      else if (q0 === 2) iq[jz - 1] &= 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }

    if (z !== 0) break;
    let j = 0;
    for (let i = jz - 1; i >= JK; i--) j |= iq[i];
    if (j !== 0) break;
    // every computed bit cancelled: take k more terms of 2/π and start over
    let k = 1;
    while (iq[JK - k] === 0) k++;
    for (let i = jz + 1; i <= jz + k; i++) {
      f[jx + i] = IPIO2[jv + i];
      let fw = 0;
      for (let jj = 0; jj <= jx; jj++) fw += pieces[jj] * f[jx + i - jj];
      q[i] = fw;
    }
    jz += k;
  }

  if (z === 0) {
    // chop off zero terms
    jz -= 1;
    q0 -= 24;
    while (iq[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    // break z into 24-bit pieces if necessary
    z = scalbn(z, -q0);
    if (z >= TWO_24) {
      const fw = (TWO_M24 * z) | 0;
      iq[jz] = (z - TWO_24 * fw) | 0;
      jz += 1;
      q0 += 24;
      iq[jz] = fw;
    } else {
      iq[jz] = z | 0;
    }
  }

  // the 24-bit integers back to doubles
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) {
    q[i] = fw * iq[i];
    fw *= TWO_M24;
  }
  // fq = PIO2[0 … JK] · q[jz … 0]
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= JK && k <= jz - i; k++) fw += PIO2[k] * q[i + k];
    fq[jz - i] = fw;
  }
  // compress fq[] into the two-double remainder
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += fq[i];
  REMAINDER[0] = ih === 0 ? fw : -fw;
  fw = fq[0] - fw;
  for (let i = 1; i <= jz; i++) fw += fq[i];
  REMAINDER[1] = ih === 0 ? fw : -fw;
  return n & 7;
}
