import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { SNIFF_BYTES } from '../shared/data/csv-sniff';
import { ImportError } from '../shared/data/import-error';
import type { CsvSource } from '../shared/data/import-csv';
import { readHead } from './files';

// A CSV file on disk as an import source: both passes stream it from disk through papaparse, so a
// 130 MB file costs its dataset and not two more copies of its text. Decoding happens here
// (TextDecoder, streaming) so windows-1252 files read like in the app.

/** Decoded text chunks of a file, refusing NUL bytes anywhere (the sniff only saw the head). */
async function* decodedChunks(path: string, fileName: string, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of createReadStream(path)) {
    if ((chunk as Buffer).includes(0)) {
      throw new ImportError({ file: fileName }, 'the file is not text (it contains NUL bytes further on); expected a CSV file');
    }
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export function csvFileSource(path: string): CsvSource {
  const fileName = basename(path);
  const head = readHead(path, 'CSV file', SNIFF_BYTES);
  return {
    fileName,
    head,
    complete: head.length < SNIFF_BYTES,
    parse: (delimiter, encoding, onChunk) =>
      new Promise<void>((resolve, reject) => {
        let before = 0;
        const input = Readable.from(decodedChunks(path, fileName, encoding));
        input.on('error', reject);
        Papa.parse<string[]>(input as unknown as File, {
          delimiter,
          chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
            try {
              const problem = results.errors.find((e) => e.type === 'Quotes');
              if (problem) throw new ImportError({ file: fileName, row: before + (problem.row ?? 0) + 1 }, 'a quoted field is never closed (a " without its closing ")');
              before += results.data.length;
              onChunk(results.data);
            } catch (error) {
              // Reject first: aborting calls `complete`, whose resolve would otherwise win.
              reject(error);
              parser.abort();
              input.destroy();
            }
          },
          complete: () => resolve(),
          error: (error: Error) => reject(error),
        });
      }),
  };
}
