import { describe, expect, it } from 'vitest';
import { histogram } from '../../../../src/shared/nn/histogram';

// Equal-width bins between the finite minimum and maximum; non-finite values are left out.

describe('histogram', () => {
  it('puts each value in its equal-width bin, the maximum in the last', () => {
    // Range [0, 4] in 4 bins of width 1: [0, 1), [1, 2), [2, 3), [3, 4].
    expect(histogram([0, 0.5, 1, 2.5, 2.999, 3, 4], 4)).toEqual({ min: 0, max: 4, counts: [2, 1, 2, 2] });
    expect(histogram([-2, -1, 6], 2)).toEqual({ min: -2, max: 6, counts: [2, 1] });
    // The range is the smallest and largest value wherever they come.
    expect(histogram([3, 1, 2], 2)).toEqual({ min: 1, max: 3, counts: [1, 2] });
  });

  it('has 30 bins unless told otherwise', () => {
    const { counts } = histogram(Float64Array.from({ length: 60 }, (_, i) => i));
    expect(counts).toEqual(new Array(30).fill(2));
  });

  it('skips NaN and ±Infinity, both for the range and the counts', () => {
    expect(histogram([NaN, 1, Infinity, 3, -Infinity], 2)).toEqual({ min: 1, max: 3, counts: [1, 1] });
  });

  it('puts a constant set in the middle bin', () => {
    expect(histogram([0.5, 0.5, 0.5], 5)).toEqual({ min: 0.5, max: 0.5, counts: [0, 0, 3, 0, 0] });
    expect(histogram([7, NaN], 4)).toEqual({ min: 7, max: 7, counts: [0, 0, 1, 0] });
  });

  it('is empty, with a zero range, when no value is finite', () => {
    expect(histogram([], 3)).toEqual({ min: 0, max: 0, counts: [0, 0, 0] });
    expect(histogram([NaN, Infinity], 2)).toEqual({ min: 0, max: 0, counts: [0, 0] });
  });

  it('ranges from −0 to +0 over a set of both zeros, whichever comes first', () => {
    for (const values of [[0, -0], [-0, 0]]) {
      const { min, max, counts } = histogram(values, 2);
      expect([Object.is(min, -0), Object.is(max, 0), counts]).toEqual([true, true, [0, 2]]);
    }
  });
});
