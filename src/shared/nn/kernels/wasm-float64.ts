import type { DType, OptimizerName } from '../../schema/names';
import type { ResolvedActivation } from '../activations';
import { gatherColumns } from './gather-columns';
import { gemmInput, isNetworkInput } from './gemm-input';
import { tsKernels } from './ts';
import type { FloatArray, Kernels, NetworkInput, Summary } from './types';
import { coreGemm, createWasmCore, type WasmCore } from './wasm-core';
import { wrongDtypeMessage } from './wasm-staging';

// The WebAssembly SIMD backend for float64. Its arrays are Float64Array views into its own wasm
// memory (wasm-arena.ts), like the float32 backend's, and gemm runs there on f64x2 lanes
// (assembly/gemm64.ts), on the helper threads when it pays. Every result is bit-identical to the
// TypeScript backend's: gemm sums in the same order (see gemm64.ts), and the kernels not compiled
// to wasm are the TypeScript backend's own loops, run on the same views.

export class WasmKernels64 implements Kernels {
  readonly name = 'wasm';
  private readonly core: WasmCore;

  constructor() {
    this.core = createWasmCore('float64');
  }

  /** Splits large calls across helper threads when the host has configured them. */
  get threads() {
    return this.core.threads;
  }

  allocate(dtype: DType, length: number): FloatArray {
    if (dtype !== 'float64') throw new Error(wrongDtypeMessage('float64'));
    return this.core.arena.float64(length);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, beta: number, c: FloatArray): void {
    coreGemm(this.core, transA, transB, m, n, k, alpha, a, b, beta, c);
  }

  input(x: FloatArray | NetworkInput, features: number, m: number): NetworkInput {
    if (isNetworkInput(x)) {
      if (x.kernels === this) return x;
      x = x.dense;
    }
    return gemmInput(this, x, features, m);
  }

  inputRows(source: FloatArray, features: number, rows: Int32Array, start: number, m: number, x: FloatArray): NetworkInput {
    gatherColumns(source, features, rows, start, m, x);
    return gemmInput(this, x, features, m);
  }

  addBias(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
    tsKernels.addBias(z, bias, rows, cols);
  }

  sumColumns(matrix: FloatArray, rows: number, cols: number, out: FloatArray): void {
    tsKernels.sumColumns(matrix, rows, cols, out);
  }

  activationForward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    tsKernels.activationForward(activation, z, a, rows, cols);
  }

  activationBackward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    tsKernels.activationBackward(activation, z, a, dA, dZ, rows, cols);
  }

  multiply(x: FloatArray, y: FloatArray, out: FloatArray): void {
    tsKernels.multiply(x, y, out);
  }

  axpy(alpha: number, x: FloatArray, y: FloatArray): void {
    tsKernels.axpy(alpha, x, y);
  }

  scale(alpha: number, x: FloatArray): void {
    tsKernels.scale(alpha, x);
  }

  sumSquares(x: FloatArray): number {
    return tsKernels.sumSquares(x);
  }

  sumSquaredDifferences(x: FloatArray, y: FloatArray): number {
    return tsKernels.sumSquaredDifferences(x, y);
  }

  summarize(x: FloatArray, below: number, above: number): Summary {
    return tsKernels.summarize(x, below, above);
  }

  optimizerStep(name: OptimizerName, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], scalars: readonly number[]): void {
    tsKernels.optimizerStep(name, param, grad, state, scalars);
  }
}
