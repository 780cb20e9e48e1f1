import { describe, expect, it } from 'vitest';
import { countLineEnds, MAX_SNIFF_BYTES, readSniffHead, SNIFF_BYTES, SNIFF_LINES, sniffHead } from '../../../../src/shared/data/csv-head';

const ascii = (text: string) => new TextEncoder().encode(text);

/** UTF-16 bytes of the text, with the byte-order mark first. */
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const units = `\ufeff${text}`;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) new DataView(bytes.buffer).setUint16(2 * i, units.charCodeAt(i), littleEndian);
  return bytes;
}

/** A CSV of `rows` lines (header included) of `width` bytes each, newline included: "x,x,…,x\n". */
const lines = (rows: number, width: number) => ascii(`${'x,'.repeat((width - 2) / 2)}x\n`.repeat(rows));

/** How much of the file `sniffHead` takes, and whether that is all of it; the head is always the file's start. */
function taken(bytes: Uint8Array): [number, boolean] {
  const { head, complete } = sniffHead(bytes);
  expect(head.buffer === bytes.buffer && head.byteOffset === bytes.byteOffset).toBe(true);
  return [head.length, complete];
}

/** The bytes in pieces of `size`, counting how many pieces were taken. */
function pieces(bytes: Uint8Array, size: number) {
  const counter = { taken: 0 };
  async function* generate() {
    for (let at = 0; at < bytes.length; at += size) {
      counter.taken++;
      yield bytes.slice(at, at + size);
    }
  }
  return { stream: generate(), counter };
}

describe('countLineEnds', () => {
  it('counts LF (CRLF once), and CR alone only in a file without LF (old Mac)', () => {
    expect(countLineEnds(ascii('a,b\n1,2\n3,4'))).toBe(2);
    expect(countLineEnds(ascii('a,b\r\n1,2\r\n3,4\r\n'))).toBe(3);
    expect(countLineEnds(ascii('a,b\r1,2\r3,4\r5,6'))).toBe(3);
    // A stray CR in a file of LF lines is not a line end.
    expect(countLineEnds(ascii('a,b\n1,"x\ry"\r\n'))).toBe(2);
    expect(countLineEnds(ascii('a,b'))).toBe(0);
    expect(countLineEnds(new Uint8Array(0))).toBe(0);
  });

  it('counts whole UTF-16 code units only, in either byte order, not a byte 0x0A or 0x0D of another character', () => {
    // '上' is U+4E0A, 'Ċ' U+010A, '\u0a0d' (Gurmukhi) U+0A0D, '퀍' U+D00D: each holds a 0x0A or 0x0D byte.
    const text = '上,Ċ\n\u0a0d,퀍\r\n1,2\n';
    for (const littleEndian of [true, false]) expect(countLineEnds(utf16(text, littleEndian))).toBe(3);
    expect(countLineEnds(utf16('a\rb\rc', true))).toBe(2);
    expect(countLineEnds(utf16('a\rb\rc', false))).toBe(2);
    // Without a byte-order mark every byte counts: such UTF-16 is refused by the sniff anyway.
    expect(countLineEnds(utf16(text, true).subarray(2))).toBe(6);
    // A last byte without its pair is no code unit.
    expect(countLineEnds(Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x0a]))).toBe(0);
    expect(countLineEnds(Uint8Array.from([0xfe, 0xff, 0x00, 0x61, 0x00]))).toBe(0);
  });

  it('counts in UTF-16 exactly the line ends of the text, whatever characters with 0x0A or 0x0D bytes stand around them', () => {
    const pieces = ['上', 'Ċ', '\u0a0d', '퀍', '\u0a0a', '\u0d0a', 'x', ',', '\n', '\r', '\r\n'];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 1 + (next() % 12) }, () => pieces[next() % pieces.length]).join('');
      const lf = text.split('\n').length - 1;
      const expected = lf > 0 ? lf : text.split('\r').length - 1;
      for (const littleEndian of [true, false]) expect(countLineEnds(utf16(text, littleEndian)), JSON.stringify(text)).toBe(expected);
    }
  });

  it('reads 8-bit text that starts with the bytes of half a byte-order mark (þ is 0xFE, ÿ 0xFF in Windows-1252) byte by byte', () => {
    for (const start of [[0xfe, 0x61], [0x61, 0xff], [0xff, 0x61], [0x61, 0xfe], [0xfe, 0xfe], [0xff, 0xff]]) {
      expect(countLineEnds(Uint8Array.from([...start, ...ascii(',1\n2,3\n4,5\n')]))).toBe(3);
    }
  });
});

describe('sniffHead', () => {
  it('takes 64 KiB of a file of short lines, and a short file whole', () => {
    const narrow = lines(100_000, 20);
    expect(taken(narrow)).toEqual([SNIFF_BYTES, false]);
    const short = lines(3, 20);
    expect(taken(short)).toEqual([60, true]);
    // Exactly 64 KiB: all of it, and known to be all.
    expect(taken(narrow.subarray(0, SNIFF_BYTES))).toEqual([SNIFF_BYTES, true]);
    expect(sniffHead(narrow.subarray(0, SNIFF_BYTES + 1)).complete).toBe(false);
  });

  it('doubles past 64 KiB until the head holds ten line ends: the header and rows of a wide file', () => {
    // 120,000-byte lines (60,000 columns): ten line ends need 1.2 MB, the first power-of-two head holding them is 2 MiB.
    const wide = lines(40, 120_000);
    const { head, complete } = sniffHead(wide);
    expect([head.length, complete, countLineEnds(head)]).toEqual([SNIFF_BYTES << 5, false, 17]);
    // One line end short of ten at 1 MiB: 1,048,576 bytes hold 8 lines of 120,000.
    expect(countLineEnds(wide.subarray(0, SNIFF_BYTES << 4))).toBe(SNIFF_LINES - 2);
    // Ten line ends are enough, nine are not: 13,000-byte lines hold 5 in 64 KiB and 10 in 128 KiB;
    // 13,108-byte lines hold 9 in 128 KiB, so their head is 256 KiB.
    const ten = lines(30, 13_000);
    expect([countLineEnds(ten.subarray(0, SNIFF_BYTES)), countLineEnds(ten.subarray(0, SNIFF_BYTES * 2))]).toEqual([5, SNIFF_LINES]);
    expect(sniffHead(ten).head.length).toBe(SNIFF_BYTES * 2);
    const nine = lines(30, 13_108);
    expect(countLineEnds(nine.subarray(0, SNIFF_BYTES * 2))).toBe(SNIFF_LINES - 1);
    expect(sniffHead(nine).head.length).toBe(SNIFF_BYTES * 4);
    // A file that ends before ten lines fill a head is taken whole.
    expect(taken(lines(5, 100_000))).toEqual([500_000, true]);
  });

  it('stops at 16 MiB when even that holds fewer than ten lines', () => {
    const huge = lines(3, 6_000_000);
    const { head, complete } = sniffHead(huge);
    expect([head.length, complete, MAX_SNIFF_BYTES]).toEqual([16 * 1024 * 1024, false, 16 * 1024 * 1024]);
    expect(countLineEnds(head)).toBe(2);
  });
});

describe('readSniffHead', () => {
  it('reads the head sniffHead takes, however the file arrives in pieces, and no further', async () => {
    for (const bytes of [lines(100_000, 20), lines(40, 120_000), lines(30, 13_000), lines(30, 13_108), lines(5, 100_000), lines(3, 20), lines(100_000, 20).subarray(0, SNIFF_BYTES)]) {
      const expected = sniffHead(bytes);
      for (const size of [65_536, 10_000, 1 << 20, bytes.length]) {
        const { stream, counter } = pieces(bytes, size);
        const read = await readSniffHead(stream);
        expect([read.head.length, read.complete]).toEqual([expected.head.length, expected.complete]);
        expect(Buffer.compare(read.head, expected.head)).toBe(0);
        // Pieces taken: up to the one that shows the head is not the whole file.
        expect(counter.taken).toBe(Math.min(Math.ceil(bytes.length / size), Math.floor(expected.head.length / size) + 1));
      }
    }
  });

  it('reads an empty file as an empty, complete head', async () => {
    expect(await readSniffHead(pieces(new Uint8Array(0), 10).stream)).toEqual({ head: new Uint8Array(0), complete: true });
  });
});
