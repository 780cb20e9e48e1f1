import type { WasmArena } from './wasm-arena';
import type { KernelExports } from './wasm-module';
import type { GemmThreads, SparseJob } from './wasm-threads';

// The network input in the zero-skipping form of assembly/sparse.ts, for inputs that are mostly
// zeros (images on a blank background: Fashion-MNIST is half zeros, MNIST four fifths). Used for
// the two products that read X: the forward Z = W·X, which reads X by sample (lists of the rows
// of Xᵀ, built at compress), and the weight gradient dW = dZ·Xᵀ, which reads it by feature (lists
// of the rows of X, built at the first gradient: evaluation never needs them).

/**
 * Share of nonzero entries up to which skipping zeros pays. Measured on one thread, training steps
 * of 784-128-10 at batch 64 plus evaluation on random inputs of each density, time with zeros
 * skipped over time with the dense gemm: 0.61 at 30% nonzeros, 0.82 at 50%, 0.98 at 70%, 0.99
 * at 80%, 1.16 at 90%, 1.23 dense. A list entry costs a little more than a dense multiply-add
 * column, and compressing X costs a few percent.
 */
export const SPARSE_MAX_DENSITY = 0.75;
/** Inputs narrower than this stay dense: there is too little to skip. */
export const SPARSE_MIN_FEATURES = 32;
/**
 * Inputs wider than this stay dense: a panel of Wᵀ (features × 28 floats, 448 KB at 4096) is
 * packed into the gemm workspace (640 KB).
 */
export const SPARSE_MAX_FEATURES = 4096;

/** One buffer of the arena, reserved again (larger) when a call needs more. */
class Scratch {
  pointer = 0;
  private bytes = 0;
  constructor(private readonly arena: WasmArena) {}
  /** A pointer to at least `bytes` bytes (contents not kept across growth). */
  ensure(bytes: number): number {
    if (bytes > this.bytes) {
      this.bytes = Math.max(bytes, 2 * this.bytes);
      this.pointer = this.arena.reserve(this.bytes);
    }
    return this.pointer;
  }
}

/** Lists of the rows of a matrix: starts (rows + 1 offsets), index and value of each nonzero. */
class Lists {
  readonly starts: Scratch;
  readonly index: Scratch;
  readonly value: Scratch;
  constructor(arena: WasmArena) {
    this.starts = new Scratch(arena);
    this.index = new Scratch(arena);
    this.value = new Scratch(arena);
  }
  /** Compresses the rows×cols matrix at x; returns the number of nonzeros. */
  build(k: KernelExports, x: number, rows: number, cols: number): number {
    // Room for every entry plus the 4 that compaction may store past the last.
    const capacity = (rows * cols + 4) * 4;
    return k.compressRows(x, rows, cols, this.starts.ensure((rows + 1) * 4), this.index.ensure(capacity), this.value.ensure(capacity));
  }
}

export class SparseInput {
  private x = 0;
  private features = 0;
  private m = 0;
  private nonzeros = 0;
  private readonly transposed: Scratch;
  private readonly bySample: Lists;
  private readonly byFeature: Lists;
  private byFeatureBuilt = false;
  private readonly panels: Scratch;

  constructor(
    private readonly k: KernelExports,
    arena: WasmArena,
    private readonly threads: GemmThreads,
    /** The calling thread's gemm workspace, scratch for packing panels. */
    private readonly work: number,
  ) {
    this.transposed = new Scratch(arena);
    this.bySample = new Lists(arena);
    this.byFeature = new Lists(arena);
    this.panels = new Scratch(arena);
  }

  /**
   * Compresses X (features × m, at pointer x) when it is sparse enough to pay; false leaves X to
   * the dense gemm. The decision depends on X alone, never on the machine or the threads, so a
   * seed gives the same weights everywhere.
   */
  compress(x: number, features: number, m: number): boolean {
    if (features < SPARSE_MIN_FEATURES || features > SPARSE_MAX_FEATURES || m === 0) return false;
    const nonzeros = this.k.countNonzeros(x, features * m);
    if (nonzeros > SPARSE_MAX_DENSITY * features * m) return false;
    const transposed = this.transposed.ensure(features * m * 4);
    this.k.transpose(x, features, m, transposed);
    this.nonzeros = this.bySample.build(this.k, transposed, m, features);
    this.x = x;
    this.features = features;
    this.m = m;
    this.byFeatureBuilt = false;
    return true;
  }

  /** Z (units × m) = W (units × features)·X for the compressed X. */
  product(w: number, units: number, z: number): void {
    const lists = this.bySample;
    const job: SparseJob = {
      starts: lists.starts.pointer,
      index: lists.index.pointer,
      value: lists.value.pointer,
      rows: this.m,
      s: w,
      units,
      len: this.features,
      panels: 0,
      out: z,
      ldOut: this.m,
    };
    this.run(job);
  }

  /** dW (units × features) = dZ (units × m)·Xᵀ for the compressed X. */
  gradient(dz: number, units: number, dw: number): void {
    const lists = this.byFeature;
    if (!this.byFeatureBuilt) {
      this.byFeature.build(this.k, this.x, this.features, this.m);
      this.byFeatureBuilt = true;
    }
    const panels = this.panels.ensure(this.k.panelsLength(units, this.m) * 4);
    this.k.packPanels(dz, units, this.m, panels);
    const job: SparseJob = {
      starts: lists.starts.pointer,
      index: lists.index.pointer,
      value: lists.value.pointer,
      rows: this.features,
      s: dz,
      units,
      len: this.m,
      panels,
      out: dw,
      ldOut: this.features,
    };
    this.run(job);
  }

  private run(job: SparseJob): void {
    if (this.threads.sparseProduct(job, this.nonzeros)) return;
    const { starts, index, value, rows, s, units, len, panels, out, ldOut } = job;
    this.k.sparseProduct(starts, index, value, 0, rows, s, units, len, 0, units, panels || this.work, panels !== 0, out, ldOut);
  }
}
