import Papa from 'papaparse';
import { ImportError } from '../../../../shared/data/import-error';
import type { CsvEncoding } from '../../../../shared/data/csv-sniff';

// Streams a CSV file's bytes into parsed records, chunk by chunk, for the import worker. papaparse's
// own File streamer decodes every byte slice on its own, which garbles a UTF-8 character cut by a
// slice boundary; here one streaming TextDecoder sees all the bytes in order, and papaparse's
// ParserHandle (what its streamers use inside) parses the text, carrying an unfinished last record
// over to the next chunk exactly as `parseCsvChunks` in src/shared/data/import-csv.ts does for
// text already in memory. Records therefore match the CLI's, row numbers included.

/** Text handed to the parser at once: big enough that per-call overhead vanishes. */
const PARSE_CHARS = 1 << 20;

interface ParseResult {
  data: string[][];
  errors: { type: string; row?: number }[];
  meta: { cursor: number };
}

/** papaparse's internal handle, exposed as `Papa.ParserHandle` but not in its typings. */
interface ParserHandle {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): ParseResult;
}
const ParserHandleClass = (Papa as unknown as { ParserHandle: new (config: Papa.ParseConfig) => ParserHandle }).ParserHandle;

export interface CsvStreamOptions {
  fileName: string;
  delimiter: string;
  encoding: CsvEncoding;
  /** Parsed records of the next stretch of the file, in order, blank lines included. */
  onRecords(records: string[][]): void;
  /** Bytes read so far. */
  onBytes?(bytes: number): void;
  /** Characters collected before parsing (tests make it tiny to cut records anywhere). */
  parseChars?: number;
}

export async function streamCsv(bytes: ReadableStream<Uint8Array>, options: CsvStreamOptions): Promise<void> {
  const { fileName, delimiter, encoding, onRecords, onBytes, parseChars = PARSE_CHARS } = options;
  const decoder = new TextDecoder(encoding);
  const handle = new ParserHandleClass({ delimiter });
  let pending = '';
  let base = 0;
  let recordsBefore = 0;
  let bytesRead = 0;

  const parse = (last: boolean) => {
    const results = handle.parse(pending, base, !last);
    // A quote problem in the record held back for the next chunk (cut inside a "\r\n" after a closing
    // quote, say) is judged again once the record is whole.
    const problem = results.errors.find((e) => e.type === 'Quotes' && (last || (e.row ?? 0) < results.data.length));
    if (problem) {
      throw new ImportError({ file: fileName, row: recordsBefore + (problem.row ?? 0) + 1 }, 'a quoted field is never closed (a " without its closing ")');
    }
    if (!last) {
      pending = pending.substring(results.meta.cursor - base);
      base = results.meta.cursor;
    }
    recordsBefore += results.data.length;
    onRecords(results.data);
  };

  const reader = bytes.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      const text = decoder.decode(value, { stream: true });
      // The head was checked for binary data before; refuse a file that turns binary further on.
      if (text.includes('\u0000')) throw new ImportError({ file: fileName }, 'the file is not text (it contains NUL bytes further on); expected a CSV file');
      pending += text;
      // The handle guesses the line ending on its first call: let that call see a whole line.
      if (pending.length >= parseChars && (recordsBefore > 0 || pending.includes('\n'))) parse(false);
      onBytes?.(bytesRead);
    }
  } finally {
    reader.releaseLock();
  }
  pending += decoder.decode();
  // A UTF-8 byte-order mark is dropped by TextDecoder; nothing else to strip.
  parse(true);
}
