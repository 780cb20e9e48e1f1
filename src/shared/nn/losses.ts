import type { ActivationName, LossName } from '../schema/names';
import type { FloatArray } from './kernels/types';
import { log } from './math';

// Loss functions by name. A and Y are rows×cols with one column per sample (rows = output units,
// cols = m samples). Exact definitions (the numpy reference implements the same):
//   sse                      E = Σ_ij (A − Y)²                         ∂E/∂A = 2(A − Y)   (summed, as in the first tutorial)
//   mse                      E = 1/(rows·m)·Σ_ij (A − Y)²              ∂E/∂A = 2(A − Y)/(rows·m)
//   binaryCrossEntropy       E = −1/m·Σ_ij [Y·ln Â + (1 − Y)·ln(1 − Â)]  ∂E/∂A = (Â − Y)/(Â(1 − Â))/m
//   categoricalCrossEntropy  E = −1/m·Σ_ij Y·ln Â                      ∂E/∂A = −Y/Â/m
// where Â = clip(A, ε, 1 − ε), ε = 1e-15, so a saturated output gives a large finite loss, never
// ln 0. With the matching output activation (sigmoid + binaryCrossEntropy, softmax +
// categoricalCrossEntropy) the network skips ∂E/∂A and uses the fused dZ = (A − Y)/m, which is
// exact and does not lose precision where A saturates (for softmax it assumes each column of Y
// sums to 1, as one-hot targets do).

export const LOG_EPSILON = 1e-15;

export interface Loss {
  name: LossName;
  /** true: the batch value is a mean over its m samples; false: a sum (sse). Decides how batches combine. */
  meanOverSamples: boolean;
  /** Needs outputs in (0, 1): the output activation's range must fit inside it. */
  needsProbabilities: boolean;
  /** Output activation whose derivative cancels this loss's, so dZ = (A − Y)/m directly. */
  fusedActivation?: ActivationName;
  value(a: FloatArray, y: FloatArray, rows: number, cols: number): number;
  /** dA = ∂E/∂A. */
  gradient(a: FloatArray, y: FloatArray, dA: FloatArray, rows: number, cols: number): void;
}

const clip = (p: number) => (p < LOG_EPSILON ? LOG_EPSILON : p > 1 - LOG_EPSILON ? 1 - LOG_EPSILON : p);

export const LOSSES: Record<LossName, Loss> = {
  sse: {
    name: 'sse',
    meanOverSamples: false,
    needsProbabilities: false,
    value(a, y) {
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        const d = a[i] - y[i];
        s += d * d;
      }
      return s;
    },
    gradient(a, y, dA) {
      for (let i = 0; i < a.length; i++) dA[i] = 2 * (a[i] - y[i]);
    },
  },
  mse: {
    name: 'mse',
    meanOverSamples: true,
    needsProbabilities: false,
    value(a, y, rows, cols) {
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        const d = a[i] - y[i];
        s += d * d;
      }
      return s / (rows * cols);
    },
    gradient(a, y, dA, rows, cols) {
      const factor = 2 / (rows * cols);
      for (let i = 0; i < a.length; i++) dA[i] = factor * (a[i] - y[i]);
    },
  },
  binaryCrossEntropy: {
    name: 'binaryCrossEntropy',
    meanOverSamples: true,
    needsProbabilities: true,
    fusedActivation: 'sigmoid',
    value(a, y, _rows, cols) {
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        const p = clip(a[i]);
        const t = y[i];
        // A 0/1 target leaves one term: the other is ±0 times a finite log, which adds nothing to
        // the sum's bits, so skipping its log (most of this loop's time) changes no result.
        if (t === 1) s += log(p);
        else if (t === 0) s += log(1 - p);
        else s += t * log(p) + (1 - t) * log(1 - p);
      }
      return -s / cols;
    },
    gradient(a, y, dA, _rows, cols) {
      for (let i = 0; i < a.length; i++) {
        const p = clip(a[i]);
        dA[i] = (p - y[i]) / (p * (1 - p) * cols);
      }
    },
  },
  categoricalCrossEntropy: {
    name: 'categoricalCrossEntropy',
    meanOverSamples: true,
    needsProbabilities: true,
    fusedActivation: 'softmax',
    value(a, y, _rows, cols) {
      let s = 0;
      for (let i = 0; i < a.length; i++) if (y[i] !== 0) s += y[i] * log(clip(a[i]));
      return -s / cols;
    },
    gradient(a, y, dA, _rows, cols) {
      for (let i = 0; i < a.length; i++) dA[i] = -y[i] / (clip(a[i]) * cols);
    },
  },
};

/** The fused output gradient dZ = (A − Y)/m of sigmoid + binaryCrossEntropy and softmax + categoricalCrossEntropy. */
export function fusedOutputGradient(a: FloatArray, y: FloatArray, dZ: FloatArray, cols: number): void {
  for (let i = 0; i < a.length; i++) dZ[i] = (a[i] - y[i]) / cols;
}
