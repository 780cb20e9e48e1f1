import type { FloatArray } from './kernels/types';
import { allocate, type Network } from './network';

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

  constructor(
    private readonly samples: Samples,
    private readonly network: Network,
  ) {}

  /** The batch of rows[start … start + m − 1], transposed into columns and converted to the network's dtype. */
  load(rows: Int32Array, start: number, m: number): Batch {
    let batch = this.buffers.get(m);
    if (!batch) {
      batch = {
        X: allocate(this.network.dtype, this.samples.features * m),
        Y: allocate(this.network.dtype, this.samples.outputs * m),
        m,
      };
      this.buffers.set(m, batch);
    }
    gatherColumns(this.samples.x, this.samples.features, rows, start, m, batch.X);
    gatherColumns(this.samples.y, this.samples.outputs, rows, start, m, batch.Y);
    return batch;
  }
}

/** out[f·m + j] = source[rows[start + j]·width + f]: rows of a row-major matrix become columns. */
export function gatherColumns(
  source: FloatArray,
  width: number,
  rows: Int32Array,
  start: number,
  m: number,
  out: FloatArray,
): void {
  for (let j = 0; j < m; j++) {
    const offset = rows[start + j] * width;
    for (let f = 0; f < width; f++) out[f * m + j] = source[offset + f];
  }
}
