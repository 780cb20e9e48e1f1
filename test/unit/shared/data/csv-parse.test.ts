import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvTextParser, InvalidUtf8Error, parseCsvStream, parseCsvText } from '../../../../src/shared/data/csv-parse';
import { ImportError } from '../../../../src/shared/data/import-error';
import type { CsvDelimiter, CsvEncoding } from '../../../../src/shared/data/csv-sniff';

/** The bytes cut into pieces of `size` bytes, wherever that falls. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

async function records(text: string | Uint8Array, size: number, delimiter: CsvDelimiter = ',', parseChars = 1, encoding: CsvEncoding = 'utf-8'): Promise<{ rows: string[][]; bytes: number[] }> {
  const rows: string[][] = [];
  const bytes: number[] = [];
  await parseCsvStream(pieces(typeof text === 'string' ? new TextEncoder().encode(text) : text, size), {
    fileName: 'data.csv',
    delimiter,
    encoding,
    onRecords: (chunk) => rows.push(...chunk),
    onBytes: (n) => bytes.push(n),
    parseChars,
  });
  return { rows, bytes };
}

/** How many records each call of onRecords delivered, the text given a byte at a time. */
async function chunkSizes(text: string, delimiter: CsvDelimiter, parseChars: number): Promise<number[]> {
  const sizes: number[] = [];
  await parseCsvStream(pieces(new TextEncoder().encode(text), 1), { fileName: 'data.csv', delimiter, encoding: 'utf-8', parseChars, onRecords: (chunk) => sizes.push(chunk.length) });
  return sizes;
}

/** Records of text pushed in the given pieces, straight into the text parser. */
function pushed(texts: string[], delimiter: CsvDelimiter = ',', parseChars = 1): string[][] {
  const rows: string[][] = [];
  const parser = new CsvTextParser({ fileName: 'data.csv', delimiter, parseChars, onRecords: (chunk) => rows.push(...chunk) });
  for (const text of texts) parser.push(text);
  parser.end();
  return rows;
}

const nonBlank = (rows: string[][]) => rows.filter((r) => r.join('') !== '');

describe('parseCsvStream', () => {
  it('yields the same records as parsing the whole text, however the bytes are cut', async () => {
    const text = '\ufeffname;city;note\r\n"Zoë";"Köln";"a ""quoted"" word"\r\n"Łukasz";"Kraków";"two\r\nlines; one field"\r\n\r\nAnn;Paris;€5\r\n';
    // After the final newline there may or may not be one more, blank record (blank records are skipped).
    const withoutTrailingBlank = (rows: string[][]) => (rows.at(-1)?.join('') === '' ? rows.slice(0, -1) : rows);
    const expected = withoutTrailingBlank(Papa.parse<string[]>(text.slice(1), { delimiter: ';' }).data);
    for (const [size, parseChars] of [[1, 1], [2, 5], [3, 1], [7, 13], [1000, 1], [1000, 1 << 20]]) {
      const { rows, bytes } = await records(text, size, ';', parseChars);
      expect(withoutTrailingBlank(rows)).toEqual(expected);
      expect(bytes.at(-1)).toBe(new TextEncoder().encode(text).length);
    }
    expect((await records(text, 3, ';')).rows[2]).toEqual(['Łukasz', 'Kraków', 'two\r\nlines; one field']);
  });

  it('hands records over as the text streams by, parseChars at a time, not all at the end', async () => {
    // 100 records of 4 characters, 100 characters a parse: 25 records a call (the memory a big file needs is one piece's records).
    expect(await chunkSizes('1,2\n'.repeat(100), ',', 100)).toEqual([25, 25, 25, 25, 0]);
    // Old Mac files end lines with "\r" alone: they stream too (a "\r" at a piece's end may still be half of "\r\n").
    expect(await chunkSizes('a,b\r' + '1,2\r'.repeat(50), ',', 20)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 2]);
    expect(await chunkSizes('1 2\n'.repeat(30), 'whitespace', 25)).toEqual([6, 6, 6, 6, 6]);
    const rows: string[][] = [];
    parseCsvText('a,b\r' + '1,2\r'.repeat(3), { fileName: 'mac.csv', delimiter: ',', onRecords: (chunk) => rows.push(...chunk) });
    expect(nonBlank(rows)).toEqual([['a', 'b'], ['1', '2'], ['1', '2'], ['1', '2']]);
  });

  it('parses text in memory as it parses the same bytes streamed, in pieces of parseChars or all at once', async () => {
    const text = 'x;note\r\n1;"a\r\nb"\r\n2;"c;""d"""\r\n';
    const expected = nonBlank((await records(text, 1000, ';', 1 << 20)).rows);
    expect(expected).toEqual([['x', 'note'], ['1', 'a\r\nb'], ['2', 'c;"d"']]);
    for (const parseChars of [1, 2, 7, undefined]) {
      const rows: string[][] = [];
      parseCsvText(text, { fileName: 'data.csv', delimiter: ';', parseChars, onRecords: (chunk) => rows.push(...chunk) });
      expect(nonBlank(rows)).toEqual(expected);
    }
    // onBytes is optional.
    const rows: string[][] = [];
    await parseCsvStream(pieces(new TextEncoder().encode('a\n1\n'), 1), { fileName: 'data.csv', delimiter: ',', encoding: 'utf-8', onRecords: (chunk) => rows.push(...chunk) });
    expect(nonBlank(rows)).toEqual([['a'], ['1']]);
  });

  it('keeps a last line without a newline', async () => {
    expect((await records('a,b\n1,2\n3,4', 2)).rows).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('names the row where a quoted field is never closed', async () => {
    await expect(records('a,b\n1,2\n3,"4\n5,6\n', 4)).rejects.toThrow(
      'data.csv row 3: column 2 ("4) opens a quote that is never closed; expected a closing " at the end of the field (a " inside a quoted field is written "")',
    );
  });

  it('names the row of a quoted field with text after its closing quote, far into the file', async () => {
    const text = 'x,y\n1,2\n3,4\n5,6\n"a"b,c\n"1",2\n7,8\n9,10\n';
    const message = 'data.csv row 5: column 1 ("a"b,c) has text after its closing quote; expected the delimiter or the line\'s end right after a closing " (a " inside a quoted field is written "")';
    for (const [size, parseChars] of [[1, 1], [3, 10], [1000, 1 << 20]]) await expect(records(text, size, ',', parseChars)).rejects.toThrow(message);
    expect(() => pushed(['x,y\n1,2\n', '3,4\n"a"b,c\n"1",2\n5,6\n', '7,8\n'])).toThrow(message.replace('row 5', 'row 4'));
  });

  it('names the column whose quote is broken, counting quoted fields that hold delimiters, quotes and line ends', async () => {
    // In small pieces the text before the broken record is parsed and gone; in one piece the column is counted from the first record.
    const problem = (text: string, size: number, parseChars: number) => records(text, size, ',', parseChars).then(() => new Error('no error'), (error: Error) => error);
    const cases: [string, string][] = [
      ['a,b,c\n"x,1",2,"3\n4,5,6\n', 'row 2: column 3 ("3) opens a quote that is never closed'],
      ['a,b,c\n"p ""q"", r",2,"3"x\n', 'row 2: column 3 ("3"x) has text after its closing quote'],
      // A quote inside an unquoted field is a character like any other, and opens nothing.
      ['a,b,c\n5" pipe,"x,1","7\n', 'row 2: column 3 ("7) opens a quote that is never closed'],
      // A line end inside quotes does not start a record; one outside does, also "\r" alone.
      ['a,b,c\n"l1\nl2",x,"y\n', 'row 2: column 3 ("y) opens a quote that is never closed'],
      ['a,b,c\r1,2,3\r4,"5"x,6\r', 'row 3: column 2 ("5"x,6) has text after its closing quote'],
      ['a,b,c\r\n1,2,3\r\n4,"5"x,6\r\n', 'row 3: column 2 ("5"x,6) has text after its closing quote'],
      ['"a",b,c\n1,"2","3"x\n', 'row 2: column 3 ("3"x) has text after its closing quote'],
      // A quoted field holding the delimiter, at the start of the text, after a delimiter, after "\n" or "\r" alone.
      ['"a,x",b,"c"x\n', 'row 1: column 3 ("c"x) has text after its closing quote'],
      ['a,b,c\n1,"2,x","3"x\n', 'row 2: column 3 ("3"x) has text after its closing quote'],
      ['a,b,c\n"1,x",2,"3"x\n', 'row 2: column 3 ("3"x) has text after its closing quote'],
      ['a,b,c\r"1,x",2,"3"x\r', 'row 2: column 3 ("3"x) has text after its closing quote'],
      // The field is shown up to its line's end, 30 characters at most.
      ['a,b\n1,"abcdefghijklmnopqrstuvwxyz0123456789\n', 'row 2: column 2 ("abcdefghijklmnopqrstuvwxyz012…) opens a quote'],
      ['a,b\n1,"abcdefghijklmnopqrstuvwxyz012\n', 'row 2: column 2 ("abcdefghijklmnopqrstuvwxyz012) opens a quote'],
    ];
    for (const [text, message] of cases) {
      for (const [size, parseChars] of [[3, 5], [1000, 1 << 20]]) expect((await problem(text, size, parseChars)).message).toContain(`data.csv ${message}`);
    }
    // Semicolon-separated: a comma is then no delimiter.
    await expect(records('a;b;c\n1,2;"x;y";"z\n', 3, ';')).rejects.toThrow('data.csv row 2: column 3 ("z) opens a quote that is never closed');
  });

  it('waits for the rest of a line cut between its "\\r" and "\\n", before and after the line ending is known', () => {
    // A first piece of one long line cut there was read with "\r" line ends: every later record began with "\n".
    expect(nonBlank(pushed(['x,y\r\n1,"a"\r', '\n2,"b"\r\n']))).toEqual([['x', 'y'], ['1', 'a'], ['2', 'b']]);
    expect(nonBlank(pushed(['x,y\r\n1,2\r', '\n3,4\r\n']))).toEqual([['x', 'y'], ['1', '2'], ['3', '4']]);
    // Known by now: a record held back at such a cut, after a closing quote, is not yet malformed.
    expect(nonBlank(pushed(['x,y\r\n', '1,2\r\n3,"a"\r', '\n4,5\r\n']))).toEqual([['x', 'y'], ['1', '2'], ['3', 'a'], ['4', '5']]);
  });

  it('judges a record held back at the end of a piece only once it is whole (a space after a closing quote is allowed)', () => {
    expect(nonBlank(pushed(['x,y\n1,2\n3,"a" ', ',b\n']))).toEqual([['x', 'y'], ['1', '2'], ['3', 'a', 'b']]);
    expect(nonBlank(pushed(['x,y\n', '1,2\n3,"a" ', ',b\n']))).toEqual([['x', 'y'], ['1', '2'], ['3', 'a', 'b']]);
  });

  it('splits whitespace-separated lines on runs of spaces and tabs, however the bytes and line ends are cut', async () => {
    const text = '  59 2  32.1\t101.0\r\n48 1 21.6 87.0\r\n\r\n72\t2 30.5 93.0\r72 2 30.5 93.0\n';
    const expected = [['59', '2', '32.1', '101.0'], ['48', '1', '21.6', '87.0'], [''], ['72', '2', '30.5', '93.0'], ['72', '2', '30.5', '93.0']];
    for (const [size, parseChars] of [[1, 1], [2, 3], [5, 1], [1000, 1 << 20]]) expect((await records(text, size, 'whitespace', parseChars)).rows).toEqual(expected);
    expect((await records('a b\n1 2', 3, 'whitespace')).rows).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps every blank whitespace-separated line, wherever a piece ends', () => {
    expect(pushed(['\n1 2\n'], 'whitespace')).toEqual([[''], ['1', '2']]);
    expect(pushed(['1 2\r', '\n', '\n', '3 4\n'], 'whitespace')).toEqual([['1', '2'], [''], ['3', '4']]);
    expect(pushed(['1 2\n', '\n3 4\n'], 'whitespace')).toEqual([['1', '2'], [''], ['3', '4']]);
    expect(pushed(['1\r2', '\n3\n'], 'whitespace')).toEqual([['1'], ['2'], ['3']]);
    expect(pushed(['1\r', '2\n'], 'whitespace', 100)).toEqual([['1'], ['2']]);
  });

  it('decodes UTF-16 with a byte-order mark, in either byte order', async () => {
    const text = '\ufeffname\tcity\nZoë\tKöln\n';
    const le = new Uint8Array(text.length * 2);
    const be = new Uint8Array(text.length * 2);
    [...text].forEach((c, i) => {
      new DataView(le.buffer).setUint16(2 * i, c.charCodeAt(0), true);
      new DataView(be.buffer).setUint16(2 * i, c.charCodeAt(0), false);
    });
    expect((await records(le, 3, '\t', 1, 'utf-16le')).rows.slice(0, 2)).toEqual([['name', 'city'], ['Zoë', 'Köln']]);
    expect((await records(be, 5, '\t', 1, 'utf-16be')).rows.slice(0, 2)).toEqual([['name', 'city'], ['Zoë', 'Köln']]);
  });

  it('refuses UTF-8 that turns invalid after a clean start instead of reading replacement characters', async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('city,t\nBonn,1\nM'), 0xfc, ...new TextEncoder().encode('nchen,2\n')]);
    await expect(records(bytes, 4)).rejects.toThrow('data.csv: the file is not valid UTF-8 (in its first 16 bytes, after a clean start); choose the encoding Windows-1252');
    expect((await records(bytes, 4, ',', 1, 'windows-1252')).rows[2]).toEqual(['München', '2']);
  });

  it('refuses UTF-8 cut inside its last character', async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('city,t\nK'), 0xc3]);
    await expect(records(bytes, 3)).rejects.toThrow('data.csv: the file is not valid UTF-8 (in its first 9 bytes, after a clean start)');
  });

  it('refuses a lone UTF-16 surrogate or a cut last character, naming the encoding, rather than read a replacement character into a value', async () => {
    const units = [0x61, 0x2c, 0x62, 0x0a, 0xd800, 0x2c, 0x31, 0x0a];
    const le = new Uint8Array(units.length * 2);
    units.forEach((u, i) => new DataView(le.buffer).setUint16(2 * i, u, true));
    const surrogate = records(le, 3, ',', 1, 'utf-16le');
    await expect(surrogate).rejects.toThrow(ImportError);
    await expect(surrogate).rejects.toThrow('data.csv: the file is not valid UTF-16LE (in its first 12 bytes, after a clean start): it ends in half a character or holds half a surrogate pair');
    // Not the UTF-8 error, which an import that guessed UTF-8 answers by reading Windows-1252.
    await expect(surrogate).rejects.not.toThrow(InvalidUtf8Error);
    const be = Uint8Array.from([0x00, 0x61, 0x00, 0x0a, 0x00]);
    await expect(records(be, 2, ',', 1, 'utf-16be')).rejects.toThrow('data.csv: the file is not valid UTF-16BE (in its first 5 bytes, after a clean start)');
  });

  it('refuses a file that turns binary after a clean start', async () => {
    await expect(records('a,b\n1,2\n\u0000\u0001\u0002', 4)).rejects.toThrow('data.csv: the file is not text (it contains NUL bytes further on); expected a CSV file');
  });
});
