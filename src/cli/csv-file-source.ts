import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { readSniffHead } from '../shared/data/csv-head';
import { isGzip } from '../shared/data/csv-sniff';
import { ImportError } from '../shared/data/import-error';
import type { CsvSource } from '../shared/data/import-csv';
import { readHead } from './files';

// A CSV file on disk as an import source: both passes stream it from disk, so a 130 MB file costs
// its dataset and not two more copies of its text. A gzip file (by its magic number, whatever its
// name) streams through zlib: the sniff sees the head (csv-head.ts) of the decompressed text.

/** The file's bytes, decompressed when gzipped; a corrupt or cut gzip stream is named as such. */
async function* fileBytes(path: string, fileName: string, gzip: boolean): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path);
  // Also when the reader stops early (the sniff's head): the file is closed, not left to the pipe.
  try {
    if (!gzip) {
      yield* file;
      return;
    }
    try {
      yield* file.pipe(createGunzip());
    } catch (error) {
      throw new ImportError({ file: fileName }, `the gzip data is damaged or cut short (${(error as Error).message})`);
    }
  } finally {
    file.destroy();
  }
}

export async function csvFileSource(path: string): Promise<CsvSource> {
  const fileName = basename(path);
  // Read here first so a missing or unreadable file is named as the CSV file it was meant to be.
  const gzip = isGzip(readHead(path, 'CSV file', 2));
  const { head, complete } = await readSniffHead(fileBytes(path, fileName, gzip));
  return { fileName, head, complete, bytes: () => fileBytes(path, fileName, gzip) };
}
