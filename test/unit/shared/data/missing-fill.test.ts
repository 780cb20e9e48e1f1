import { describe, expect, it } from 'vitest';
import { importCsvBytes } from '../../../../src/shared/data/import-csv';
import { ImportError } from '../../../../src/shared/data/import-error';
import { fillMissing } from '../../../../src/shared/data/missing-fill';

// Filling missing values with the most frequent one: ties go to the smallest number or the first
// category (sorted), whatever the row order, and a column with nothing missing is not reported.

const load = (text: string) => importCsvBytes(new TextEncoder().encode(text), 'f.csv', { split: { validation: 0 }, missing: 'mostFrequent' });

describe('most frequent fill', () => {
  it('breaks a tie between numbers by the smallest, in any row order', () => {
    expect(load('a,y\n1,x\n3,y\n1,x\n3,y\n?,x\n').report.filled).toEqual([{ column: 'a', count: 1, value: '1' }]);
    expect(load('a,y\n3,x\n1,y\n3,x\n1,y\n?,x\n').report.filled).toEqual([{ column: 'a', count: 1, value: '1' }]);
  });

  it('breaks a tie between categories by the first in sorted order, and writes its one-hot column', () => {
    const { dataset, report } = load('c,y\nred,x\nblue,y\nred,x\nblue,y\n?,x\n');
    expect(report.filled).toEqual([{ column: 'c', count: 1, value: 'blue' }]);
    expect(dataset.featureNames).toEqual(['c=blue', 'c=red']);
    expect(Array.from(dataset.x.subarray(8, 10))).toEqual([1, 0]);
  });

  it('reports only the columns it filled', () => {
    expect(load('c,a,y\nred,1,x\nblue,?,y\nred,1,x\nblue,2,y\n').report.filled).toEqual([{ column: 'a', count: 1, value: '1' }]);
  });
});

// fillMissing on a matrix given directly: the fill comes from the training rows only, and a column
// with nothing to fill from is refused by name.
describe('fillMissing', () => {
  it('fills a numeric feature with the mean of its training values, leaving out missing ones and the validation rows', () => {
    // Two features; the filled one is the second. Row 3 (value 100) is a validation row.
    const x = Float64Array.from([9, 1, 9, NaN, 9, 4, 9, 100]);
    const fills = [
      { kind: 'numeric' as const, column: 'full', feature: 0, how: 'mean' as const },
      { kind: 'numeric' as const, column: 'a', feature: 1, how: 'mean' as const },
    ];
    const report = fillMissing('f.csv', x, 2, 4, fills, [0, 1, 2]);
    expect(Array.from(x)).toEqual([9, 1, 9, 2.5, 9, 4, 9, 100]);
    // 'full' has nothing missing, so nothing to report.
    expect(report).toEqual([{ column: 'a', count: 1, value: '2.5' }]);
  });

  it('fills a numeric feature with its most frequent training value, however few rows a rarer smaller value has', () => {
    const x = Float64Array.from([3, 3, 1, NaN]);
    expect(fillMissing('f.csv', x, 1, 4, [{ kind: 'numeric', column: 'a', feature: 0, how: 'mostFrequent' }], [0, 1, 2, 3])).toEqual([
      { column: 'a', count: 1, value: '3' },
    ]);
    expect(x[3]).toBe(3);
  });

  it('fills a categorical block with the most frequent training category, not counting the validation rows', () => {
    // Feature 0 is numeric; features 1–2 are c=blue, c=red. Row 4 (blue) is a validation row: counted,
    // blue would tie red and win as the first category.
    const x = Float64Array.from([7, 0, 1, 8, 1, 0, 9, 0, 1, 9, 0, 0, 9, 1, 0]);
    const fill = { kind: 'categorical' as const, column: 'c', feature: 1, categories: ['blue', 'red'], rows: [3] };
    expect(fillMissing('f.csv', x, 3, 5, [fill], [0, 1, 2, 3])).toEqual([{ column: 'c', count: 1, value: 'red' }]);
    expect(Array.from(x.subarray(9, 12))).toEqual([9, 0, 1]);
  });

  it.each([
    ['numeric', { kind: 'numeric' as const, column: 'age', feature: 0, how: 'mean' as const }],
    ['categorical', { kind: 'categorical' as const, column: 'age', feature: 0, categories: ['old', 'young'], rows: [0] }],
  ])('refuses a %s column with no value in the training rows, naming file and column', (_, fill) => {
    // Row 0 is missing (NaN, or an empty one-hot block); only the validation row 1 has a value.
    const x = fill.kind === 'numeric' ? Float64Array.from([NaN, 0, 30, 0]) : Float64Array.from([0, 0, 1, 0]);
    const call = () => fillMissing('people.csv', x, 2, 2, [fill], [0]);
    expect(call).toThrow(ImportError);
    expect(call).toThrow("people.csv, column 'age': no values in the training rows to fill its missing values from");
  });
});
