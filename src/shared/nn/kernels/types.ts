import type { DType, OptimizerName } from '../../schema/names';
import type { ResolvedActivation } from '../activations';

// The one interface between the maths of the network and the loops that run it. network.ts,
// train.ts and optimizers.ts never loop over elements themselves; they call these methods on flat
// row-major typed arrays, one allocation per buffer. A faster backend (WebAssembly SIMD) replaces
// the loops by implementing this interface; the network code does not change.

/** Storage of every matrix and vector in the core: float64 or float32, row-major. */
export type FloatArray = Float64Array | Float32Array;

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
   * Optional: the products with the network's input that skip its zero entries, for inputs that
   * are mostly zeros (images on a blank background). compressInput looks at X (features × m) and
   * returns true when it has built X's zero-skipping form (the backend decides whether that pays,
   * from X alone); inputProduct and inputGradient then read that form until the next
   * compressInput, so X must not change in between. They equal the gemm calls they replace up to
   * float32 rounding.
   */
  compressInput?(x: FloatArray, features: number, m: number): boolean;
  /**
   * Optional: loads a batch's input — rows[start … start + m − 1] of `source`, the dataset (one
   * row of `features` values per sample) — as X (features × m) by reference to a zero-skipping
   * form of the whole source that the backend keeps (made at the first call), instead of having
   * the caller copy the values in. compressInput(X) then takes that form without compressing.
   * X's own values are left unwritten: the backend writes them when one of its kernels needs them
   * dense, and the caller must not read them. Returns false when the backend does not keep this
   * source so (not sparse enough to pay, too large, or another source than the first): the caller
   * gathers X itself, and later calls with the same source answer the same.
   */
  pickInput?(source: FloatArray, features: number, rows: Int32Array, start: number, m: number, x: FloatArray): boolean;
  /**
   * Z = W·X for the compressed X: gemm(false, false, units, m, features, 1, W, X, 0, Z).
   * `gradientFollows`: inputGradient will be called for this X (a training step), which lets the
   * backend prepare for it alongside.
   */
  inputProduct?(w: FloatArray, units: number, z: FloatArray, gradientFollows?: boolean): void;
  /** dW = dZ·Xᵀ for the compressed X: gemm(false, true, units, features, m, 1, dZ, X, 0, dW). */
  inputGradient?(dz: FloatArray, units: number, dw: FloatArray): void;

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

/** What Kernels.summarize reports. */
export interface Summary {
  sum: number;
  sumSquares: number;
  /** Entries below the lower or above the upper bound. */
  outside: number;
}
