import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import { ACTIVATION_NAMES, DTYPES } from '../../../../src/shared/schema/names';

// The wasm backend's activations touch exactly rows × cols values of each array, in either dtype,
// and compute what ts computes there (the kernels' own accuracy is tested in kernels-wasm*.test.ts):
// arrays longer than the call keep their tail (the ts kernels of all but softmax map whole arrays),
// and linear copies.

describe('wasm activations', () => {
  for (const dtype of DTYPES) {
    it(`write rows × cols values and nothing past them, close to ts (${dtype})`, () => {
      const wasm = getKernels('wasm', dtype);
      const rows = 4;
      const cols = 3;
      const n = rows * cols;
      const make = (values: number[]) => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
      const z = make(Array.from({ length: n + 3 }, (_, i) => (i % 5) - 2.25));
      const dA = make(Array.from({ length: n + 3 }, (_, i) => 0.5 - (i % 4) * 0.375));
      for (const name of ACTIVATION_NAMES) {
        const activation = resolveActivation(name === 'leakyRelu' ? { name, slope: 0.125 } : name);
        const a = make(new Array(n + 3).fill(7));
        const a0 = make(new Array(n + 3).fill(7));
        wasm.activationForward(activation, z, a, rows, cols);
        tsKernels.activationForward(activation, z, a0, rows, cols);
        for (let i = 0; i < n; i++) expect(a[i], `${name} forward [${i}]`).toBeCloseTo(a0[i], 5);
        expect(Array.from(a.subarray(n)), name).toEqual([7, 7, 7]);
        const dZ = make(new Array(n + 3).fill(9));
        const dZ0 = make(new Array(n + 3).fill(9));
        wasm.activationBackward(activation, z, a0, dA, dZ, rows, cols);
        tsKernels.activationBackward(activation, z, a0, dA, dZ0, rows, cols);
        for (let i = 0; i < n; i++) expect(dZ[i], `${name} backward [${i}]`).toBeCloseTo(dZ0[i], 5);
        expect(Array.from(dZ.subarray(n)), name).toEqual([9, 9, 9]);
      }
    });
  }
});
