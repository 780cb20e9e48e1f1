import { describe, expect, it } from 'vitest';
import { splitRows } from '../../../../src/shared/data/split';
import type { Target } from '../../../../src/shared/data/dataset';

// 3 classes of 50, 30 and 20 rows, interleaved.
const labels = Int32Array.from({ length: 100 }, (_, i) => (i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2));
const classes: Target = { kind: 'classes', classes: ['a', 'b', 'c'], labels };
const countClass = (rows: Int32Array, c: number) => Array.from(rows).filter((r) => labels[r] === c).length;

describe('splitRows', () => {
  it('is stratified: every class keeps its share in each part', () => {
    const split = splitRows(classes, 100, { validation: 0.2, test: 0.1, seed: 1 });
    expect([0, 1, 2].map((c) => countClass(split.validation, c))).toEqual([10, 6, 4]);
    expect([0, 1, 2].map((c) => countClass(split.test!, c))).toEqual([5, 3, 2]);
    expect([0, 1, 2].map((c) => countClass(split.train, c))).toEqual([35, 21, 14]);
  });

  it('partitions the rows: disjoint, complete, sorted', () => {
    const split = splitRows(classes, 100, { validation: 0.25, test: 0.15, seed: 9 });
    const all = [...split.train, ...split.validation, ...split.test!].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(split.train)).toEqual([...split.train].sort((a, b) => a - b));
  });

  it('totals are exactly round(fraction × rows) even when per-class shares are fractional', () => {
    const split = splitRows(classes, 100, { validation: 0.33, seed: 4 });
    expect(split.validation).toHaveLength(33);
    expect(split.train).toHaveLength(67);
    expect(split.test).toBeUndefined();
  });

  it('same seed ⇒ same split; another seed ⇒ another split', () => {
    const a = splitRows(classes, 100, { validation: 0.2, seed: 5 });
    const b = splitRows(classes, 100, { validation: 0.2, seed: 5 });
    const c = splitRows(classes, 100, { validation: 0.2, seed: 6 });
    expect(a).toEqual(b);
    expect(a.validation).not.toEqual(c.validation);
  });

  it('splits regression rows without strata', () => {
    const values: Target = { kind: 'values', names: ['y'], values: new Float64Array(10) };
    const split = splitRows(values, 10, { validation: 0.3, seed: 0 });
    expect(split.validation).toHaveLength(3);
    expect(split.train).toHaveLength(7);
    expect([...split.train, ...split.validation].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives the rows left after rounding down to the classes with the largest remainders, ties to the earlier class', () => {
    // 33 of 50, 30, 20: quotas 16.5, 9.9, 6.6 → 16, 9, 6 and the 2 left to b (.9) and c (.6).
    expect([0, 1, 2].map((c) => countClass(splitRows(classes, 100, { validation: 0.33, seed: 4 }).validation, c))).toEqual([16, 10, 7]);
    // 25: quotas 12.5, 7.5, 5 → 12, 7, 5 and the 1 left to a, the earlier of the two tied at .5.
    expect([0, 1, 2].map((c) => countClass(splitRows(classes, 100, { validation: 0.25, seed: 4 }).validation, c))).toEqual([13, 7, 5]);
  });

  it('takes a validation fraction of 0 and refuses negative fractions, naming both', () => {
    expect(splitRows(classes, 100, { validation: 0, seed: 1 }).validation).toHaveLength(0);
    expect(() => splitRows(classes, 100, { validation: -0.1, seed: 0 })).toThrow('validation (-0.1) and test (0) fractions must be ≥ 0 and leave rows for training');
    expect(() => splitRows(classes, 100, { validation: 0.2, test: -0.1, seed: 0 })).toThrow('validation (0.2) and test (-0.1) fractions must be ≥ 0 and leave rows for training');
  });

  it('refuses to hold out every row', () => {
    expect(() => splitRows(classes, 100, { validation: 0.6, test: 0.4, seed: 0 })).toThrow('must be ≥ 0 and leave rows for training');
    const tiny: Target = { kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from([0, 1]) };
    expect(() => splitRows(tiny, 2, { validation: 0.75, seed: 0 })).toThrow('2 rows are too few to hold out 2 and still train');
    // Validation and test together: round(1.5) + round(1.2) = 3 of 3 rows.
    const three: Target = { kind: 'classes', classes: ['a'], labels: Int32Array.from([0, 0, 0]) };
    expect(() => splitRows(three, 3, { validation: 0.5, test: 0.4, seed: 0 })).toThrow('3 rows are too few to hold out 3 and still train');
  });

  it('gives a row left over by equal remainders to the earlier class, and never more rows than a class has', () => {
    const classes = (labels: number[]): Target => ({ kind: 'classes', classes: ['a', 'b', 'c'].slice(0, Math.max(...labels) + 1), labels: Int32Array.from(labels) });
    const perClass = (target: Target, rows: Int32Array) => target.kind === 'classes' ? [0, 1, 2].map((k) => Array.from(rows).filter((r) => target.labels[r] === k).length) : [];
    const even = classes([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(perClass(even, splitRows(even, 10, { validation: 0.3, seed: 1 }).validation)).toEqual([2, 1, 0]);
    // 9 of 10 rows held out, over classes of 1, 2 and 7 rows.
    const uneven = classes([0, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
    const split = splitRows(uneven, 10, { validation: 0.5, test: 0.4, seed: 3 });
    expect([perClass(uneven, split.validation), perClass(uneven, split.test!), perClass(uneven, split.train)]).toEqual([[1, 1, 3], [0, 1, 3], [0, 0, 1]]);
  });
});
