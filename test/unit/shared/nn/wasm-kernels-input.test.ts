import { describe, expect, it } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { gemmInput } from '../../../../src/shared/nn/kernels/gemm-input';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';

// WasmKernels.input: which network input a backend makes of X. Its own inputs come back as they
// are, another backend's are remade from their values, an X in its memory gets one input per
// buffer (reused while the buffer is the same array), and an X from outside gets a plain gemm input.

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
});
