import { describe, expect, it } from 'vitest';
import { checkTextEncoding, decodeCsvBytes, sniffCsv } from '../../../../src/shared/data/csv-sniff';

const bytes = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string, bom: boolean) => {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  [...text].forEach((c, i) => (out[(bom ? 2 : 0) + 2 * i] = c.charCodeAt(0)));
  return out;
};

describe('sniffCsv', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
  ])('detects the delimiter %j', (delimiter, text) => {
    const sniff = sniffCsv(bytes(text), 'f.csv', { complete: true });
    expect(sniff.delimiter).toBe(delimiter);
    expect(sniff.columns).toBe(3);
  });

  it('prefers the delimiter that splits every line alike over one inside a quoted header name', () => {
    const sniff = sniffCsv(bytes('"width, cm";height\n1;2\n3;4\n'), 'f.csv', { complete: true });
    expect(sniff.delimiter).toBe(';');
    expect(sniff.preview[0]).toEqual(['width, cm', 'height']);
  });

  it('reports a UTF-8 BOM, keeps quoted delimiters and newlines, CRLF, and cuts an incomplete last line', () => {
    const sniff = sniffCsv(bytes('\uFEFFname,note\r\n"Smith, J","two\r\nlines"\r\nLee,plain\r\nhalf,li'), 'f.csv');
    expect(sniff.bom).toBe(true);
    expect(sniff.encoding).toBe('utf-8');
    expect(sniff.preview).toEqual([
      ['name', 'note'],
      ['Smith, J', 'two\r\nlines'],
      ['Lee', 'plain'],
    ]);
  });

  it('guesses the header: text above numbers, or distinct names above other text; numbers in row 1 mean no header', () => {
    expect(sniffCsv(bytes('x,y,label\n1,2,a\n3,4,b\n'), 'f.csv', { complete: true }).hasHeader).toBe(true);
    expect(sniffCsv(bytes('1,2,a\n3,4,b\n'), 'f.csv', { complete: true }).hasHeader).toBe(false);
    expect(sniffCsv(bytes('colour,size\nred,S\nblue,M\n'), 'f.csv', { complete: true }).hasHeader).toBe(true);
    // Repeated and empty names are still a header (made unique and named by position on import).
    expect(sniffCsv(bytes('a,a\n1,2\n'), 'f.csv', { complete: true }).hasHeader).toBe(true);
    expect(sniffCsv(bytes(',x,x\n0,1,2\n1,3,4\n'), 'f.csv', { complete: true }).hasHeader).toBe(true);
    expect(sniffCsv(bytes('a;b\n3,14;2,5\n1,0;2,0\n'), 'f.csv', { complete: true }).hasHeader).toBe(true);
  });

  it('reads 8-bit text that is not UTF-8 as windows-1252', () => {
    const latin = Uint8Array.from([...bytes('city,t\nM'), 0xfc, ...bytes('nchen,3\n')]);
    expect(checkTextEncoding(latin, 'f.csv')).toBe('windows-1252');
    expect(decodeCsvBytes(latin, 'f.csv')).toBe('city,t\nMünchen,3\n');
    // A multi-byte character cut by the end of the head is still UTF-8.
    expect(checkTextEncoding(bytes('a,b\nü').subarray(0, 5), 'f.csv')).toBe('utf-8');
  });

  it.each([
    ['empty', new Uint8Array(0), 'f.csv: the file is empty'],
    ['blank lines', bytes('\n\r\n  \n'), 'f.csv: the file is empty (only blank lines)'],
    ['UTF-16 without a BOM', utf16le('a,b\n1,2\n', false), 'f.csv: the file looks like UTF-16 text without a byte-order mark (every other byte is zero); choose the encoding UTF-16 LE ("utf-16le") to read it'],
    ['gzip data', Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]), 'f.csv: the file is gzip-compressed'],
    ['binary', Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 256), 'f.csv: the file is not text (it contains binary data)'],
  ])('refuses %s', (_, data, message) => {
    expect(() => sniffCsv(data, 'f.csv', { complete: true })).toThrow(message);
  });

  it('reads UTF-16 without a BOM when its byte order is chosen, as the refusal proposes', () => {
    const big = utf16le('a,b\n1,2\n', false).slice(1);
    expect(() => sniffCsv(big, 'f.csv', { complete: true })).toThrow('choose the encoding UTF-16 BE ("utf-16be") to read it');
    expect(sniffCsv(utf16le('a,b\n1,2\n', false), 'f.csv', { complete: true, encoding: 'utf-16le' }).preview).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses a file that stops being UTF-8 after a clean head, and reads it as Windows-1252 when chosen', () => {
    const head = `a,b\n${'1,2\n'.repeat(20_000)}`;
    const late = Uint8Array.from([...bytes(head), 0x4d, 0xfc, 0x6e, 0x0a]); // "Mün" in Windows-1252
    expect(() => decodeCsvBytes(late, 'f.csv')).toThrow(
      'f.csv: the file is not valid UTF-8 further on; choose the encoding Windows-1252 if it was saved by an older program',
    );
    expect(decodeCsvBytes(late, 'f.csv', 'windows-1252').endsWith('1,2\nMün\n')).toBe(true);
  });

  it('refuses UTF-16 cut in half a character rather than end a value in a replacement character; reads every Windows-1252 byte', () => {
    const cut = Uint8Array.from([...utf16le('a,b\n1,2\n', true), 0x33]);
    expect(() => decodeCsvBytes(cut, 'f.csv')).toThrow(Error);
    expect(() => decodeCsvBytes(cut, 'f.csv')).toThrow('f.csv: the file is not valid UTF-16LE further on: it ends in half a character or holds half a surrogate pair');
    expect(decodeCsvBytes(utf16le('a,b\n1,2\n', true), 'f.csv')).toBe('a,b\n1,2\n');
    // 0x81 and 0x8d name no character in Windows-1252; read as the control characters of the same code.
    expect(decodeCsvBytes(Uint8Array.from([...bytes('a,b\nx'), 0x81, 0x8d, ...bytes(',1\n')]), 'f.csv', 'windows-1252')).toBe('a,b\nx\u0081\u008d,1\n');
  });

  it('refuses a file that turns binary after a clean head', () => {
    const text = `a,b\n${'1,2\n'.repeat(20_000)}\u0000\u0001`;
    expect(() => decodeCsvBytes(bytes(text), 'f.csv')).toThrow('f.csv: the file is not text (it contains NUL bytes further on)');
  });
});
