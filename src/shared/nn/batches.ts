import type { FloatArray } from './kernels/types';
import type { Network } from './network';

// Turns rows of a row-major dataset into the column batches the network reads: X (features × m)
// and Y (outputs × m), one column per sample. Buffers are kept per batch size, so an epoch
// allocates nothing after its first batch.

/** Training data in the dataset's own layout: one row per sample. */
export interface Samples {
  /** rows × features, row-major. */
  x: FloatArray;
  features: number;
  /** rows × outputs, row-major: the encoded targets (one-hot, 0/1 or regression values). */
  y: FloatArray;
  outputs: number;
  /** Class index of every row (classification only), for accuracy. */
  labels?: Int32Array;
}

export interface Batch {
  X: FloatArray;
  Y: FloatArray;
  m: number;
}

export class BatchLoader {
  private readonly buffers = new Map<number, Batch>();
  /** Whether the backend loads X by reference to its own form of the dataset (see Kernels.pickInput). */
  private picksInput: boolean;

  constructor(
    private readonly samples: Samples,
    private readonly network: Network,
  ) {
    this.picksInput = network.kernels.pickInput !== undefined;
  }

  /** The batch of rows[start … start + m − 1], transposed into columns and converted to the network's dtype. */
  load(rows: Int32Array, start: number, m: number): Batch {
    let batch = this.buffers.get(m);
    if (!batch) {
      batch = {
        X: this.network.kernels.allocate(this.network.dtype, this.samples.features * m),
        Y: this.network.kernels.allocate(this.network.dtype, this.samples.outputs * m),
        m,
      };
      this.buffers.set(m, batch);
    }
    const { x, features } = this.samples;
    this.picksInput &&= this.network.kernels.pickInput!(x, features, rows, start, m, batch.X);
    if (!this.picksInput) gatherColumns(x, features, rows, start, m, batch.X);
    gatherColumns(this.samples.y, this.samples.outputs, rows, start, m, batch.Y);
    return batch;
  }
}

/**
 * out[f·m + j] = source[rows[start + j]·width + f]: rows of a row-major matrix become columns.
 * Eight rows are copied together, so each step writes eight adjacent floats of `out` instead of
 * one float per cache line: about three times faster on image rows than one row at a time.
 */
export function gatherColumns(
  source: FloatArray,
  width: number,
  rows: Int32Array,
  start: number,
  m: number,
  out: FloatArray,
): void {
  let j = 0;
  for (; j + 8 <= m; j += 8) {
    const s0 = rows[start + j] * width;
    const s1 = rows[start + j + 1] * width;
    const s2 = rows[start + j + 2] * width;
    const s3 = rows[start + j + 3] * width;
    const s4 = rows[start + j + 4] * width;
    const s5 = rows[start + j + 5] * width;
    const s6 = rows[start + j + 6] * width;
    const s7 = rows[start + j + 7] * width;
    for (let f = 0, o = j; f < width; f++, o += m) {
      out[o] = source[s0 + f];
      out[o + 1] = source[s1 + f];
      out[o + 2] = source[s2 + f];
      out[o + 3] = source[s3 + f];
      out[o + 4] = source[s4 + f];
      out[o + 5] = source[s5 + f];
      out[o + 6] = source[s6 + f];
      out[o + 7] = source[s7 + f];
    }
  }
  for (; j < m; j++) {
    const offset = rows[start + j] * width;
    for (let f = 0; f < width; f++) out[f * m + j] = source[offset + f];
  }
}
