import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { clampedSamples } from '../../../../src/shared/nn/divergence';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { fusedOutputGradient, LOSSES } from '../../../../src/shared/nn/losses';
import { predictClasses } from '../../../../src/shared/nn/metrics';
import { createRng } from '../../../../src/shared/nn/rng';
import type { ActivationName, LossName, OptimizerName } from '../../../../src/shared/schema/names';

// The array maps of the numeric core read and write only the rows × cols (or m × n) values they
// are given, even when the arrays passed are longer: a caller may hand a buffer sized for a larger
// batch, and what lies past the matrix is the caller's. Each array below is the matrix followed by
// a guard region: the outputs' guards hold a sentinel that must stay, the inputs' hold NaN, which
// would show in the results if a loop read one value too many.

const GUARD = 5;
const SENTINEL = 12345.5;
const rng = createRng(77);

/** `length` random values, then GUARD copies of `fill`. */
function guarded(length: number, fill: number, values: () => number = () => rng.normal()): Float64Array {
  const out = new Float64Array(length + GUARD).fill(fill);
  for (let i = 0; i < length; i++) out[i] = values();
  return out;
}

/** The first `length` values (the matrix), and that the guard after it still holds the sentinel. */
function matrixOf(array: Float64Array | Int32Array, length: number, sentinel: number = SENTINEL): number[] {
  expect(Array.from(array.subarray(length)), 'the guard region after the matrix').toEqual(new Array(GUARD).fill(sentinel));
  return Array.from(array.subarray(0, length));
}

describe('ts kernels touch only the matrix they are given', () => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} writes C's m × n values and reads only A's and B's`, () => {
        for (const m of [1, 2, 3, 4, 5]) {
          for (const n of [1, 3, 4, 5]) {
            for (const k of [1, 2, 5]) {
              for (const beta of [0, 1, 0.5]) {
                const a = guarded(m * k, NaN);
                const b = guarded(k * n, NaN);
                const c = guarded(m * n, SENTINEL);
                const exact = c.slice(0, m * n);
                tsKernels.gemm(transA, transB, m, n, k, 0.75, a.slice(0, m * k), b.slice(0, k * n), beta, exact);
                tsKernels.gemm(transA, transB, m, n, k, 0.75, a, b, beta, c);
                expect(matrixOf(c, m * n), `${m}×${n}×${k} β ${beta}`).toEqual(Array.from(exact));
                expect(Array.from(exact).every(Number.isFinite)).toBe(true);
              }
            }
          }
        }
      });
    }
  }

  it('addBias and sumColumns', () => {
    for (const [rows, cols] of [[1, 1], [2, 3], [3, 4], [3, 9]]) {
      const z = guarded(rows * cols, SENTINEL);
      const expected = Array.from(z.subarray(0, rows * cols));
      const bias = guarded(rows, NaN);
      tsKernels.addBias(z, bias, rows, cols);
      expect(matrixOf(z, rows * cols)).toEqual(expected.map((v, i) => v + bias[Math.floor(i / cols)]));
      const matrix = guarded(rows * cols, NaN);
      const sums = guarded(rows, SENTINEL);
      tsKernels.sumColumns(matrix, rows, cols, sums);
      expect(matrixOf(sums, rows).every(Number.isFinite)).toBe(true);
    }
  });

  for (const name of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear', 'softmax'] as ActivationName[]) {
    it(`${name}: forward writes A and backward dZ over rows × cols only`, () => {
      const activation = resolveActivation(name);
      const rows = 3;
      const cols = 4;
      const length = rows * cols;
      const z = new Float64Array(length).map(() => rng.normal());
      const a = guarded(length, SENTINEL);
      tsKernels.activationForward(activation, z, a, rows, cols);
      const A = matrixOf(a, length);
      expect(A.every(Number.isFinite)).toBe(true);
      const exactA = Float64Array.from(A);
      const dA = new Float64Array(length).map(() => rng.normal());
      const dZ = guarded(length, SENTINEL);
      tsKernels.activationBackward(activation, z, exactA, dA, dZ, rows, cols);
      const exactDZ = new Float64Array(length);
      tsKernels.activationBackward(activation, z, exactA, dA, exactDZ, rows, cols);
      expect(matrixOf(dZ, length)).toEqual(Array.from(exactDZ));
    });
  }

  it('softmax reads only its rows × cols outputs and gradients', () => {
    const rows = 3;
    const cols = 2;
    const a = guarded(rows * cols, NaN, () => 1 / 3);
    const dA = guarded(rows * cols, NaN);
    const dZ = guarded(rows * cols, SENTINEL);
    tsKernels.activationBackward(resolveActivation('softmax'), new Float64Array(rows * cols), a, dA, dZ, rows, cols);
    expect(matrixOf(dZ, rows * cols).every(Number.isFinite)).toBe(true);
  });

  for (const name of ['momentum', 'rmsprop', 'adam'] as OptimizerName[]) {
    it(`${name} writes its state only over the parameter's entries`, () => {
      const scalars: Record<string, number[]> = { momentum: [0.1, 0.9, 1], rmsprop: [0.1, 0.9, 1e-8], adam: [0.1, 0.9, 0.999, 1e-8, 0.1, 0.001] };
      const param = new Float64Array(6).map(() => rng.normal());
      const grad = guarded(6, NaN);
      const state = (name === 'adam' ? [0, 1] : [0]).map(() => guarded(6, SENTINEL, () => 0.5));
      tsKernels.optimizerStep(name, param, grad, state, scalars[name]);
      for (const array of state) expect(matrixOf(array, 6).every(Number.isFinite)).toBe(true);
      expect(Array.from(param).every(Number.isFinite)).toBe(true);
    });
  }
});

describe('losses, metrics and the clamp count touch only the outputs × m they are given', () => {
  for (const name of ['sse', 'mse', 'binaryCrossEntropy', 'categoricalCrossEntropy'] as LossName[]) {
    it(`${name}: the gradient writes dA over the outputs only`, () => {
      const a = new Float64Array(6).map(() => 0.1 + 0.8 * rng.next());
      const y = Float64Array.of(1, 0, 0, 1, 0, 1);
      const dA = guarded(6, SENTINEL);
      LOSSES[name].gradient(a, y, dA, 2, 3);
      expect(matrixOf(dA, 6).every(Number.isFinite)).toBe(true);
    });
  }

  it('the fused output gradient writes dZ over the outputs only', () => {
    const dZ = guarded(4, SENTINEL);
    fusedOutputGradient(Float64Array.of(0.25, 0.75, 0.5, 0.5), Float64Array.of(0, 1, 1, 0), dZ, 2);
    expect(matrixOf(dZ, 4)).toEqual([0.125, -0.125, -0.25, 0.25]);
  });

  it('predictClasses reads rows × cols outputs and writes cols classes', () => {
    // A single unit (threshold) and three (arg-max), with outputs past the matrix that would win.
    const single = new Int32Array(3 + GUARD).fill(7);
    predictClasses(Float64Array.of(0.2, 0.7, 0.5, 0.9, 0.9), 1, 3, single);
    expect(matrixOf(single, 3, 7)).toEqual([0, 1, 1]);
    const classes = new Int32Array(2 + GUARD).fill(7);
    predictClasses(Float64Array.of(0.1, 0.5, 0.2, 0.3, 0.3, 0.2, 9, 9), 3, 2, classes);
    expect(matrixOf(classes, 2, 7)).toEqual([2, 0]);
  });

  it('clampedSamples counts the m samples of outputs × m only', () => {
    // Two samples, neither clamped; past them, values that would count as clamped.
    const a = Float64Array.of(0.5, 0.5, 0, 0);
    const y = Float64Array.of(1, 1, 1, 1);
    expect(clampedSamples(a, y, 1, 2, true)).toBe(0);
  });
});
