import { describe, expect, it } from 'vitest';
import { ColumnProfiler, inferColumns, inferTask, MAX_SUGGESTED_CATEGORIES } from '../../../../src/shared/data/column-inference';

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

  it('keeps a numeric column of many distinct values, and whole numbers from 1 to n with a repeat, as features', () => {
    // 60 distinct decimals: too many for categories, but numbers are never one-hot encoded.
    // 1, 1, 3, 4, …, n spans 1…n but repeats a value: scores, not row numbers.
    const lines = Array.from({ length: MAX_SUGGESTED_CATEGORIES + 10 }, (_, i) => `${i + 0.5},${i === 1 ? 1 : i + 1},${i % 2}`);
    const inference = inferColumns(profile(`w,score,y\n${lines.join('\n')}`));
    expect(inference.columns.map((c) => [c.role, c.reason])).toEqual([
      ['feature', 'numbers'],
      ['feature', 'numbers'],
      ['target', "named 'y'"],
    ]);
  });

  it('keeps a column of numbers written in another format numeric, those cells invalid, not categories', () => {
    const profiler = new ColumnProfiler({ fileName: 'f.csv', hasHeader: true });
    profiler.add([['x', 'y'], ['1.234,5', 'a'], ['2.345,5', 'b'], ['3', 'a']]);
    const p = profiler.profile();
    expect(p.columns[0].trouble).toEqual([{ kind: 'format', format: { decimal: ',', thousands: '.' }, count: 2, first: { row: 2, value: '1.234,5' } }]);
    expect(inferColumns(p).columns[0]).toMatchObject({ name: 'x', type: 'numeric', role: 'feature', invalid: 2, missing: 2 });
  });

  it('takes a text target for classification even when some of its values are decimals', () => {
    expect(inferTask(profile('y\na\nb\nc\n1.5').columns[0])).toBe('classification');
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

/** A CSV text from columns of equal length (no commas in the values). */
const table = (columns: Record<string, readonly (string | number)[]>) => {
  const names = Object.keys(columns);
  const rows = columns[names[0]].map((_, i) => names.map((n) => columns[n][i]).join(','));
  return [names.join(','), ...rows].join('\n');
};
const range = (from: number, n: number, step = 1) => Array.from({ length: n }, (_, i) => from + i * step);
const summary = (text: string) => inferColumns(profile(text)).columns.map((c) => [c.name, c.role, c.reason]);

describe('profiling cells the storage type cannot hold', () => {
  it('counts numbers beyond float64 as trouble (neither numbers nor text), float32-only overflow apart, and trims text', () => {
    const p = profile('x,y\n1e309,1e39\n Paris ,2\n1e-400,3\n5e-324,4\n');
    const [x, y] = p.columns;
    expect([x.numeric, x.text, x.missing]).toEqual([0, 1, 0]);
    expect(x.trouble).toEqual([
      { kind: 'overflow', precision: 'float64', count: 1, first: { row: 2, value: '1e309' } },
      { kind: 'underflow', precision: 'float64', count: 2, first: { row: 4, value: '1e-400' } },
    ]);
    expect(x.firstText).toEqual({ row: 3, value: 'Paris' });
    expect([...x.counts]).toEqual([['Paris', 1]]);
    expect([y.numeric, y.min, y.max, y.trouble]).toEqual([4, 2, 1e39, []]);
    expect(y.trouble32).toEqual([{ kind: 'overflow', precision: 'float32', count: 1, first: { row: 2, value: '1e39' } }]);
  });

  it('counts overflow and underflow as invalid cells of a numeric column, with its stray text', () => {
    const c = inferColumns(profile(table({ x: [1, 2, 3, 4, 5, '1e309', '1e-400', 'abc', 'NA'], y: range(0, 9) }))).columns[0];
    expect([c.type, c.invalid, c.missing, c.distinct]).toEqual(['numeric', 3, 4, 6]);
  });

  it('types a column by its words against its numbers and unreadable numbers', () => {
    // 3 numbers and 1 beyond float64 against 5 words: categorical; 4 words would be numeric.
    const words = ['a', 'b', 'c', 'd', 'e'];
    expect(inferColumns(profile(table({ x: [1, 2, 3, '1e309', ...words], y: range(0, 9) }))).columns[0].type).toBe('categorical');
    expect(inferColumns(profile(table({ x: [1, 2, 3, '1e309', ...words.slice(1), 'NA'], y: range(0, 9) }))).columns[0].type).toBe('numeric');
  });
});

describe('suggested roles and their reasons', () => {
  it('ignores a column with no values and one with a single value, counting a number beyond float64 as a value', () => {
    expect(summary(table({ empty: ['NA', '', '?'], one: [7, '1e309', 'NA'], mixed: [7, 'word', 'NA'], t: ['a', 'b', 'a'] }))).toEqual([
      ['empty', 'ignore', 'no values'],
      ['one', 'ignore', 'a single value in every row'],
      ['mixed', 'feature', 'numbers'],
      ['t', 'target', 'the last usable column'],
    ]);
  });

  it('takes distinct whole numbers for an id only in a column named like one (whole name, pandas\' "Unnamed: 0" too)', () => {
    const text = table({
      id: [3, 1, 2, 5, 4],
      'Unnamed: 0': range(0, 5),
      grid: range(10, 5, 10),
      identity: range(7, 5),
      index: ['a', 'b', 'c', 'd', 'e'],
      idx: [1, 1, 2, 2, 3],
      row: [1.5, 2.5, 3.5, 4.5, 5.5],
      label: ['a', 'b', 'a', 'b', 'a'],
    });
    expect(summary(text)).toEqual([
      ['id', 'ignore', 'all 5 values distinct: an id'],
      ['Unnamed: 0', 'ignore', 'all 5 values distinct: an id'],
      ['grid', 'feature', 'numbers'],
      ['identity', 'feature', 'numbers'],
      ['index', 'feature', '5 categories'],
      ['idx', 'feature', 'numbers'],
      ['row', 'feature', 'numbers'],
      ['label', 'target', "named 'label'"],
    ]);
  });

  it('takes whole numbers 1…n or 0…n-1 for row numbers from 20 rows on, and nothing else', () => {
    const columns = (n: number) => ({
      n1: range(1, n).reverse(),
      n0: range(0, n),
      evens: range(0, n, 2),
      skip0: [-1, ...range(1, n - 1)],
      fractional: [1, 1.5, ...range(3, n - 2)],
      // Distinct whole numbers, but not 1…n or 0…n-1: from 0 to n without 1, from 1 to n − 1 and then n + 5.
      gap: [0, ...range(2, n - 1)],
      over: [...range(1, n - 1), n + 5],
      // 1, n and n − 2 distinct words: categorical (words outnumber numbers), every value distinct.
      words: [1, n, ...range(0, n - 2).map((i) => `w${i}`)],
      y: range(0, n).map((i) => i % 2),
    });
    expect(summary(table(columns(20)))).toEqual([
      ['n1', 'ignore', 'numbers the rows 1…n: an id'],
      ['n0', 'ignore', 'numbers the rows 0…n-1: an id'],
      ['evens', 'feature', 'numbers'],
      ['skip0', 'feature', 'numbers'],
      ['fractional', 'feature', 'numbers'],
      ['gap', 'feature', 'numbers'],
      ['over', 'feature', 'numbers'],
      ['words', 'feature', '20 categories'],
      ['y', 'target', "named 'y'"],
    ]);
    // Below 20 rows a column of 1…n may be data by coincidence.
    expect(summary(table(columns(19))).map(([, role]) => role)).toEqual(['feature', 'feature', 'feature', 'feature', 'feature', 'feature', 'feature', 'feature', 'target']);
  });

  it('keeps up to 50 categories, ignores more, and names an overflowing column "more than 1000"', () => {
    const many = (n: number) => range(0, n).map((i) => `t${i}`);
    const fifty = inferColumns(profile(table({ c: many(50), y: range(0, 50).map((i) => i % 2) }))).columns[0];
    expect([fifty.role, fifty.reason, fifty.categories?.length]).toEqual(['feature', '50 categories', 50]);
    expect('categories' in inferColumns(profile(table({ c: many(50), y: range(0, 50).map((i) => i % 2) }))).columns[1]).toBe(false);
    const overflow = inferColumns(profile(table({ c: many(1001), x: range(0, 1001).map((i) => i / 2), y: range(0, 1001).map((i) => i % 2) }))).columns;
    expect([overflow[0].role, overflow[0].reason, overflow[0].distinct, overflow[0].categories]).toEqual([
      'ignore',
      'more than 1000 distinct texts: names or free text, not categories',
      null,
      undefined,
    ]);
    // Numbers never get categories, overflowing or not.
    expect([overflow[1].type, overflow[1].distinct, 'categories' in overflow[1]]).toEqual(['numeric', null, false]);
  });

  it('takes an integer target with up to 20 distinct values for classes, 21 for regression', () => {
    const task = (classes: number) => inferColumns(profile(table({ x: range(0, 42).map((i) => i / 4), y: range(0, 42).map((i) => i % classes) }))).task;
    expect([task(20), task(21)]).toEqual(['classification', 'regression']);
  });

  it('passes over an ignored column for the target, named or last; with every column ignored, the last', () => {
    // 'target' is constant and 'z' is constant: the last usable column is 'x'.
    expect(summary(table({ target: [1, 1, 1], x: [0.5, 1, 2], z: [4, 4, 4] }))).toEqual([
      ['target', 'ignore', 'a single value in every row'],
      ['x', 'target', 'the last usable column'],
      ['z', 'ignore', 'a single value in every row'],
    ]);
    const allIgnored = inferColumns(profile(table({ a: [1, 1], b: ['NA', 'NA'] })));
    expect([allIgnored.target, allIgnored.columns.map((c) => c.role)]).toEqual([1, ['ignore', 'target']]);
  });

  it('names a target by its whole name only: "yield" is not "y"', () => {
    expect(inferColumns(profile(table({ yield: [0.5, 1, 2], out: [1, 2, 1.5] }))).target).toBe(1);
  });
});
