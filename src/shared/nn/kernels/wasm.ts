import type { DType, OptimizerName } from '../../schema/names';
import type { ResolvedActivation } from '../activations';
import { gatherColumns } from './gather-columns';
import { gemmInput, isNetworkInput } from './gemm-input';
import type { FloatArray, Kernels, NetworkInput, Summary } from './types';
import { WasmActivations } from './wasm-activations';
import type { WasmArena } from './wasm-arena';
import { DatasetInputs } from './wasm-dataset-inputs';
import type { DatasetLists } from './wasm-dataset-lists';
import { ArrayInput, type InputContext } from './wasm-input';
import { coreGemm, coreOptimizerStep, createWasmCore, type WasmCore } from './wasm-core';
import type { KernelExports } from './wasm-module';
import { SparseScratch } from './wasm-sparse';
import { wrongDtypeMessage, type WasmStaging } from './wasm-staging';
import type { KernelThreads } from './wasm-threads';

// The WebAssembly SIMD backend for float32 (kernels in assembly/*.ts). Arrays it allocates live in
// its own wasm memory (see wasm-arena.ts) and are handed to the kernels as pointers, with no copy;
// any other Float32Array is staged for the call (wasm-staging.ts). Float64 has a backend of its
// own (wasm-float64.ts); getKernels picks by dtype (kernels/index.ts).

export class WasmKernels implements Kernels {
  readonly name = 'wasm';
  private readonly core: WasmCore;
  private readonly arena: WasmArena;
  private readonly k: KernelExports;
  private readonly activations: WasmActivations;
  /**
   * Where summarize's kernel leaves its three float64, and a view of them made once: running
   * diagnostics summarize every layer at every step, and a view per call was most of the garbage
   * a small network's step made.
   */
  private readonly summary: Float64Array;
  private readonly summaryPointer: number;
  /** Splits large calls across helper threads when the host has configured them. */
  readonly threads: KernelThreads;
  /** Arrays from outside the memory, copied in for a call. */
  private readonly staging: WasmStaging;
  /** What this backend's network inputs share. */
  private readonly inputContext: InputContext;
  /** The batches inputRows picks from its dataset's lists. */
  private readonly datasetInputs: DatasetInputs;
  /** The inputs made of X buffers in the memory, by pointer. */
  private readonly arrayInputs = new Map<number, ArrayInput>();

  constructor() {
    this.core = createWasmCore('float32');
    ({ k: this.k, arena: this.arena, threads: this.threads, staging: this.staging } = this.core);
    this.activations = new WasmActivations(this.k, this.core.dtype, this.staging);
    this.inputContext = { kernels: this, k: this.k, arena: this.arena, threads: this.threads, staging: this.staging, scratch: new SparseScratch(this.arena), double: false };
    this.datasetInputs = new DatasetInputs(this.inputContext);
    this.summary = this.arena.float64(3);
    this.summaryPointer = this.arena.pointerOf(this.summary);
  }

  allocate(dtype: DType, length: number): FloatArray {
    if (dtype !== 'float32') throw new Error(wrongDtypeMessage('float32'));
    return this.arena.float32(length);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, beta: number, c: FloatArray): void {
    coreGemm(this.core, transA, transB, m, n, k, alpha, a, b, beta, c);
  }

  input(x: FloatArray | NetworkInput, features: number, m: number): NetworkInput {
    if (isNetworkInput(x)) {
      if (x.kernels === this) return x;
      x = x.dense;
    }
    // Only arrays in the memory may be compressed: a staged copy would not outlive this call.
    const pointer = this.arena.pointerOf(x);
    if (pointer < 0) return gemmInput(this, x, features, m);
    let input = this.arrayInputs.get(pointer);
    if (!input || input.dense !== x) this.arrayInputs.set(pointer, (input = new ArrayInput(this.inputContext, x, pointer)));
    return input.load(features, m);
  }

  inputRows(source: FloatArray, features: number, rows: Int32Array, start: number, m: number, x: FloatArray): NetworkInput {
    const picked = this.datasetInputs.pick(source, features, rows, start, m, x);
    if (picked) return picked;
    gatherColumns(source, features, rows, start, m, x);
    return this.input(x, features, m);
  }

  /** The lists inputRows made of its dataset (null: none yet, or not worth keeping), for tests and reports. */
  get datasetLists(): DatasetLists | null {
    return this.datasetInputs.lists;
  }

  addBias(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
    this.k.addBias(this.staging.write(z), this.staging.read(bias), rows, cols);
    this.staging.done();
  }

  sumColumns(matrix: FloatArray, rows: number, cols: number, out: FloatArray): void {
    this.k.sumColumns(this.staging.read(matrix), rows, cols, this.staging.write(out));
    this.staging.done();
  }

  activationForward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    this.activations.forward(activation, z, a, rows, cols);
  }

  activationBackward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    this.activations.backward(activation, z, a, dA, dZ, rows, cols);
  }

  multiply(x: FloatArray, y: FloatArray, out: FloatArray): void {
    this.k.multiply(this.staging.read(x), this.staging.read(y), this.staging.write(out), out.length);
    this.staging.done();
  }

  axpy(alpha: number, x: FloatArray, y: FloatArray): void {
    this.k.axpy(alpha, this.staging.read(x), this.staging.write(y), y.length);
    this.staging.done();
  }

  scale(alpha: number, x: FloatArray): void {
    this.k.scale(alpha, this.staging.write(x), x.length);
    this.staging.done();
  }

  sumSquares(x: FloatArray): number {
    const s = this.k.sumSquares(this.staging.read(x), x.length);
    this.staging.done();
    return s;
  }

  sumSquaredDifferences(x: FloatArray, y: FloatArray): number {
    const s = this.k.sumSquaredDifferences(this.staging.read(x), this.staging.read(y), x.length);
    this.staging.done();
    return s;
  }

  summarize(x: FloatArray, below: number, above: number): Summary {
    this.k.summarize(this.staging.read(x), x.length, below, above, this.summaryPointer);
    this.staging.done();
    const summary = this.summary;
    return { sum: summary[0], sumSquares: summary[1], outside: summary[2] };
  }

  optimizerStep(name: OptimizerName, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], scalars: readonly number[]): void {
    coreOptimizerStep(this.core, name, param, grad, state, scalars);
  }
}

/** A new WebAssembly backend with its own memory: one per network, so its buffers are freed with it. */
export function createWasmKernels(): WasmKernels {
  return new WasmKernels();
}
