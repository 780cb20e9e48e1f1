import { describe, expect, it } from 'vitest';
import { importCsvBytes } from '../../../../src/shared/data/import-csv';

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
