import { ACTIVATIONS } from '../activations';
import { gatherColumns } from './gather-columns';
import { gemmInput, isNetworkInput } from './gemm-input';
import { TS_OPTIMIZER_STEPS } from './ts-optimizer-steps';
import type { FloatArray, Kernels } from './types';

// The plain TypeScript backend: the reference every other backend must agree with, and the one
// that runs everywhere. Loops are ordered so the innermost one walks contiguous memory (i-k-j for
// A·B, row dot products for A·Bᵀ) and blocked two rows of C at a time by four of the shared
// dimension, so each value loaded from B feeds two rows and V8 keeps the A entries in registers
// (docs/perf-notes.md). Nothing here allocates but an input object per forward pass.
//
// Summation order (what the float64 wasm kernels repeat to the bit, assembly/*64.ts): every
// element of gemm's C adds its terms op(A)[i, p]·op(B)[p, j] one at a time for p = 0, 1, …, k − 1,
// onto beta·C (A·B, Aᵀ·B: alpha is applied to A first) or onto 0 (the ·Bᵀ forms: alpha and beta·C
// are applied after the sum). The reductions (sumColumns, sumSquares, sumSquaredDifferences,
// summarize) keep four running sums, over the indices ≡ 0, 1, 2, 3 (mod 4), add them as
// (s0 + s1) + (s2 + s3), then the last n mod 4 terms one by one: the order two SIMD accumulators
// give, and four independent chains run faster here too.

function scaleOrClear(c: FloatArray, beta: number, length: number): void {
  if (beta === 0) c.fill(0, 0, length);
  else if (beta !== 1) for (let i = 0; i < length; i++) c[i] *= beta;
}

/**
 * C += alpha·op(A)·B with op(A)[i, p] = a[i·rowStride + p·colStride] (A itself: rowStride k,
 * colStride 1; Aᵀ of a k×m A: rowStride 1, colStride m). B is k×n, C m×n: each row of C gathers
 * rows of B scaled by op(A)'s entries.
 */
function gemmAccumulateRows(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  rowStride: number,
  colStride: number,
  b: FloatArray,
  c: FloatArray,
): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const c0 = i * n;
    const c1 = c0 + n;
    const r0 = i * rowStride;
    const r1 = r0 + rowStride;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const q0 = p * colStride;
      const q1 = q0 + colStride;
      const q2 = q1 + colStride;
      const q3 = q2 + colStride;
      const x0 = alpha * a[r0 + q0];
      const x1 = alpha * a[r0 + q1];
      const x2 = alpha * a[r0 + q2];
      const x3 = alpha * a[r0 + q3];
      const y0 = alpha * a[r1 + q0];
      const y1 = alpha * a[r1 + q1];
      const y2 = alpha * a[r1 + q2];
      const y3 = alpha * a[r1 + q3];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const v0 = b[b0 + j];
        const v1 = b[b1 + j];
        const v2 = b[b2 + j];
        const v3 = b[b3 + j];
        // Left to right: each term added to C in turn, the order of every other loop here.
        c[c0 + j] = c[c0 + j] + x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
        c[c1 + j] = c[c1 + j] + y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
      }
    }
    for (; p < k; p++) {
      const x = alpha * a[r0 + p * colStride];
      const y = alpha * a[r1 + p * colStride];
      const bp = p * n;
      for (let j = 0; j < n; j++) {
        const v = b[bp + j];
        c[c0 + j] += x * v;
        c[c1 + j] += y * v;
      }
    }
  }
  if (i < m) {
    const ci = i * n;
    const ri = i * rowStride;
    for (let p = 0; p < k; p++) {
      const x = alpha * a[ri + p * colStride];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += x * b[bp + j];
    }
  }
}

/** C = alpha·A·Bᵀ + beta·C, A m×k, B n×k: dot products of contiguous rows, 2 rows of A × 4 rows of B at a time. */
function gemmNT(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  const store = (index: number, sum: number) => {
    c[index] = alpha * sum + (beta === 0 ? 0 : beta * c[index]);
  };
  const dot = (ai: number, bj: number) => {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
    return s;
  };
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const c0 = i * n;
    const c1 = c0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[a0 + p];
        const y = a[a1 + p];
        const v0 = b[b0 + p];
        const v1 = b[b1 + p];
        const v2 = b[b2 + p];
        const v3 = b[b3 + p];
        s0 += x * v0;
        s1 += x * v1;
        s2 += x * v2;
        s3 += x * v3;
        t0 += y * v0;
        t1 += y * v1;
        t2 += y * v2;
        t3 += y * v3;
      }
      store(c0 + j, s0);
      store(c0 + j + 1, s1);
      store(c0 + j + 2, s2);
      store(c0 + j + 3, s3);
      store(c1 + j, t0);
      store(c1 + j + 1, t1);
      store(c1 + j + 2, t2);
      store(c1 + j + 3, t3);
    }
    for (; j < n; j++) {
      store(c0 + j, dot(a0, j * k));
      store(c1 + j, dot(a1, j * k));
    }
  }
  if (i < m) for (let j = 0; j < n; j++) store(i * n + j, dot(i * k, j * k));
}

/** C = alpha·Aᵀ·Bᵀ + beta·C, A k×m, B n×k. Not on any hot path of the network; kept simple. */
function gemmTT(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[j * k + p];
      c[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * n + j]);
    }
  }
}

/** Σ (x[i] − y[i])², or Σ x[i]² when y is null, in the reductions' order (see the top of this file). */
function sumSquaredDifferences(x: FloatArray, y: FloatArray | null): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d0 = y ? x[i] - y[i] : x[i];
    const d1 = y ? x[i + 1] - y[i + 1] : x[i + 1];
    const d2 = y ? x[i + 2] - y[i + 2] : x[i + 2];
    const d3 = y ? x[i + 3] - y[i + 3] : x[i + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  let s = s0 + s1 + (s2 + s3);
  for (; i < n; i++) {
    const d = y ? x[i] - y[i] : x[i];
    s += d * d;
  }
  return s;
}

export const tsKernels: Kernels = {
  name: 'ts',

  allocate(dtype, length) {
    return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  },

  gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
    if (transB) {
      if (transA) gemmTT(m, n, k, alpha, a, b, beta, c);
      else gemmNT(m, n, k, alpha, a, b, beta, c);
      return;
    }
    scaleOrClear(c, beta, m * n);
    if (transA) gemmAccumulateRows(m, n, k, alpha, a, 1, m, b, c);
    else gemmAccumulateRows(m, n, k, alpha, a, k, 1, b, c);
  },

  input(x, features, m) {
    if (!isNetworkInput(x)) return gemmInput(tsKernels, x, features, m);
    return x.kernels === tsKernels ? x : gemmInput(tsKernels, x.dense, features, m);
  },

  inputRows(source, features, rows, start, m, x) {
    gatherColumns(source, features, rows, start, m, x);
    return gemmInput(tsKernels, x, features, m);
  },

  addBias(z, bias, rows, cols) {
    for (let i = 0; i < rows; i++) {
      const bi = bias[i];
      const row = i * cols;
      for (let j = 0; j < cols; j++) z[row + j] += bi;
    }
  },

  sumColumns(matrix, rows, cols, out) {
    for (let i = 0; i < rows; i++) {
      const row = i * cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        s0 += matrix[row + j];
        s1 += matrix[row + j + 1];
        s2 += matrix[row + j + 2];
        s3 += matrix[row + j + 3];
      }
      let s = s0 + s1 + (s2 + s3);
      for (; j < cols; j++) s += matrix[row + j];
      out[i] = s;
    }
  },

  activationForward(activation, z, a, rows, cols) {
    ACTIVATIONS[activation.name].forward(z, a, rows, cols, activation.slope);
  },

  activationBackward(activation, z, a, dA, dZ, rows, cols) {
    ACTIVATIONS[activation.name].backward(z, a, dA, dZ, rows, cols, activation.slope);
  },

  multiply(x, y, out) {
    for (let i = 0; i < out.length; i++) out[i] = x[i] * y[i];
  },

  axpy(alpha, x, y) {
    for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
  },

  scale(alpha, x) {
    for (let i = 0; i < x.length; i++) x[i] *= alpha;
  },

  sumSquares(x) {
    return sumSquaredDifferences(x, null);
  },

  sumSquaredDifferences(x, y) {
    return sumSquaredDifferences(x, y);
  },

  summarize(x, below, above) {
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    let squares0 = 0;
    let squares1 = 0;
    let squares2 = 0;
    let squares3 = 0;
    let outside = 0;
    const n = x.length;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v0 = x[i];
      const v1 = x[i + 1];
      const v2 = x[i + 2];
      const v3 = x[i + 3];
      sum0 += v0;
      sum1 += v1;
      sum2 += v2;
      sum3 += v3;
      squares0 += v0 * v0;
      squares1 += v1 * v1;
      squares2 += v2 * v2;
      squares3 += v3 * v3;
      if (v0 < below || v0 > above) outside++;
      if (v1 < below || v1 > above) outside++;
      if (v2 < below || v2 > above) outside++;
      if (v3 < below || v3 > above) outside++;
    }
    let sum = sum0 + sum1 + (sum2 + sum3);
    let sumSquares = squares0 + squares1 + (squares2 + squares3);
    for (; i < n; i++) {
      const v = x[i];
      sum += v;
      sumSquares += v * v;
      if (v < below || v > above) outside++;
    }
    return { sum, sumSquares, outside };
  },

  optimizerStep(name, param, grad, state, scalars) {
    TS_OPTIMIZER_STEPS[name](param, grad, state, scalars);
  },
};
