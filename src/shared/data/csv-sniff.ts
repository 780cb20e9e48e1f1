import Papa from 'papaparse';
import { parseNumber, type DecimalMark, type NumberFormat, type ThousandsSeparator } from './csv-values';
import { ImportError } from './import-error';

// First look at a CSV file, from its first bytes only (the UI reads a Blob slice, e.g. 64 KiB, so a
// 1 GB file is judged in milliseconds): is it text at all, in which encoding, which delimiter, is
// the first row a header, and a preview table. Everything here is a guess the import plan lets the
// user override, except the encoding checks, which refuse files that would import as garbage.

export type CsvDelimiter = ',' | ';' | '\t';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/** 'utf-8' for valid UTF-8 (ASCII included); 'windows-1252' for 8-bit text such as older Excel exports. */
export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvSniff {
  /** Pass to papaparse's `encoding` (File input) or to TextDecoder. */
  encoding: CsvEncoding;
  /** A UTF-8 byte-order mark starts the file (papaparse and TextDecoder drop it; counted nowhere else). */
  bom: boolean;
  delimiter: CsvDelimiter;
  /** Guess: the first row names the columns. */
  hasHeader: boolean;
  /** Guess: how numbers are written ('3,14' in files from spreadsheets set to many European locales). */
  decimal: DecimalMark;
  thousands: ThousandsSeparator;
  /** Fields per row, from the first row. */
  columns: number;
  /** Up to `previewRows` records parsed from the head, header row included, blank lines left out. */
  preview: string[][];
}

export interface SniffOptions {
  /** True when `head` is the whole file, so its last line is complete. */
  complete?: boolean;
  previewRows?: number;
}

/** How many bytes of a file `sniffCsv` wants to see. */
export const SNIFF_BYTES = 64 * 1024;

const hasUtf16Bom = (b: Uint8Array) => b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
const hasUtf8Bom = (b: Uint8Array) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** Control bytes that never occur in text (everything below 0x20 except tab, LF, CR, and DEL). */
function controlBytes(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) n++;
  return n;
}

/**
 * Checks that the bytes are text and returns their encoding. UTF-16 (with or without a BOM) and
 * binary data are refused with a message saying what the file looks like and what to do.
 */
export function checkTextEncoding(head: Uint8Array, fileName: string): CsvEncoding {
  if (head.length === 0) throw new ImportError({ file: fileName }, 'the file is empty');
  if (hasUtf16Bom(head)) {
    throw new ImportError({ file: fileName }, 'the file is UTF-16 text; save it as UTF-8 (or "CSV UTF-8" in Excel) and import it again');
  }
  let nulAtOdd = 0;
  let nul = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) {
      nul++;
      if (i % 2 === 1) nulAtOdd++;
    }
  }
  // ASCII in UTF-16LE without a BOM: every other byte is NUL.
  if (nul > 0 && nul >= head.length / 4 && (nulAtOdd > 0.9 * nul || nulAtOdd < 0.1 * nul)) {
    throw new ImportError({ file: fileName }, 'the file looks like UTF-16 text (every other byte is zero); save it as UTF-8 and import it again');
  }
  if (nul > 0 || controlBytes(head) > head.length / 100) {
    throw new ImportError({ file: fileName }, 'the file is not text (it contains binary data); expected a CSV file of comma-, semicolon- or tab-separated values');
  }
  try {
    // stream: true tolerates a multi-byte character cut at the end of the head.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Decodes a whole file's bytes (checked as by `checkTextEncoding`) to text without the BOM. */
export function decodeCsvBytes(bytes: Uint8Array, fileName: string): string {
  const encoding = checkTextEncoding(bytes.subarray(0, SNIFF_BYTES), fileName);
  const text = new TextDecoder(encoding).decode(bytes);
  // The head was clean; refuse a file that turns binary further on rather than import garbage.
  if (text.includes('\u0000')) {
    throw new ImportError({ file: fileName }, 'the file is not text (it contains NUL bytes further on); expected a CSV file');
  }
  return text;
}

/**
 * The delimiter that splits the first lines into the same, largest number of fields. Counting on
 * several lines beats the header alone when a header name contains a comma in quotes.
 */
function detectDelimiter(text: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of CSV_DELIMITERS) {
    const rows = Papa.parse<string[]>(text, { delimiter, preview: 20, skipEmptyLines: true }).data;
    if (rows.length === 0) continue;
    const width = rows[0].length;
    const consistent = rows.filter((r) => r.length === width).length / rows.length;
    const score = width > 1 ? width * consistent : 0;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * Header guess: some column is numeric below the first row but not in it, or (all-text files) the
 * first row has distinct, non-empty, non-numeric names. A user with a headerless text file flips it.
 */
function guessHeader(rows: string[][]): boolean {
  const [first, ...body] = rows;
  if (!first || first.some((f) => f.trim() === '') || new Set(first.map((f) => f.trim())).size !== first.length) return false;
  if (first.some((f) => parseNumber(f) !== null)) return false;
  if (body.length === 0) return true;
  const numericBelow = first.some((_, j) => body.every((r) => r[j] !== undefined && parseNumber(r[j]) !== null));
  return numericBelow || first.every((_, j) => body.some((r) => r[j]?.trim() !== first[j].trim()));
}

const COMMA_DECIMAL = /^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$/;
const DOT_DECIMAL = /^[+-]?(\d{1,3}(,\d{3})+|\d*)\.\d+([eE][+-]?\d+)?$/;
const DOTS_THEN_COMMA = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
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
      if (DOTS_THEN_COMMA.test(cell) && cell.includes(',')) dotGroups++;
    }
  }
  if (comma > dot) return { decimal: ',', thousands: dotGroups > 0 ? '.' : '' };
  return { decimal: '.', thousands: commaGroups > 0 ? ',' : '' };
}

/** Sniffs the first bytes of a CSV file (see `SNIFF_BYTES`). */
export function sniffCsv(head: Uint8Array, fileName: string, options: SniffOptions = {}): CsvSniff {
  const encoding = checkTextEncoding(head, fileName);
  let text = new TextDecoder(encoding).decode(head);
  // Cut an incomplete last line so the preview never shows half a row.
  if (!options.complete) {
    const end = text.lastIndexOf('\n');
    if (end > 0) text = text.slice(0, end + 1);
  }
  if (text.trim() === '') throw new ImportError({ file: fileName }, 'the file is empty (only blank lines)');
  const delimiter = detectDelimiter(text);
  const preview = Papa.parse<string[]>(text, { delimiter, preview: options.previewRows ?? 50, skipEmptyLines: 'greedy' }).data;
  return {
    encoding,
    bom: hasUtf8Bom(head),
    delimiter,
    hasHeader: guessHeader(preview),
    ...guessNumberFormat(preview.slice(1), delimiter),
    columns: preview[0].length,
    preview,
  };
}
