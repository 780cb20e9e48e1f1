import { isGzip, SNIFF_BYTES } from '../../../../shared/data/csv-sniff';
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

/** The first SNIFF_BYTES of the (decompressed) file, whether that is all of it, and whether it is gzipped. */
export async function fileHead(file: File): Promise<{ head: Uint8Array; complete: boolean; gzip: boolean }> {
  const raw = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  if (!isGzip(raw)) return { head: raw, complete: file.size <= SNIFF_BYTES, gzip: false };
  const head = new Uint8Array(SNIFF_BYTES);
  let filled = 0;
  for await (const piece of fileBytes(file, true)) {
    const take = Math.min(piece.length, SNIFF_BYTES - filled);
    head.set(piece.subarray(0, take), filled);
    filled += take;
    if (filled === SNIFF_BYTES) return { head, complete: false, gzip: true };
  }
  return { head: head.subarray(0, filled), complete: true, gzip: true };
}
