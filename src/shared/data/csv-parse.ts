import Papa from 'papaparse';
import type { CsvDelimiter, CsvEncoding } from './csv-sniff';
import { ImportError } from './import-error';

// Bytes of a CSV file, in pieces cut anywhere, to parsed records in file order — the one parser
// behind every import: the CLI streams from disk (gunzipped by zlib for a .gz file), the app's
// worker from a File (through DecompressionStream), tests and built-in sets from memory. One
// streaming TextDecoder sees all the bytes in order (a character cut between two pieces is read
// whole); papaparse's ParserHandle (what its own streamers use inside) parses the text, carrying
// an unfinished last record over to the next piece, so records and row numbers are the same
// however the bytes arrive. A 'whitespace' delimiter (columns separated by runs of spaces or tabs,
// as numpy.savetxt and Fortran-era files write) splits lines instead: such files have no quoting.

/**
 * Text handed to the parser at once: big enough that per-call overhead vanishes, small enough that
 * the records of one piece (a string per field) die young: with 1 MiB pieces, Fashion-MNIST's CSV
 * spent several times longer in the garbage collector (measured interleaved, machine loaded).
 */
const PARSE_CHARS = 1 << 16;

/** papaparse's quote problem: `row` counts the records before it in the text parsed, `index` is just after the opening quote. */
interface QuoteProblem {
  code: string;
  row: number;
  index: number;
}

interface ParseResult {
  data: string[][];
  errors: QuoteProblem[];
  meta: { cursor: number };
}

/** papaparse's internal handle, exposed as `Papa.ParserHandle` but not in its typings. */
interface ParserHandle {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): ParseResult;
}
const ParserHandleClass = (Papa as unknown as { ParserHandle: new (config: Papa.ParseConfig) => ParserHandle }).ParserHandle;

export interface CsvParseOptions {
  fileName: string;
  delimiter: CsvDelimiter;
  /** Parsed records of the next stretch of the file, in order, blank lines included (as ['']). */
  onRecords(records: string[][]): void;
  /** Characters collected before parsing (tests make it tiny to cut records anywhere). */
  parseChars?: number;
}

const WHITESPACE = /[ \t]+/;
const LINE_END = /\r\n|\n|\r/;

/** A blank line splits into [''], as papaparse reads one. */
const splitLine = (line: string) => line.trim().split(WHITESPACE);
const LINE_END_CHAR = /[\r\n]/;

/**
 * The column (1-based) of the record that starts `text` in which the quote at `quote` opens a
 * field. Everything before it parsed without a quote problem, so quotes there are well formed:
 * one opens a field only at the field's start, and "" inside a quoted field is a quote.
 */
function columnAt(text: string, quote: number, delimiter: string): number {
  let column = 1;
  let fieldStart = true;
  let quoted = false;
  for (let i = 0; i < quote; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
    } else if (c === '"' && fieldStart) quoted = true;
    else if (c === delimiter) column++;
    else if (c === '\n' || c === '\r') column = 1;
    fieldStart = !quoted && (c === delimiter || c === '\n' || c === '\r');
  }
  return column;
}

/** The field from its opening quote to the end of its line, as the user would find it in the file. */
function quotedFieldText(text: string, quote: number): string {
  const line = text.slice(quote).split(LINE_END, 1)[0];
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

/** Decoded text in, records out; `end()` after the last piece. */
export class CsvTextParser {
  private readonly options: CsvParseOptions;
  private readonly handle: ParserHandle | null;
  private pending = '';
  private base = 0;
  private recordsBefore = 0;

  constructor(options: CsvParseOptions) {
    this.options = options;
    this.handle = options.delimiter === 'whitespace' ? null : new ParserHandleClass({ delimiter: options.delimiter });
  }

  push(text: string): void {
    this.pending += text;
    if (this.pending.length >= (this.options.parseChars ?? PARSE_CHARS) && this.lineEndKnown()) this.parse(false);
  }

  /**
   * The handle guesses the line ending from the text of its first call: that text must hold a
   * whole line ("\r" alone ends lines in old Mac files) and must not end in a "\r" that may be half
   * of a "\r\n" — papaparse reads "x,y\r\n1,2\r" as lines ending in "\r", and then every later
   * record starts with a "\n" (rows that long are the first piece of a CSV with thousands of columns).
   * Later calls wait the same way: a piece without a whole line has no record to hand over.
   */
  private lineEndKnown(): boolean {
    return !this.pending.endsWith('\r') && LINE_END_CHAR.test(this.pending);
  }

  end(): void {
    this.parse(true);
  }

  private parse(last: boolean): void {
    if (this.handle === null) {
      this.splitLines(last);
      return;
    }
    const results = this.handle.parse(this.pending, this.base, !last);
    // Every error is a quote problem (the delimiter is given and there is no header mode). One in
    // the record held back for the next piece (cut inside a "\r\n" after a closing quote, say) is
    // judged again once the record is whole.
    const problem = results.errors.find((e) => last || e.row < results.data.length);
    if (problem) throw this.quoteError(problem, 'is never closed');
    this.pending = this.pending.substring(results.meta.cursor - this.base);
    this.base = results.meta.cursor;
    this.emit(results.data);
  }

  /**
   * The quote problem in the record held back at the end of the text so far — a quote still open
   * there — as the end of the file would report it, or null. The sniff asks, having read a head
   * of the file: a quote that opens in the first record and is still open many lines on is the
   * quote that is broken, not a field that holds those lines.
   */
  heldBackQuoteError(): ImportError | null {
    if (this.handle === null) return null;
    const problem = this.handle.parse(this.pending, this.base, false).errors[0];
    return problem ? this.quoteError(problem, 'is not closed in the lines after it') : null;
  }

  /** A quote problem with its row, its column and the field as written; `open` says how far a quote was left open. */
  private quoteError(problem: QuoteProblem, open: string): ImportError {
    const quote = problem.index - 1;
    const where = `column ${columnAt(this.pending, quote, this.options.delimiter)} (${quotedFieldText(this.pending, quote)})`;
    const what =
      problem.code === 'InvalidQuotes'
        ? `${where} has text after its closing quote; expected the delimiter or the line's end right after a closing "`
        : `${where} opens a quote that ${open}; expected a closing " at the end of the field`;
    return new ImportError({ file: this.options.fileName, row: this.recordsBefore + problem.row + 1 }, `${what} (a " inside a quoted field is written "")`);
  }

  /** Whitespace-separated: every complete line is a record (a blank one ['']); no quoting. */
  private splitLines(last: boolean): void {
    const text = this.pending;
    // Complete lines end at the last line end (never a "\r" that may be half a "\r\n": `push` waits
    // for the next piece then); at the end of the file, everything is complete.
    const cut = last ? text.length : Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
    this.pending = text.slice(cut);
    const lines = text.slice(0, cut).split(LINE_END);
    // Text ending in a line end splits into one empty string more than it has lines.
    if (lines.at(-1) === '') lines.pop();
    this.emit(lines.map(splitLine));
  }

  private emit(records: string[][]): void {
    this.recordsBefore += records.length;
    this.options.onRecords(records);
  }
}

/** UTF-8 that turns invalid after a clean head: an import whose encoding was guessed reads it again as Windows-1252. */
export class InvalidUtf8Error extends ImportError {}

/**
 * Bytes the encoding cannot decode, refused rather than read with replacement characters (which
 * would change a text value unseen): UTF-8 proposes Windows-1252; UTF-16 is cut or broken.
 * (Windows-1252 decodes every byte.) `where` says where in the file.
 */
export function undecodableError(fileName: string, encoding: CsvEncoding, where: string): ImportError {
  const problem = `the file is not valid ${encoding.toUpperCase()} ${where}`;
  return encoding === 'utf-8'
    ? new InvalidUtf8Error({ file: fileName }, `${problem}; choose the encoding Windows-1252 if it was saved by an older program`)
    : new ImportError({ file: fileName }, `${problem}: it ends in half a character or holds half a surrogate pair`);
}

/** TextDecoder's label for an encoding; a byte-order mark is dropped by the decoder. */
const DECODER_LABEL: Record<CsvEncoding, string> = { 'utf-8': 'utf-8', 'windows-1252': 'windows-1252', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be' };

/** Bytes in (any cut), records out: decodes and checks the text, then parses it. */
export class CsvByteParser {
  private readonly text: CsvTextParser;
  private readonly decoder: TextDecoder;
  private readonly fileName: string;
  private readonly encoding: CsvEncoding;
  private bytes = 0;

  constructor(options: CsvParseOptions & { encoding: CsvEncoding }) {
    this.text = new CsvTextParser(options);
    this.fileName = options.fileName;
    this.encoding = options.encoding;
    // Bytes that do not decode further on are refused rather than read with replacement characters.
    this.decoder = new TextDecoder(DECODER_LABEL[options.encoding], { fatal: true });
  }

  push(bytes: Uint8Array): void {
    this.bytes += bytes.byteLength;
    this.pushText(this.decode(bytes, true));
  }

  end(): void {
    this.pushText(this.decode(new Uint8Array(0), false));
    this.text.end();
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream });
    } catch {
      throw undecodableError(this.fileName, this.encoding, `(in its first ${this.bytes.toLocaleString('en-US')} bytes, after a clean start)`);
    }
  }

  private pushText(text: string): void {
    // The head was checked for binary data before; refuse a file that turns binary further on.
    if (text.includes('\u0000')) throw new ImportError({ file: this.fileName }, 'the file is not text (it contains NUL bytes further on); expected a CSV file');
    this.text.push(text);
  }
}

/** Parses a whole stream of bytes; `onBytes` gets the bytes read so far after each piece. */
export async function parseCsvStream(
  pieces: AsyncIterable<Uint8Array>,
  options: CsvParseOptions & { encoding: CsvEncoding; onBytes?: (bytes: number) => void },
): Promise<void> {
  const parser = new CsvByteParser(options);
  let read = 0;
  for await (const piece of pieces) {
    parser.push(piece);
    read += piece.byteLength;
    options.onBytes?.(read);
  }
  parser.end();
}

/** Parses text already in memory, in pieces of `parseChars`, synchronously. */
export function parseCsvText(text: string, options: CsvParseOptions): void {
  const parser = new CsvTextParser(options);
  const step = options.parseChars ?? PARSE_CHARS;
  for (let at = 0; at < text.length; at += step) parser.push(text.slice(at, at + step));
  parser.end();
}
