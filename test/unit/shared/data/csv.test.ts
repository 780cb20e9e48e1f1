import { describe, expect, it } from 'vitest';
import { inferTask, readCsvDataset, readCsvTable } from '../../../../src/shared/data/csv';

const IRIS = 'sepal_length,petal_width,species\n5.1,0.2,setosa\n7.0,1.4,versicolor\n6.3,2.5,virginica\n4.9,0.2,setosa\n';
const read = (text: string, target = 'species', task?: 'classification' | 'regression') =>
  readCsvDataset(text, { fileName: 'iris.csv', target, task });

describe('readCsvDataset', () => {
  it('reads numeric features and text classes (sorted, independent of row order)', () => {
    const d = read(IRIS);
    expect(d.name).toBe('iris');
    expect(d.featureNames).toEqual(['sepal_length', 'petal_width']);
    expect([d.rows, d.features]).toEqual([4, 2]);
    expect(Array.from(d.x)).toEqual([5.1, 0.2, 7.0, 1.4, 6.3, 2.5, 4.9, 0.2]);
    expect(d.target).toEqual({ kind: 'classes', classes: ['setosa', 'versicolor', 'virginica'], labels: Int32Array.from([0, 1, 2, 0]) });
    expect(d.normalization).toEqual({ kind: 'none' });
  });

  it('takes the target from any column; semicolons, CRLF, a BOM, quotes and blank lines are fine', () => {
    const d = read('\uFEFFy;a;b\r\n1;"2.5";3\r\n\r\n0;-1e-3;+4\r\n', 'y');
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(Array.from(d.x)).toEqual([2.5, 3, -0.001, 4]);
    expect(d.target).toEqual({ kind: 'classes', classes: ['0', '1'], labels: Int32Array.from([1, 0]) });
  });

  it('infers regression for many distinct or fractional numbers, unless the task says otherwise', () => {
    expect(inferTask(['1', '2', '10'])).toBe('classification');
    expect(inferTask(['0.5', '1'])).toBe('regression');
    expect(inferTask(Array.from({ length: 21 }, (_, i) => String(i)))).toBe('regression');
    const d = read('a,y\n1,0.5\n2,1.5\n', 'y');
    expect(d.target).toEqual({ kind: 'values', names: ['y'], values: Float64Array.from([0.5, 1.5]) });
    const forced = read('a,y\n1,10\n2,2\n', 'y', 'classification');
    expect(forced.target.kind === 'classes' && forced.target.classes).toEqual(['2', '10']);
  });

  it.each([
    ['sepal_length,petal_width,species\n5.1,0.2,setosa\n5.0,abc,setosa\n', "iris.csv row 3, column 'petal_width': expected a number, found 'abc'"],
    ['sepal_length,petal_width,species\n5.1,,setosa\n', "iris.csv row 2, column 'petal_width': expected a number, found an empty value"],
    ['sepal_length,petal_width,species\n5.1,0x1A,setosa\n', "iris.csv row 2, column 'petal_width': expected a number, found '0x1A'"],
    ['sepal_length,petal_width,species\n\n\n5.1,0.2\n', 'iris.csv row 4: expected 3 fields like the header, found 2'],
    ['sepal_length,petal_width,species\n5.1,0.2,\n', "iris.csv row 2, column 'species': expected a target value, found an empty value"],
    ['sepal_length,petal_width,kind\n5.1,0.2,a\n', "iris.csv: no column 'species' in the header (columns: sepal_length, petal_width, kind)"],
    ['a,a,species\n1,2,x\n', "iris.csv row 1: column 'a' appears twice in the header"],
    ['a,b,species\n1,2,x\n3,4,x\n', "iris.csv, column 'species': the target has only one class ('x'); classification needs at least two"],
    ['', 'iris.csv is empty'],
    ['\n\n', 'iris.csv is empty'],
    ['a,b,species\n', 'iris.csv has a header row but no data rows'],
    ['a,b,species\n1,"2,x\n', 'iris.csv row 2: Quoted field unterminated'],
    ['a\u0000b\u0000', 'iris.csv is not a text CSV file (it contains NUL bytes: binary data or UTF-16 text)'],
  ])('rejects bad input with a message naming file, row and column: %j', (text, message) => {
    expect(() => read(text)).toThrow(message);
  });

  it('rejects a non-numeric regression target', () => {
    expect(() => read('a,y\n1,0.5\n2,high\n', 'y', 'regression')).toThrow(
      "iris.csv row 3, column 'y': expected a number (regression target), found 'high'",
    );
  });

  it('keeps file row numbers across blank lines', () => {
    const table = readCsvTable('a,b\n\n1,2\n\n3,4\n', 'f.csv');
    expect(table.records.map((r) => r.row)).toEqual([3, 5]);
  });
});
