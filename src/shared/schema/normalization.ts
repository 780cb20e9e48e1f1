import type { WeightsFile } from './weights';

// Applying a fitted normalization, and undoing it: data preparation normalizes a dataset with it,
// and the numeric core repeats it on new rows from the statistics stored in exported weights. It
// lives here, below both, so the core never imports data preparation (data/normalize.ts fits).

type Normalization = WeightsFile['input']['normalization'];

/**
 * Applies a normalization to every row in place. A constant feature (zero range or std) is only
 * shifted, not divided by zero, so it becomes 0 instead of NaN.
 */
export function applyNormalization(x: Float32Array | Float64Array, features: number, normalization: Normalization): void {
  if (normalization.kind === 'none') return;
  const { scale, shift } = normalizationInverse(normalization, features);
  for (let offset = 0; offset < x.length; offset += features) {
    for (let j = 0; j < features; j++) x[offset + j] = (x[offset + j] - shift[j]) / scale[j];
  }
}

/**
 * Per feature, what undoes a normalization: original = normalized · scale + shift. The inverse of
 * applyNormalization, with its rule for a constant feature (divided by 1), so views can show the
 * inputs in the units of the user's file.
 */
export function normalizationInverse(normalization: Normalization, features: number): { scale: number[]; shift: number[] } {
  if (normalization.kind === 'none') return { scale: new Array<number>(features).fill(1), shift: new Array<number>(features).fill(0) };
  for (const [name, values] of Object.entries(normalization)) {
    if (Array.isArray(values) && values.length !== features) {
      throw new Error(`normalization has statistics for ${values.length} features (${name}), the data has ${features}`);
    }
  }
  const shift = normalization.kind === 'minmax' ? normalization.min : normalization.mean;
  const scale = normalization.kind === 'minmax' ? normalization.max.map((max, j) => max - normalization.min[j]) : normalization.std;
  return { scale: scale.map((s) => (s > 0 ? s : 1)), shift: [...shift] };
}
