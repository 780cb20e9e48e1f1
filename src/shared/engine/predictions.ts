import { BatchLoader, type Samples } from '../nn/batches';
import type { Loss } from '../nn/losses';
import { predictClasses } from '../nn/metrics';
import type { Network } from '../nn/network';

// Predictions row by row: for each requested row the output A of the network, the loss of that
// row alone and (classification) the predicted class. The per-row loss is the loss registry's own
// `value` on a single column, so it is the number training computes for a batch of one: a
// mean-over-samples loss averages these over a set, sse sums them. Inference only (no dropout),
// in chunks so a large set never needs one huge batch.

const CHUNK = 1024;

export interface RowPredictions {
  /**
   * rows.length × outputs, row-major: A of each requested row, in the order of `rows`; for a
   * regression on scaled targets mapped back to the targets' units.
   */
  outputs: Float64Array;
  /** The loss of each row on its own (on the targets as the network learns them). */
  loss: Float64Array;
  /** Classification (samples with labels): the predicted class of each row (arg-max, or A ≥ 0.5 for one unit). */
  predicted?: Int32Array;
}

/** `onProgress`: rows done so far, after each chunk (for a progress bar; the result does not depend on it). */
export function predictRows(network: Network, samples: Samples, rows: Int32Array, loss: Loss, onProgress?: (done: number) => void): RowPredictions {
  const outputs = network.outputs;
  const result: RowPredictions = {
    outputs: new Float64Array(rows.length * outputs),
    loss: new Float64Array(rows.length),
    ...(samples.labels ? { predicted: new Int32Array(rows.length) } : {}),
  };
  const loader = new BatchLoader(samples, network);
  const units = samples.targetUnits;
  // One column of A and Y, copied exactly (a float32 value is exact in float64).
  const a = new Float64Array(outputs);
  const y = new Float64Array(outputs);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const m = Math.min(CHUNK, rows.length - start);
    const { X, Y } = loader.load(rows, start, m);
    const A = network.forward(X, m);
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < outputs; i++) {
        a[i] = A[i * m + j];
        y[i] = Y[i * m + j];
      }
      result.loss[start + j] = loss.value(a, y, outputs, 1);
      if (units) for (let i = 0; i < outputs; i++) a[i] = a[i] * units.scale[i] + units.shift[i];
      result.outputs.set(a, (start + j) * outputs);
    }
    if (result.predicted) predictClasses(A, outputs, m, result.predicted.subarray(start, start + m));
    onProgress?.(start + m);
  }
  return result;
}
