import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { gemmInput } from '../../../../src/shared/nn/kernels/gemm-input';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { createRng } from '../../../../src/shared/nn/rng';
import { randomMatrix } from './helpers';

// The float64 bits the ts kernels promise (and the wasm kernels repeat): the summation order stated
// at the top of kernels/ts.ts, written out plainly here. A sum in any other order (or a term lost
// in the unrolled loops) differs in the last bits on random data.
describe('ts kernels, float64 summation order to the bit', () => {
  /** Four running sums over indices ≡ 0, 1, 2, 3 (mod 4), combined as (s0 + s1) + (s2 + s3), then the rest one by one. */
  function reduce(values: ArrayLike<number>): number {
    const s = [0, 0, 0, 0];
    const whole = values.length - (values.length % 4);
    for (let i = 0; i < whole; i++) s[i % 4] += values[i];
    let total = s[0] + s[1] + (s[2] + s[3]);
    for (let i = whole; i < values.length; i++) total += values[i];
    return total;
  }

  function orderedGemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: ArrayLike<number>, b: ArrayLike<number>, beta: number, c: ArrayLike<number>): number[] {
    const A = (i: number, p: number) => (transA ? a[p * m + i] : a[i * k + p]);
    const B = (p: number, j: number) => (transB ? b[j * k + p] : b[p * n + j]);
    const out: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        if (transB) {
          // Onto 0; alpha and beta·C after the sum.
          let s = 0;
          for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
          out.push(alpha * s + (beta === 0 ? 0 : beta * c[i * n + j]));
        } else {
          // Onto beta·C, alpha applied to A's entry first.
          let s = beta === 0 ? 0 : beta === 1 ? c[i * n + j] : c[i * n + j] * beta;
          for (let p = 0; p < k; p++) s += alpha * A(i, p) * B(p, j);
          out.push(s);
        }
      }
    }
    return out;
  }

  const rng = createRng(31);
  const random = (length: number) => randomMatrix(length, rng) as Float64Array;

  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} over every remainder of the 2-row, 4-column and 4-deep blocks`, () => {
        for (const m of [1, 2, 3, 4, 5]) {
          for (const n of [1, 3, 4, 5, 6, 7, 8, 9]) {
            for (const k of [1, 2, 3, 4, 5, 7, 8, 9]) {
              for (const [alpha, beta] of [[1, 0], [0.7, 1], [-1.3, 0.45]]) {
                const a = random(m * k);
                const b = random(k * n);
                const c = random(m * n);
                const expected = orderedGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
                tsKernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
                expect(Array.from(c), `${m}×${n}×${k} α ${alpha} β ${beta}`).toEqual(expected);
              }
            }
          }
        }
      });
    }
  }

  it('reductions: sumSquares, sumSquaredDifferences, sumColumns and summarize', () => {
    for (let n = 0; n <= 13; n++) {
      const x = random(n);
      const y = random(n);
      expect(tsKernels.sumSquares(x)).toBe(reduce(Array.from(x, (v) => v * v)));
      expect(tsKernels.sumSquaredDifferences(x, y)).toBe(reduce(Array.from(x, (v, i) => (v - y[i]) ** 2)));
      const summary = tsKernels.summarize(x, -0.5, 0.8);
      expect(summary).toEqual({ sum: reduce(x), sumSquares: reduce(Array.from(x, (v) => v * v)), outside: Array.from(x).filter((v) => v < -0.5 || v > 0.8).length });
    }
    for (const cols of [1, 3, 4, 5, 8, 11]) {
      const matrix = random(3 * cols);
      const sums = new Float64Array(3);
      tsKernels.sumColumns(matrix, 3, cols, sums);
      expect(Array.from(sums)).toEqual([0, 1, 2].map((i) => reduce(matrix.subarray(i * cols, (i + 1) * cols))));
    }
  });

  it('summarize counts only entries strictly outside the bounds', () => {
    const x = Float64Array.of(-1, -0.5, 0, 0.8, 0.9, -2, 0.8, 5, 1);
    expect(tsKernels.summarize(x, -0.5, 0.8).outside).toBe(5); // −1, 0.9, −2, 5, 1
    // Entries equal to a bound, in each of the four running lanes and the tail, are inside.
    expect(tsKernels.summarize(Float64Array.of(-0.5, 0.8, -0.5, 0.8, 0.8, -0.5, 0.8, -0.5, -0.5, 0.8), -0.5, 0.8).outside).toBe(0);
    expect(tsKernels.summarize(x, -Infinity, Infinity).outside).toBe(0);
  });

  it('elementwise maps over arrays longer than any block', () => {
    const x = random(11);
    const y = random(11);
    const out = new Float64Array(11);
    tsKernels.multiply(x, y, out);
    expect(Array.from(out)).toEqual(Array.from(x, (v, i) => v * y[i]));
    const z = Float64Array.from(y);
    tsKernels.axpy(-0.3, x, z);
    expect(Array.from(z)).toEqual(Array.from(y, (v, i) => v + -0.3 * x[i]));
    tsKernels.scale(1.7, z);
    expect(Array.from(z)).toEqual(Array.from(y, (v, i) => (v + -0.3 * x[i]) * 1.7));
    const biased = Float64Array.from(x);
    tsKernels.addBias(biased, Float64Array.of(0.5), 1, 11);
    expect(Array.from(biased)).toEqual(Array.from(x, (v) => v + 0.5));
  });

  it('gemm with beta = 0 ignores NaN already in C, transposing both', () => {
    const c = Float64Array.of(NaN, NaN, NaN, NaN);
    tsKernels.gemm(true, true, 2, 2, 1, 1, Float64Array.of(1, 2), Float64Array.of(3, 4), 0, c);
    expect(Array.from(c)).toEqual([3, 4, 6, 8]);
  });

  it('is named ts', () => {
    expect(tsKernels.name).toBe('ts');
  });

  it('allocates the dtype asked for, zeroed', () => {
    expect(tsKernels.allocate('float32', 3)).toEqual(new Float32Array(3));
    expect(tsKernels.allocate('float64', 2)).toEqual(new Float64Array(2));
  });

  it('runs the activation registry forward and backward, with the slope', () => {
    const z = Float64Array.of(-2, 3);
    const a = new Float64Array(2);
    tsKernels.activationForward(resolveActivation({ name: 'leakyRelu', slope: 0.25 }), z, a, 2, 1);
    expect(Array.from(a)).toEqual([-0.5, 3]);
    const dZ = new Float64Array(2);
    tsKernels.activationBackward(resolveActivation({ name: 'leakyRelu', slope: 0.25 }), z, a, Float64Array.of(4, 4), dZ, 2, 1);
    expect(Array.from(dZ)).toEqual([1, 4]);
  });

  it('takes X as its own input, and re-wraps the values of another backend’s input', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6); // 2 features × 3
    const own = tsKernels.input(x, 2, 3);
    expect(own.kernels).toBe(tsKernels);
    expect(own.dense).toBe(x);
    expect(tsKernels.input(own, 2, 3)).toBe(own);
    const foreign = gemmInput({ ...tsKernels, name: 'other' } as typeof tsKernels, x, 2, 3);
    const rewrapped = tsKernels.input(foreign, 2, 3);
    expect(rewrapped).not.toBe(foreign);
    expect(rewrapped.kernels).toBe(tsKernels);
    expect(rewrapped.dense).toBe(x);
    // Its products are this backend's gemm: Z = W·X and dW = dZ·Xᵀ.
    const z = new Float64Array(3);
    rewrapped.product(Float64Array.of(1, -1), 1, z);
    expect(Array.from(z)).toEqual([-3, -3, -3]);
    const dW = new Float64Array(2);
    rewrapped.gradient(Float64Array.of(1, 0, 2), 1, dW);
    expect(Array.from(dW)).toEqual([1 + 6, 4 + 12]);
  });

  it('gathers a batch of rows into X and reads it as input', () => {
    const source = Float64Array.of(1, 2, 3, 4, 5, 6); // 3 rows × 2 features
    const x = new Float64Array(4);
    const input = tsKernels.inputRows(source, 2, Int32Array.of(2, 0), 0, 2, x);
    expect(input.dense).toBe(x);
    expect(Array.from(x)).toEqual([5, 1, 6, 2]);
    expect([input.features, input.m, input.length]).toEqual([2, 2, 4]);
  });

  it('steps an optimizer through its kernel', () => {
    const param = Float64Array.of(1, 2);
    tsKernels.optimizerStep('sgd', param, Float64Array.of(10, -10), [], [0.1]);
    expect(Array.from(param)).toEqual([0, 3]);
  });
});

// In float32 a sum is rounded whenever it is stored in C. A·B and Aᵀ·B add a 4-deep block of
// terms to C in float64 and store once (rows taken in pairs), the remaining terms and an odd last
// row one term at a time: the float32 ts backend's bits, which a resumed float32 run repeats.
describe('ts kernels, float32 C to the bit', () => {
  function float32Gemm(transA: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): number[] {
    const A = (i: number, p: number) => (transA ? a[p * m + i] : a[i * k + p]);
    const out = Array.from(c, (v) => (beta === 0 ? 0 : beta === 1 ? v : Math.fround(v * beta)));
    const paired = m - (m % 2);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = out[i * n + j];
        let p = 0;
        if (i < paired) {
          for (; p + 3 < k; p += 4) {
            let block = s;
            for (let q = p; q < p + 4; q++) block = block + alpha * A(i, q) * b[q * n + j];
            s = Math.fround(block);
          }
        }
        for (; p < k; p++) s = Math.fround(s + alpha * A(i, p) * b[p * n + j]);
        out[i * n + j] = s;
      }
    }
    return out;
  }

  const rng = createRng(32);
  const random = (length: number) => randomMatrix(length, rng, 'float32') as Float32Array;

  for (const transA of [false, true]) {
    it(`gemm ${transA ? 'T' : 'N'}N`, () => {
      for (const m of [1, 2, 3]) {
        for (const k of [3, 4, 5, 8, 9]) {
          for (const [alpha, beta] of [[1, 0], [0.7, 1], [-1.3, 0.45]]) {
            const n = 5;
            const a = random(m * k);
            const b = random(k * n);
            const c = random(m * n);
            const expected = float32Gemm(transA, m, n, k, alpha, a, b, beta, c);
            tsKernels.gemm(transA, false, m, n, k, alpha, a, b, beta, c);
            expect(Array.from(c), `${m}×${n}×${k} α ${alpha} β ${beta}`).toEqual(expected);
          }
        }
      }
    });
  }
});
