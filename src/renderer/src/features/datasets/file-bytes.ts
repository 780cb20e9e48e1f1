import { readSniffHead } from '../../../../shared/data/csv-head';
import { isGzip } from '../../../../shared/data/csv-sniff';
import { ImportError } from '../../../../shared/data/import-error';
import { errorText, streamPieces } from '../../../../shared/data/stream-pieces';

// A File's bytes for the CSV import worker, read in order from disk: decompressed through the
// browser's DecompressionStream when the file is gzipped (by its magic number, whatever its name),
// with progress counted in the file's own bytes so the bar ends at the file's size either way.

/** The file's (decompressed) bytes from the start; `onBytes` gets the file's bytes read so far. */
export function fileBytes(file: File, gzip: boolean, onBytes?: (bytes: number) => void): AsyncIterable<Uint8Array> {
  let read = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(piece, controller) {
        read += piece.byteLength;
        onBytes?.(read);
        controller.enqueue(piece);
      },
    }),
  );
  const stream = gzip ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : counted;
  return streamPieces(stream, (error) =>
    gzip ? new ImportError({ file: file.name }, `the gzip data is damaged or cut short (${errorText(error)})`) : error instanceof Error ? error : new Error(errorText(error)),
  );
}

/** Whether the file is gzipped (by its magic number, whatever its name). */
export const isGzipFile = async (file: File) => isGzip(new Uint8Array(await file.slice(0, 2).arrayBuffer()));

/** The (decompressed) file's head to sniff (csv-head.ts), whether that is all of it, and whether it is gzipped. */
export async function fileHead(file: File): Promise<{ head: Uint8Array; complete: boolean; gzip: boolean }> {
  const gzip = await isGzipFile(file);
  return { ...(await readSniffHead(fileBytes(file, gzip))), gzip };
}
