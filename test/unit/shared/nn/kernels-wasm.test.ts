import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import type { FloatArray } from '../../../../src/shared/nn/kernels/types';
import { wrongDtypeMessage } from '../../../../src/shared/nn/kernels/wasm-staging';
import { OPTIMIZERS } from '../../../../src/shared/nn/optimizers';
import { createRng, type Rng } from '../../../../src/shared/nn/rng';
import { ACTIVATION_NAMES } from '../../../../src/shared/schema/names';

// The WebAssembly SIMD kernels against the TypeScript reference kernels, float32 on both sides.
// gemm is held to a rigorous float32 bound; the kernels that compute in float64 lanes (optimizer
// steps, axpy, scale) and the single-rounding ones (bias add, products) must match to the bit.

const wasm = getKernels('wasm', 'float32');
const U = 2 ** -24;

/** The same random float32 values twice: in the wasm memory and in a plain array for ts. */
function pair(length: number, rng: Rng, std = 1): [Float32Array, Float32Array] {
  const inWasm = wasm.allocate('float32', length) as Float32Array;
  for (let i = 0; i < length; i++) inWasm[i] = std * rng.normal();
  return [inWasm, Float32Array.from(inWasm)];
}

function expectSameBits(actual: FloatArray, expected: FloatArray): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) expect([i, actual[i]]).toEqual([i, expected[i]]);
}

/** |actual − expected| ≤ rel·|expected| + abs(i), element by element, NaN where and only where ts has NaN. */
function expectClose(actual: FloatArray, expected: FloatArray, rel: number, abs: number | ((i: number) => number)): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const bound = rel * Math.abs(expected[i]) + (typeof abs === 'number' ? abs : abs(i));
    const ok = Number.isNaN(expected[i]) ? Number.isNaN(actual[i]) : Math.abs(actual[i] - expected[i]) <= bound;
    if (!ok) expect({ index: i, actual: actual[i], bound }).toEqual({ index: i, actual: expected[i], bound });
  }
}

describe('wasm kernels: gemm', () => {
  // Around the micro-kernel tile (4×8) and the packing blocks (KC = 256 deep, MC = 128 rows,
  // NC = 512 columns): 1×1, odd sizes, a depth crossing KC, and m, n crossing MC, NC.
  const shapes = [
    [1, 1, 1],
    [1, 7, 3],
    [3, 5, 7],
    [5, 9, 13],
    [4, 8, 256],
    [6, 10, 257],
    [130, 3, 5],
    [5, 515, 9],
    [33, 65, 600],
  ];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} agrees with ts within the float32 error bound`, () => {
        const rng = createRng(11);
        for (const [m, n, k] of shapes) {
          for (const [alpha, beta] of [[1, 0], [0.5, 1], [2, -0.5]]) {
            const [a, a0] = pair(m * k, rng);
            const [b, b0] = pair(k * n, rng);
            const [c, c0] = pair(m * n, rng);
            const cBefore = Float32Array.from(c0);
            wasm.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
            tsKernels.gemm(transA, transB, m, n, k, alpha, a0, b0, beta, c0);
            // Both sides round at most ~k times: |error| ≤ (k + 2)·u·(|α|·Σ|a||b| + |β·c|) each.
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                let magnitude = 0;
                for (let p = 0; p < k; p++) magnitude += Math.abs((transA ? a0[p * m + i] : a0[i * k + p]) * (transB ? b0[j * k + p] : b0[p * n + j]));
                const bound = 2 * (k + 2) * U * (Math.abs(alpha) * magnitude + Math.abs(beta * cBefore[i * n + j]));
                const diff = Math.abs(c[i * n + j] - c0[i * n + j]);
                if (!(diff <= bound)) expect({ m, n, k, i, j, diff }).toEqual({ m, n, k, i, j, diff: `≤ ${bound}` });
              }
            }
          }
        }
      });
    }
  }

  it('gives the same bits for arrays outside its memory (copied in and back) as for its own, past the 256-deep block, and writes nothing after C', () => {
    // A 37×300 times Bᵀ (B 21×300): C is 37×21, and k = 300 crosses the 256-deep packing block.
    const [m, n, k, guard] = [37, 21, 300, 64];
    const rng = createRng(3);
    const [a, a0] = pair(m * k, rng);
    const [b, b0] = pair(n * k, rng);
    const [cWithGuard, c0WithGuard] = pair(m * n + guard, rng);
    const guardBefore = Float32Array.from(cWithGuard.subarray(m * n));
    const cBefore = Float32Array.from(cWithGuard.subarray(0, m * n));
    const [c, c0] = [cWithGuard.subarray(0, m * n), c0WithGuard.subarray(0, m * n)];
    wasm.gemm(false, true, m, n, k, 1.5, a, b, 0.25, c);
    wasm.gemm(false, true, m, n, k, 1.5, a0, b0, 0.25, c0);
    expectSameBits(c0, c);
    expectSameBits(cWithGuard.subarray(m * n), guardBefore);
    expectSameBits(c0WithGuard.subarray(m * n), guardBefore);
    // Both blocks of depth counted: against the ts kernels within the float32 bound.
    const reference = Float32Array.from(cBefore);
    tsKernels.gemm(false, true, m, n, k, 1.5, Float32Array.from(a0), Float32Array.from(b0), 0.25, reference);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let magnitude = 0;
        for (let p = 0; p < k; p++) magnitude += Math.abs(a0[i * k + p] * b0[j * k + p]);
        const bound = 2 * (k + 2) * U * (1.5 * magnitude + Math.abs(0.25 * cBefore[i * n + j]));
        const diff = Math.abs(c[i * n + j] - reference[i * n + j]);
        if (!(diff <= bound)) expect({ i, j, diff }).toEqual({ i, j, diff: `≤ ${bound}` });
      }
    }
  });

  it('reuses one staging area for outside arrays instead of reserving memory per call', () => {
    const kernels = getKernels('wasm', 'float32');
    const outside = Float32Array.from({ length: 10_000 }, (_, i) => i % 7);
    const ssq = Array.from(outside).reduce((s, v) => s + v * v, 0);
    const target = new Float32Array(10_000);
    kernels.axpy(1, outside, target);
    const before = kernels.allocate('float32', 1).byteOffset;
    for (let i = 0; i < 50; i++) {
      kernels.axpy(1, outside, target);
      expect(kernels.sumSquares(outside)).toBe(ssq);
    }
    // The next allocation follows the previous one directly: the 50 calls reserved nothing.
    expect(kernels.allocate('float32', 1).byteOffset).toBe(before + 64);
    expect(target[13]).toBe(51 * (13 % 7));
  });

  it('overwrites NaN in C when beta = 0, and scales C when k = 0', () => {
    for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]]) {
      const c = Float32Array.of(NaN, NaN, NaN, NaN);
      wasm.gemm(transA, transB, 2, 2, 1, 1, Float32Array.of(1, 2), Float32Array.of(3, 4), 0, c);
      expect(Array.from(c)).toEqual([3, 4, 6, 8]);
    }
    const c = Float32Array.of(1, 2, 3);
    wasm.gemm(false, false, 1, 3, 0, 1, new Float32Array(0), new Float32Array(0), 2, c);
    expect(Array.from(c)).toEqual([2, 4, 6]);
  });
});

describe('wasm kernels: bias, reductions, elementwise maps', () => {
  const shapes = [
    [1, 1],
    [3, 5],
    [4, 4],
    [7, 13],
    [16, 64],
    [2, 1001],
  ];

  it('addBias, multiply and sumColumns give the bits of ts (sumColumns sums in ts’s order, in float64)', () => {
    const rng = createRng(5);
    for (const [rows, cols] of shapes) {
      const [z, z0] = pair(rows * cols, rng);
      const [bias, bias0] = pair(rows, rng);
      wasm.addBias(z, bias, rows, cols);
      tsKernels.addBias(z0, bias0, rows, cols);
      expectSameBits(z, z0);

      const [sums, sums0] = pair(rows, rng);
      wasm.sumColumns(z, rows, cols, sums);
      tsKernels.sumColumns(z0, rows, cols, sums0);
      expectSameBits(sums, sums0);

      const [y, y0] = pair(rows * cols, rng);
      const [out, out0] = pair(rows * cols, rng);
      wasm.multiply(z, y, out);
      tsKernels.multiply(z0, y0, out0);
      expectSameBits(out, out0);
      wasm.multiply(z, y, z);
      tsKernels.multiply(z0, y0, z0);
      expectSameBits(z, z0);
    }
  });

  it('axpy, scale, sumSquares and sumSquaredDifferences give the bits of ts', () => {
    const rng = createRng(6);
    for (const length of [1, 3, 4, 5, 17, 1000]) {
      const [x, x0] = pair(length, rng);
      const [y, y0] = pair(length, rng);
      wasm.axpy(0.37, x, y);
      tsKernels.axpy(0.37, x0, y0);
      expectSameBits(y, y0);
      wasm.scale(-1.3, x);
      tsKernels.scale(-1.3, x0);
      expectSameBits(x, x0);
      expect(wasm.sumSquares(x)).toBe(tsKernels.sumSquares(x0));
      expect(wasm.sumSquaredDifferences(x, y)).toBe(tsKernels.sumSquaredDifferences(x0, y0));
    }
  });
});

describe('wasm kernels: activation summaries for the diagnostics', () => {
  it('summarize counts exactly what ts counts outside the bounds, and sums to ts’s bits', () => {
    const rng = createRng(8);
    // The bounds of sigmoid and tanh saturation and none (ReLU); values on either side of each
    // bound's float32 neighbours (0.01 is not a float32: the comparison is in float64), NaN and ±∞.
    const bounds = [[0.01, 0.99], [-0.99, 0.99], [-Infinity, Infinity]];
    const edges = [0.01, -0.99, 0.99].flatMap((b) => [Math.fround(b), b + 1e-9, b - 1e-9]);
    for (const length of [1, 3, 4, 5, 17, 1000]) {
      const [x, x0] = pair(length, rng, 0.6);
      for (let i = 0; i < Math.min(length, edges.length); i++) x[i] = x0[i] = edges[i];
      for (const [below, above] of bounds) {
        const actual = wasm.summarize(x, below, above);
        const expected = tsKernels.summarize(x0, below, above);
        expect(actual).toEqual(expected);
      }
    }
    // ±1 on the bounds in every float64 half of a vector, and in the scalar tail.
    const [special, special0] = pair(14, rng);
    special.set([NaN, -1, Infinity, 1, 1, 0.5, -1, -Infinity, 2, -2, 1, -1, 1, -1]);
    special0.set(special);
    expect(wasm.summarize(special, -1, 1)).toEqual(tsKernels.summarize(special0, -1, 1));
    expect(wasm.summarize(special, -1, 1).outside).toBe(4);
  });
});

describe('wasm kernels: activations', () => {
  // Random values plus the edges of the implementations: signed zeros, the polynomial/exp switch
  // of tanh at 0.625, the overflow limits of exp, infinities and NaN.
  const special = [0, -0, 1e-8, -1e-8, 0.6249, 0.625, -0.625, 5, -5, 20, -20, 88, -88, 100, -100, 1e30, -1e30, Infinity, -Infinity, NaN];

  for (const name of ACTIVATION_NAMES) {
    it(`${name}: forward and backward agree with ts within a few float32 ulps`, () => {
      const activation = resolveActivation(name === 'leakyRelu' ? { name, slope: 0.1 } : name);
      const rng = createRng(21);
      // Softmax runs four columns at a time, so the shapes include column remainders 1–3.
      for (const [rows, cols] of [[1, 1], [3, 1], [10, 3], [10, 4], [7, 7], [special.length, 5], [16, 64]]) {
        const [z, z0] = pair(rows * cols, rng, 3);
        if (rows === special.length) for (let i = 0; i < z.length; i++) z[i] = z0[i] = special[Math.floor(i / cols)];
        const [a, a0] = pair(rows * cols, rng);
        wasm.activationForward(activation, z, a, rows, cols);
        tsKernels.activationForward(activation, z0, a0, rows, cols);
        // exp is good to ~2 ulp; softmax adds the rounding of its column sum.
        expectClose(a, a0, (name === 'softmax' ? 8 + rows : 8) * U, 1e-30);

        const [dA, dA0] = pair(rows * cols, rng);
        const [dZ, dZ0] = pair(rows * cols, rng);
        wasm.activationBackward(activation, z0, a0, dA, dZ, rows, cols);
        tsKernels.activationBackward(activation, z0, a0, dA0, dZ0, rows, cols);
        // Both run on the same Z and A, so only the backward's own float32 rounding differs: 1 − A²
        // and A·(1 − A) cancel near saturation (absolute error ~u·|dA|), and softmax's column dot
        // product carries ~rows·u·max|dA|.
        const dAMax = Math.max(...Array.from(dA0, Math.abs));
        expectClose(dZ, dZ0, 8 * U, (i) => 4 * U * Math.abs(dA0[i]) + (name === 'softmax' ? 2 * rows * U * dAMax : 0));
      }
    });
  }

  it('softmax of extreme logits is exact one-hot and columns sum to 1', () => {
    const softmax = resolveActivation('softmax');
    // 3 units × 4 samples; column 0 = (1000, 0, 3), column 2 = (−3, −1000, 0).
    const z = Float32Array.of(1000, 0, -3, 0, 0, 0, -1000, 0, 3, 0, 0, 0);
    const a = new Float32Array(12);
    wasm.activationForward(softmax, z, a, 3, 4);
    expect([a[0], a[4], a[8]]).toEqual([1, 0, 0]);
    expect(a[6]).toBe(0);
    expect(a[2]).toBeCloseTo(Math.exp(-3) / (1 + Math.exp(-3)), 7);
    expect(a[1]).toBeCloseTo(1 / 3, 7);
    for (let j = 0; j < 4; j++) expect(a[j] + a[4 + j] + a[8 + j]).toBeCloseTo(1, 6);
  });
});

describe('wasm kernels: optimizer steps', () => {
  it('sgd, momentum (plain and Nesterov), rmsprop and adam take bit-identical steps to ts', () => {
    const rng = createRng(8);
    for (const length of [1, 3, 4, 7, 130]) {
      const [p, p0] = pair(length, rng);
      const [s1, s10] = pair(length, rng, 0.1);
      const [s2, s20] = pair(length, rng, 0.1);
      for (let i = 0; i < s2.length; i++) s2[i] = s20[i] = Math.abs(s20[i]);
      for (let t = 1; t <= 3; t++) {
        const [g, g0] = pair(length, rng);
        for (const [k, param, grad, a, b] of [
          [wasm, p, g, s1, s2],
          [tsKernels, p0, g0, s10, s20],
        ] as const) {
          k.optimizerStep('sgd', param, grad, [], OPTIMIZERS.sgd.scalars({ name: 'sgd', learningRate: 0.05 }, 0.05, t));
          k.optimizerStep('momentum', param, grad, [a], OPTIMIZERS.momentum.scalars({ name: 'momentum', learningRate: 0.05, momentum: 0.9, nesterov: t % 2 === 0 }, 0.05, t));
          k.optimizerStep('rmsprop', param, grad, [b], OPTIMIZERS.rmsprop.scalars({ name: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-8 }, 0.01, t));
          k.optimizerStep('adam', param, grad, [a, b], OPTIMIZERS.adam.scalars({ name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.001, t));
        }
      }
      expectSameBits(p, p0);
      expectSameBits(s1, s10);
      expectSameBits(s2, s20);
    }
  });

  it('refuses, naming the optimizer, more state arrays or scalars than its kernel arguments hold, and leaves the parameters alone', () => {
    const [p] = pair(8, createRng(9));
    const before = Float32Array.from(p);
    const state = Array.from({ length: 7 }, () => wasm.allocate('float32', 8));
    expect(() => wasm.optimizerStep('adam', p, p, state, [0.1])).toThrow(/"adam" takes more state arrays or scalars than the wasm backend passes \(6 and 16\)/);
    expect(() => wasm.optimizerStep('sgd', p, p, [], new Array(17).fill(0.1))).toThrow(/"sgd"/);
    expectSameBits(p, before);
    // 6 state arrays and 16 scalars are the most it passes, and they are accepted.
    const g = Float32Array.from(p, (v) => v / 2);
    const p0 = Float32Array.from(p);
    wasm.optimizerStep('sgd', p, g, state.slice(0, 6), new Array(16).fill(0.5));
    tsKernels.optimizerStep('sgd', p0, g, [], [0.5]);
    expectSameBits(p, p0);
  });
});

describe('wasm backend: selection, memory, dtypes', () => {
  it('auto picks wasm of the run’s dtype; a backend refuses arrays of the other dtype, saying which it computes in', () => {
    expect(getKernels('auto', 'float32').allocate('float32', 1)).toBeInstanceOf(Float32Array);
    expect(getKernels('auto', 'float64').allocate('float64', 1)).toBeInstanceOf(Float64Array);
    expect(getKernels('auto').name).toBe('wasm');
    expect(getKernels('wasm', 'float32').name).toBe('wasm');
    expect(getKernels('ts', 'float64')).toBe(tsKernels);
    const double = getKernels('wasm', 'float64');
    expect(() => wasm.allocate('float64', 4)).toThrow(wrongDtypeMessage('float32'));
    expect(() => wasm.scale(2, new Float64Array(4))).toThrow(wrongDtypeMessage('float32'));
    expect(wrongDtypeMessage('float32')).toMatch(/computes in float32 .* given float64 values/);
    expect(() => double.allocate('float32', 4)).toThrow(wrongDtypeMessage('float64'));
    expect(() => double.gemm(false, false, 1, 1, 1, 1, new Float32Array(1), new Float32Array(1), 0, new Float32Array(1))).toThrow(wrongDtypeMessage('float64'));
  });

  it('allocates zeroed, 64-byte-aligned views in its own memory; each backend has a separate memory', () => {
    const other = getKernels('wasm', 'float32');
    const x = wasm.allocate('float32', 5) as Float32Array;
    const y = other.allocate('float32', 5) as Float32Array;
    expect(Array.from(x)).toEqual([0, 0, 0, 0, 0]);
    expect(x.byteOffset % 64).toBe(0);
    expect(x.buffer).not.toBe(y.buffer);
    x.set([1, 2, 3, 4, 5]);
    // y lives in another backend's memory: it is copied in and out, and the result is the same.
    other.axpy(2, x, y);
    expect(Array.from(y)).toEqual([2, 4, 6, 8, 10]);
  });

  it('growing the memory leaves every earlier view valid and usable by the kernels', () => {
    const kernels = getKernels('wasm', 'float32');
    const early = kernels.allocate('float32', 1000) as Float32Array;
    early.fill(3);
    const bufferBefore = early.buffer.byteLength;
    const big = kernels.allocate('float32', 16 * 2 ** 20); // 64 MiB: several times the initial memory
    expect(big.buffer.byteLength).toBeGreaterThan(bufferBefore);
    expect(early.length).toBe(1000);
    expect(early[999]).toBe(3);
    kernels.scale(2, early);
    expect(early[0]).toBe(6);
    expect(kernels.sumSquares(early)).toBe(36_000);
    big[big.length - 1] = 2;
    expect(kernels.sumSquares(big)).toBe(4);
  });
});
