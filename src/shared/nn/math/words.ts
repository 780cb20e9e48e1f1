// The two 32-bit halves of a float64, as fdlibm reads and writes them (GET_HIGH_WORD,
// SET_LOW_WORD, INSERT_WORDS …), and scalbn. Typed arrays over one 8-byte buffer: reading the bits
// of a double this way is exact on every engine, unlike any arithmetic trick.

const buffer = new ArrayBuffer(8);
const float = new Float64Array(buffer);
/** Signed, like fdlibm's `int32_t hx`: a negative x has a negative high word. */
const words = new Int32Array(buffer);
/**
 * Typed arrays use the platform's byte order: the high word is the second one (1) on little-endian
 * machines, the first (0) on big-endian ones — which is the first byte of a 16-bit 1.
 */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0];
const LOW = 1 - HIGH;

/** Sign, exponent and the top 20 bits of the significand, as a signed int32. */
export function highWord(x: number): number {
  float[0] = x;
  return words[HIGH];
}

/** The low 32 bits of the significand, unsigned. */
export function lowWord(x: number): number {
  float[0] = x;
  return words[LOW] >>> 0;
}

/** The double whose high and low words are these (the inverse of highWord/lowWord). */
export function fromWords(high: number, low: number): number {
  words[HIGH] = high;
  words[LOW] = low;
  return float[0];
}

/** x with its high word replaced. */
export function withHighWord(x: number, high: number): number {
  float[0] = x;
  words[HIGH] = high;
  return float[0];
}

/** x with its low word replaced (0: x cut to its top 21 significand bits, fdlibm's exact "head"). */
export function withLowWord(x: number, low: number): number {
  float[0] = x;
  words[LOW] = low;
  return float[0];
}

/** 2^n for every normal exponent n ∈ [−1022, 1023], at index n + 1022 (the biased exponent n + 1023 in the high word). */
const POWERS_OF_TWO = new Float64Array(2046);
for (let n = -1022; n <= 1023; n++) POWERS_OF_TWO[n + 1022] = fromWords((n + 1023) << 20, 0);

/** 2^n for an integer n ∈ [−1022, 1023] (a table: the hot paths of exp and tanh need no bit access). */
export function powerOfTwo(n: number): number {
  return POWERS_OF_TWO[n + 1022];
}

const TWO_1023 = fromWords(0x7fe00000, 0);
/** 2^-1022 · 2^53: scaling into the subnormal range in two steps avoids rounding twice. */
const TWO_M969 = fromWords(0x03600000, 0);

/** x·2^n, exact unless the result overflows or is subnormal (musl's scalbn). */
export function scalbn(x: number, n: number): number {
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
    // The final n stays below −53 so the one rounding happens in the last multiplication.
    y *= TWO_M969;
    n += 1022 - 53;
    if (n < -1022) {
      y *= TWO_M969;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * POWERS_OF_TWO[n + 1022];
}
