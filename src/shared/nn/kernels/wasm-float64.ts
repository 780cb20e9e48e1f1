import type { DType, OptimizerName } from '../../schema/names';
import type { ResolvedActivation } from '../activations';
import { gatherColumns } from './gather-columns';
import { gemmInput, isNetworkInput } from './gemm-input';
import type { FloatArray, Kernels, NetworkInput, Summary } from './types';
import { WasmActivations } from './wasm-activations';
import { coreGemm, coreOptimizerStep, createWasmCore, type WasmCore } from './wasm-core';
import { DatasetInputs } from './wasm-dataset-inputs';
import type { DatasetLists } from './wasm-dataset-lists';
import type { KernelExports } from './wasm-module';
import { SparseScratch } from './wasm-sparse';
import { wrongDtypeMessage } from './wasm-staging';

// The WebAssembly SIMD backend for float64 (kernels in assembly/*64.ts). Its arrays are
// Float64Array views into its own wasm memory (wasm-arena.ts), like the float32 backend's; outside
// arrays are staged (wasm-staging.ts). Every result is bit-identical to the TypeScript backend's:
// each kernel repeats the ts loop's operations in its order (gemm64.ts says how the products do),
// with the project's own exp and tanh (math64.ts), and two lanes wherever ts's order allows.
// Training batches of a mostly-zero float32 dataset are picked from its lists and multiplied by
// their nonzeros only (sparse-product64.ts: the same bits for finite weights); an X given to
// `input` is multiplied densely.

export class WasmKernels64 implements Kernels {
  readonly name = 'wasm';
  private readonly core: WasmCore;
  private readonly k: KernelExports;
  private readonly activations: WasmActivations;
  /** Where summarize's kernel leaves its three float64. */
  private readonly summary: Float64Array;
  /** The batches inputRows picks from its dataset's lists, skipping their zeros. */
  private readonly datasetInputs: DatasetInputs;

  constructor() {
    this.core = createWasmCore('float64');
    const { k, arena, threads, staging } = this.core;
    this.k = k;
    this.activations = new WasmActivations(k, this.core.dtype, staging);
    this.summary = arena.float64(3);
    this.datasetInputs = new DatasetInputs({ kernels: this, k, arena, threads, staging, scratch: new SparseScratch(arena), double: true });
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
    const picked = this.datasetInputs.pick(source, features, rows, start, m, x);
    if (picked) return picked;
    gatherColumns(source, features, rows, start, m, x);
    return gemmInput(this, x, features, m);
  }

  /** The lists inputRows made of its dataset (null: none yet, or not worth keeping), for tests and reports. */
  get datasetLists(): DatasetLists | null {
    return this.datasetInputs.lists;
  }

  addBias(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
    const { staging } = this.core;
    this.k.addBias64(staging.write(z), staging.read(bias), rows, cols);
    staging.done();
  }

  sumColumns(matrix: FloatArray, rows: number, cols: number, out: FloatArray): void {
    const { staging } = this.core;
    this.k.sumColumns64(staging.read(matrix), rows, cols, staging.write(out));
    staging.done();
  }

  activationForward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    this.activations.forward(activation, z, a, rows, cols);
  }

  activationBackward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    this.activations.backward(activation, z, a, dA, dZ, rows, cols);
  }

  multiply(x: FloatArray, y: FloatArray, out: FloatArray): void {
    const { staging } = this.core;
    this.k.multiply64(staging.read(x), staging.read(y), staging.write(out), out.length);
    staging.done();
  }

  axpy(alpha: number, x: FloatArray, y: FloatArray): void {
    const { staging } = this.core;
    this.k.axpy64(alpha, staging.read(x), staging.write(y), y.length);
    staging.done();
  }

  scale(alpha: number, x: FloatArray): void {
    const { staging } = this.core;
    this.k.scale64(alpha, staging.write(x), x.length);
    staging.done();
  }

  sumSquares(x: FloatArray): number {
    const { staging } = this.core;
    const s = this.k.sumSquares64(staging.read(x), x.length);
    staging.done();
    return s;
  }

  sumSquaredDifferences(x: FloatArray, y: FloatArray): number {
    const { staging } = this.core;
    const s = this.k.sumSquaredDifferences64(staging.read(x), staging.read(y), x.length);
    staging.done();
    return s;
  }

  summarize(x: FloatArray, below: number, above: number): Summary {
    const { staging, arena } = this.core;
    this.k.summarize64(staging.read(x), x.length, below, above, arena.pointerOf(this.summary));
    staging.done();
    const summary = this.summary;
    return { sum: summary[0], sumSquares: summary[1], outside: summary[2] };
  }

  optimizerStep(name: OptimizerName, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], scalars: readonly number[]): void {
    coreOptimizerStep(this.core, name, param, grad, state, scalars);
  }
}
