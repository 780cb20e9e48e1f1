import { describe, expect, it } from 'vitest';
import { CsvRecords, headerNames } from '../../../../src/shared/data/csv-records';

// Parsed records to numbered data records: the row numbers a user sees in the file, the header,
// blank and skipped lines, trailing delimiters and ragged rows.

function read(chunks: string[][][], options: { hasHeader: boolean; skipLines?: number }) {
  const records = new CsvRecords({ fileName: 'f.csv', ...options });
  const rows: [number, string[]][] = [];
  for (const chunk of chunks) records.feed(chunk, (fields, row) => rows.push([row, fields]));
  return { rows, names: records.columnNames(), last: records.row };
}

describe('CsvRecords', () => {
  it('numbers records across chunks as file lines, skipping blank ones and the lines before the data', () => {
    const { rows, names, last } = read(
      [
        [['title'], ['x', 'y']],
        [[''], ['a', 'b'], ['  ']],
        [[], ['1', '2'], ['3', '4']],
      ],
      { hasHeader: true, skipLines: 1 },
    );
    expect(names).toEqual(['x', 'y']);
    expect(rows).toEqual([
      [4, ['a', 'b']],
      [7, ['1', '2']],
      [8, ['3', '4']],
    ]);
    expect(last).toBe(8);
    // Skipped lines are left out whatever they hold, blank ones included.
    expect(read([[[''], ['a'], ['b'], ['1']]], { hasHeader: true, skipLines: 2 }).rows).toEqual([[4, ['1']]]);
  });

  it('names columns by position without a header, the first record being data', () => {
    const { rows, names } = read([[['5', '6', '7'], ['8', '9', '10']]], { hasHeader: false });
    expect(names).toEqual(['column 1', 'column 2', 'column 3']);
    expect(rows.map(([row]) => row)).toEqual([1, 2]);
  });

  it('makes header names usable: trimmed, empty ones named by position, repeats counted past names already taken', () => {
    expect(headerNames([' a ', '', 'b', 'a', 'a (2)', 'a', 'b'])).toEqual(['a', 'column 2', 'b', 'a (3)', 'a (2)', 'a (4)', 'b (2)']);
  });

  it('forgives a delimiter at the end of every line, in the header, the data or both', () => {
    expect(read([[['a', 'b', ''], ['1', '2']]], { hasHeader: true })).toMatchObject({ names: ['a', 'b'], rows: [[2, ['1', '2']]] });
    expect(read([[['a', 'b', ''], ['1', '2', ' '], ['3', '4', '']]], { hasHeader: true })).toMatchObject({ names: ['a', 'b'], rows: [[2, ['1', '2']], [3, ['3', '4']]] });
    expect(read([[['a', 'b'], ['1', '2', '']]], { hasHeader: true })).toMatchObject({ names: ['a', 'b'], rows: [[2, ['1', '2']]] });
    // An empty last header field over data that fills it is a column named by position.
    expect(read([[['a', 'b', ''], ['1', '2', '3']]], { hasHeader: true })).toMatchObject({ names: ['a', 'b', 'column 3'], rows: [[2, ['1', '2', '3']]] });
    // A header field of spaces is empty too; one data row decides, the rows after it are held to it.
    expect(read([[['a', 'b', ' '], ['1', '2']]], { hasHeader: true })).toMatchObject({ names: ['a', 'b'] });
    expect(() => read([[['a', 'b', ''], ['1', '2'], ['3']]], { hasHeader: true })).toThrow('f.csv row 3: found 1 field, expected 2 like the header');
    // Trailing delimiters on every line, and a last header field named by position.
    expect(read([[['a', 'b', ''], ['1', '2', '3', '']]], { hasHeader: true })).toMatchObject({ names: ['a', 'b', 'column 3'], rows: [[2, ['1', '2', '3']]] });
    // Without a header an empty last field is data.
    expect(read([[['1', ''], ['2', '']]], { hasHeader: false }).rows).toEqual([[1, ['1', '']], [2, ['2', '']]]);
    expect(read([[['a', ''], ['1']]], { hasHeader: true })).toMatchObject({ names: ['a'], rows: [[2, ['1']]] });
    // Only an empty last header field can be a trailing delimiter.
    expect(() => read([[['', 'a'], ['1']]], { hasHeader: true })).toThrow('f.csv row 2: found 1 field, expected 2 like the header');
    // A filled last field is no trailing delimiter.
    expect(() => read([[['a', 'b'], ['1', '2', '3']]], { hasHeader: true })).toThrow('f.csv row 2: found 3 fields, expected 2 like the header');
  });

  it('refuses a ragged row, hinting at a line to skip only where the first data row disagrees', () => {
    const ragged = (chunks: string[][][], options: { hasHeader: boolean; skipLines?: number }) => () => read(chunks, options);
    expect(ragged([[['a', 'b', 'c'], ['1', '2']]], { hasHeader: true })).toThrow('f.csv row 2: found 2 fields, expected 3 like the header (if the first line is not data or a header, skip it)');
    expect(ragged([[['a', 'b', 'c'], ['1', '2', '3'], ['1', '2']]], { hasHeader: true })).toThrow(/row 3: found 2 fields, expected 3 like the header$/);
    expect(ragged([[['t'], ['a', 'b', 'c'], ['1', '2']]], { hasHeader: true, skipLines: 1 })).toThrow(/row 3: found 2 fields, expected 3 like the header$/);
    expect(ragged([[['1'], ['1', '2']]], { hasHeader: false })).toThrow('f.csv row 2: found 2 fields, expected 1 like the first row (if the first line is not data or a header, skip it)');
    expect(ragged([[['1'], ['2'], ['1', '2']]], { hasHeader: false })).toThrow(/row 3: found 2 fields, expected 1 like the first row$/);
  });

  it('says a file is empty, or empty after its skipped lines', () => {
    expect(() => read([[[''], ['']]], { hasHeader: true })).toThrow('f.csv: the file is empty');
    expect(() => read([[['t'], ['u']]], { hasHeader: true, skipLines: 2 })).toThrow('f.csv: the file has no lines after the 2 skipped');
  });
});
