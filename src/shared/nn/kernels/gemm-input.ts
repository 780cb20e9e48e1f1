import type { FloatArray, Kernels, NetworkInput } from './types';

// The plain network input: X itself, its products the backend's gemm. What the ts backend always
// makes, and the wasm one for an X whose zeros do not pay to skip.

export function gemmInput(kernels: Kernels, x: FloatArray, features: number, m: number): NetworkInput {
  return {
    kernels,
    features,
    m,
    length: x.length,
    dense: x,
    product: (w, units, z) => kernels.gemm(false, false, units, m, features, 1, w, x, 0, z),
    gradient: (dz, units, dw) => kernels.gemm(false, true, units, features, m, 1, dz, x, 0, dw),
  };
}

/** Whether `x` is an input made already rather than X's values. */
export function isNetworkInput(x: FloatArray | NetworkInput): x is NetworkInput {
  return !ArrayBuffer.isView(x);
}
