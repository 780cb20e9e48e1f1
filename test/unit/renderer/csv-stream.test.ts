import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { streamCsv } from '../../../src/renderer/src/features/datasets/csv-stream';

/** The bytes as a stream cut into pieces of `size` bytes, wherever that falls. */
function pieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function records(text: string, size: number, delimiter = ',', parseChars = 1): Promise<{ rows: string[][]; bytes: number[] }> {
  const rows: string[][] = [];
  const bytes: number[] = [];
  await streamCsv(pieces(new TextEncoder().encode(text), size), {
    fileName: 'data.csv',
    delimiter,
    encoding: 'utf-8',
    onRecords: (chunk) => rows.push(...chunk),
    onBytes: (n) => bytes.push(n),
    parseChars,
  });
  return { rows, bytes };
}

describe('streamCsv', () => {
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

  it('refuses a file that turns binary after a clean start', async () => {
    await expect(records('a,b\n1,2\n\u0000\u0001\u0002', 4)).rejects.toThrow('data.csv: the file is not text (it contains NUL bytes further on); expected a CSV file');
  });
});
