import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REMAINDER, reducePiOver2 } from '../../../../src/shared/nn/math/rem-pio2';
import { double, hexOf } from './float-bits';

// The argument reduction on its own, against musl's __rem_pio2 (test/fixtures/make-math-edges.ts):
// n and both doubles of the remainder. sin and cos round y0 + y1 once more, so a change that moves
// only the last bits of the tail y1 (how many digits of x·2/π Payne–Hanek keeps, which slices of π/2
// each digit meets) does not show in their results on any argument found so far, yet it is a
// different reduction: these cases pin it where sin and cos cannot.

const EDGES: { reducePiOver2: [string, number, string, string][] } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../fixtures/math-edges.json'), 'utf8'),
);

describe('reducePiOver2', () => {
  it(`gives musl's n and remainder bits at its ${EDGES.reducePiOver2.length} edge arguments`, () => {
    expect(EDGES.reducePiOver2.length).toBeGreaterThan(40);
    const wrong = EDGES.reducePiOver2
      .map(([x, n, y0, y1]) => {
        const got = reducePiOver2(double(x));
        const gotRemainder = [hexOf(REMAINDER[0]), hexOf(REMAINDER[1])];
        return got === n && gotRemainder[0] === y0 && gotRemainder[1] === y1
          ? ''
          : `x = ${double(x)} (${x}): n = ${got}, r = ${gotRemainder.join(' + ')}; musl: n = ${n}, r = ${y0} + ${y1}`;
      })
      .filter((message) => message !== '');
    expect(wrong).toEqual([]);
  });
});
