import type { FloatArray } from './kernels/types';

// Evaluation metrics over network outputs A (outputs × m, one column per sample). Classification
// reads a class from each column: the arg-max, or A ≥ 0.5 ⇒ class 1 for a single sigmoid unit.
// Regression reports MAE over every output, and R² = 1 − SS_res/SS_tot per target, averaged over
// targets (scikit-learn's "uniform_average").

/** Class index of every column of A (rows × cols): arg-max, or a 0.5 threshold when rows = 1. */
export function predictClasses(a: FloatArray, rows: number, cols: number, out: Int32Array): void {
  if (rows === 1) {
    for (let j = 0; j < cols; j++) out[j] = a[j] >= 0.5 ? 1 : 0;
    return;
  }
  for (let j = 0; j < cols; j++) {
    let best = 0;
    for (let i = 1; i < rows; i++) if (a[i * cols + j] > a[best * cols + j]) best = i;
    out[j] = best;
  }
}

/** Share of predictions equal to their label. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return labels.length === 0 ? NaN : correct / labels.length;
}

/** counts[actual][predicted] for `classes` classes. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]][predicted[i]]++;
  return counts;
}

/**
 * Regression metrics accumulated batch by batch over one set. The target means must be known up
 * front (they come from the whole set), so SS_tot is summed exactly rather than from Σy².
 */
export class RegressionAccumulator {
  private absoluteError = 0;
  private count = 0;
  private readonly residual: Float64Array;
  private readonly total: Float64Array;

  constructor(private readonly targetMeans: ArrayLike<number>) {
    this.residual = new Float64Array(targetMeans.length);
    this.total = new Float64Array(targetMeans.length);
  }

  /** Add a batch: predictions A and targets Y, both outputs × m. */
  add(a: FloatArray, y: FloatArray, m: number): void {
    const outputs = this.targetMeans.length;
    for (let i = 0; i < outputs; i++) {
      const mean = this.targetMeans[i];
      for (let j = 0; j < m; j++) {
        const target = y[i * m + j];
        const error = a[i * m + j] - target;
        this.absoluteError += Math.abs(error);
        this.residual[i] += error * error;
        this.total[i] += (target - mean) * (target - mean);
      }
    }
    this.count += outputs * m;
  }

  get mae(): number {
    return this.absoluteError / this.count;
  }

  /** Mean over targets of 1 − SS_res/SS_tot; a constant target (SS_tot = 0) scores 1 if fitted exactly, else 0. */
  get r2(): number {
    let sum = 0;
    for (let i = 0; i < this.total.length; i++) {
      if (this.total[i] > 0) sum += 1 - this.residual[i] / this.total[i];
      else sum += this.residual[i] === 0 ? 1 : 0;
    }
    return sum / this.total.length;
  }
}
