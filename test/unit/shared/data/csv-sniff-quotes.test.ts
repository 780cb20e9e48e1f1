import { describe, expect, it } from 'vitest';
import { sniffCsv, type CsvDelimiter } from '../../../../src/shared/data/csv-sniff';
import { importCsvBytes } from '../../../../src/shared/data/import-csv';

// A broken quote in the first line (the header) reads, under any quoting delimiter, as one field
// that swallows every line the sniff sees: it is refused with its row, its column and what was
// expected — not guessed as a one-column file (then "choose at least one feature column") or as
// a first line longer than the head.

const bytes = (text: string) => new TextEncoder().encode(text);
const NOTE = '(a " inside a quoted field is written "")';
const rows = (n: number, d: string) => Array.from({ length: n }, (_, i) => [i, i * 2, i % 2 ? 'a' : 'b'].join(d)).join('\n') + '\n';

describe('a broken quote in the first line', () => {
  it('is refused with its row and column, under every quoting delimiter, in a whole file', () => {
    for (const d of [',', ';', '|'] as CsvDelimiter[]) {
      const text = `x${d}"y${d}label\n${rows(4, d)}`;
      const message = `f.csv row 1: column 2 ("y${d}label) opens a quote that is not closed in the lines after it; expected a closing " at the end of the field ${NOTE}`;
      expect(() => sniffCsv(bytes(text), 'f.csv', { complete: true })).toThrow(message);
      // Chosen, the delimiter reads the whole file, whose end leaves the quote open.
      expect(() => sniffCsv(bytes(text), 'f.csv', { complete: true, delimiter: d })).toThrow(`f.csv row 1: column 2 ("y${d}label) opens a quote that is never closed`);
    }
  });

  it('leaves a tab-separated file to whitespace, which splits its lines alike and has no quotes', () => {
    const text = `x\t"y\tlabel\n${rows(4, '\t')}`;
    expect(sniffCsv(bytes(text), 'f.csv', { complete: true })).toMatchObject({ delimiter: 'whitespace', preview: expect.arrayContaining([['x', '"y', 'label']]) });
    expect(() => sniffCsv(bytes(text), 'f.csv', { complete: true, delimiter: '\t' })).toThrow('f.csv row 1: column 2 ("y\tlabel) opens a quote that is never closed');
  });

  it('is what the import says, not that no feature column is left (a semicolon file read as one comma column)', () => {
    expect(() => importCsvBytes(bytes(`x;"y;label\n${rows(4, ';')}`), 'f.csv')).toThrow('f.csv row 1: column 2 ("y;label) opens a quote');
  });

  it('is refused from a head of a longer file, where the quote is still open', () => {
    const head = bytes(`x,y,"label\n${rows(5000, ',')}`).subarray(0, 65_536);
    expect(() => sniffCsv(head, 'f.csv')).toThrow(`f.csv row 1: column 3 ("label) opens a quote that is not closed in the lines after it; expected a closing " at the end of the field ${NOTE}`);
    // The chosen delimiter reads the whole head: the same.
    expect(() => sniffCsv(head, 'f.csv', { delimiter: ',' })).toThrow('f.csv row 1: column 3 ("label) opens a quote that is not closed in the lines after it');
    // Below blank lines the first line of values has the row it has in the file.
    expect(() => sniffCsv(bytes(`\n\nx,"y\n${rows(40, ',')}`).subarray(0, 200), 'f.csv', { delimiter: ',' })).toThrow('f.csv row 3: column 2 ("y) opens a quote');
  });

  it('names text after a closing quote as such', () => {
    expect(() => sniffCsv(bytes(`"x"z,y,label\n${rows(4, ',')}`), 'f.csv', { complete: true })).toThrow(
      `f.csv row 1: column 1 ("x"z,y,label) has text after its closing quote; expected the delimiter or the line's end right after a closing " ${NOTE}`,
    );
  });

  it('leaves well-formed quotes alone: a header name holding a delimiter and a line end, a head cut inside a later row', () => {
    for (const complete of [true, false]) {
      expect(sniffCsv(bytes('"a,\nb";c\n1;2\n3;4\n5;'), 'f.csv', { complete }).preview.slice(0, 3)).toEqual([
        ['a,\nb', 'c'],
        ['1', '2'],
        ['3', '4'],
      ]);
    }
    expect(sniffCsv(bytes('a,b\n1,"x\ny'), 'f.csv').preview).toEqual([['a', 'b']]);
  });
});
