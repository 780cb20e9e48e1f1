import { describe, expect, it } from 'vitest';
import { gatherColumns } from '../../../../src/shared/nn/kernels/gather-columns';
import { gemmInput } from '../../../../src/shared/nn/kernels/gemm-input';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { WasmKernels64 } from '../../../../src/shared/nn/kernels/wasm-float64';
import { PickedInput } from '../../../../src/shared/nn/kernels/wasm-input';
import { KernelThreads } from '../../../../src/shared/nn/kernels/wasm-threads';
import { createRng } from '../../../../src/shared/nn/rng';

// The float64 wasm backend's own surface (its kernels' bits are kernels-wasm-float64.test.ts's):
// its name, what it allocates and refuses, its helper threads, which network input it makes of an X
// (its own inputs as they are, another backend's remade from their values), and that a batch of a
// mostly-zero dataset is picked from its lists — X written only when read — while any other is
// gathered into X.

const bytes = (array: Float32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

describe('the float64 wasm backend', () => {
  it('is named "wasm", allocates zeroed float64 in its memory and refuses float32 with the message', () => {
    const kernels = new WasmKernels64();
    expect(kernels.name).toBe('wasm');
    const array = kernels.allocate('float64', 5);
    expect(array).toBeInstanceOf(Float64Array);
    expect(Array.from(array)).toEqual([0, 0, 0, 0, 0]);
    expect(() => kernels.allocate('float32', 5)).toThrow(
      'This "wasm" kernel backend computes in float64 (one backend per network, made for its training.dtype); it was given float32 values.',
    );
  });

  it('has its own helper threads, none of whose calls ran yet', () => {
    const kernels = new WasmKernels64();
    expect(kernels.threads).toBeInstanceOf(KernelThreads);
    expect(kernels.threads).not.toBe(new WasmKernels64().threads);
    expect(kernels.threads.calls).toBe(0);
  });

  describe('input', () => {
    const [features, m, units] = [3, 2, 2];
    const w = Float64Array.of(1, 2, 3, -1, 0.5, 0.25);
    const values = [1, 0, 2, 0, 0.1, 4];
    const expected = new Float64Array(units * m);
    tsKernels.gemm(false, false, units, m, features, 1, w, Float64Array.from(values), 0, expected);

    it('makes an input of an X, in its memory or not, that computes W·X and X·dZᵀ to the ts bits, and returns its own inputs as they are', () => {
      const kernels = new WasmKernels64();
      const inMemory = kernels.allocate('float64', features * m);
      inMemory.set(values);
      for (const x of [inMemory, Float64Array.from(values)]) {
        const input = kernels.input(x, features, m);
        expect(input.kernels).toBe(kernels);
        expect(input.dense).toBe(x);
        expect([input.features, input.m, input.length]).toEqual([features, m, 6]);
        expect(kernels.input(input, features, m)).toBe(input);
        const z = new Float64Array(units * m);
        input.product(w, units, z);
        expect(bytes(z).equals(bytes(expected))).toBe(true);
        const dz = Float64Array.of(1, -2, 0.5, 3);
        const dw = new Float64Array(units * features);
        const wantDw = new Float64Array(units * features);
        input.gradient(dz, units, dw);
        tsKernels.gemm(false, true, units, features, m, 1, dz, Float64Array.from(values), 0, wantDw);
        expect(bytes(dw).equals(bytes(wantDw))).toBe(true);
      }
    });

    it('remakes another backend’s input (another float64 backend’s too) from its values', () => {
      const kernels = new WasmKernels64();
      const x = Float64Array.from(values);
      for (const foreign of [gemmInput(tsKernels, x, features, m), new WasmKernels64().input(x, features, m)]) {
        const input = kernels.input(foreign, features, m);
        expect(input).not.toBe(foreign);
        expect(input.kernels).toBe(kernels);
        expect(input.dense).toBe(x);
        const z = new Float64Array(units * m);
        input.product(w, units, z);
        expect(bytes(z).equals(bytes(expected))).toBe(true);
      }
    });
  });

  describe('inputRows', () => {
    // 40 features (wide enough for lists), 16 rows, about 1 in 5 nonzero.
    const [features, rows, m] = [40, 16, 6];
    const rng = createRng(41);
    const source = Float32Array.from({ length: rows * features }, () => (rng.next() < 0.2 ? rng.normal() : 0));
    const order = Int32Array.from({ length: rows }, (_, i) => (7 * i) % rows);
    const gathered = (from: Float32Array, start: number) => {
      const want = new Float64Array(features * m);
      gatherColumns(from, features, order, start, m, want);
      return want;
    };

    it('picks a batch of a mostly-zero float32 dataset from its lists: X is written when first read, with the gathered values', () => {
      const kernels = new WasmKernels64();
      const x = kernels.allocate('float64', features * m).fill(Number.NaN);
      const input = kernels.inputRows(source, features, order, m, m, x);
      expect(input).toBeInstanceOf(PickedInput);
      expect(input.kernels).toBe(kernels);
      expect(kernels.datasetLists?.features).toBe(features);
      // Not gathered: X still holds what was there.
      expect(Array.from(x).every(Number.isNaN)).toBe(true);
      expect(input.dense).toBe(x);
      expect(bytes(x).equals(bytes(gathered(source, m)))).toBe(true);
    });

    it('gathers a batch into an X outside its memory, and makes a plain input of it', () => {
      const kernels = new WasmKernels64();
      const x = new Float64Array(features * m).fill(Number.NaN);
      const input = kernels.inputRows(source, features, order, 0, m, x);
      expect(input).not.toBeInstanceOf(PickedInput);
      expect(input.kernels).toBe(kernels);
      expect(input.dense).toBe(x);
      expect(bytes(x).equals(bytes(gathered(source, 0)))).toBe(true);
      const w = Float64Array.from({ length: 2 * features }, (_, i) => (i % 7) - 3);
      const z = new Float64Array(2 * m);
      const want = new Float64Array(2 * m);
      input.product(w, 2, z);
      tsKernels.gemm(false, false, 2, m, features, 1, w, gathered(source, 0), 0, want);
      expect(bytes(z).equals(bytes(want))).toBe(true);
    });
  });
});
