import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cos, exp, expm1, log, log1p, pow, sin, tanh } from '../../../../src/shared/nn/math';
import { double, hexOf, ulp } from './float-bits';

// The project's elementary functions against exact values (test/fixtures/make-math-references.py
// computes them with mpmath at 320 bits): the largest error in ulps over every case, special cases
// (±0, ±Infinity, NaN, exact results) to the bit.

interface References {
  functions: Record<string, string[][]>;
}
const REFERENCES: References = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../fixtures/math-references.json'), 'utf8'));

interface Measure {
  cases: number;
  /** Largest error in ulps where the exact value is a normal double, and the argument(s) where it occurs. */
  maxUlps: number;
  worst: string;
  /** Largest error in units of 2^-1074 where the exact value is subnormal. */
  maxSubnormal: number;
  /** Cases whose exact value is a double (or NaN, ±Infinity, ±0) and came out as other bits. */
  wrongExact: string[];
}

function measure(name: string, f: (...args: number[]) => number): Measure {
  const cases = REFERENCES.functions[name];
  const result: Measure = { cases: cases.length, maxUlps: 0, worst: '', maxSubnormal: 0, wrongExact: [] };
  for (const entry of cases) {
    const args = entry.slice(0, -2).map(double);
    const [hiHex, loHex] = entry.slice(-2);
    const got = f(...args);
    const hi = double(hiHex);
    if (loHex === null) {
      // NaN has many encodings; every other exact value must come out to the bit.
      if (Number.isNaN(hi) ? !Number.isNaN(got) : hexOf(got) !== hiHex) result.wrongExact.push(`${name}(${args.join(', ')}) = ${got}, expected ${hi}`);
      continue;
    }
    const ulps = Math.abs(got - hi - double(loHex)) / ulp(hi);
    if (Math.abs(hi) < 2 ** -1022) {
      result.maxSubnormal = Math.max(result.maxSubnormal, ulps);
    } else if (!(ulps <= result.maxUlps)) {
      result.maxUlps = ulps;
      result.worst = `${name}(${args.join(', ')}) = ${got}, exact ≈ ${hi}`;
    }
  }
  return result;
}

// The largest error each function may have, as stated in its source: fdlibm's bound of 1 ulp, and
// for tanh 2.5 ulp (fdlibm's formula rounds t and 1 − 2/(t + 2); 2.10 is the most seen in 40,000
// random arguments in [−3, 3]). Subnormal results of exp and pow are rounded twice (the normal
// result, then its scaling), so they may be off by one more unit of 2^-1074 than the bound.
const BOUNDS: [string, (...args: number[]) => number, number][] = [
  ['exp', exp, 1],
  ['expm1', expm1, 1],
  ['log', log, 1],
  ['log1p', log1p, 1],
  ['tanh', tanh, 2.5],
  ['sin', sin, 1],
  ['cos', cos, 1],
  ['pow', pow, 1],
];

describe('elementary functions against exact values', () => {
  for (const [name, f, bound] of BOUNDS) {
    it(`${name} stays within ${bound} ulp and gets every exact case to the bit`, () => {
      const { cases, maxUlps, worst, maxSubnormal, wrongExact } = measure(name, f);
      expect(cases).toBeGreaterThan(500);
      expect(wrongExact).toEqual([]);
      expect(maxUlps, worst).toBeLessThan(bound);
      expect(maxSubnormal).toBeLessThan(bound + 1);
    });
  }
});
