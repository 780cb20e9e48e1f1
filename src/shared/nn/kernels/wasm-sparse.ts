import { ArenaScratch, type WasmArena } from './wasm-arena';
import type { KernelExports } from './wasm-module';
import type { ListSort, SparseProductCall } from './wasm-job-sparse-product';
import { SPARSE_PRODUCT_JOB } from './wasm-job-sparse-product';
import type { KernelThreads } from './wasm-threads';

// The network input in the zero-skipping form of assembly/sparse-*.ts, for inputs that are mostly
// zeros (images on a blank background: Fashion-MNIST is half zeros, MNIST four fifths). Used for
// the two products that read X: the forward Z = W·X, which reads X by sample (lists of the rows
// of Xᵀ, built at compress, or picked from the lists of the whole dataset: wasm-dataset-lists.ts),
// and the weight gradient dW = dZ·Xᵀ, which reads it by feature (lists of the rows of X, built at
// the first gradient or alongside the forward product of a training step: evaluation never needs
// them). wasm-input.ts makes the backend's inputs of it. The lists by sample have uint16 indices (a
// feature number, at most SPARSE_MAX_FEATURES), the lists by feature int32 ones (a sample number:
// a full-batch run may have more than 65,536 samples).

/**
 * Share of nonzero entries up to which skipping zeros pays: a list entry costs a little more than a
 * dense multiply-add column, and compressing X costs a few percent (measurements in
 * docs/perf-notes.md).
 */
export const SPARSE_MAX_DENSITY = 0.75;
/** Inputs narrower than this stay dense: there is too little to skip. */
export const SPARSE_MIN_FEATURES = 32;
/**
 * Inputs wider than this stay dense: a panel of Wᵀ (features × 28 floats, 448 KB at 4096) is
 * packed into the gemm workspace (640 KB).
 */
export const SPARSE_MAX_FEATURES = 4096;

/** Where a sparseProduct finds its lists. */
export type ListPointers = Pick<SparseProductCall, 'begins' | 'ends' | 'index' | 'value' | 'narrow' | 'palette'>;

/** Lists of the rows of a matrix: starts (rows + 1 offsets), index and value of each nonzero. */
class Lists {
  readonly starts: ArenaScratch;
  readonly index: ArenaScratch;
  readonly value: ArenaScratch;
  constructor(
    arena: WasmArena,
    /** uint16 indices (compressRowsNarrow) rather than int32. */
    private readonly narrow: boolean,
  ) {
    this.starts = new ArenaScratch(arena);
    this.index = new ArenaScratch(arena);
    this.value = new ArenaScratch(arena);
  }
  /** Room for `rows` lists of `entries` in all, plus the 4 that compaction may store past the last. */
  ensure(rows: number, entries: number): void {
    this.starts.ensure((rows + 1) * 4);
    this.index.ensure((entries + 4) * (this.narrow ? 2 : 4));
    this.value.ensure((entries + 4) * 4);
  }
  /** Compresses the rows×cols matrix at x; returns the number of nonzeros. */
  build(k: KernelExports, x: number, rows: number, cols: number): number {
    this.ensure(rows, rows * cols);
    const compress = this.narrow ? k.compressRowsNarrow : k.compressRows;
    return compress(x, rows, cols, this.starts.pointer, this.index.pointer, this.value.pointer, 0, rows * cols + 4);
  }
  /** The job fields of these lists: list r is entries starts[r] … starts[r + 1]. */
  get where(): ListPointers {
    const starts = this.starts.pointer;
    return { begins: starts, ends: starts + 4, index: this.index.pointer, value: this.value.pointer, narrow: this.narrow, palette: 0 };
  }
}

/** Scratch of a backend's sparse forms, used within one call only. */
export class SparseScratch {
  /** X transposed, while it is compressed into lists by sample. */
  readonly transposed: ArenaScratch;
  /** transposeLists's counters. */
  readonly cursor: ArenaScratch;
  /** The weight gradient's packed panels of dZ. */
  readonly panels: ArenaScratch;
  constructor(arena: WasmArena) {
    this.transposed = new ArenaScratch(arena);
    this.cursor = new ArenaScratch(arena);
    this.panels = new ArenaScratch(arena);
  }
}

/**
 * An input X (features × m) in zero-skipping form: its lists by sample — compressed from X here, or
 * picked from a whole dataset's — and its lists by feature, made once a gradient needs them.
 */
export class SparseForm {
  features = 0;
  m = 0;
  /** Entries of the lists: the products' work is this times the units. */
  nonzeros = 0;
  private samples: ListPointers = { begins: 0, ends: 0, index: 0, value: 0, narrow: true, palette: 0 };
  /** X's pointer when X is in the memory (the lists by feature are compressed from it), else 0. */
  private x = 0;
  /** Own lists by sample, made by compress. */
  private bySample: Lists | null = null;
  private readonly byFeature: Lists;
  /** Whether the lists by feature of the current X are made. */
  byFeatureBuilt = false;

  constructor(
    private readonly k: KernelExports,
    private readonly arena: WasmArena,
    private readonly threads: KernelThreads,
    private readonly scratch: SparseScratch,
    /** S, the products and X are float64 (sparse-product64.ts); compress takes float32 X only. */
    private readonly double: boolean,
  ) {
    this.byFeature = new Lists(arena, false);
  }

  /**
   * Compresses X (features × m, at pointer x) when it is sparse enough to pay; false leaves X to
   * the dense gemm. The decision depends on X alone, never on the machine or the threads, so a
   * seed gives the same weights everywhere.
   */
  compress(x: number, features: number, m: number): boolean {
    if (!sparseInputPays(features) || m === 0) return false;
    const nonzeros = this.k.countNonzeros(x, features * m);
    if (nonzeros > SPARSE_MAX_DENSITY * features * m) return false;
    const transposed = this.scratch.transposed.ensure(features * m * 4);
    this.k.transpose(x, features, m, transposed);
    this.bySample ??= new Lists(this.arena, true);
    // Built first: building may move the lists to a larger place.
    const count = this.bySample.build(this.k, transposed, m, features);
    this.use(this.bySample.where, count, features, m, x);
    return true;
  }

  /** Makes these lists by sample (m of them, `nonzeros` entries) X's; x as for compress, or 0. */
  use(samples: ListPointers, nonzeros: number, features: number, m: number, x = 0): void {
    this.samples = samples;
    this.nonzeros = nonzeros;
    this.features = features;
    this.m = m;
    this.x = x;
    this.byFeatureBuilt = false;
  }

  /**
   * Z (units × m) = W (units × features)·X. `gradientFollows`: the weight gradient will be asked
   * for this X (a training step), so lists by feature that must be sorted from the lists by sample
   * are sorted in the product's job — when it is shared across threads, by whichever thread is
   * free — rather than by the gradient, alone on this thread.
   */
  product(w: number, units: number, z: number, gradientFollows = false): void {
    const sort = gradientFollows && this.x === 0 && !this.byFeatureBuilt ? this.prepareSort() : undefined;
    const { begins, ends, index, value, narrow, palette } = this.samples;
    const { m, nonzeros } = this;
    const { double } = this;
    this.threads.run(SPARSE_PRODUCT_JOB, { double, begins, ends, index, value, narrow, palette, rows: m, nonzeros, s: w, units, len: this.features, panels: 0, out: z, ldOut: m, sort });
    if (sort) this.byFeatureBuilt = true;
  }

  /** dW (units × features) = dZ (units × m)·Xᵀ. */
  gradient(dz: number, units: number, dw: number): void {
    if (!this.byFeatureBuilt) {
      this.buildByFeature();
      this.byFeatureBuilt = true;
    }
    const { k, double } = this;
    const panels = this.scratch.panels.ensure(double ? k.panelsLength64(units, this.m) * 8 : k.panelsLength(units, this.m) * 4);
    (double ? k.packPanels64 : k.packPanels)(dz, units, this.m, panels);
    const { begins, ends, index, value, narrow, palette } = this.byFeature.where;
    const { features, nonzeros } = this;
    this.threads.run(SPARSE_PRODUCT_JOB, { double, begins, ends, index, value, narrow, palette, rows: features, nonzeros, s: dz, units, len: this.m, panels, out: dw, ldOut: features });
  }

  /** The lists by feature: compressed from X itself, or sorted from the lists by sample. */
  private buildByFeature(): void {
    const { k, features, m } = this;
    if (this.x !== 0) {
      this.byFeature.build(k, this.x, features, m);
      return;
    }
    const sort = this.prepareSort();
    const { begins, ends, index, value, palette } = this.samples;
    k.transposeLists(begins, ends, index, value, palette, m, features, sort.starts, sort.cursor, sort.index, sort.value);
  }

  /** Room for the lists by feature, and where transposeLists puts them. */
  private prepareSort(): ListSort {
    const lists = this.byFeature;
    lists.ensure(this.features, this.nonzeros);
    return { starts: lists.starts.pointer, cursor: this.scratch.cursor.ensure(this.features * 4), index: lists.index.pointer, value: lists.value.pointer };
  }

}

/** Whether an input this wide may take the zero-skipping form at all. */
export function sparseInputPays(features: number): boolean {
  return features >= SPARSE_MIN_FEATURES && features <= SPARSE_MAX_FEATURES;
}
