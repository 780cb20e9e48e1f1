import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, predictClasses, RegressionAccumulator } from '../../../../src/shared/nn/metrics';

describe('metrics', () => {
  it('reads classes from output columns: arg-max, or a 0.5 threshold for one unit', () => {
    const out = new Int32Array(3);
    // 3 classes × 3 samples, samples are columns.
    predictClasses(Float64Array.of(0.1, 0.7, 0.2, 0.8, 0.2, 0.3, 0.1, 0.1, 0.5), 3, 3, out);
    expect(Array.from(out)).toEqual([1, 0, 2]);
    predictClasses(Float64Array.of(0.49, 0.5, 0.9), 1, 3, out);
    expect(Array.from(out)).toEqual([0, 1, 1]);
  });

  it('breaks a tie for the largest output by the lowest class, as numpy\'s argmax does', () => {
    const out = new Int32Array(2);
    // Sample 0: classes 0 and 2 tie at 0.4; sample 1: classes 1 and 2 tie at 0.5.
    predictClasses(Float64Array.of(0.4, 0, 0.2, 0.5, 0.4, 0.5), 3, 2, out);
    expect(Array.from(out)).toEqual([0, 1]);
  });

  it('accuracy and the confusion matrix (rows actual, columns predicted)', () => {
    const labels = [0, 1, 2, 2, 1];
    const predicted = [0, 2, 2, 2, 1];
    expect(accuracy(predicted, labels)).toBe(0.8);
    expect(confusionMatrix(labels, predicted, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 2],
    ]);
  });

  it('accumulates MAE and R² over batches exactly as over the whole set', () => {
    const y = [1, 2, 3, 4, 5, 6];
    const a = [1.5, 2, 2, 4, 6, 6];
    const whole = new RegressionAccumulator([3.5]);
    whole.add(Float64Array.from(a), Float64Array.from(y), 6);
    const batched = new RegressionAccumulator([3.5]);
    batched.add(Float64Array.from(a.slice(0, 4)), Float64Array.from(y.slice(0, 4)), 4);
    batched.add(Float64Array.from(a.slice(4)), Float64Array.from(y.slice(4)), 2);
    // |errors| = 0.5, 0, 1, 0, 1, 0; SS_res = 2.25; SS_tot = 17.5.
    for (const acc of [whole, batched]) {
      const { mae, rmse, r2 } = acc.averaged();
      expect(mae).toBeCloseTo(2.5 / 6, 15);
      expect(rmse).toBeCloseTo(Math.sqrt(2.25 / 6), 15);
      expect(r2).toBeCloseTo(1 - 2.25 / 17.5, 15);
    }
  });

  // Two targets in very different units (diabetes-like progression, and a small one); the expected
  // figures are scikit-learn 1.2's r2_score, mean_squared_error(squared=False) and
  // mean_absolute_error on the same arrays, per target (multioutput="raw_values") and averaged.
  const y = [
    [151, 3.1],
    [75, 2.0],
    [141, 4.4],
    [206, 1.5],
    [135, 2.9],
  ];
  const a = [
    [160, 3.0],
    [90, 2.5],
    [120, 4.0],
    [190, 1.9],
    [140, 2.6],
  ];
  /** outputs × m, the network's layout. */
  const columns = (rows: number[][], map = (v: number, _i: number) => v) => Float64Array.from([0, 1].flatMap((i) => rows.map((row) => map(row[i], i))));
  const means = [0, 1].map((i) => y.reduce((sum, row) => sum + row[i], 0) / y.length);
  const sklearn = { r2: [0.88204516, 0.86567763], rmse: [14.33875866, 0.3660601], mae: [13.2, 0.34], average: { r2: 0.8738613943889422, rmse: 7.3524093837511995, mae: 6.77 } };

  it('gives scikit-learn\'s R², RMSE and MAE per target and averaged', () => {
    const acc = new RegressionAccumulator(means);
    acc.add(columns(a), columns(y), y.length);
    acc.perTarget().forEach((t, i) => {
      expect(t.r2).toBeCloseTo(sklearn.r2[i], 8);
      expect(t.rmse).toBeCloseTo(sklearn.rmse[i], 7);
      expect(t.mae).toBeCloseTo(sklearn.mae[i], 12);
    });
    const average = acc.averaged();
    expect(average.r2).toBeCloseTo(sklearn.average.r2, 14);
    expect(average.rmse).toBeCloseTo(sklearn.average.rmse, 12);
    expect(average.mae).toBeCloseTo(sklearn.average.mae, 12);
  });

  it('reports scaled outputs and targets in the targets\' units', () => {
    // Standardized as training sees them; the accumulator maps both back with value · std + mean.
    const std = [40, 1.2];
    const scaled = (v: number, i: number) => (v - means[i]) / std[i];
    const acc = new RegressionAccumulator(means, { scale: std, shift: means });
    acc.add(columns(a, scaled), columns(y, scaled), y.length);
    const average = acc.averaged();
    expect(average.rmse).toBeCloseTo(sklearn.average.rmse, 12);
    expect(average.mae).toBeCloseTo(sklearn.average.mae, 12);
    expect(average.r2).toBeCloseTo(sklearn.average.r2, 12);
  });

  it('averages R² over targets (outputs × m layout)', () => {
    // Target 0 fitted exactly, target 1 predicted by its mean: R² 1 and 0.
    const acc = new RegressionAccumulator([2, 5]);
    acc.add(Float64Array.of(1, 3, 5, 5), Float64Array.of(1, 3, 4, 6), 2);
    expect(acc.r2).toBeCloseTo(0.5, 15);
  });

  it('scores a constant target R² 1 when fitted exactly and 0 otherwise, never NaN or −∞', () => {
    // SS_tot = 0 for both targets (all 7s, all 2s); target 0 is predicted exactly, target 1 is not.
    const acc = new RegressionAccumulator([7, 2]);
    acc.add(Float64Array.of(7, 7, 2, 3), Float64Array.of(7, 7, 2, 2), 2);
    expect(acc.perTarget().map((t) => t.r2)).toEqual([1, 0]);
    expect(acc.r2).toBe(0.5);
  });

  it('sums SS_tot as Σ(y − ȳ)² around the given mean, not as Σy² − nȳ², which cancels for targets far from 0', () => {
    const y = [1000.1, 999.7, 1000.35, 999.85, 1000.2, 999.8];
    const a = [1000, 999.9, 1000.3, 999.9, 1000.1, 999.9];
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const acc = new RegressionAccumulator([mean]);
    acc.add(Float64Array.from(a), Float64Array.from(y), y.length);
    let residual = 0;
    let total = 0;
    for (let j = 0; j < y.length; j++) {
      residual += (a[j] - y[j]) * (a[j] - y[j]);
      total += (y[j] - mean) * (y[j] - mean);
    }
    expect(acc.perTarget()[0].r2).toBe(1 - residual / total);
  });
});
