import type { ActivationName } from '../schema/names';
import type { ActivationSpec } from '../schema/experiment';
import type { FloatArray } from './float-array';
import { exp, tanh } from './math';

// Activation functions by name. Each entry holds the array maps over a rows×cols matrix whose
// columns are samples (the reference implementation the "ts" kernels run), plus what the
// per-layer diagnostics need to judge unit health.

/** An activation with its parameters filled in; what layers and kernels carry around. */
export interface ResolvedActivation {
  name: ActivationName;
  /** Negative-side slope of leakyRelu; 0 for every other activation. */
  slope: number;
}

export interface Activation {
  name: ActivationName;
  /** Parameter defaults (only leakyRelu has a parameter). */
  defaults: { slope?: number };
  /** Softmax couples the units of a column, so it only belongs on the output layer. */
  outputOnly: boolean;
  /** Open interval of possible outputs, used to check a loss fits the output layer. */
  range: readonly [number, number];
  /** ReLU family: is a unit with pre-activation z giving no gradient ("dead" when true for every sample)? */
  inactive?: (z: number) => boolean;
  /**
   * sigmoid/tanh: the flat tails, where the derivative nearly vanishes: an output a is saturated
   * when a < below or a > above. Thresholds rather than a predicate, so the per-element test in
   * the diagnostics is two comparisons in a tight loop instead of a call.
   */
  saturated?: { below: number; above: number };
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number, slope: number): void;
  /** dZ = dA ⊙ g'(Z) (softmax: the Jacobian-vector product of each column). */
  backward(
    z: FloatArray,
    a: FloatArray,
    dA: FloatArray,
    dZ: FloatArray,
    rows: number,
    cols: number,
    slope: number,
  ): void;
}

export const ACTIVATIONS: Record<ActivationName, Activation> = {
  sigmoid: {
    name: 'sigmoid',
    defaults: {},
    outputOnly: false,
    range: [0, 1],
    saturated: { below: 0.01, above: 0.99 },
    forward(z, a) {
      // exp(−z) overflows to Infinity for very negative z, giving exactly 0: no NaN either way.
      for (let i = 0; i < z.length; i++) a[i] = 1 / (1 + exp(-z[i]));
    },
    backward(_z, a, dA, dZ) {
      for (let i = 0; i < a.length; i++) dZ[i] = dA[i] * a[i] * (1 - a[i]);
    },
  },
  tanh: {
    name: 'tanh',
    defaults: {},
    outputOnly: false,
    range: [-1, 1],
    saturated: { below: -0.99, above: 0.99 },
    forward(z, a) {
      for (let i = 0; i < z.length; i++) a[i] = tanh(z[i]);
    },
    backward(_z, a, dA, dZ) {
      for (let i = 0; i < a.length; i++) dZ[i] = dA[i] * (1 - a[i] * a[i]);
    },
  },
  relu: {
    name: 'relu',
    defaults: {},
    outputOnly: false,
    range: [0, Infinity],
    inactive: (z) => z <= 0,
    forward(z, a) {
      for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : 0;
    },
    backward(z, _a, dA, dZ) {
      for (let i = 0; i < z.length; i++) dZ[i] = z[i] > 0 ? dA[i] : 0;
    },
  },
  leakyRelu: {
    name: 'leakyRelu',
    defaults: { slope: 0.01 },
    outputOnly: false,
    range: [-Infinity, Infinity],
    inactive: (z) => z <= 0,
    forward(z, a, _rows, _cols, slope) {
      for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : slope * z[i];
    },
    backward(z, _a, dA, dZ, _rows, _cols, slope) {
      for (let i = 0; i < z.length; i++) dZ[i] = z[i] > 0 ? dA[i] : slope * dA[i];
    },
  },
  linear: {
    name: 'linear',
    defaults: {},
    outputOnly: false,
    range: [-Infinity, Infinity],
    forward(z, a) {
      a.set(z);
    },
    backward(_z, _a, dA, dZ) {
      dZ.set(dA);
    },
  },
  softmax: {
    name: 'softmax',
    defaults: {},
    outputOnly: true,
    range: [0, 1],
    forward(z, a, rows, cols) {
      // Subtracting the column maximum keeps exp from overflowing (the log-sum-exp trick).
      for (let j = 0; j < cols; j++) {
        let max = -Infinity;
        for (let i = 0; i < rows; i++) max = Math.max(max, z[i * cols + j]);
        let sum = 0;
        for (let i = 0; i < rows; i++) {
          const e = exp(z[i * cols + j] - max);
          a[i * cols + j] = e;
          sum += e;
        }
        for (let i = 0; i < rows; i++) a[i * cols + j] /= sum;
      }
    },
    backward(_z, a, dA, dZ, rows, cols) {
      // dZ_i = A_i·(dA_i − Σ_k A_k·dA_k), the softmax Jacobian applied to dA, column by column.
      for (let j = 0; j < cols; j++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += a[i * cols + j] * dA[i * cols + j];
        for (let i = 0; i < rows; i++) dZ[i * cols + j] = a[i * cols + j] * (dA[i * cols + j] - dot);
      }
    },
  },
};

/** Fill in an activation's parameter defaults: "leakyRelu" ⇒ {name: "leakyRelu", slope: 0.01}. */
export function resolveActivation(spec: ActivationSpec): ResolvedActivation {
  const name = typeof spec === 'string' ? spec : spec.name;
  const given = typeof spec === 'string' ? undefined : spec.slope;
  return { name, slope: name === 'leakyRelu' ? (given ?? ACTIVATIONS.leakyRelu.defaults.slope!) : 0 };
}

/** The JSON form of a resolved activation, as stored in experiments and weights files. */
export function activationSpecOf(activation: ResolvedActivation): { name: ActivationName; slope?: number } {
  return activation.name === 'leakyRelu' ? { name: activation.name, slope: activation.slope } : { name: activation.name };
}
