// How much of a CSV file the sniff reads: 64 KiB judges a 1 GB file of short lines in
// milliseconds, but a wide file (gene expression, bag of words: 10,000+ columns) may not finish
// its header line in 64 KiB. So the head doubles until it holds SNIFF_LINES line ends — the
// header and a few rows — or reaches MAX_SNIFF_BYTES, or is the whole file. The length depends on
// the file's bytes alone, so a file streamed from disk (the CLI, the app's worker) and the same
// bytes in memory (`predict`, built-in datasets) are sniffed from the same head and read alike.

/** The least the sniff reads of a file (all of it when shorter). */
export const SNIFF_BYTES = 64 * 1024;

/** Line ends the head grows to hold: the header and at least a few rows after it. */
export const SNIFF_LINES = 10;

/** The most the sniff reads (16 MiB: a first line longer than that is refused, saying so). */
export const MAX_SNIFF_BYTES = SNIFF_BYTES << 8;

/**
 * Line ends in the bytes: LF, or CR in a file without any LF (old Mac files). In UTF-16 (by its
 * byte-order mark) only a whole code unit 0x000A or 0x000D is one, not a byte of another character.
 */
export function countLineEnds(bytes: Uint8Array): number {
  const bigEndian = bytes[0] === 0xfe && bytes[1] === 0xff;
  const utf16 = bigEndian || (bytes[0] === 0xff && bytes[1] === 0xfe);
  const step = utf16 ? 2 : 1;
  // The byte that holds the character in a code unit, and the one that must then be zero.
  const low = bigEndian ? 1 : 0;
  let lf = 0;
  let cr = 0;
  // A last byte without its pair reads undefined for the other: not zero, so no line end.
  for (let i = 0; i < bytes.length; i += step) {
    if (utf16 && bytes[i + 1 - low] !== 0) continue;
    if (bytes[i + low] === 0x0a) lf++;
    else if (bytes[i + low] === 0x0d) cr++;
  }
  return lf > 0 ? lf : cr;
}

/** A head of this length, cut from a longer file, is as far as the sniff reads. */
const enough = (head: Uint8Array) => head.length >= MAX_SNIFF_BYTES || countLineEnds(head) >= SNIFF_LINES;

/** The head of a file whose bytes are all in memory. */
export function sniffHead(bytes: Uint8Array): { head: Uint8Array; complete: boolean } {
  let length = SNIFF_BYTES;
  while (length < bytes.length && !enough(bytes.subarray(0, length))) length *= 2;
  const head = bytes.subarray(0, length);
  return { head, complete: head.length === bytes.length };
}

/**
 * The head of a file read in pieces (from disk, through gzip): the same bytes `sniffHead` takes
 * of the whole file. Reading stops there — leaving the loop ends the stream — so a long file
 * costs its head and not more.
 */
export async function readSniffHead(pieces: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; complete: boolean }> {
  const read: Uint8Array[] = [];
  let total = 0;
  let length = SNIFF_BYTES;
  for await (const piece of pieces) {
    read.push(piece);
    total += piece.length;
    // More bytes than `length` tell that the first `length` are not the whole file; joined only
    // then, so a 16 MiB head is copied a few times, not once per piece.
    for (; total > length; length *= 2) {
      const head = joined(read, total).subarray(0, length);
      if (enough(head)) return { head, complete: false };
    }
  }
  return { head: joined(read, total), complete: true };
}

/** The pieces as one array, which replaces them in `read`. */
function joined(read: Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const piece of read) {
    bytes.set(piece, at);
    at += piece.length;
  }
  read.splice(0, read.length, bytes);
  return bytes;
}
