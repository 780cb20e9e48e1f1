import { describe, expect, it } from 'vitest';
import { ColumnProfiler, inferColumns, MAX_SUGGESTED_CATEGORIES } from '../../../../src/shared/data/column-inference';

const rowsOf = (text: string) => text.trim().split('\n').map((line) => line.split(','));
function profile(text: string, chunk = 1000) {
  const profiler = new ColumnProfiler({ fileName: 'f.csv', hasHeader: true });
  const rows = rowsOf(text);
  for (let i = 0; i < rows.length; i += chunk) profiler.add(rows.slice(i, i + chunk));
  return profiler.profile();
}

const PEOPLE = `id,age,city,income,bought
1,34,Paris,52000.5,yes
2,NA,Lyon,?,no
3,29,Paris,abc,yes
4,,Nice,61000,no
5,41,Paris,48000,yes
6,38,Lyon,50500,no`;

describe('column profile and inference', () => {
  it('counts numbers, missing markers, stray text, distinct values and ranges per column', () => {
    const p = profile(PEOPLE);
    expect(p.rows).toBe(6);
    const age = p.columns[1];
    expect([age.numeric, age.missing, age.text, age.min, age.max, age.integers]).toEqual([4, 2, 0, 29, 41, true]);
    expect(age.firstMissing).toEqual({ row: 3, value: 'NA' });
    const income = p.columns[3];
    expect([income.numeric, income.missing, income.text, income.integers]).toEqual([4, 1, 1, false]);
    expect(income.firstText).toEqual({ row: 4, value: 'abc' });
    expect([...p.columns[2].counts]).toEqual([['Paris', 3], ['Lyon', 2], ['Nice', 1]]);
  });

  it('suggests types, roles and the task', () => {
    const inference = inferColumns(profile(PEOPLE));
    expect(inference.columns.map((c) => [c.name, c.type, c.role, c.missing, c.invalid, c.distinct])).toEqual([
      ['id', 'numeric', 'ignore', 0, 0, 6],
      ['age', 'numeric', 'feature', 2, 0, 4],
      ['city', 'categorical', 'feature', 0, 0, 3],
      ['income', 'numeric', 'feature', 2, 1, 5],
      ['bought', 'categorical', 'target', 0, 0, 2],
    ]);
    expect(inference.columns[0].reason).toBe('all 6 values distinct: an id');
    expect(inference.columns[2].categories).toEqual(['Lyon', 'Nice', 'Paris']);
    expect(inference.target).toBe(4);
    expect(inference.task).toBe('classification');
  });

  it('takes a conventionally named target anywhere, and regression for a fractional numeric target', () => {
    const inference = inferColumns(profile('target,x1,x2\n0.5,1,2\n1.25,3,4\n2,5,7\n'));
    expect(inference.target).toBe(0);
    expect(inference.task).toBe('regression');
    expect(inferColumns(profile('x,y\n1,3\n2,1\n3,3\n')).task).toBe('classification');
  });

  it('suggests ignoring constant columns, row numbers and free text with many distinct values', () => {
    const names = Array.from({ length: MAX_SUGGESTED_CATEGORIES + 5 }, (_, i) => `0,${i},name${i},${i % 7},${i % 2}`);
    const inference = inferColumns(profile(`k,n,name,x,y\n${names.join('\n')}`));
    expect(inference.columns.map((c) => c.role)).toEqual(['ignore', 'ignore', 'ignore', 'feature', 'target']);
    expect(inference.columns.map((c) => c.reason).slice(0, 3)).toEqual([
      'a single value in every row',
      'numbers the rows 0…n-1: an id',
      `${MAX_SUGGESTED_CATEGORIES + 5} distinct texts: names or free text, not categories`,
    ]);
  });

  it('gives the same profile however the file is chunked', () => {
    const whole = profile(PEOPLE);
    const byRow = profile(PEOPLE, 1);
    expect(byRow).toEqual(whole);
  });

  it('refuses an empty file, a header-only file and ragged rows, naming the row', () => {
    expect(() => profile('')).toThrow('f.csv: the file is empty');
    expect(() => profile('a,b,c\n')).toThrow('f.csv: the file has a header row but no data rows');
    expect(() => profile('a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n')).toThrow('f.csv row 5: found 3 fields, expected 4 like the header');
    // The first line right, the second not: a metadata line above the data is the likely cause.
    expect(() => profile('178,13\n1,2,3\n4,5,6\n')).toThrow('f.csv row 2: found 3 fields, expected 2 like the header (if the first line is not data or a header, skip it)');
  });

  it('names empty header cells by position and repeated names by their count, so every column has its own name', () => {
    expect(profile(',a,b\n0,1,x\n1,2,y\n').columns.map((c) => c.name)).toEqual(['column 1', 'a', 'b']);
    expect(profile('a,,a,b,a,a (2)\n1,2,3,4,5,6\n').columns.map((c) => c.name)).toEqual(['a', 'column 2', 'a (3)', 'b', 'a (4)', 'a (2)']);
  });

  it('recognises a delimiter at the end of the header or of the data lines', () => {
    expect(profile('a,b,\n1,2\n3,4\n').columns.map((c) => c.name)).toEqual(['a', 'b']);
    const rows = profile('a,b\n1,2,\n3,4,\n');
    expect([rows.columns.map((c) => c.name), rows.rows]).toEqual([['a', 'b'], 2]);
    expect(profile('a,b,\n1,2,\n3,4,\n').columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('leaves out the lines before the data, keeping row numbers those of the file', () => {
    const profiler = new ColumnProfiler({ fileName: 'f.csv', hasHeader: true, skipLines: 2 });
    profiler.add(rowsOf('506,13\n# made by hand\nx,y\n1,2\n3,oops'));
    const p = profiler.profile();
    expect([p.columns.map((c) => c.name), p.rows, p.columns[1].firstText]).toEqual([['x', 'y'], 2, { row: 5, value: 'oops' }]);
  });
});
