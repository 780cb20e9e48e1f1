import type { DType, OptimizerName } from '../../schema/names';
import type { ResolvedActivation } from '../activations';
import type { FloatArray } from '../float-array';

// The one interface between the maths of the network and the loops that run it. network.ts,
// train.ts and optimizers.ts never loop over elements themselves; they call these methods on flat
// row-major typed arrays, one allocation per buffer. A faster backend (WebAssembly SIMD) replaces
// the loops by implementing this interface; the network code does not change.

/** Storage of every matrix and vector in the core, row-major (defined apart so activations.ts can use it). */
export type { FloatArray } from '../float-array';

export interface Kernels {
  /** Backend name, as chosen by `training.backend` ("ts" or "wasm"). */
  readonly name: string;

  /**
   * A new zeroed array for a network buffer. The arrays a backend allocates are the ones it runs
   * fastest on: the wasm backend places them in its own memory so its kernels need no copy.
   */
  allocate(dtype: DType, length: number): FloatArray;

  /**
   * C = alpha·op(A)·op(B) + beta·C, all row-major and contiguous. op(A) is m×k (A is k×m when
   * transA), op(B) is k×n (B is n×k when transB), C is m×n. beta = 0 overwrites C, so stale NaNs
   * in C never leak into the result.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: FloatArray,
    b: FloatArray,
    beta: number,
    c: FloatArray,
  ): void;

  /**
   * X (features × m) as the network's input, read by the input's products from now on (X must not
   * change while they are used). An input this backend made is returned as it is. The backend may
   * keep X in a form of its own: the wasm one skips the zeros of a mostly-zero X.
   */
  input(x: FloatArray | NetworkInput, features: number, m: number): NetworkInput;

  /**
   * Rows rows[start … start + m − 1] of `source` (the dataset: one row of `features` values per
   * sample) as the input X, whose values are written into `x` (features × m) — or left in a form
   * of the whole dataset the backend keeps, until `dense` is read: the wasm backend picks a batch
   * from lists it made of the first source it was given, instead of gathering and compressing it.
   */
  inputRows(source: FloatArray, features: number, rows: Int32Array, start: number, m: number, x: FloatArray): NetworkInput;

  /** Z[i, j] += bias[i] on a rows×cols matrix: unit i's bias added to every sample column. */
  addBias(z: FloatArray, bias: FloatArray, rows: number, cols: number): void;

  /** out[i] = Σ_j M[i, j] over the cols columns of a rows×cols matrix (db = Σ over samples of dZ). */
  sumColumns(matrix: FloatArray, rows: number, cols: number, out: FloatArray): void;

  /** A = g(Z) for a rows×cols matrix whose columns are samples (softmax normalizes each column). */
  activationForward(activation: ResolvedActivation, z: FloatArray, a: FloatArray, rows: number, cols: number): void;

  /** dZ = ∂E/∂Z from dA = ∂E/∂A, given the Z and A = g(Z) of the forward pass. */
  activationBackward(
    activation: ResolvedActivation,
    z: FloatArray,
    a: FloatArray,
    dA: FloatArray,
    dZ: FloatArray,
    rows: number,
    cols: number,
  ): void;

  /** out[i] = x[i]·y[i] (out may be x or y). */
  multiply(x: FloatArray, y: FloatArray, out: FloatArray): void;

  /** y[i] += alpha·x[i]. */
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;

  /** x[i] *= alpha. */
  scale(alpha: number, x: FloatArray): void;

  /** Σ x[i]², accumulated in float64 whatever the storage. */
  sumSquares(x: FloatArray): number;

  /** Σ (x[i] − y[i])², accumulated in float64. */
  sumSquaredDifferences(x: FloatArray, y: FloatArray): number;

  /**
   * Σ x[i], Σ x[i]² (in float64) and how many x[i] lie below `below` or above `above` (NaN:
   * neither): the summary of a layer's activations that the run diagnostics keep.
   */
  summarize(x: FloatArray, below: number, above: number): Summary;

  /**
   * One update of a parameter tensor by optimizer `name`, whose registry entry (optimizers.ts)
   * gives the formula and the arguments: param, its gradient, then the entry's state arrays and its
   * scalars, in the entry's order.
   */
  optimizerStep(name: OptimizerName, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], scalars: readonly number[]): void;
}

/** The network input X (features × m, one column per sample), as Kernels.input or inputRows made it. */
export interface NetworkInput {
  /** The backend whose products these are. */
  readonly kernels: Kernels;
  readonly features: number;
  readonly m: number;
  /** Values in X (features × m, unless it was made from an array of another length). */
  readonly length: number;
  /** X's values, features × m (written at the first read when the backend kept them in another form). */
  readonly dense: FloatArray;
  /**
   * Z = W·X: gemm(false, false, units, m, features, 1, W, X, 0, Z). `gradientFollows`: gradient
   * comes next for this input (a training step), so the backend may prepare for it alongside.
   * A backend that skips zeros gives the gemm's values up to float32 rounding.
   */
  product(w: FloatArray, units: number, z: FloatArray, gradientFollows?: boolean): void;
  /** dW = dZ·Xᵀ: gemm(false, true, units, features, m, 1, dZ, X, 0, dW). */
  gradient(dz: FloatArray, units: number, dw: FloatArray): void;
}

/** What Kernels.summarize reports. */
export interface Summary {
  sum: number;
  sumSquares: number;
  /** Entries below the lower or above the upper bound. */
  outside: number;
}
