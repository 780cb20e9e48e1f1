import type { ActivationName, DType, OptimizerName } from '../../schema/names';
import type { ResolvedActivation } from '../activations';
import type { FloatArray, Kernels, Summary } from './types';
import { WasmArena } from './wasm-arena';
import { createKernelMemory, instantiateKernels, kernelModule, type KernelExports } from './wasm-module';
import { DatasetLists, PickedBatch } from './wasm-dataset-lists';
import { SPARSE_MAX_DENSITY, SparseInput, sparseInputPays } from './wasm-sparse';
import { GEMM_JOB } from './wasm-job-gemm';
import { OPTIMIZER_STEP_JOB } from './wasm-job-optimizer-step';
import { KernelThreads } from './wasm-threads';

// The WebAssembly SIMD backend for float32 (kernels in assembly/*.ts). Arrays it allocates live in
// its own wasm memory (see wasm-arena.ts) and are handed to the kernels as pointers, with no copy.
// Any other Float32Array still works: it is copied into a staging area for the call and, if the
// kernel writes it, copied back — correct, just slower, for callers such as tests or a predict
// over user data. Float64 arrays are refused: float64 stays on the TypeScript backend
// (getKernels decides; see kernels/index.ts).

export const WASM_FLOAT32_ONLY =
  'The "wasm" kernel backend computes in float32 only; set training.dtype to "float32", or training.backend to "auto" or "ts" for float64.';

/** First memory size: the gemm workspace and a small network fit without growing. */
const INITIAL_PAGES = 32;
/** Arrays (param, grad and state) and float64 scalars an optimizer's kernel may take. */
const STEP_ARRAYS = 8;
const STEP_SCALARS = 16;

type ActivationKernels = {
  forward(z: number, a: number, rows: number, cols: number, slope: number): void;
  /** `z` is only read by the ReLU family, `a` by the others. */
  backward(z: number, a: number, dA: number, dZ: number, rows: number, cols: number, slope: number): void;
};

function activationKernels(k: KernelExports): Record<Exclude<ActivationName, 'linear'>, ActivationKernels> {
  return {
    sigmoid: {
      forward: (z, a, rows, cols) => k.sigmoidForward(z, a, rows * cols),
      backward: (_z, a, dA, dZ, rows, cols) => k.sigmoidBackward(a, dA, dZ, rows * cols),
    },
    tanh: {
      forward: (z, a, rows, cols) => k.tanhForward(z, a, rows * cols),
      backward: (_z, a, dA, dZ, rows, cols) => k.tanhBackward(a, dA, dZ, rows * cols),
    },
    relu: {
      forward: (z, a, rows, cols) => k.leakyReluForward(z, a, rows * cols, 0),
      backward: (z, _a, dA, dZ, rows, cols) => k.leakyReluBackward(z, dA, dZ, rows * cols, 0),
    },
    leakyRelu: {
      forward: (z, a, rows, cols, slope) => k.leakyReluForward(z, a, rows * cols, slope),
      backward: (z, _a, dA, dZ, rows, cols, slope) => k.leakyReluBackward(z, dA, dZ, rows * cols, slope),
    },
    softmax: {
      forward: (z, a, rows, cols) => k.softmaxForward(z, a, rows, cols),
      backward: (_z, a, dA, dZ, rows, cols) => k.softmaxBackward(a, dA, dZ, rows, cols),
    },
  };
}

export class WasmKernels implements Kernels {
  readonly name = 'wasm';
  private readonly arena: WasmArena;
  private readonly k: KernelExports;
  private readonly activations: Record<Exclude<ActivationName, 'linear'>, ActivationKernels>;
  /** Scratch for gemm's packed panels. */
  private readonly work: number;
  /** Where summarize's kernel leaves its three float64. */
  private readonly summary: number;
  /** An optimizer step's arguments: its arrays' pointers and its scalars. */
  private readonly stepArrays: Int32Array;
  private readonly stepScalars: Float64Array;
  /** Splits large calls across helper threads when the host has configured them. */
  readonly threads: KernelThreads;
  /** The network input in zero-skipping form, when it is sparse enough (see wasm-sparse.ts). */
  private readonly sparse: SparseInput;
  /** The first source pickInput saw, and its lists (null: not worth keeping). */
  private dataset: { source: FloatArray; lists: DatasetLists | null } | null = null;
  /** The X buffers pickInput has loaded, by pointer, with the batch each holds. */
  private readonly picked = new Map<number, PickedBatch>();
  /** Staging area for arrays from outside the memory, reused by every call. */
  private staging = 0;
  private stagingBytes = 0;
  private stagingUsed = 0;
  /** Staged arrays the current call writes, with their staging offsets: copied back by `done`. */
  private readonly writeBack: [Float32Array, number][] = [];

  constructor() {
    const memory = createKernelMemory(INITIAL_PAGES);
    this.k = instantiateKernels(memory);
    this.arena = new WasmArena(memory, this.k.heapBase());
    this.activations = activationKernels(this.k);
    this.work = this.arena.reserve(this.k.gemmWorkspaceBytes());
    this.threads = new KernelThreads(this.k, kernelModule(), memory, this.arena, this.work);
    this.sparse = new SparseInput(this.k, this.arena, this.threads);
    this.summary = this.arena.reserve(3 * 8);
    this.stepArrays = this.arena.int32View(this.arena.reserve(STEP_ARRAYS * 4), STEP_ARRAYS);
    this.stepScalars = this.arena.float64View(this.arena.reserve(STEP_SCALARS * 8), STEP_SCALARS);
  }

  allocate(dtype: DType, length: number): FloatArray {
    if (dtype !== 'float32') throw new Error(WASM_FLOAT32_ONLY);
    return this.arena.float32(length);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, beta: number, c: FloatArray): void {
    const pa = this.read(a);
    const pb = this.read(b);
    const pc = this.write(c);
    // Checked first: most calls of a small network stop here, so they pay for no job object.
    if (this.threads.mayShare(m * n * k)) this.threads.run(GEMM_JOB, { transA, transB, m, n, k, alpha, a: pa, b: pb, beta, c: pc });
    else this.k.gemm(transA, transB, m, n, k, alpha, pa, pb, beta, pc, 0, m, 0, n, this.work);
    this.done();
  }

  compressInput(x: FloatArray, features: number, m: number): boolean {
    // Only arrays in the memory: a staged copy would not outlive this call.
    const pointer = this.arena.pointerOf(x);
    if (pointer < 0) return false;
    const batch = this.picked.get(pointer);
    if (batch && batch.m === m && batch.lists.features === features) {
      this.sparse.use(batch);
      return true;
    }
    return this.sparse.compress(pointer, features, m);
  }

  /** The lists pickInput made of its dataset (null: none yet, or not worth keeping), for tests and reports. */
  get datasetLists(): DatasetLists | null {
    return this.dataset?.lists ?? null;
  }

  pickInput(source: FloatArray, features: number, rows: Int32Array, start: number, m: number, x: FloatArray): boolean {
    const pointer = this.arena.pointerOf(x);
    if (pointer < 0 || x.length !== features * m) return false;
    // Only the first source gets lists: a backend serves one run, and lists are never freed.
    this.dataset ??= {
      source,
      lists: source instanceof Float32Array && sparseInputPays(features) ? DatasetLists.build(this.arena, source, features, SPARSE_MAX_DENSITY, this.threads) : null,
    };
    const lists = this.dataset.source === source ? this.dataset.lists : null;
    if (!lists || lists.features !== features) return false;
    let batch = this.picked.get(pointer);
    if (!batch) this.picked.set(pointer, (batch = new PickedBatch(this.arena, lists)));
    batch.pick(rows, start, m);
    return true;
  }

  inputProduct(w: FloatArray, units: number, z: FloatArray, gradientFollows?: boolean): void {
    this.sparse.product(this.read(w), units, this.write(z), gradientFollows);
    this.done();
  }

  inputGradient(dz: FloatArray, units: number, dw: FloatArray): void {
    this.sparse.gradient(this.read(dz), units, this.write(dw));
    this.done();
  }

  addBias(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
    this.k.addBias(this.write(z), this.read(bias), rows, cols);
    this.done();
  }

  sumColumns(matrix: FloatArray, rows: number, cols: number, out: FloatArray): void {
    this.k.sumColumns(this.read(matrix), rows, cols, this.write(out));
    this.done();
  }

  activationForward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    if (activation.name === 'linear') {
      a.set(z.subarray(0, rows * cols));
      return;
    }
    this.activations[activation.name].forward(this.read(z), this.write(a), rows, cols, activation.slope);
    this.done();
  }

  activationBackward(
    activation: ResolvedActivation,
    z: FloatArray,
    a: FloatArray,
    dA: FloatArray,
    dZ: FloatArray,
    rows: number,
    cols: number,
  ): void {
    if (activation.name === 'linear') {
      dZ.set(dA.subarray(0, rows * cols));
      return;
    }
    this.activations[activation.name].backward(this.read(z), this.read(a), this.read(dA), this.write(dZ), rows, cols, activation.slope);
    this.done();
  }

  multiply(x: FloatArray, y: FloatArray, out: FloatArray): void {
    this.k.multiply(this.read(x), this.read(y), this.write(out), out.length);
    this.done();
  }

  axpy(alpha: number, x: FloatArray, y: FloatArray): void {
    this.k.axpy(alpha, this.read(x), this.write(y), y.length);
    this.done();
  }

  scale(alpha: number, x: FloatArray): void {
    this.k.scale(alpha, this.write(x), x.length);
    this.done();
  }

  sumSquares(x: FloatArray): number {
    const s = this.k.sumSquares(this.read(x), x.length);
    this.done();
    return s;
  }

  sumSquaredDifferences(x: FloatArray, y: FloatArray): number {
    const s = this.k.sumSquaredDifferences(this.read(x), this.read(y), x.length);
    this.done();
    return s;
  }

  summarize(x: FloatArray, below: number, above: number): Summary {
    this.k.summarize(this.read(x), x.length, below, above, this.summary);
    this.done();
    const [sum, sumSquares, outside] = this.arena.float64View(this.summary, 3);
    return { sum, sumSquares, outside };
  }

  optimizerStep(name: OptimizerName, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], scalars: readonly number[]): void {
    if (2 + state.length > STEP_ARRAYS || scalars.length > STEP_SCALARS) {
      throw new Error(`The optimizer "${name}" takes more state arrays or scalars than the wasm backend passes (${STEP_ARRAYS - 2} and ${STEP_SCALARS}).`);
    }
    const arrays = this.stepArrays;
    arrays[0] = this.write(param);
    arrays[1] = this.read(grad);
    for (let i = 0; i < state.length; i++) arrays[2 + i] = this.write(state[i]);
    this.stepScalars.set(scalars);
    this.threads.run(OPTIMIZER_STEP_JOB, { optimizer: name, arrays: arrays.byteOffset, scalars: this.stepScalars.byteOffset, n: param.length });
    this.done();
  }

  /** Pointer to an array the kernel only reads. */
  private read(array: FloatArray): number {
    const pointer = this.arena.pointerOf(array);
    if (pointer >= 0) {
      if (this.picked.size !== 0) this.writeDense(pointer);
      return pointer;
    }
    const offset = this.stage(array);
    this.arena.view(offset, array.length).set(array);
    return offset;
  }

  /** Pointer to an array the kernel writes (and may read first). */
  private write(array: FloatArray): number {
    const pointer = this.arena.pointerOf(array);
    if (pointer >= 0) {
      if (this.picked.size !== 0) {
        // Once written, it no longer holds the picked batch.
        this.writeDense(pointer);
        this.picked.delete(pointer);
      }
      return pointer;
    }
    const offset = this.read(array);
    this.writeBack.push([array as Float32Array, offset]);
    return offset;
  }

  /** Writes the values of a picked X (features × m) at `pointer`, if it is one and they are not there yet. */
  private writeDense(pointer: number): void {
    const batch = this.picked.get(pointer);
    if (!batch || batch.dense) return;
    const { lists } = batch;
    this.k.expandListsTransposed(batch.begins, batch.ends, lists.index, lists.value, lists.palette, batch.m, lists.features, pointer);
    batch.dense = true;
  }

  private stage(array: FloatArray): number {
    if (!(array instanceof Float32Array)) throw new Error(WASM_FLOAT32_ONLY);
    const bytes = Math.ceil((array.length * 4) / 16) * 16;
    if (this.stagingUsed + bytes > this.stagingBytes) {
      // Earlier staged arrays of this call keep their (old) region; later calls use the new one.
      this.stagingBytes = Math.max(2 * this.stagingBytes, 2 * (this.stagingUsed + bytes), 1 << 16);
      this.staging = this.arena.reserve(this.stagingBytes);
      this.stagingUsed = 0;
    }
    const offset = this.staging + this.stagingUsed;
    this.stagingUsed += bytes;
    return offset;
  }

  /** Ends a call: copies staged outputs back to their arrays and frees the staging area. */
  private done(): void {
    if (this.stagingUsed === 0) return;
    for (const [array, offset] of this.writeBack) array.set(this.arena.view(offset, array.length));
    this.writeBack.length = 0;
    this.stagingUsed = 0;
  }
}

/** A new WebAssembly backend with its own memory: one per network, so its buffers are freed with it. */
export function createWasmKernels(): WasmKernels {
  return new WasmKernels();
}
