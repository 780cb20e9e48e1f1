import type { FloatArray } from './kernels/types';

// Evaluation metrics over network outputs A (outputs × m, one column per sample). Classification
// reads a class from each column: the arg-max, or A ≥ 0.5 ⇒ class 1 for a single sigmoid unit.
// Regression reports MAE, RMSE and R² = 1 − SS_res/SS_tot per target in the targets' own units,
// averaged over targets (scikit-learn's "uniform_average").

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
 * How a regression network's outputs (and its scaled targets) map back to the targets' units:
 * value · scale[i] + shift[i] for output i.
 */
export interface TargetUnits {
  scale: ArrayLike<number>;
  shift: ArrayLike<number>;
}

/** One target's figures, in its units. */
export interface TargetMetrics {
  mae: number;
  rmse: number;
  r2: number;
}

/**
 * Regression metrics accumulated batch by batch over one set, in the targets' units (`units` maps
 * scaled values back). The target means must be known up front, in those units (they come from the
 * whole set), so SS_tot is summed exactly rather than from Σy².
 */
export class RegressionAccumulator {
  private count = 0;
  private readonly absolute: Float64Array;
  private readonly residual: Float64Array;
  private readonly total: Float64Array;

  constructor(
    private readonly targetMeans: ArrayLike<number>,
    private readonly units?: TargetUnits,
  ) {
    this.absolute = new Float64Array(targetMeans.length);
    this.residual = new Float64Array(targetMeans.length);
    this.total = new Float64Array(targetMeans.length);
  }

  /** Add a batch: predictions A and targets Y, both outputs × m (scaled, when `units` was given). */
  add(a: FloatArray, y: FloatArray, m: number): void {
    const outputs = this.targetMeans.length;
    for (let i = 0; i < outputs; i++) {
      const mean = this.targetMeans[i];
      const scale = this.units ? this.units.scale[i] : 1;
      const shift = this.units ? this.units.shift[i] : 0;
      for (let j = 0; j < m; j++) {
        const target = y[i * m + j] * scale + shift;
        const error = a[i * m + j] * scale + shift - target;
        this.absolute[i] += Math.abs(error);
        this.residual[i] += error * error;
        this.total[i] += (target - mean) * (target - mean);
      }
    }
    this.count += m;
  }

  /**
   * Per target: mean absolute error, root mean squared error, and R² = 1 − SS_res/SS_tot; a
   * constant target (SS_tot = 0) scores R² 1 if fitted exactly, else 0.
   */
  perTarget(): TargetMetrics[] {
    return Array.from(this.total, (total, i) => ({
      mae: this.absolute[i] / this.count,
      rmse: Math.sqrt(this.residual[i] / this.count),
      r2: total > 0 ? 1 - this.residual[i] / total : this.residual[i] === 0 ? 1 : 0,
    }));
  }

  /** The mean over targets of each figure (scikit-learn's multioutput="uniform_average"). */
  averaged(): TargetMetrics {
    const all = this.perTarget();
    const mean = (key: keyof TargetMetrics) => all.reduce((sum, t) => sum + t[key], 0) / all.length;
    return { mae: mean('mae'), rmse: mean('rmse'), r2: mean('r2') };
  }

  get r2(): number {
    return this.averaged().r2;
  }
}
