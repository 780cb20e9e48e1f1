import { describe, expect, it } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { gemmInput } from '../../../../src/shared/nn/kernels/gemm-input';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { ArrayInput } from '../../../../src/shared/nn/kernels/wasm-input';
import { SPARSE_MAX_DENSITY } from '../../../../src/shared/nn/kernels/wasm-sparse';
import { createRng } from '../../../../src/shared/nn/rng';

// WasmKernels.input: which network input a backend makes of X. Its own inputs come back as they
// are, another backend's are remade from their values, an X in its memory gets one input per
// buffer (reused while the buffer is the same array), and an X from outside gets a plain gemm input.
// Which X's zeros are skipped: up to SPARSE_MAX_DENSITY nonzero, never an empty or mislabelled one.

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('wasm backend inputs', () => {
  const features = 3;
  const m = 2;
  const w = Float32Array.of(1, 2, 3, -1, 0.5, 0.25);
  const values = [1, 0, 2, 0, 0, 4];
  const expected = new Float32Array(4);
  tsKernels.gemm(false, false, 2, m, features, 1, w, Float32Array.from(values), 0, expected);

  it('keeps one input per X in its memory, returns its own inputs as they are, and computes W·X', () => {
    const wasm = getKernels('wasm', 'float32');
    const x = wasm.allocate('float32', features * m);
    x.set(values);
    const input = wasm.input(x, features, m);
    expect(input.kernels).toBe(wasm);
    expect(input.dense).toBe(x);
    expect([input.features, input.m, input.length]).toEqual([features, m, 6]);
    expect(wasm.input(x, features, m)).toBe(input);
    expect(wasm.input(input, features, m)).toBe(input);
    const z = new Float32Array(4);
    input.product(w, 2, z);
    expect(Array.from(z)).toEqual(Array.from(expected));
    // Too narrow to skip zeros: the gradient dZ·Xᵀ is gemm's too.
    const dz = Float32Array.of(1, -2, 0.5, 3);
    const dw = new Float32Array(6);
    const expectedDw = new Float32Array(6);
    tsKernels.gemm(false, true, 2, features, m, 1, dz, Float32Array.from(values), 0, expectedDw);
    input.gradient(dz, 2, dw);
    expect(Array.from(dw)).toEqual(Array.from(expectedDw));
    // A new array over the same place is a new X: its input is made again.
    const again = new Float32Array(x.buffer, x.byteOffset, x.length);
    const other = wasm.input(again, features, m);
    expect(other).not.toBe(input);
    expect(other.dense).toBe(again);
  });

  it('remakes another backend’s input from its values, and takes an outside X as it is', () => {
    const wasm = getKernels('wasm', 'float32');
    const outside = Float32Array.from(values);
    const foreign = gemmInput(tsKernels, outside, features, m);
    const made = wasm.input(outside, features, m);
    expect(wasm.input(made, features, m)).toBe(made);
    for (const input of [wasm.input(foreign, features, m), made]) {
      expect(input.kernels).toBe(wasm);
      expect(input.dense).toBe(outside);
      expect([input.features, input.m]).toEqual([features, m]);
      const z = new Float32Array(4);
      input.product(w, 2, z);
      expect(Array.from(z)).toEqual(Array.from(expected));
    }
  });

  it('multiplies an outside X whose zeros would pay to skip as it is: only arrays in the memory are compressed', () => {
    // 64 features × 16 samples, 1 in 8 nonzero: an X the backend compresses when it is in its
    // memory. From outside it has no pointer (-1); compressing it would read the memory there.
    const wasm = getKernels('wasm', 'float32');
    const [f, samples, units] = [64, 16, 5];
    const outside = new Float32Array(f * samples).map((_, i) => (i % 8 === 3 ? (i % 13) - 6.5 : 0));
    const weights = new Float32Array(units * f).map((_, i) => ((i * 7) % 11) / 4 - 1);
    const want = new Float32Array(units * samples);
    tsKernels.gemm(false, false, units, samples, f, 1, weights, outside, 0, want);
    const inMemory = wasm.allocate('float32', outside.length);
    inMemory.set(outside);
    for (const x of [inMemory, outside]) {
      const z = new Float32Array(units * samples);
      wasm.input(x, f, samples).product(weights, units, z);
      expect(Array.from(z)).toEqual(Array.from(want));
    }
    const dz = new Float32Array(units * samples).map((_, i) => (i % 3) - 1);
    const wantDw = new Float32Array(units * f);
    tsKernels.gemm(false, true, units, f, samples, 1, dz, outside, 0, wantDw);
    const dw = new Float32Array(units * f);
    wasm.input(outside, f, samples).gradient(dz, units, dw);
    expect(Array.from(dw)).toEqual(Array.from(wantDw));
  });

  it('skips the zeros of an X with up to SPARSE_MAX_DENSITY of it nonzero, the limit itself included', () => {
    const wasm = getKernels('wasm', 'float32');
    const [f, samples] = [32, 4];
    const limit = SPARSE_MAX_DENSITY * f * samples;
    expect(limit).toBe(96);
    const x = wasm.allocate('float32', f * samples);
    for (const [nonzeros, skips] of [
      [limit, true],
      [limit + 1, false],
    ] as const) {
      x.fill(0).fill(0.5, 0, nonzeros);
      const input = wasm.input(x, f, samples);
      expect(input instanceof ArrayInput && input.skipsZeros, `${nonzeros} nonzeros`).toBe(skips);
    }
  });

  it('leaves an empty batch and a mislabelled X to gemm', () => {
    const wasm = getKernels('wasm', 'float32');
    const empty = wasm.input(wasm.allocate('float32', 0), 64, 0);
    expect(empty instanceof ArrayInput && !empty.skipsZeros).toBe(true);
    const dw = new Float32Array(3 * 64).fill(Number.NaN);
    empty.gradient(new Float32Array(0), 3, dw);
    expect(dw.every((v) => v === 0)).toBe(true);
    // 64 features × 4 samples of zeros, one float short or one long: the network refuses it; the
    // backend must not compress 256 floats of it (reading past a short X's end).
    for (const length of [255, 257]) {
      const input = wasm.input(wasm.allocate('float32', length), 64, 4);
      expect(input instanceof ArrayInput && !input.skipsZeros, `length ${length}`).toBe(true);
    }
  });

  it('sums each weight gradient of a sparse X over its nonzeros in sample order, past the dense gemm’s blocks', () => {
    // dW[u, f] = Σ over j with X[f, j] ≠ 0 of X[f, j]·dZ[u, j], in float32 in increasing j: the bits
    // of the zero-skipping kernel, for more samples (300) than the 256 the dense gemm sums at once.
    const wasm = getKernels('wasm', 'float32');
    const [f, samples, units] = [40, 300, 5];
    const rng = createRng(41);
    const x = wasm.allocate('float32', f * samples);
    for (let i = 0; i < x.length; i++) x[i] = rng.next() < 0.4 ? rng.normal() : 0;
    const dz = Float32Array.from({ length: units * samples }, () => rng.normal());
    const want = new Float32Array(units * f);
    for (let u = 0; u < units; u++) {
      for (let r = 0; r < f; r++) {
        let sum = 0;
        for (let j = 0; j < samples; j++) if (x[r * samples + j] !== 0) sum = Math.fround(sum + Math.fround(x[r * samples + j] * dz[u * samples + j]));
        want[u * f + r] = sum;
      }
    }
    const input = wasm.input(x, f, samples);
    expect(input instanceof ArrayInput && input.skipsZeros).toBe(true);
    const dw = new Float32Array(units * f);
    input.gradient(dz, units, dw);
    expect(bits(dw)).toEqual(bits(want));
  });

  it('reports the lists by feature as made only for the X whose zeros are skipped, once a gradient made them', () => {
    const wasm = getKernels('wasm', 'float32');
    const [f, samples, units] = [64, 8, 3];
    const x = wasm.allocate('float32', f * samples);
    x.fill(1);
    const input = wasm.input(x, f, samples) as ArrayInput;
    expect([input.skipsZeros, input.byFeatureBuilt]).toEqual([false, false]);
    x.fill(0).fill(1, 0, 40);
    expect(wasm.input(x, f, samples)).toBe(input);
    expect(input.skipsZeros).toBe(true);
    input.product(new Float32Array(units * f), units, new Float32Array(units * samples), true);
    expect(input.byFeatureBuilt).toBe(false);
    input.gradient(new Float32Array(units * samples), units, new Float32Array(units * f));
    expect(input.byFeatureBuilt).toBe(true);
    // The same buffer, now dense: the lists of its former values are not its own.
    x.fill(1);
    wasm.input(x, f, samples);
    expect([input.skipsZeros, input.byFeatureBuilt]).toEqual([false, false]);
  });
});
