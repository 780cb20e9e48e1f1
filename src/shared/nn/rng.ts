// Seeded pseudo-random numbers. Every random draw in the product (initial weights, shuffling,
// dropout masks, synthetic data, splits) comes from here, so same seed ⇒ same numbers in Node,
// the utility process and the browser. sfc32 is small, fast, passes PractRand to 2^40+, and uses
// only 32-bit integer maths, so it is bit-identical on every JavaScript engine; the normals use
// this project's log, sin and cos for the same reason.

import { cos, log, sin } from './math';

export interface Rng {
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1), by Box-Muller. */
  normal(): number;
  /** A new independent generator derived from this one (e.g. one stream for dropout, one for shuffling). */
  fork(): Rng;
  /** A copy in the same state: it draws the same numbers as this one from here on, without advancing it. */
  clone(): Rng;
  /** Its state as plain numbers (checkpoints keep it); `restoreRng` makes a generator that draws on from there. */
  state(): RngState;
}

/** sfc32's four 32-bit words (as unsigned integers) and the second normal of the last Box-Muller pair, if not yet drawn. */
export interface RngState {
  words: [number, number, number, number];
  spareNormal: number | null;
}

/** A generator in `state`: it draws exactly what the generator that exported the state would have drawn next. */
export function restoreRng(state: RngState): Rng {
  const [a, b, c, d] = state.words;
  return sfc32(a | 0, b | 0, c | 0, d | 0, state.spareNormal);
}

export function createRng(seed: number): Rng {
  // splitmix32 spreads a small seed (0, 1, 2…) over all four state words.
  let s = seed >>> 0;
  const mix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const rng = sfc32(mix(), mix(), mix(), mix(), null);
  // Discard the first outputs: sfc32 needs a few rounds to decorrelate from its seed.
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}

function sfc32(a: number, b: number, c: number, d: number, spare: number | null): Rng {
  let spareNormal = spare;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const rng: Rng = {
    next: () => nextUint32() / 4294967296,
    int: (n) => Math.floor((nextUint32() / 4294967296) * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      // 1 − u keeps the argument of log in (0, 1].
      const u = 1 - rng.next();
      const v = rng.next();
      const radius = Math.sqrt(-2 * log(u));
      spareNormal = radius * sin(2 * Math.PI * v);
      return radius * cos(2 * Math.PI * v);
    },
    fork: () => createRng(nextUint32()),
    clone: () => sfc32(a, b, c, d, spareNormal),
    state: () => ({ words: [a >>> 0, b >>> 0, c >>> 0, d >>> 0], spareNormal }),
  };
  return rng;
}

/** Fisher–Yates shuffle of `order` in place. */
export function shuffleInPlace(order: Int32Array | number[], rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
}
