// The pieces of a web ReadableStream (a File's bytes, a DecompressionStream's output) as an async
// generator, which every importer's loop reads with `for await`: a failed read (damaged gzip data)
// becomes the caller's error, naming the file; leaving the loop early cancels the stream, so a
// decompressor stops instead of inflating the rest of a file nobody reads.

export async function* streamPieces(stream: ReadableStream<Uint8Array>, readError: (error: unknown) => Error): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw readError(error);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** An error's own words, for "(…)" after what went wrong. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
