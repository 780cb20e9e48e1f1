import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ColumnProfiler, inferColumns } from '../../../../src/shared/data/column-inference';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';
import { DatasetBuilder } from '../../../../src/shared/data/dataset-builder';
import { ImportError } from '../../../../src/shared/data/import-error';
import { importCsv, importCsvBytes, sniffWithChoices, type CsvImportChoices } from '../../../../src/shared/data/import-csv';
import { suggestImportPlan } from '../../../../src/shared/data/import-plan';

const bytes = (text: string) => new TextEncoder().encode(text);
const load = (text: string, choices: CsvImportChoices = {}) => importCsvBytes(bytes(text), 'people.csv', { split: { validation: 0 }, ...choices });
const IRIS = readFileSync(join(import.meta.dirname, '../../../fixtures/iris.csv'));

const PEOPLE = `age,city,income,bought
34,Paris,52000,yes
NA,Lyon,40000,no
29,Paris,abc,yes
,Nice,61000,no
41,Paris,48000,yes
38,?,50000,no`;

describe('importCsvBytes', () => {
  it('reads numbers, one-hot encodes categories and sorts classes', () => {
    const { dataset, report } = load('x,colour,y\n1.5,red,b\n2,blue,a\n-3e-1,red,b\n');
    expect(dataset.featureNames).toEqual(['x', 'colour=blue', 'colour=red']);
    expect([dataset.rows, dataset.features]).toEqual([3, 3]);
    expect(Array.from(dataset.x)).toEqual([1.5, 0, 1, 2, 1, 0, Math.fround(-0.3), 0, 1]);
    expect(dataset.x).toBeInstanceOf(Float32Array);
    expect(dataset.target).toEqual({ kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from([1, 0, 1]) });
    expect(report).toMatchObject({ rowsRead: 3, rowsKept: 3, rowsDropped: 0, features: 3, classCounts: [{ name: 'a', rows: 1 }, { name: 'b', rows: 2 }] });
  });

  it('handles semicolons, CRLF, a BOM, quoted fields with delimiters and newlines, and blank lines', () => {
    const { dataset } = load('\uFEFFnote;v;y\r\n"a;b";1;0\r\n\r\n"two\r\nlines";2;1\r\n', { categorical: ['note'] });
    expect(dataset.featureNames).toEqual(['note=a;b', 'note=two\r\nlines', 'v']);
    expect(Array.from(dataset.x)).toEqual([1, 0, 1, 0, 1, 2]);
  });

  it('reads a chosen thousands separator that detection took for the decimal mark, with the other mark as decimal', () => {
    // '1,500' in a ';' file is detected as a decimal comma; declared a thousands separator it is 1500.
    const text = 'size;y\n1,500;a\n2,250;b\n3,125;a\n';
    expect(Array.from(load(text).dataset.x)).toEqual([1.5, 2.25, 3.125]);
    expect(Array.from(load(text, { thousands: ',' }).dataset.x)).toEqual([1500, 2250, 3125]);
    // And the mirror image: '1.500' declared with '.' thousands reads with a decimal comma.
    expect(Array.from(load('size;y\n1.500;a\n2.250;b\n3,5;a\n', { thousands: '.' }).dataset.x)).toEqual([1500, 2250, 3.5]);
  });

  it('reads a headerless file with columns named by position', () => {
    const { dataset, plan } = load('1,2,0\n3,4,1\n5,6,0\n');
    expect(plan.hasHeader).toBe(false);
    expect(dataset.featureNames).toEqual(['column 1', 'column 2']);
    expect(dataset.rows).toBe(3);
  });

  it('fail policy: stops at the first bad value, naming file, row, column and what was expected', () => {
    expect(() => load(PEOPLE)).toThrow("people.csv row 3, column 'age': expected a number, found 'NA'");
    try {
      load(PEOPLE, { ignore: ['age'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect(error).toMatchObject({ file: 'people.csv', row: 4, column: 'income', message: "people.csv row 4, column 'income': expected a number, found 'abc'" });
    }
  });

  it('drop policy: drops the rows and says why, per column', () => {
    const { dataset, report } = load(PEOPLE, { missing: 'drop' });
    expect(dataset.rows).toBe(2);
    expect(Array.from(dataset.x.subarray(0, 5))).toEqual([34, 0, 0, 1, 52000]);
    expect(report).toMatchObject({ rowsRead: 6, rowsKept: 2, rowsDropped: 4 });
    expect(report.dropped).toEqual([
      { column: 'age', missing: 2, invalid: 0, firstRow: 3 },
      { column: 'income', missing: 0, invalid: 1, firstRow: 4 },
      { column: 'city', missing: 1, invalid: 0, firstRow: 7 },
    ]);
  });

  it('mean policy: numeric mean and categorical most frequent of the kept rows, reported per column', () => {
    const { dataset, report } = load(PEOPLE, { missing: 'mean' });
    expect(dataset.rows).toBe(6);
    expect(dataset.featureNames).toEqual(['age', 'city=Lyon', 'city=Nice', 'city=Paris', 'income']);
    const row = (r: number) => Array.from(dataset.x.subarray(r * 5, r * 5 + 5));
    expect(row(1)).toEqual([35.5, 1, 0, 0, 40000]); // age: mean of 34, 29, 41, 38
    expect(row(2)).toEqual([29, 0, 0, 1, 50200]); // income: mean of the 5 numbers
    expect(row(5)).toEqual([38, 0, 0, 1, 50000]); // city '?' → Paris, the most frequent
    expect(report.filled).toEqual([
      { column: 'age', count: 2, value: '35.5' },
      { column: 'income', count: 1, value: '50200' },
      { column: 'city', count: 1, value: 'Paris' },
    ]);
    expect(report.rowsDropped).toBe(0);
  });

  it('mostFrequent policy, and a per-column override', () => {
    const text = 'a,b,y\n1,5,x\n1,?,y\n2,6,x\n?,6,y\n3,7,x\n';
    const { dataset, report } = load(text, { missing: 'mostFrequent' });
    expect(Array.from(dataset.x)).toEqual([1, 5, 1, 6, 2, 6, 1, 6, 3, 7]);
    expect(report.filled).toEqual([
      { column: 'a', count: 1, value: '1' },
      { column: 'b', count: 1, value: '6' },
    ]);
    const profiler = new ColumnProfiler({ fileName: 'f.csv', hasHeader: true });
    const rows = text.trim().split('\n').map((l) => l.split(','));
    profiler.add(rows);
    const profile = profiler.profile();
    const plan = suggestImportPlan(sniffCsv(bytes(text), 'f.csv', { complete: true }), profile, inferColumns(profile));
    plan.columns[0].missing = 'drop';
    plan.missing = 'mean';
    plan.split.validation = 0;
    const builder = new DatasetBuilder(plan);
    builder.add(rows);
    const result = builder.finish();
    expect(result.report.rowsDropped).toBe(1);
    expect(result.report.filled).toEqual([{ column: 'b', count: 1, value: '6' }]);
  });

  it('fills and normalizes from the training rows only', () => {
    const lines = ['v,y'];
    for (let i = 0; i < 40; i++) lines.push(`${i % 10 === 3 ? '' : i},${i % 2}`);
    const { dataset, report } = load(lines.join('\n'), { missing: 'mean', normalization: 'standardize', split: { validation: 0.25, seed: 7 } });
    const train = dataset.split!.train;
    const validation = dataset.split!.validation;
    expect([train.length, validation.length]).toEqual([30, 10]);
    // Mean fill from the training rows: the filled value differs from the all-rows mean in general.
    const trainValues = Array.from(train, (r) => r).filter((r) => r % 10 !== 3);
    const trainMean = trainValues.reduce((s, r) => s + r, 0) / trainValues.length;
    expect(Number(report.filled[0].value)).toBeCloseTo(trainMean, 4);
    const values = (rows: Int32Array) => Array.from(rows, (r) => dataset.x[r]);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(values(train))).toBeCloseTo(0, 6);
    expect(Math.sqrt(mean(values(train).map((x) => x * x)))).toBeCloseTo(1, 5);
    expect(Math.abs(mean(values(validation)))).toBeGreaterThan(1e-3);
    expect(dataset.normalization.kind).toBe('standardize');
    expect(report.normalization).toBe('standardize');
  });

  it('splits stratified and the same for the same seed', () => {
    const a = importCsvBytes(IRIS, 'iris.csv', { split: { validation: 0.2, test: 0.1, seed: 3 } });
    const b = importCsvBytes(IRIS, 'iris.csv', { split: { validation: 0.2, test: 0.1, seed: 3 } });
    const c = importCsvBytes(IRIS, 'iris.csv', { split: { validation: 0.2, test: 0.1, seed: 4 } });
    expect(a.report.split).toEqual({ train: 105, validation: 30, test: 15 });
    expect(a.dataset.split).toEqual(b.dataset.split);
    expect(Array.from(a.dataset.split!.validation)).not.toEqual(Array.from(c.dataset.split!.validation));
    const target = a.dataset.target;
    const perClass = (rows: Int32Array) => [0, 1, 2].map((k) => Array.from(rows).filter((r) => target.kind === 'classes' && target.labels[r] === k).length);
    expect(perClass(a.dataset.split!.validation)).toEqual([10, 10, 10]);
    expect(perClass(a.dataset.split!.test!)).toEqual([5, 5, 5]);
  });

  it('numeric class labels are read by value, and a target with too many classes is refused', () => {
    const { dataset } = load('x,y\n1,1.0\n2,1\n3,2\n4,+2\n');
    expect(dataset.target).toEqual({ kind: 'classes', classes: ['1', '2'], labels: Int32Array.from([0, 0, 1, 1]) });
    const many = ['x,id', ...Array.from({ length: 1001 }, (_, i) => `${i},n${i}`)].join('\n');
    expect(() => load(many, { target: 'id' })).toThrow(
      "people.csv row 1002, column 'id': more than 1000 distinct target values; for a numeric target choose regression, or choose another target column",
    );
  });

  it('regression targets; a categorical target cannot be regressed', () => {
    const { dataset } = load('x,price\n1,2.5\n2,3.75\n3,1.5\n4,8\n');
    expect(dataset.target).toEqual({ kind: 'values', names: ['price'], values: Float64Array.from([2.5, 3.75, 1.5, 8]) });
    expect(() => load('x,y\n1,a\n2,b\n', { task: 'regression' })).toThrow("people.csv: regression needs a numeric target; 'y' is categorical");
    expect(() => load('x,y\n1,2.5\n2,high\n3,4.5\n', { task: 'regression' })).toThrow(
      "people.csv row 3, column 'y': expected a number (regression target), found 'high'",
    );
  });

  it.each([
    ['an empty file', '', {}, 'people.csv: the file is empty'],
    ['a header-only file', 'a,b,y\n', {}, 'people.csv: the file has a header row but no data rows'],
    ['ragged rows', 'a,b,c,y\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,3\n', {}, 'people.csv row 5: found 3 fields, expected 4 like the header'],
    ['a single class', 'a,b,y\n1,2,x\n3,4,x\n', { target: 'y' }, "people.csv, column 'y': the target has only one class ('x'); classification needs at least two"],
    ['an unclosed quote', 'a,y\n1,"x\n2,y\n', {}, 'people.csv row 2: column 2 ("x) opens a quote that is never closed; expected a closing "'],
    ['a missing target under fail', 'a,y\n1,x\n2,\n3,y\n', { target: 'y' }, "people.csv row 3, column 'y': expected a target value, found an empty value"],
    ['an unknown column', 'a,y\n1,x\n2,y\n', { target: 'z' }, "people.csv: no column 'z' in the header (columns: a, y)"],
  ])('refuses %s with a clear message', (_, text, choices, message) => {
    expect(() => load(text, choices)).toThrow(message);
  });

  it('refuses a file where every row is dropped, naming the columns', () => {
    expect(() => load('a,y\n?,x\nNA,y\n', { missing: 'drop', features: ['a'] })).toThrow(
      `people.csv: all 2 rows were dropped for missing or unreadable values ('a' 2); choose "fill" for those columns or ignore them`,
    );
  });

  it('refuses a plan without features or with a feature missing its categories', () => {
    expect(() => load('a,y\n1,x\n2,y\n', { ignore: ['a'] })).toThrow('people.csv: choose at least one feature column');
    expect(
      () =>
        new DatasetBuilder({
          fileName: 'f.csv',
          name: 'f',
          delimiter: ',',
          hasHeader: true,
          columns: [
            { name: 'c', type: 'categorical', role: 'feature' },
            { name: 'y', type: 'numeric', role: 'target' },
          ],
          task: 'classification',
        }),
    ).toThrow("categorical feature 'c' needs its list of categories");
  });
});

describe('import choices', () => {
  // k is constant (suggested ignored); c is a numeric 0/1 code, v a measurement.
  const TABLE = 'k,c,v,y\n1,0,0.5,a\n1,1,1.5,b\n1,0,2.5,a\n1,1,3.5,b\n';

  it('a chosen target leaves the columns suggested to be ignored ignored; allFeatures takes them', () => {
    expect(load(TABLE).dataset.featureNames).toEqual(['c', 'v']);
    expect(load(TABLE, { target: 'c' }).dataset.featureNames).toEqual(['v', 'y=a', 'y=b']);
    expect(load(TABLE, { allFeatures: true }).dataset.featureNames).toEqual(['k', 'c', 'v']);
  });

  it('several targets are a regression, whatever the first one looks like', () => {
    const { plan, dataset } = load(TABLE, { targets: ['c', 'v'] });
    expect(plan.task).toBe('regression');
    expect(dataset.target).toMatchObject({ kind: 'values', names: ['c', 'v'] });
  });

  it('takes the name, the number format and the split chosen', () => {
    const { plan, dataset } = load('x;y\n1;a\n2;b\n3;a\n4;b\n', { name: 'Chosen', decimal: ',', thousands: '.' });
    expect([dataset.name, plan.decimal, plan.thousands]).toEqual(['Chosen', ',', '.']);
    expect(load('x;y\n1;a\n2;b\n', { thousands: '' }).plan.thousands).toBe('');
  });

  it('refuses to one-hot encode a column with more distinct values than are counted', () => {
    const many = ['x,name,y', ...Array.from({ length: 1001 }, (_, i) => `${i},n${i},${i % 2}`)].join('\n');
    expect(() => load(many, { features: ['name'] })).toThrow("people.csv, column 'name': more than 1000 distinct values, too many to one-hot encode; ignore the column");
  });

  it('a chosen decimal mark drops a guessed thousands separator that is the same character', () => {
    const head = bytes('x,y\n"1,234.5",a\n"2,345.5",b\n');
    expect(sniffWithChoices(head, 'f.csv', { complete: true }, {})).toMatchObject({ decimal: '.', thousands: ',' });
    expect(sniffWithChoices(head, 'f.csv', { complete: true }, { decimal: ',' })).toMatchObject({ decimal: ',', thousands: '' });
    expect(sniffWithChoices(head, 'f.csv', { complete: true }, { decimal: '.' })).toMatchObject({ decimal: '.', thousands: ',' });
    expect(sniffWithChoices(head, 'f.csv', { complete: true }, { decimal: ',', thousands: "'" })).toMatchObject({ thousands: "'" });
    expect(sniffWithChoices(bytes('t\nx,y\n1,a\n'), 'f.csv', { complete: true }, { skipLines: 1 })).toMatchObject({ skipLines: 1, hasHeader: true });
    expect(sniffWithChoices(bytes('a;b,c\n1;2,3\n'), 'f.csv', { complete: true }, { delimiter: ';' })).toMatchObject({ delimiter: ';', columns: 2 });
    expect(sniffWithChoices(bytes('a;b,c\n1;2,3\n'), 'f.csv', { complete: true }, { delimiter: ',' })).toMatchObject({ delimiter: ',', columns: 2 });
  });

  it('keeps the suggested float64 storage without a choice, so 1e39 is stored as written', () => {
    const { dataset, plan } = load('x,y\n1e39,a\n2,b\n3,a\n');
    expect(plan.precision).toBe('float64');
    expect(Array.from(dataset.x)).toEqual([1e39, 2, 3]);
  });

  it('sniffs the whole of a small file, its last line without a newline included', () => {
    const { dataset, plan } = load('x;y\n1;a\n2;b\n3,5;a', {});
    expect(plan.decimal).toBe(',');
    expect(Array.from(dataset.x)).toEqual([1, 2, 3.5]);
  });
});

describe('the sniffed head of a file in memory', () => {
  it('holds back the row the 64 KiB head cuts, so a guess never rests on half a row', () => {
    // Repeated names are no header by themselves; the numbers below 'v (2)' make it one, and a cut
    // row ('aaa…' without its numbers) would hide them.
    // 43 rows and the 44th cut in its 'aaa…': all within the 50 rows the header guess looks at.
    const text = `v,v,v\n${Array.from({ length: 50 }, (_, i) => `${'a'.repeat(1500)},${i},${i % 2}\n`).join('')}`;
    const choices = { split: { validation: 0 }, features: ['v (2)'] };
    expect(text.length).toBeGreaterThan(65536);
    const { sniff, profile } = importCsvBytes(bytes(text), 'wide.csv', choices);
    expect(sniff.hasHeader).toBe(true);
    expect(profile.rows).toBe(50);
  });

  it('reads a file of exactly 64 KiB as whole: its one line is a header without data, not a cut line', () => {
    const line = bytes('x'.repeat(65536));
    expect(() => importCsvBytes(line, 'one.csv')).toThrow(Error);
    expect(() => importCsvBytes(line, 'one.csv')).toThrow('one.csv: the file has a header row but no data rows');
  });
});

describe('importCsv (streamed, as the CLI reads a file)', () => {
  /** A file in memory as a source whose bytes arrive in pieces of `size`. */
  const source = (data: Uint8Array, fileName: string, size = 4096) => ({
    fileName,
    head: data.subarray(0, 65536),
    complete: data.length <= 65536,
    async *bytes() {
      for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
    },
  });

  it('builds what importCsvBytes builds', async () => {
    const choices = { split: { validation: 0.2, seed: 5 }, normalization: 'standardize' as const };
    const streamed = await importCsv(source(IRIS, 'iris.csv', 333), choices);
    const whole = importCsvBytes(IRIS, 'iris.csv', choices);
    expect(streamed.dataset).toEqual(whole.dataset);
    expect(streamed.report).toEqual(whole.report);
    expect(streamed.plan).toEqual(whole.plan);
    expect(streamed.profile.rows).toBe(150);
  });

  it('reads again as Windows-1252 a file that stops being UTF-8 after its head, unless UTF-8 was chosen', async () => {
    const head = new TextEncoder().encode(`city,class\n${'Bonn,a\nKiel,b\n'.repeat(6000)}`);
    const data = Uint8Array.from([...head, ...new TextEncoder().encode('M'), 0xfc, ...new TextEncoder().encode('nchen,a\n')]);
    const { plan, dataset, sniff } = await importCsv(source(data, 'late.csv'), { split: { validation: 0 } });
    expect([plan.encoding, sniff.encoding]).toEqual(['windows-1252', 'windows-1252']);
    expect(dataset.featureNames).toEqual(['city=Bonn', 'city=Kiel', 'city=München']);
    await expect(importCsv(source(data, 'late.csv'), { encoding: 'utf-8' })).rejects.toThrow('late.csv: the file is not valid UTF-8');
  });

  it('sniffs the whole of a small file, its last line without a newline included', async () => {
    const { plan, dataset } = await importCsv(source(bytes('x;y\n1;a\n2;b\n3,5;a'), 'small.csv', 3), { split: { validation: 0 } });
    expect(plan.decimal).toBe(',');
    expect(Array.from(dataset.x)).toEqual([1, 2, 3.5]);
  });
});

describe('DatasetBuilder', () => {
  const plan = {
    fileName: 'f.csv',
    name: 'f',
    delimiter: ',' as const,
    hasHeader: true,
    columns: [
      { name: 'a', type: 'numeric' as const, role: 'feature' as const },
      { name: 'c', type: 'categorical' as const, role: 'feature' as const, categories: ['p', 'q'] },
      { name: 'y', type: 'categorical' as const, role: 'target' as const },
    ],
    task: 'classification' as const,
    split: { validation: 0 },
  };
  const rows = [['a', 'c', 'y'], ...Array.from({ length: 2500 }, (_, i) => [String(i), i % 3 ? 'p' : 'q', String(i % 4)])];

  it('builds the same dataset whatever the chunking and however wrong the row estimate', () => {
    const build = (chunk: number, expectedRows?: number) => {
      const builder = new DatasetBuilder(plan, expectedRows ? { expectedRows } : {});
      for (let i = 0; i < rows.length; i += chunk) builder.add(rows.slice(i, i + chunk));
      return builder.finish().dataset;
    };
    const exact = build(rows.length, 2500);
    expect([exact.rows, exact.features]).toEqual([2500, 3]);
    expect(exact.x.length).toBe(7500);
    expect(Array.from(exact.x.subarray(3, 6))).toEqual([1, 1, 0]);
    expect(build(7)).toEqual(exact);
    expect(build(100, 10)).toEqual(exact);
  });

  it('refuses a file whose columns differ from the plan', () => {
    const builder = new DatasetBuilder(plan);
    expect(() => builder.add([['a', 'b', 'y'], ['1', 'p', '0']])).toThrow("f.csv row 1: column 2 is 'b', the import plan expects 'c'");
    expect(() => new DatasetBuilder(plan).add([['a', 'y'], ['1', '0']])).toThrow('f.csv: the file has 2 columns, the import plan expects 3');
  });

  it('treats a value outside the categories as invalid: an error under fail naming the categories', () => {
    const builder = new DatasetBuilder(plan);
    expect(() => builder.add([['a', 'c', 'y'], ['1', 'r', '0']])).toThrow("f.csv row 2, column 'c': expected one of its 2 categories (p, q), found 'r'");
  });
});
