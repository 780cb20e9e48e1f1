import { describe, expect, it } from 'vitest';
import { errorText, streamPieces } from '../../../../src/shared/data/stream-pieces';

/** A stream of the given pieces that records whether it was cancelled, failing after them when asked. */
function source(pieces: number[][], failure?: Error) {
  const state = { cancelled: false };
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at < pieces.length) controller.enqueue(Uint8Array.from(pieces[at++]));
      else if (failure) controller.error(failure);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

const named = (error: unknown) => new Error(`f.gz: not valid (${errorText(error)})`);

describe('streamPieces', () => {
  it('yields every piece in order and ends with the stream', async () => {
    const { stream } = source([[1, 2], [3], [4, 5, 6]]);
    const seen: number[][] = [];
    for await (const piece of streamPieces(stream, named)) seen.push(Array.from(piece));
    expect(seen).toEqual([[1, 2], [3], [4, 5, 6]]);
  });

  it('cancels the stream when the reader leaves early', async () => {
    const { stream, state } = source([[1], [2], [3]]);
    for await (const piece of streamPieces(stream, named)) if (piece[0] === 1) break;
    expect(state.cancelled).toBe(true);
  });

  it("turns a failed read into the caller's error, with the failure's own words", async () => {
    const { stream } = source([[1]], new Error('incorrect header check'));
    let caught: unknown;
    try {
      for await (const piece of streamPieces(stream, named)) expect(piece).toHaveLength(1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe('f.gz: not valid (incorrect header check)');
    expect(errorText('plain words')).toBe('plain words');
  });
});
