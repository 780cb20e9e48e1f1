import type { Dataset } from '../data/dataset';
import { applyNormalization, normalizationInverse } from '../schema/normalization';
import type { WeightsFile } from '../schema/weights';

// A dataset's features as a weights file expects them. Weights trained on another copy of the data
// (a weights file from elsewhere, a sweep run of the command line attached to the app's copy)
// carry the normalization they were trained with, which need not be the dataset's.

/** The dataset's features as the weights expect them: its own x when the normalizations agree, else renormalized. */
export function inputsForWeights(file: WeightsFile, dataset: Dataset): Dataset['x'] {
  const wanted = file.input.normalization;
  if (JSON.stringify(wanted) === JSON.stringify(dataset.normalization)) return dataset.x;
  const x = inOriginalUnits(dataset, new Float64Array(dataset.x.length), 1);
  applyNormalization(x, dataset.features, wanted);
  return x;
}

/**
 * out = factor · the dataset's features in original units (a plain loop: a mapping `from` is ten
 * times slower). A normalized value carries the rounding of its storage type, which undoing the
 * normalization turns into dust around 0 (a one-hot 0 comes back as 2.5e-9 from float32): values
 * that small against the feature's spread are the 0 they were.
 */
export function inOriginalUnits<T extends Float32Array | Float64Array | Uint8ClampedArray>({ x, features, normalization }: Dataset, out: T, factor: number): T {
  const { scale, shift } = normalizationInverse(normalization, features);
  const relative = normalization.kind === 'none' ? 0 : x instanceof Float32Array ? 1e-6 : 1e-13;
  const dust = scale.map((s, j) => relative * (s + Math.abs(shift[j])));
  for (let offset = 0; offset < x.length; offset += features) {
    for (let j = 0; j < features; j++) {
      const value = x[offset + j] * scale[j] + shift[j];
      out[offset + j] = factor * (Math.abs(value) < dust[j] ? 0 : value);
    }
  }
  return out;
}
