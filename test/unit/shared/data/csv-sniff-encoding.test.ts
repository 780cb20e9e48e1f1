import { describe, expect, it } from 'vitest';
import { checkTextEncoding, sniffCsv } from '../../../../src/shared/data/csv-sniff';

// The encoding checks at their edges: magic numbers and byte-order marks need every byte they
// name, NUL bytes say UTF-16 only when there are enough of them on one side, and control
// characters beyond 1% of the text mean binary data. (csv-sniff.test.ts has the everyday cases.)

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const check = (bytes: number[], chosen?: Parameters<typeof checkTextEncoding>[2]) => () => checkTextEncoding(Uint8Array.from(bytes), 'f.csv', chosen);
const NOT_TEXT = 'f.csv: the file is not text (it contains binary data)';
const UTF16 = 'f.csv: the file looks like UTF-16 text without a byte-order mark';

describe('text encoding checks', () => {
  it('says an empty file is empty, in those words', () => {
    expect(check([])).toThrow(/^f\.csv: the file is empty$/);
  });

  it("takes gzip's magic number only whole: 1f 8b", () => {
    expect(check([0x1f, 0x8b])).toThrow('f.csv: the file is gzip-compressed');
    // 0x8b is '‹' in Windows-1252; 0x1f alone is a control character.
    expect(check([...ascii('a'), 0x8b, ...ascii(',b\n1,2\n')])()).toBe('windows-1252');
    expect(check([0x1f, ...ascii('a,b\n1,2\n')])).toThrow(NOT_TEXT);
  });

  it('takes a byte-order mark only whole, even a file that is nothing else', () => {
    expect(check([0xff, 0xfe])()).toBe('utf-16le');
    expect(check([0xfe, 0xff])()).toBe('utf-16be');
    // 'ÿa…' and 'þa…' in Windows-1252 start with one byte of a mark.
    expect(check([0xff, ...ascii('a,b\n')])()).toBe('windows-1252');
    expect(check([0xfe, ...ascii('a,b\n')])()).toBe('windows-1252');
    expect(check([...ascii('a'), 0xfe, ...ascii(',b\n')])()).toBe('windows-1252');
    expect(check([...ascii('a'), 0xff, ...ascii(',b\n')])()).toBe('windows-1252');
  });

  it('reports no UTF-8 byte-order mark for text that has only part of one', () => {
    for (const start of [[0x61, 0xbb, 0xbf], [0xef, 0x2c, 0xbf], [0xef, 0xbb, 0x2c], [0x61, 0x2c, 0xbf]]) {
      const sniff = sniffCsv(Uint8Array.from([...start, ...ascii(',x\n1,2\n3,4\n')]), 'f.csv', { complete: true });
      expect([sniff.encoding, sniff.bom], start.join(' ')).toEqual(['windows-1252', false]);
    }
    expect(sniffCsv(Uint8Array.from(ascii('a,b\n1,2\n')), 'f.csv', { complete: true }).bom).toBe(false);
  });

  it('calls NUL bytes UTF-16 only when a quarter or more of the bytes are NUL, nine in ten of them on one side', () => {
    // Exactly a quarter, all at odd positions (UTF-16LE of ASCII) or all at even ones (UTF-16BE).
    expect(check(ascii('a\0b\0cdef'))).toThrow(UTF16);
    expect(check(ascii('\0a\0bcdef'))).toThrow(UTF16);
    // NULs on both sides, half and half: binary.
    expect(check(ascii('\0\0ab\0\0cd'))).toThrow(NOT_TEXT);
    // 9 of 10 at odd positions is not more than nine in ten; 1 of 10 is not fewer than one in ten.
    const nineOdd = ascii('a\0'.repeat(9) + '\0a' + 'bb'.repeat(10));
    expect(check(nineOdd)).toThrow(NOT_TEXT);
    const oneOdd = ascii('\0a'.repeat(9) + 'a\0' + 'bb'.repeat(10));
    expect(check(oneOdd)).toThrow(NOT_TEXT);
  });

  it('does not look for NUL bytes in a file the user says is UTF-16', () => {
    expect(check(ascii('a\0,\0b\0\n\0'), 'utf-16le')()).toBe('utf-16le');
  });

  it('refuses text with more than 1% control characters, counting DEL but not tab, CR or LF', () => {
    const line = 'a\tb,c\r\n';
    expect(check(ascii(line.repeat(20)))()).toBe('utf-8');
    // 1 control character in 100 is allowed, 2 are not.
    expect(check(ascii('\u0001' + 'x'.repeat(99)))()).toBe('utf-8');
    expect(check(ascii('\u0001\u0002' + 'x'.repeat(98)))).toThrow(NOT_TEXT);
    expect(check(ascii('\u007f\u007f' + 'x'.repeat(98)))).toThrow(NOT_TEXT);
  });

  it('refuses a NUL character in UTF-16 text, however rare', () => {
    const text = 'a,b\n' + '1,2\n'.repeat(60) + '\0';
    const bytes = [0xff, 0xfe, ...Array.from(text).flatMap((c) => [c.charCodeAt(0), 0])];
    expect(check(bytes)).toThrow(NOT_TEXT);
  });

  it('takes UTF-16 BE without a BOM with a few NULs at odd positions (Ā is 01 00), and names the order', () => {
    // 21 NULs, one of them at an odd position: fewer than one in ten, so big-endian text.
    const be = [...Array.from('a,b\n1,2\n3,4\n5,6\n7,8\n9').flatMap((c) => [0, c.charCodeAt(0)]), 0x01, 0x00];
    expect(check(be)).toThrow(Error);
    expect(check(be)).toThrow('choose the encoding UTF-16 BE ("utf-16be") to read it');
  });

  it('keeps a chosen UTF-8 even where the bytes are not (the import then says where)', () => {
    expect(check([...ascii('a,b\n'), 0xe9, ...ascii('\n')], 'utf-8')()).toBe('utf-8');
  });

  it('counts control characters against the characters decoded, leaving out one cut by the end of the head', () => {
    // 99 characters and a lead byte whose character the head cuts: 1 control in 99 is over 1%.
    expect(check([...ascii('\u0001' + 'x'.repeat(98)), 0xc3])).toThrow(NOT_TEXT);
  });
});
