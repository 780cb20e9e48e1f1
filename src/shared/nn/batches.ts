import { gatherColumns } from './kernels/gather-columns';
import type { FloatArray, NetworkInput } from './kernels/types';
import type { TargetUnits } from './metrics';
import type { Network } from './network';

// Turns rows of a row-major dataset into the column batches the network reads: X (features × m)
// and Y (outputs × m), one column per sample. X comes from the backend (Kernels.inputRows), which
// may keep the dataset in a form of its own. Buffers are kept per batch size, so an epoch
// allocates none after its first batch.

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
  /** Regression on scaled targets: how y and the outputs map back to the targets' units, for metrics. */
  targetUnits?: TargetUnits;
}

export interface Batch {
  /** The input as the network's backend reads it (its values: X.dense). */
  X: NetworkInput;
  Y: FloatArray;
  m: number;
}

export class BatchLoader {
  /** X's and Y's buffers by batch size. */
  private readonly buffers = new Map<number, { X: FloatArray; Y: FloatArray }>();

  constructor(
    private readonly samples: Samples,
    private readonly network: Network,
  ) {}

  /** The batch of rows[start … start + m − 1], transposed into columns and converted to the network's dtype. */
  load(rows: Int32Array, start: number, m: number): Batch {
    const { kernels, dtype } = this.network;
    let buffers = this.buffers.get(m);
    if (!buffers) {
      buffers = { X: kernels.allocate(dtype, this.samples.features * m), Y: kernels.allocate(dtype, this.samples.outputs * m) };
      this.buffers.set(m, buffers);
    }
    const X = kernels.inputRows(this.samples.x, this.samples.features, rows, start, m, buffers.X);
    gatherColumns(this.samples.y, this.samples.outputs, rows, start, m, buffers.Y);
    return { X, Y: buffers.Y, m };
  }
}
