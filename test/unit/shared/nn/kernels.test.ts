import { describe, expect, it } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { createRng } from '../../../../src/shared/nn/rng';
import { randomMatrix } from './helpers';

// The TypeScript kernels against naive definitions, for every transpose combination, both dtypes
// and the shapes around the 4-way unrolling (remainders 0–3).

function naiveGemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: ArrayLike<number>, b: ArrayLike<number>, beta: number, c: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      out.push(alpha * s + (beta === 0 ? 0 : beta * c[i * n + j]));
    }
  }
  return out;
}

describe('ts kernels', () => {
  const shapes = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [5, 2, 6],
    [7, 9, 5],
    [2, 3, 8],
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} (${dtype}) matches the definition`, () => {
          const rng = createRng(7);
          for (const [m, n, k] of shapes) {
            for (const [alpha, beta] of [[1, 0], [0.5, 1], [2, -0.5]]) {
              const a = randomMatrix(m * k, rng, dtype);
              const b = randomMatrix(k * n, rng, dtype);
              const c = randomMatrix(m * n, rng, dtype);
              const expected = naiveGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
              tsKernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
              const digits = dtype === 'float64' ? 12 : 5;
              Array.from(c).forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
            }
          }
        });
      }
    }
  }

  it('gemm with beta = 0 ignores NaN already in C', () => {
    const c = Float64Array.of(NaN, NaN, NaN, NaN);
    tsKernels.gemm(false, false, 2, 2, 1, 1, Float64Array.of(1, 2), Float64Array.of(3, 4), 0, c);
    expect(Array.from(c)).toEqual([3, 4, 6, 8]);
    const d = Float64Array.of(NaN, NaN, NaN, NaN);
    tsKernels.gemm(false, true, 2, 2, 1, 1, Float64Array.of(1, 2), Float64Array.of(3, 4), 0, d);
    expect(Array.from(d)).toEqual([3, 4, 6, 8]);
  });

  it('bias, column sums, reductions and elementwise maps', () => {
    const z = Float64Array.of(1, 2, 3, 4, 5, 6); // 2 × 3
    tsKernels.addBias(z, Float64Array.of(10, 20), 2, 3);
    expect(Array.from(z)).toEqual([11, 12, 13, 24, 25, 26]);
    const sums = new Float64Array(2);
    tsKernels.sumColumns(z, 2, 3, sums);
    expect(Array.from(sums)).toEqual([36, 75]);
    expect(tsKernels.sumSquares(Float32Array.of(3, 4))).toBe(25);
    expect(tsKernels.sumSquaredDifferences(Float64Array.of(1, 2), Float64Array.of(4, 6))).toBe(25);
    const y = Float64Array.of(1, 1);
    tsKernels.axpy(2, Float64Array.of(3, 4), y);
    expect(Array.from(y)).toEqual([7, 9]);
    tsKernels.scale(0.5, y);
    expect(Array.from(y)).toEqual([3.5, 4.5]);
    tsKernels.multiply(y, Float64Array.of(2, 0), y);
    expect(Array.from(y)).toEqual([7, 0]);
  });

  it('backend selection: ts gives the TypeScript kernels in either dtype (auto and wasm: kernels-wasm.test.ts)', () => {
    expect(getKernels('ts')).toBe(tsKernels);
    expect(getKernels('ts', 'float64')).toBe(tsKernels);
    expect(getKernels('ts', 'float32')).toBe(tsKernels);
  });
});
