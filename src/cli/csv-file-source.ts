import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { isGzip, SNIFF_BYTES } from '../shared/data/csv-sniff';
import { ImportError } from '../shared/data/import-error';
import type { CsvSource } from '../shared/data/import-csv';
import { readHead } from './files';

// A CSV file on disk as an import source: both passes stream it from disk, so a 130 MB file costs
// its dataset and not two more copies of its text. A gzip file (by its magic number, whatever its
// name) streams through zlib: the sniff sees the first SNIFF_BYTES of the decompressed text.

/** The file's bytes, decompressed when gzipped; a corrupt or cut gzip stream is named as such. */
async function* fileBytes(path: string, fileName: string, gzip: boolean): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path);
  if (!gzip) {
    yield* file;
    return;
  }
  try {
    yield* file.pipe(createGunzip());
  } catch (error) {
    file.destroy();
    throw new ImportError({ file: fileName }, `the gzip data is damaged or cut short (${(error as Error).message})`);
  }
}

/** The first `length` decompressed bytes of a gzip file. */
async function gunzipHead(path: string, fileName: string, length: number): Promise<{ head: Uint8Array; complete: boolean }> {
  const head = new Uint8Array(length);
  let filled = 0;
  const stream = fileBytes(path, fileName, true);
  for await (const piece of stream) {
    const take = Math.min(piece.length, length - filled);
    head.set(piece.subarray(0, take), filled);
    filled += take;
    if (filled === length) {
      await stream.return(undefined);
      return { head, complete: false };
    }
  }
  return { head: head.subarray(0, filled), complete: true };
}

export async function csvFileSource(path: string): Promise<CsvSource> {
  const fileName = basename(path);
  const raw = readHead(path, 'CSV file', SNIFF_BYTES);
  const gzip = isGzip(raw);
  const { head, complete } = gzip ? await gunzipHead(path, fileName, SNIFF_BYTES) : { head: raw, complete: raw.length < SNIFF_BYTES };
  return { fileName, head, complete, bytes: () => fileBytes(path, fileName, gzip) };
}
