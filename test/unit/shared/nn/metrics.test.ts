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
      expect(acc.mae).toBeCloseTo(2.5 / 6, 15);
      expect(acc.r2).toBeCloseTo(1 - 2.25 / 17.5, 15);
    }
  });

  it('averages R² over targets (outputs × m layout)', () => {
    // Target 0 fitted exactly, target 1 predicted by its mean: R² 1 and 0.
    const acc = new RegressionAccumulator([2, 5]);
    acc.add(Float64Array.of(1, 3, 5, 5), Float64Array.of(1, 3, 4, 6), 2);
    expect(acc.r2).toBeCloseTo(0.5, 15);
  });
});
