import { describe, expect, it } from 'vitest';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { SplitMetricsAccumulator } from '../../../../src/shared/nn/split-metrics';

// A split's metrics fed batch by batch, worked by hand: the loss weighted by each batch's rows
// (summed for sse), accuracy over the rows' labels, regression figures in the targets' units with
// R² measured against the mean of the split's own rows.

const batch = (output: number[], Y: number[], rows: number[], loss: number) => ({
  output: Float64Array.from(output),
  Y: Float64Array.from(Y),
  m: rows.length,
  loss,
  rows: Int32Array.from(rows),
  start: 0,
});

describe('SplitMetricsAccumulator', () => {
  const binary = { x: new Float64Array(4), features: 1, y: Float64Array.of(0, 1, 1, 0), outputs: 1, labels: Int32Array.of(0, 1, 1, 0) };

  it('classification: the mean loss over rows and the share of rows whose class is right', () => {
    const metrics = new SplitMetricsAccumulator(binary, Int32Array.of(1, 2, 3), LOSSES.mse);
    metrics.add(batch([0.2, 0.7], [0, 1], [3, 1], 0.3)); // predicted 0, 1: both right
    metrics.add(batch([0.4], [1], [2], 0.6)); // predicted 0, label 1
    const result = metrics.result();
    expect(result.loss).toBeCloseTo((0.3 * 2 + 0.6) / 3, 15);
    expect(result.accuracy).toBe(2 / 3);
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'loss']);
  });

  it('sums the batch losses of sse instead of averaging them', () => {
    const metrics = new SplitMetricsAccumulator(binary, Int32Array.of(1, 2, 3), LOSSES.sse);
    metrics.add(batch([0.2, 0.7], [0, 1], [3, 1], 0.3));
    metrics.add(batch([0.4], [1], [2], 0.6));
    expect(metrics.result().loss).toBeCloseTo(0.9, 15);
  });

  it('picks the arg-max class over several outputs, batches of any size in any order', () => {
    const samples = { x: new Float64Array(4), features: 1, y: new Float64Array(12), outputs: 3, labels: Int32Array.of(2, 0, 1, 1) };
    const metrics = new SplitMetricsAccumulator(samples, Int32Array.of(0, 1, 2, 3), LOSSES.categoricalCrossEntropy);
    metrics.add(batch([0.1, 0.2, 0.7], new Array(3).fill(0), [0], 1)); // class 2: right
    // Three columns: argmax 0, 1, 2 against labels 0, 1, 1.
    metrics.add(batch([0.8, 0.1, 0.1, 0.1, 0.8, 0.3, 0.1, 0.1, 0.6], new Array(9).fill(0), [1, 2, 3], 1));
    expect(metrics.result().accuracy).toBe(3 / 4);
  });

  it('reports NaN, not 0, for a split that saw no rows', () => {
    expect(new SplitMetricsAccumulator(binary, Int32Array.of(), LOSSES.mse).result()).toEqual({ loss: NaN, accuracy: NaN });
  });

  it('regression: MAE, RMSE and R² in the targets’ units, R² against the mean of the split’s rows', () => {
    // Scaled targets y = (−1, 0, 1, 2) are 2y + 10 = (8, 10, 12, 14); the split holds rows 1–3 (mean 12).
    const samples = { x: new Float64Array(4), features: 1, y: Float64Array.of(-1, 0, 1, 2), outputs: 1, targetUnits: { scale: [2], shift: [10] } };
    const metrics = new SplitMetricsAccumulator(samples, Int32Array.of(1, 2, 3), LOSSES.mse);
    // Outputs 0.5, 1, 1.5 are 11, 12, 13: errors 1, 0, −1.
    metrics.add(batch([0.5, 1], [0, 1], [1, 2], 0.125));
    metrics.add(batch([1.5], [2], [3], 0.25));
    const result = metrics.result();
    expect(result.loss).toBeCloseTo((0.125 * 2 + 0.25) / 3, 15);
    expect(result.mae).toBeCloseTo(2 / 3, 15);
    expect(result.rmse).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(result.r2).toBeCloseTo(1 - 2 / 8, 15);
    expect(result.accuracy).toBeUndefined();
  });

  it('regression without target scaling, one mean per target', () => {
    // Two targets, rows 0 and 1: means (1, 20).
    const samples = { x: new Float64Array(2), features: 1, y: Float64Array.of(0, 10, 2, 30), outputs: 2 };
    const metrics = new SplitMetricsAccumulator(samples, Int32Array.of(0, 1), LOSSES.mse);
    // Y and A are outputs × m: target 0 gets (1, 2) for (0, 2), target 1 gets (10, 25) for (10, 30).
    metrics.add(batch([1, 2, 10, 25], [0, 2, 10, 30], [0, 1], 0));
    const result = metrics.result();
    expect(result.mae).toBe((1 / 2 + 5 / 2) / 2); // target 0: 0.5, target 1: 2.5
    expect(result.r2).toBe((1 - 1 / 2 + (1 - 25 / 200)) / 2); // target 0: 1 − 1/2, target 1: 1 − 25/200
  });
});

// Each batch names its dataset rows as a stretch of one row order (rows[start … start + m − 1]),
// the way the training loop walks its shuffled order.
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
