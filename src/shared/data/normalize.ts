import { applyNormalization, normalizationInverse } from '../schema/normalization';
import type { Dataset, Normalization } from './dataset';

// Feature normalization. Statistics come from the training rows only (the validation and test rows
// must not leak into them), are kept in `dataset.normalization`, and travel in the exported weights
// so `predict` repeats exactly the same transform on new data.

export type NormalizationKind = Normalization['kind'];

/** The words for what a normalization does to a column, and for a column it was done to. */
export const NORMALIZING: Record<Exclude<NormalizationKind, 'none'>, string> = { minmax: 'min-max scale', standardize: 'standardize' };
export const NORMALIZED: Record<Exclude<NormalizationKind, 'none'>, string> = { minmax: 'min-max scaled', standardize: 'standardized' };

/**
 * The first of `columns` whose fitted statistics overflow float64 (finite values near 1e308 can
 * sum or span past it), or −1: normalizing such a column would turn it into NaN or Infinity.
 */
export function overflowingColumn(normalization: Normalization, columns: number): number {
  const { scale, shift } = normalizationInverse(normalization, columns);
  return scale.findIndex((s, j) => !Number.isFinite(s) || !Number.isFinite(shift[j]));
}

/** Per-feature statistics of the given rows of a row-major rows × features matrix. */
export function fitNormalization(
  x: Float32Array | Float64Array,
  features: number,
  rows: ArrayLike<number>,
  kind: NormalizationKind,
): Normalization {
  if (kind === 'none') return { kind };
  if (rows.length === 0) throw new Error('normalization needs at least one training row');
  if (kind === 'minmax') {
    const min = new Array<number>(features).fill(Infinity);
    const max = new Array<number>(features).fill(-Infinity);
    for (let i = 0; i < rows.length; i++) {
      const offset = rows[i] * features;
      for (let j = 0; j < features; j++) {
        min[j] = Math.min(min[j], x[offset + j]);
        max[j] = Math.max(max[j], x[offset + j]);
      }
    }
    return { kind, min, max };
  }
  const mean = new Array<number>(features).fill(0);
  const std = new Array<number>(features).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const offset = rows[i] * features;
    for (let j = 0; j < features; j++) mean[j] += x[offset + j];
  }
  for (let j = 0; j < features; j++) mean[j] /= rows.length;
  for (let i = 0; i < rows.length; i++) {
    const offset = rows[i] * features;
    for (let j = 0; j < features; j++) {
      const d = x[offset + j] - mean[j];
      std[j] += d * d;
    }
  }
  // Population std, like numpy's default and scikit-learn's StandardScaler.
  for (let j = 0; j < features; j++) std[j] = Math.sqrt(std[j] / rows.length);
  return { kind, mean, std };
}

/** Fits on `trainRows` and normalizes the whole dataset in place, recording the statistics. */
export function normalizeDataset(dataset: Dataset, kind: NormalizationKind, trainRows: ArrayLike<number>): void {
  if (dataset.normalization.kind !== 'none') throw new Error(`${dataset.name} is already normalized (${dataset.normalization.kind})`);
  const normalization = fitNormalization(dataset.x, dataset.features, trainRows, kind);
  applyNormalization(dataset.x, dataset.features, normalization);
  dataset.normalization = normalization;
}
