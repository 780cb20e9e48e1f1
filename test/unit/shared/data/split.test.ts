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
  });

  it('refuses to hold out every row', () => {
    expect(() => splitRows(classes, 100, { validation: 0.6, test: 0.4, seed: 0 })).toThrow('must be ≥ 0 and leave rows for training');
    const tiny: Target = { kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from([0, 1]) };
    expect(() => splitRows(tiny, 2, { validation: 0.75, seed: 0 })).toThrow('2 rows are too few to hold out 2 and still train');
  });
});
