import type { ActivationName, DType } from '../../schema/names';
import type { ResolvedActivation } from '../activations';
import type { FloatArray } from './types';
import type { KernelExports } from './wasm-module';
import type { WasmStaging } from './wasm-staging';

// Kernels.activationForward and activationBackward on a wasm backend: the registry's activations
// (src/shared/nn/activations.ts) mapped to the kernels of the backend's dtype —
// assembly/activations.ts in float32, activations64.ts in float64, which take the same arguments.
// linear is a copy.

type Kernel = {
  forward(z: number, a: number, rows: number, cols: number, slope: number): void;
  /** `z` is only read by the ReLU family, `a` by the others. */
  backward(z: number, a: number, dA: number, dZ: number, rows: number, cols: number, slope: number): void;
};

function kernelsOf(k: KernelExports, dtype: DType): Record<Exclude<ActivationName, 'linear'>, Kernel> {
  const suffix = dtype === 'float64' ? '64' : '';
  const sigmoidForward = k[`sigmoidForward${suffix}`];
  const sigmoidBackward = k[`sigmoidBackward${suffix}`];
  const tanhForward = k[`tanhForward${suffix}`];
  const tanhBackward = k[`tanhBackward${suffix}`];
  const leakyReluForward = k[`leakyReluForward${suffix}`];
  const leakyReluBackward = k[`leakyReluBackward${suffix}`];
  const softmaxForward = k[`softmaxForward${suffix}`];
  const softmaxBackward = k[`softmaxBackward${suffix}`];
  return {
    sigmoid: {
      forward: (z, a, rows, cols) => sigmoidForward(z, a, rows * cols),
      backward: (_z, a, dA, dZ, rows, cols) => sigmoidBackward(a, dA, dZ, rows * cols),
    },
    tanh: {
      forward: (z, a, rows, cols) => tanhForward(z, a, rows * cols),
      backward: (_z, a, dA, dZ, rows, cols) => tanhBackward(a, dA, dZ, rows * cols),
    },
    relu: {
      forward: (z, a, rows, cols) => leakyReluForward(z, a, rows * cols, 0, 1),
      backward: (z, _a, dA, dZ, rows, cols) => leakyReluBackward(z, dA, dZ, rows * cols, 0, 1),
    },
    leakyRelu: {
      forward: (z, a, rows, cols, slope) => leakyReluForward(z, a, rows * cols, slope, 0),
      backward: (z, _a, dA, dZ, rows, cols, slope) => leakyReluBackward(z, dA, dZ, rows * cols, slope, 0),
    },
    softmax: {
      forward: (z, a, rows, cols) => softmaxForward(z, a, rows, cols),
      backward: (_z, a, dA, dZ, rows, cols) => softmaxBackward(a, dA, dZ, rows, cols),
    },
  };
}

export class WasmActivations {
  private readonly kernels: Record<Exclude<ActivationName, 'linear'>, Kernel>;

  constructor(
    k: KernelExports,
    dtype: DType,
    private readonly staging: WasmStaging,
  ) {
    this.kernels = kernelsOf(k, dtype);
  }

  forward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    if (activation.name === 'linear') {
      a.set(z.subarray(0, rows * cols));
      return;
    }
    const { staging } = this;
    this.kernels[activation.name].forward(staging.read(z), staging.write(a), rows, cols, activation.slope);
    staging.done();
  }

  backward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    if (activation.name === 'linear') {
      dZ.set(dA.subarray(0, rows * cols));
      return;
    }
    const { staging } = this;
    this.kernels[activation.name].backward(staging.read(z), staging.read(a), staging.read(dA), staging.write(dZ), rows, cols, activation.slope);
    staging.done();
  }
}
