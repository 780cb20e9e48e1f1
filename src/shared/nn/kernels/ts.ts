import { ACTIVATIONS } from '../activations';
import type { FloatArray, Kernels } from './types';

// The plain TypeScript backend: the reference every other backend must agree with, and the one
// that runs everywhere. Loops are ordered so the innermost one walks contiguous memory
// (i-k-j for A·B, row dot products for A·Bᵀ) and unrolled by four over the shared dimension, which
// lets V8 keep four multipliers in registers. Nothing here allocates.

function scaleOrClear(c: FloatArray, beta: number, length: number): void {
  if (beta === 0) c.fill(0, 0, length);
  else if (beta !== 1) for (let i = 0; i < length; i++) c[i] *= beta;
}

/** C += alpha·A·B, A m×k, B k×n: each row of C gathers rows of B scaled by A's entries. */
function gemmNN(m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = alpha * a[ai + p];
      const a1 = alpha * a[ai + p + 1];
      const a2 = alpha * a[ai + p + 2];
      const a3 = alpha * a[ai + p + 3];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; p < k; p++) {
      const ap = alpha * a[ai + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += ap * b[bp + j];
    }
  }
}

/** C += alpha·Aᵀ·B, A k×m, B k×n: as gemmNN, reading A down its columns. */
function gemmTN(m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = alpha * a[p * m + i];
      const a1 = alpha * a[(p + 1) * m + i];
      const a2 = alpha * a[(p + 2) * m + i];
      const a3 = alpha * a[(p + 3) * m + i];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; p < k; p++) {
      const ap = alpha * a[p * m + i];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += ap * b[bp + j];
    }
  }
}

/** C = alpha·A·Bᵀ + beta·C, A m×k, B n×k: dot products of contiguous rows, four rows of B at a time. */
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
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
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
      for (let p = 0; p < k; p++) {
        const ap = a[ai + p];
        s0 += ap * b[b0 + p];
        s1 += ap * b[b1 + p];
        s2 += ap * b[b2 + p];
        s3 += ap * b[b3 + p];
      }
      c[ci + j] = alpha * s0 + (beta === 0 ? 0 : beta * c[ci + j]);
      c[ci + j + 1] = alpha * s1 + (beta === 0 ? 0 : beta * c[ci + j + 1]);
      c[ci + j + 2] = alpha * s2 + (beta === 0 ? 0 : beta * c[ci + j + 2]);
      c[ci + j + 3] = alpha * s3 + (beta === 0 ? 0 : beta * c[ci + j + 3]);
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] = alpha * s + (beta === 0 ? 0 : beta * c[ci + j]);
    }
  }
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

export const tsKernels: Kernels = {
  name: 'ts',

  gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
    if (transB) {
      if (transA) gemmTT(m, n, k, alpha, a, b, beta, c);
      else gemmNT(m, n, k, alpha, a, b, beta, c);
      return;
    }
    scaleOrClear(c, beta, m * n);
    if (transA) gemmTN(m, n, k, alpha, a, b, c);
    else gemmNN(m, n, k, alpha, a, b, c);
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
      let s = 0;
      for (let j = 0; j < cols; j++) s += matrix[row + j];
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
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return s;
  },

  sumSquaredDifferences(x, y) {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - y[i];
      s += d * d;
    }
    return s;
  },

  sgdStep(param, grad, learningRate) {
    for (let i = 0; i < param.length; i++) param[i] -= learningRate * grad[i];
  },

  momentumStep(param, grad, velocity, learningRate, momentum, nesterov) {
    for (let i = 0; i < param.length; i++) {
      const v = momentum * velocity[i] + grad[i];
      velocity[i] = v;
      param[i] -= learningRate * (nesterov ? grad[i] + momentum * v : v);
    }
  },

  rmspropStep(param, grad, meanSquare, learningRate, rho, epsilon) {
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      const s = rho * meanSquare[i] + (1 - rho) * g * g;
      meanSquare[i] = s;
      param[i] -= (learningRate * g) / (Math.sqrt(s) + epsilon);
    }
  },

  adamStep(param, grad, m, v, learningRate, beta1, beta2, epsilon, t) {
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      param[i] -= (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
    }
  },
};
