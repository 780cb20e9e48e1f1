import { describe, expect, it } from 'vitest';
import { powerOfTwo, scalbn } from '../../../../src/shared/nn/math/words';
import { hexOf } from './float-bits';

// The bit helpers under the elementary functions. exp, pow and rem-pio2 call scalbn only with
// |n| ≤ 1075, so its steps for larger n (a second factor 2^±1023 or 2^-969, then the clamp that keeps
// the table index in range) are reached through no function: these cases pin them directly.

const MAX = 1.7976931348623157e308;
const MIN_SUBNORMAL = 5e-324;

// [x, n, x·2^n correctly rounded] (Python's math.ldexp, which is exact or rounds once, agrees on every row).
const SCALBN: [number, number, number][] = [
  [1, 1023, 8.98846567431158e307],
  [0.75, 1024, 1.348269851146737e308], // one step of 2^1023, then 2^1
  [1, 1024, Infinity],
  [MIN_SUBNORMAL, 2097, 8.98846567431158e307], // two steps of 2^1023, then 2^51
  [MIN_SUBNORMAL, 2098, Infinity],
  [MIN_SUBNORMAL, 3100, Infinity], // beyond two steps: clamped to 2^1023
  [-MIN_SUBNORMAL, 5000, -Infinity],
  [0, 5000, 0],
  [-0, -5000, -0],
  [1, -1074, MIN_SUBNORMAL],
  [1, -1075, 0], // 2^-1075: halfway, to even
  [3, -1075, 1e-323], // 1.5·2^-1074: halfway, to even
  [1.5, -1074, 1e-323],
  [MAX, -1991, 8.01667344003589e-292], // one step of 2^-969, then 2^-1022, exact
  [MAX, -2098, MIN_SUBNORMAL], // two steps of 2^-969, rounded once at the end
  [-MAX, -2098, -MIN_SUBNORMAL],
  [MAX, -2099, 0],
  [MAX, -3000, 0], // beyond two steps: clamped to 2^-1022
  [MAX, -3100, 0],
  [Infinity, -5000, Infinity],
];

describe('scalbn', () => {
  it('is x·2^n rounded once, for n far outside the exponent range too', () => {
    const wrong = SCALBN.filter(([x, n, expected]) => hexOf(scalbn(x, n)) !== hexOf(expected)).map(([x, n, expected]) => `scalbn(${x}, ${n}) = ${scalbn(x, n)}, expected ${expected}`);
    expect(wrong).toEqual([]);
    expect(scalbn(NaN, 4000)).toBeNaN();
  });
});

describe('powerOfTwo', () => {
  it('is 2^n at both ends of the normal exponents and around 0', () => {
    expect([-1022, -1, 0, 1, 52, 1023].map(powerOfTwo)).toEqual([2.2250738585072014e-308, 0.5, 1, 2, 4503599627370496, 8.98846567431158e307]);
  });
});
