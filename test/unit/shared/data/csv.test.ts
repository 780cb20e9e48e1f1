import { describe, expect, it } from 'vitest';
import { columnIndex, featureMatrix, readCsvTable } from '../../../../src/shared/data/csv';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readCsvTable and featureMatrix (new rows for a trained model)', () => {
  it('keeps file row numbers across blank lines and reads named features in any order', () => {
    const table = readCsvTable(bytes('b;a\n\n2;1\n\n4;3\n'), 'f.csv');
    expect(table.header).toEqual(['b', 'a']);
    expect(table.records.map((r) => r.row)).toEqual([3, 5]);
    expect(Array.from(featureMatrix(table, ['a', 'b']))).toEqual([1, 2, 3, 4]);
  });

  it('rebuilds one-hot features "column=value" from their column', () => {
    const table = readCsvTable(bytes('x,colour\n1.5,red\n2,blue\n3,green\n'), 'f.csv');
    expect(Array.from(featureMatrix(table, ['x', 'colour=blue', 'colour=red']))).toEqual([1.5, 0, 1, 2, 1, 0, 3, 0, 0]);
  });

  it('splits a one-hot name at the column it starts with, whether the value or the column name holds "="', () => {
    const table = readCsvTable(bytes('a=b,link,x\n1,p=q, red \n2,r,blue\n'), 'f.csv');
    expect(Array.from(featureMatrix(table, ['a=b', 'link=p=q', 'link=r', 'x=red']))).toEqual([1, 1, 0, 1, 2, 0, 1, 0]);
    expect(() => featureMatrix(table, ['=red'])).toThrow("f.csv: no column '=red' in the header (columns: a=b, link, x)");
    expect(() => featureMatrix(table, ['colour=red'])).toThrow("f.csv: no column 'colour=red' in the header");
    // Only a prefix ending at an "=" names the column: 'link' is not the column of 'linkage=red' or 'linkage'.
    expect(() => featureMatrix(table, ['linkage=red'])).toThrow("f.csv: no column 'linkage=red' in the header");
    expect(() => featureMatrix(table, ['linkage'])).toThrow("f.csv: no column 'linkage' in the header");
    expect(Array.from(featureMatrix(table, ['a=b=1']))).toEqual([1, 0]);
    // A column named like a one-hot feature is that column.
    expect(Array.from(featureMatrix(readCsvTable(bytes('a,a=b\nb,5\nc,6\n'), 'g.csv'), ['a=b', 'a=c']))).toEqual([5, 0, 6, 1]);
    expect([columnIndex(table, 'a=b'), columnIndex(table, 'x')]).toEqual([0, 2]);
  });

  it('names the file, row and column of a bad value, and lists the columns when one is missing', () => {
    const table = readCsvTable(bytes('x,colour\n1,red\nabc,red\n'), 'f.csv');
    expect(() => featureMatrix(table, ['x'])).toThrow("f.csv row 3, column 'x': expected a number, found 'abc'");
    expect(() => featureMatrix(table, ['size'])).toThrow("f.csv: no column 'size' in the header (columns: x, colour)");
    expect(() => readCsvTable(bytes('x,y\n'), 'f.csv')).toThrow('f.csv: the file has a header row but no data rows');
  });

  it('reads new rows written like the training file (decimal comma, a metadata line) and refuses numbers beyond float64', () => {
    const table = readCsvTable(bytes('3,2,,\nlength;width\n3,14;1,5\n2,5;0,25\n'), 'f.csv');
    expect(Array.from(featureMatrix(table, ['length', 'width']))).toEqual([3.14, 1.5, 2.5, 0.25]);
    expect(() => featureMatrix(readCsvTable(bytes('x,y\n1,2\n1e309,3\n'), 'f.csv'), ['x'])).toThrow("f.csv row 3, column 'x': '1e309' is too large for float64");
    expect(() => featureMatrix(readCsvTable(bytes('x,y\n1e-400,2\n'), 'f.csv'), ['x'])).toThrow("f.csv row 2, column 'x': '1e-400'");
    expect(() => featureMatrix(readCsvTable(bytes('x,y\n1e-310,2\n'), 'f.csv'), ['x'])).toThrow("f.csv row 2, column 'x': '1e-310' is too close to zero for float64");
    // The number format is sniffed from the whole of a small file, its last line without a newline included.
    const last = readCsvTable(bytes('x;y\n1;2\n3,5;4'), 'f.csv');
    expect(last.format.decimal).toBe(',');
    expect(Array.from(featureMatrix(last, ['x', 'y']))).toEqual([1, 2, 3.5, 4]);
    expect(readCsvTable(bytes('x,y\n1e-400,2\n'), 'f.csv').format).toEqual({ decimal: '.', thousands: '' });
  });
});

describe('the sniffed head of a table', () => {
  it('guesses the lines to skip from whole rows only when the file is longer than its 64 KiB head', () => {
    // A title, a header and 8 long rows: the head ends inside the 8th, which (as a row of one field)
    // would make the rows below the title disagree on their width.
    const text = `My title\na,b\n${`${'x'.repeat(8190)},1\n`.repeat(8)}`;
    expect(text.length).toBeGreaterThan(65536);
    const table = readCsvTable(bytes(text), 'f.csv');
    expect([table.skipLines, table.header, table.records.length]).toEqual([1, ['a', 'b'], 8]);
  });

  it('reads a file of exactly 64 KiB as whole: its one line is a header without data', () => {
    const line = bytes('x'.repeat(65536));
    expect(() => readCsvTable(line, 'f.csv')).toThrow(Error);
    expect(() => readCsvTable(line, 'f.csv')).toThrow('f.csv: the file has a header row but no data rows');
  });
});
