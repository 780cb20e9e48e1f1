import { describe, expect, it } from 'vitest';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { SplitMetricsAccumulator } from '../../../../src/shared/nn/split-metrics';

// A split's metrics fed batch by batch: each batch names its dataset rows as a stretch of one row
// order (rows[start … start + m − 1]), the way the training loop walks its shuffled order.

describe('split metrics', () => {
  it('read each batch’s labels at its own stretch of the row order', () => {
    // One sigmoid output per sample: class 1 where A ≥ 0.5. Rows 0–5 have labels 0, 1, 0, 1, 1, 0.
    const labels = Int32Array.of(0, 1, 0, 1, 1, 0);
    const samples = { x: new Float64Array(6), features: 1, y: Float64Array.from(labels), outputs: 1, labels };
    const order = Int32Array.of(5, 3, 0, 4, 1, 2);
    const metrics = new SplitMetricsAccumulator(samples, order, LOSSES.binaryCrossEntropy);
    // Rows 5, 3, 0 predicted 0, 1, 1 (two right); rows 4, 1, 2 predicted 1, 1, 1 (two right).
    metrics.add({ output: Float64Array.of(0.2, 0.9, 0.7), Y: Float64Array.of(0, 1, 0), m: 3, loss: 0.5, rows: order, start: 0 });
    metrics.add({ output: Float64Array.of(0.6, 0.8, 0.9), Y: Float64Array.of(1, 1, 0), m: 3, loss: 0.25, rows: order, start: 3 });
    expect(metrics.result()).toEqual({ loss: 0.375, accuracy: 4 / 6 });
  });
});
