import type { FloatArray, Kernels, NetworkInput } from './types';
import type { WasmArena } from './wasm-arena';
import type { DatasetLists } from './wasm-dataset-lists';
import { PickedBatch } from './wasm-dataset-lists';
import type { KernelExports } from './wasm-module';
import { SparseForm, type SparseScratch } from './wasm-sparse';
import type { WasmStaging } from './wasm-staging';
import type { KernelThreads } from './wasm-threads';

// The wasm backend's network inputs (Kernels.input and inputRows): an X array whose zeros are
// skipped when that pays (ArrayInput), and a batch picked from the lists of a whole dataset
// (PickedInput). Each keeps its own lists, so an input stays valid while others are made — until
// its X buffer is made an input again: a backend keeps one input object per X buffer, reused for
// every batch loaded into it.

/** What an input needs of its backend. */
export interface InputContext {
  readonly kernels: Kernels;
  readonly k: KernelExports;
  readonly arena: WasmArena;
  readonly threads: KernelThreads;
  readonly staging: WasmStaging;
  readonly scratch: SparseScratch;
  /** A float64 backend (its S, out and dense X are float64; the lists are float32 either way). */
  readonly double: boolean;
}

/** The products of an input in zero-skipping form, on arrays given to the backend. */
abstract class SparseInput implements NetworkInput {
  readonly kernels: Kernels;
  protected readonly form: SparseForm;

  constructor(protected readonly context: InputContext) {
    this.kernels = context.kernels;
    this.form = new SparseForm(context.k, context.arena, context.threads, context.scratch, context.double);
  }

  abstract readonly features: number;
  abstract readonly m: number;
  abstract readonly length: number;
  abstract readonly dense: FloatArray;

  /**
   * Whether the lists by feature of the current X are made (at the first gradient, or by a training
   * step's product alongside when they are sorted from picked lists).
   */
  get byFeatureBuilt(): boolean {
    return this.form.byFeatureBuilt;
  }

  product(w: FloatArray, units: number, z: FloatArray, gradientFollows?: boolean): void {
    const { staging } = this.context;
    this.form.product(staging.read(w), units, staging.write(z), gradientFollows);
    staging.done();
  }

  gradient(dz: FloatArray, units: number, dw: FloatArray): void {
    const { staging } = this.context;
    this.form.gradient(staging.read(dz), units, staging.write(dw));
    staging.done();
  }
}

/** An X array in the memory: compressed when its zeros pay to skip, else multiplied by gemm. */
export class ArrayInput extends SparseInput {
  features = 0;
  m = 0;
  /** Whether the products skip X's zeros (decided from X alone). */
  skipsZeros = false;

  constructor(
    context: InputContext,
    readonly dense: FloatArray,
    private readonly pointer: number,
  ) {
    super(context);
  }

  get length(): number {
    return this.dense.length;
  }

  /** The lists by feature are this X's only while its zeros are skipped: a dense X has none. */
  override get byFeatureBuilt(): boolean {
    return this.skipsZeros && super.byFeatureBuilt;
  }

  /** Takes X's current values as the input (features × m). */
  load(features: number, m: number): this {
    this.features = features;
    this.m = m;
    // A mislabelled X (the network refuses it) is left alone rather than read past its end.
    this.skipsZeros = this.dense.length === features * m && this.form.compress(this.pointer, features, m);
    return this;
  }

  override product(w: FloatArray, units: number, z: FloatArray, gradientFollows?: boolean): void {
    if (this.skipsZeros) super.product(w, units, z, gradientFollows);
    else this.kernels.gemm(false, false, units, this.m, this.features, 1, w, this.dense, 0, z);
  }

  override gradient(dz: FloatArray, units: number, dw: FloatArray): void {
    if (this.skipsZeros) super.gradient(dz, units, dw);
    else this.kernels.gemm(false, true, units, this.features, this.m, 1, dz, this.dense, 0, dw);
  }
}

/** A batch picked from a dataset's lists; its dense X is written into its buffer when first read. */
export class PickedInput extends SparseInput {
  private readonly batch: PickedBatch;
  private written = false;

  constructor(
    context: InputContext,
    lists: DatasetLists,
    /** The X buffer (features × m) the dense values go to. */
    readonly target: FloatArray,
    private readonly pointer: number,
  ) {
    super(context);
    this.batch = new PickedBatch(context.arena, lists);
  }

  get features(): number {
    return this.batch.lists.features;
  }
  get m(): number {
    return this.batch.m;
  }
  get length(): number {
    return this.features * this.m;
  }

  get dense(): FloatArray {
    if (!this.written) {
      const { batch } = this;
      const { lists } = batch;
      const expand = this.context.double ? this.context.k.expandListsTransposed64 : this.context.k.expandListsTransposed;
      expand(batch.begins, batch.ends, lists.index, lists.value, lists.palette, batch.m, lists.features, this.pointer);
      this.written = true;
    }
    return this.target;
  }

  /** Points at the lists of samples rows[start … start + m − 1]. */
  pick(rows: Int32Array, start: number, m: number): this {
    const { batch } = this;
    batch.pick(rows, start, m);
    const { lists } = batch;
    this.form.use({ begins: batch.begins, ends: batch.ends, index: lists.index, value: lists.value, narrow: true, palette: lists.palette }, batch.nonzeros, lists.features, m);
    this.written = false;
    return this;
  }
}
