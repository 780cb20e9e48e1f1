import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseCsvStream } from '../../../../src/shared/data/csv-parse';
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

  it('keeps a last line without a newline', async () => {
    expect((await records('a,b\n1,2\n3,4', 2)).rows).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('names the row where a quoted field is never closed', async () => {
    await expect(records('a,b\n1,2\n3,"4\n5,6\n', 4)).rejects.toThrow('data.csv row 3: a quoted field is never closed (a " without its closing ")');
  });

  it('splits whitespace-separated lines on runs of spaces and tabs, however the bytes and line ends are cut', async () => {
    const text = '  59 2  32.1\t101.0\r\n48 1 21.6 87.0\r\n\r\n72\t2 30.5 93.0\r72 2 30.5 93.0\n';
    const expected = [['59', '2', '32.1', '101.0'], ['48', '1', '21.6', '87.0'], [''], ['72', '2', '30.5', '93.0'], ['72', '2', '30.5', '93.0']];
    for (const [size, parseChars] of [[1, 1], [2, 3], [5, 1], [1000, 1 << 20]]) expect((await records(text, size, 'whitespace', parseChars)).rows).toEqual(expected);
    expect((await records('a b\n1 2', 3, 'whitespace')).rows).toEqual([['a', 'b'], ['1', '2']]);
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

  it('refuses a file that turns binary after a clean start', async () => {
    await expect(records('a,b\n1,2\n\u0000\u0001\u0002', 4)).rejects.toThrow('data.csv: the file is not text (it contains NUL bytes further on); expected a CSV file');
  });
});
