import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cos, exp, expm1, log, log1p, pow, sin, tanh } from '../../../../src/shared/nn/math';
import { double, hexOf } from './float-bits';

// Every bit on every reference argument: the correctly rounded value, except where fdlibm's
// algorithm is known (test/fixtures/math-misrounded.json, from make-math-misrounded.ts) to return
// the neighbouring double. A changed operation that stays within the ulp bound math.test.ts
// asserts still moves some of these ~6,000 results, and with them every seeded run's bits.

const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../fixtures', name), 'utf8'));
/** Cases [x, (y,) hi, lo] with doubles as 16 hex digits of their bits (math.test.ts reads the same file for the ulp bounds). */
const REFERENCES: { functions: Record<string, (string | null)[][]> } = fixture('math-references.json');

const FUNCTIONS: [string, (...args: number[]) => number][] = [
  ['exp', exp],
  ['expm1', expm1],
  ['log', log],
  ['log1p', log1p],
  ['tanh', tanh],
  ['sin', sin],
  ['cos', cos],
  ['pow', pow],
];
const MISROUNDED: { functions: Record<string, string[][]> } = fixture('math-misrounded.json');

describe('elementary functions to the bit', () => {
  for (const [name, f] of FUNCTIONS) {
    it(`${name} returns the correctly rounded value but at its listed arguments, and the listed bits there`, () => {
      const listed = new Map(MISROUNDED.functions[name].map((entry) => [entry.slice(0, -1).join(','), entry[entry.length - 1]]));
      expect(listed.size).toBeLessThan(REFERENCES.functions[name].length / 5);
      const wrong: string[] = [];
      for (const entry of REFERENCES.functions[name]) {
        const argHex = entry.slice(0, -2) as string[];
        const expected = listed.get(argHex.join(',')) ?? (entry[entry.length - 2] as string);
        const got = f(...argHex.map(double));
        if (Number.isNaN(got) && Number.isNaN(double(expected))) continue;
        if (hexOf(got) !== expected) wrong.push(`${name}(${argHex.map(double).join(', ')}) = ${got}, expected ${double(expected)}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

/** Cases [x, bits]: arguments beside a branch threshold or in a rarely taken branch, where one changed operation changes the result, with fdlibm's bits there (from V8's C++ port and musl's C: make-math-edges.ts). */
const EDGES: { functions: Record<string, string[][]> } = fixture('math-edges.json');

describe('elementary functions at the edges of their branches', () => {
  for (const [name, cases] of Object.entries(EDGES.functions)) {
    it(`${name} gives fdlibm's bits at its ${cases.length} edge arguments`, () => {
      const f = new Map(FUNCTIONS).get(name);
      expect(f).toBeDefined();
      const wrong = cases
        .filter(([x, bits]) => hexOf(f!(double(x))) !== bits)
        .map(([x, bits]) => `${name}(${double(x)}) = ${f!(double(x))}, expected ${double(bits)}`);
      expect(wrong).toEqual([]);
    });
  }
});
