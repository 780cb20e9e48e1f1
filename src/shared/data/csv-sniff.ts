import { CsvTextParser, undecodableError } from './csv-parse';
import { numberParser, parseNumber, type DecimalMark, type NumberFormat, type ThousandsSeparator } from './csv-values';
import { MAX_SNIFF_BYTES, SNIFF_BYTES } from './csv-head';
import { ImportError } from './import-error';

// First look at a CSV file, from its first bytes only (its head, see csv-head.ts: 64 KiB, more for a
// wide file, so a 1 GB file is judged in milliseconds): is it text at all, in which encoding, which delimiter,
// where the data starts (a metadata line to skip, the header), how numbers are written, and a
// preview table. Everything here is a guess the import plan lets the user override, except the
// encoding checks, which refuse files that would import as garbage.

/** 'whitespace': fields separated by runs of spaces or tabs (numpy.savetxt, Fortran-era files). */
export type CsvDelimiter = ',' | ';' | '\t' | '|' | 'whitespace';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|', 'whitespace'];

/**
 * 'utf-8' for valid UTF-8 (ASCII included); 'windows-1252' for 8-bit text such as older Excel
 * exports; UTF-16 when a byte-order mark says so (Excel's "Unicode text").
 */
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export const CSV_ENCODINGS: readonly CsvEncoding[] = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'];

export interface CsvSniff {
  encoding: CsvEncoding;
  /** A byte-order mark starts the file (TextDecoder drops it; counted nowhere else). */
  bom: boolean;
  delimiter: CsvDelimiter;
  /**
   * Lines before the data (and its header), left out: e.g. scikit-learn's "178,13,class_0,…"
   * metadata line. Guessed as 1 when the first line does not look like the lines below it.
   */
  skipLines: number;
  /** The skipped lines as text, to show the user what is left out. */
  skipped: string[];
  /** Guess: the first row after the skipped lines names the columns. */
  hasHeader: boolean;
  /** Guess: how numbers are written ('3,14' in files from spreadsheets set to many European locales). */
  decimal: DecimalMark;
  thousands: ThousandsSeparator;
  /** Fields per row, from the first row after the skipped lines. */
  columns: number;
  /** Up to `previewRows` records after the skipped lines, header row included, blank lines left out. */
  preview: string[][];
}

/** What the caller decided (the rest is guessed). */
export interface SniffChoices {
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  skipLines?: number;
}

export interface SniffOptions extends SniffChoices {
  /** True when `head` is the whole file, so its last line is complete. */
  complete?: boolean;
  previewRows?: number;
}

/** gzip's magic number: such a file is decompressed by the host before anything else. */
// (An index past the end reads undefined, which equals no byte: a head shorter than a mark has none.)
export const isGzip = (head: Uint8Array) => head[0] === 0x1f && head[1] === 0x8b;

const hasUtf16Bom = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
const hasUtf8Bom = (b: Uint8Array) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** Control characters that never occur in text (everything below 0x20 except tab, LF, CR, and DEL). */
function controlCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) n++;
  }
  return n;
}

const NOT_TEXT = 'the file is not text (it contains binary data); expected a CSV file of comma-, semicolon-, tab-, pipe- or space-separated values';

/**
 * Checks that the bytes are text and returns their encoding (`chosen` is checked, not guessed):
 * UTF-16 with a byte-order mark, UTF-8, else Windows-1252. UTF-16 without a BOM and binary data
 * are refused with a message saying what the file looks like and what to do.
 */
export function checkTextEncoding(head: Uint8Array, fileName: string, chosen?: CsvEncoding): CsvEncoding {
  if (head.length === 0) throw new ImportError({ file: fileName }, 'the file is empty');
  if (isGzip(head)) throw new ImportError({ file: fileName }, 'the file is gzip-compressed; it is decompressed when imported as a .gz file');
  const utf16 = hasUtf16Bom(head) ? (head[0] === 0xff ? 'utf-16le' : 'utf-16be') : null;
  let encoding: CsvEncoding = chosen ?? utf16 ?? 'utf-8';
  if (!utf16 && !encoding.startsWith('utf-16')) {
    let nulAtOdd = 0;
    let nul = 0;
    for (let i = 0; i < head.length; i++) {
      if (head[i] === 0) {
        nul++;
        if (i % 2 === 1) nulAtOdd++;
      }
    }
    // ASCII in UTF-16 without a BOM: every other byte is NUL (a quarter of the bytes or more, as
    // 0 >= length / 4 never holds, a file without NUL bytes never gets here), nearly all on one side.
    // Western text in UTF-16: the zero is the high byte, after the character in little-endian order.
    const littleEndian = nulAtOdd > 0.9 * nul;
    if (nul >= head.length / 4 && (littleEndian || nulAtOdd < 0.1 * nul)) {
      const order = littleEndian ? 'utf-16le' : 'utf-16be';
      throw new ImportError(
        { file: fileName },
        `the file looks like UTF-16 text without a byte-order mark (every other byte is zero); choose the encoding ${order === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} ("${order}") to read it`,
      );
    }
    // Other NUL bytes: refused below, as UTF-8 and Windows-1252 both decode a 0 byte to U+0000.
  }
  if (chosen === undefined && encoding === 'utf-8') {
    try {
      // stream: true tolerates a multi-byte character cut at the end of the head.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      encoding = 'windows-1252';
    }
  }
  const text = new TextDecoder(encoding).decode(head, { stream: true });
  if (text.includes('\u0000') || controlCharacters(text) > text.length / 100) throw new ImportError({ file: fileName }, NOT_TEXT);
  return encoding;
}

/** Decodes a whole file's bytes (checked as by `checkTextEncoding`) to text without the BOM. */
export function decodeCsvBytes(bytes: Uint8Array, fileName: string, chosen?: CsvEncoding): string {
  const encoding = checkTextEncoding(bytes.subarray(0, SNIFF_BYTES), fileName, chosen);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw undecodableError(fileName, encoding, 'further on');
  }
  // The head was clean; refuse a file that turns binary further on rather than import garbage.
  if (text.includes('\u0000')) {
    throw new ImportError({ file: fileName }, 'the file is not text (it contains NUL bytes further on); expected a CSV file');
  }
  return text;
}

const isBlank = (record: string[]) => record.length === 1 && record[0].trim() === '';

/**
 * Records of a stretch of text (a last record cut by the end of the head is left out). A quote
 * still open at the end with no record of values before it is a broken quote in the first line
 * ('x,"y,label' …; the head holds several lines, csv-head.ts): it is thrown with its row and
 * column, rather than the head read as one unfinished field — for a delimiter guess, one column
 * and no feature; for the chosen delimiter, no complete line.
 */
function recordsOf(text: string, delimiter: CsvDelimiter, complete: boolean, fileName: string): string[][] {
  const records: string[][] = [];
  const parser = new CsvTextParser({ fileName, delimiter, parseChars: 0, onRecords: (r) => records.push(...r) });
  parser.push(text);
  if (complete) parser.end();
  else if (records.every(isBlank)) {
    const error = parser.heldBackQuoteError();
    if (error) throw error;
  }
  return records;
}

/** The most frequent field count of the records, and the share of records that have it. */
function modeWidth(records: string[][]): { width: number; share: number } {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 0;
  let count = 0;
  for (const [w, c] of counts) if (c > count || (c === count && w > width)) [width, count] = [w, c];
  return { width, share: records.length ? count / records.length : 0 };
}

/** One trailing empty field more than `width`, or one less than lines that all end in an empty field (a delimiter at the end of the line). */
const trailingDelimiter = (record: string[], width: number, rest: string[][]) =>
  (record.length === width + 1 && record[width].trim() === '') || (record.length === width - 1 && rest.every((r) => r[width - 1]?.trim() === ''));

/** Fields that read as a number, with a decimal point or a decimal comma (thousands separators aside). */
const numericFields = (records: string[][]) => records.reduce((n, r) => n + r.filter((f) => parseNumber(f) !== null || COMMA_DECIMAL.test(f.trim())).length, 0);

/**
 * The delimiter that splits the lines into the same, largest number of fields (a line or two, such
 * as a metadata line, may differ). Counting on several lines beats the header alone when a
 * header name contains a comma in quotes. Equal scores go to the delimiter whose fields read as
 * numbers more often — a tab-separated file with decimal commas ("1,5\t2,5\tyes") splits in three
 * at commas too, into fields like "5\t2" — and then to the earlier delimiter: tab before whitespace.
 * A quote problem under one delimiter rules it out; when no other splits any line in two, the
 * file's quotes are broken (a stray quote in a comma-separated file), and that is the error —
 * not a one-column file whose "1,5" would then read as a decimal comma.
 */
function detectDelimiter(lines: string, fileName: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; score: number; numeric: number } = { delimiter: ',', score: -1, numeric: 0 };
  let quoteError: unknown;
  for (const delimiter of CSV_DELIMITERS) {
    let records: string[][];
    try {
      records = recordsOf(lines, delimiter, false, fileName).filter((r) => !isBlank(r));
    } catch (error) {
      quoteError ??= error;
      continue;
    }
    // Squared: a line off the common width (a metadata line) costs a little, many cost a lot.
    const { width, share } = modeWidth(records);
    const score = width > 1 ? width * share * share : 0;
    if (score < best.score) continue;
    const numeric = numericFields(records);
    if (score > best.score || numeric > best.numeric) best = { delimiter, score, numeric };
  }
  if (quoteError !== undefined && best.score === 0) throw quoteError;
  return best.delimiter;
}

/**
 * Lines to skip before the data: each leading metadata or title line — its field count differs
 * from the lines below (not by a trailing delimiter), most of its fields are empty while the next
 * line's are not (scikit-learn's "506,13,,,,…" above a header), or it mixes numbers with text
 * that sits above numbers only (scikit-learn's "150,4,setosa,versicolor,virginica").
 */
function isMetadataLine(records: string[][], first: number): boolean {
  const rest = records.slice(first + 1).filter((r) => !isBlank(r));
  if (rest.length < 2) return false;
  // The common width from the lower half: more title lines may sit at the top of the rest.
  const { width, share } = modeWidth(rest.slice(Math.floor(rest.length / 2)));
  if (share < 0.9 || width < 2) return false;
  const line = records[first];
  const emptyShare = line.filter((f) => f.trim() === '').length / line.length;
  const differs = line.length !== width && !trailingDelimiter(line, width, rest);
  const mostlyEmpty = line.length === width && emptyShare >= 0.5 && rest[0].every((f) => f.trim() !== '');
  // Neither a header (it has numbers) nor data (it has text where every line below has numbers).
  const numbers = (j: number) => rest.every((r) => r[j] !== undefined && parseNumber(r[j]) !== null);
  const mixed = line.some((f) => parseNumber(f) !== null) && line.some((f, j) => f.trim() !== '' && parseNumber(f) === null && numbers(j));
  return differs || mostlyEmpty || mixed;
}

/** Title or metadata lines guessed at the top; a few of them at most (a title, a units line, …). */
const MAX_GUESSED_SKIP = 10;

function guessSkipLines(records: string[][]): number {
  let skip = 0;
  for (let n = 0; n < MAX_GUESSED_SKIP; n++) {
    const first = records.findIndex((r, i) => i >= skip && !isBlank(r));
    if (first < 0 || !isMetadataLine(records, first)) break;
    skip = first + 1;
  }
  return skip;
}

/**
 * Header guess: some column is numeric below the first row but not in it, or (all-text files) the
 * first row has distinct, non-empty, non-numeric names. A user with a headerless text file flips it.
 */
function guessHeader(first: string[], body: string[][], format: NumberFormat): boolean {
  const parse = numberParser(format);
  // Empty and repeated names do not make a row data: they are named 'column N' and 'x (2)'.
  const names = first.map((f) => f.trim()).filter((f) => f !== '');
  if (names.some((f) => parse(f) !== null)) return false;
  // Without a name, no column has one above its numbers and names.length < first.length: not a header.
  // A lone row of names is a header: below, `every` holds for an empty body and some name is there.
  const numericBelow = first.some((f, j) => f.trim() !== '' && body.every((r) => r[j] !== undefined && parse(r[j]) !== null));
  return numericBelow || (new Set(names).size === names.length && names.length === first.length && first.every((_, j) => body.some((r) => r[j]?.trim() !== first[j].trim())));
}

const COMMA_DECIMAL = /^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$/;
const DOT_DECIMAL = /^[+-]?(\d{1,3}(,\d{3})+|\d*)\.\d+([eE][+-]?\d+)?$/;
const DOTS_THEN_COMMA = /^[+-]?\d{1,3}(\.\d{3})+,\d+$/;
const COMMA_GROUPS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Number format guess from the preview's cells: a decimal comma when cells like '3,14' outnumber
 * cells like '3.14'. In a comma-separated file such cells are quoted, and '1,234' (three digits
 * after the comma) there reads as a thousands separator rather than a decimal comma.
 */
function guessNumberFormat(rows: string[][], delimiter: CsvDelimiter): NumberFormat {
  let comma = 0;
  let dot = 0;
  let dotGroups = 0;
  let commaGroups = 0;
  for (const row of rows) {
    for (const field of row) {
      const cell = field.trim();
      if (cell.length < 3) continue;
      if (COMMA_GROUPS.test(cell) && (delimiter === ',' || cell.includes('.'))) commaGroups++;
      else if (COMMA_DECIMAL.test(cell)) comma++;
      else if (DOT_DECIMAL.test(cell)) dot++;
      if (DOTS_THEN_COMMA.test(cell)) dotGroups++;
    }
  }
  if (comma > dot) return { decimal: ',', thousands: dotGroups > 0 ? '.' : '' };
  return { decimal: '.', thousands: commaGroups > 0 ? ',' : '' };
}

/** Sniffs the head of a CSV file (see csv-head.ts); choices in `options` are taken, not guessed. */
export function sniffCsv(head: Uint8Array, fileName: string, options: SniffOptions = {}): CsvSniff {
  const encoding = checkTextEncoding(head, fileName, options.encoding);
  // A head that is not the whole file ends in half a line, which the parser holds back (as it
  // waits for its line end): the preview never shows half a row.
  const text = new TextDecoder(encoding).decode(head, { stream: !options.complete });
  if (text.trim() === '') throw new ImportError({ file: fileName }, 'the file is empty (only blank lines)');
  const firstLines = text.split('\n', 30).join('\n');
  const delimiter = options.delimiter ?? detectDelimiter(firstLines, fileName);
  const records = recordsOf(text, delimiter, options.complete ?? false, fileName);
  const skipLines = options.skipLines ?? guessSkipLines(records.slice(0, 30));
  const preview = records.slice(skipLines).filter((r) => !isBlank(r)).slice(0, options.previewRows ?? 50);
  if (preview.length === 0) {
    // Nothing skipped and nothing to show: the head's first line of values goes on past its end.
    const problem =
      skipLines > 0
        ? `the file has no lines after the ${skipLines} skipped`
        : `no complete line of values in the first ${head.length.toLocaleString('en-US')} bytes; a first line is read up to ${MAX_SNIFF_BYTES >> 20} MiB to see how the file is written`;
    throw new ImportError({ file: fileName }, problem);
  }
  const format = guessNumberFormat(preview.slice(1), delimiter);
  return {
    encoding,
    bom: hasUtf8Bom(head) || hasUtf16Bom(head),
    delimiter,
    skipLines,
    skipped: text.split(/\r\n|\n|\r/, skipLines),
    hasHeader: guessHeader(preview[0], preview.slice(1), format),
    ...format,
    columns: preview[0].length,
    preview,
  };
}
