import type { FloatArray } from './types';
import { ArenaScratch, type WasmArena } from './wasm-arena';
import type { KernelExports } from './wasm-module';
import { DATASET_LISTS_JOB, LISTS_COMPRESS, LISTS_COMPRESS_LEVELS, LISTS_COUNT } from './wasm-job-dataset-lists';
import type { KernelThreads } from './wasm-threads';

// A whole dataset's inputs compressed once into the zero-skipping lists of assembly/sparse-lists.ts
// (one list of nonzeros per sample), so a batch is picked by pointing at its samples' lists — two
// ints per sample — instead of being gathered into X and compressed again, for every training and
// every evaluation batch. The lists take 6 bytes per nonzero (a uint16 feature index and a float32
// value), or 3 when every value of the dataset is an 8-bit level k / 255 (an 8-bit image scaled to
// [0, 1]: Fashion-MNIST, a folder of PNGs without normalization), which is stored as k in one byte.
// They live in the wasm memory beside the dataset's own copy; that memory is new to the process,
// and touching it first is slow on some virtual machines (docs/perf-notes.md).

/**
 * Largest lists kept: beyond, batches are gathered and compressed one by one as before. A quarter
 * of the memory's 2 GiB, leaving the rest to the network.
 */
export const DATASET_LISTS_MAX_BYTES = 512 * 2 ** 20;
/** Rows compressed at a time (a chunk): about 1 MiB. */
const CHUNK_BYTES = 1 << 20;
/** Chunks copied into the memory at a time (a block), so helper threads can share the work. */
const BLOCK_CHUNKS = 8;

/** A batch picked from the dataset lists: where each of its m samples' list begins and ends. */
export class PickedBatch {
  m = 0;
  nonzeros = 0;
  private readonly beginsScratch: ArenaScratch;
  private readonly endsScratch: ArenaScratch;
  private beginsView: Int32Array = new Int32Array(0);
  private endsView: Int32Array = new Int32Array(0);

  constructor(
    private readonly arena: WasmArena,
    readonly lists: DatasetLists,
  ) {
    this.beginsScratch = new ArenaScratch(arena);
    this.endsScratch = new ArenaScratch(arena);
  }

  get begins(): number {
    return this.beginsScratch.pointer;
  }
  get ends(): number {
    return this.endsScratch.pointer;
  }

  /** Points at the lists of samples rows[start … start + m − 1]. */
  pick(rows: Int32Array, start: number, m: number): void {
    if (this.beginsView.length < m) {
      this.beginsView = this.arena.int32View(this.beginsScratch.ensure(m * 4), m);
      this.endsView = this.arena.int32View(this.endsScratch.ensure(m * 4), m);
    }
    const starts = this.lists.starts;
    const begins = this.beginsView;
    const ends = this.endsView;
    let nonzeros = 0;
    for (let j = 0; j < m; j++) {
      const row = rows[start + j];
      begins[j] = starts[row];
      ends[j] = starts[row + 1];
      nonzeros += ends[j] - begins[j];
    }
    this.m = m;
    this.nonzeros = nonzeros;
  }
}

export class DatasetLists {
  private constructor(
    /** The dataset rows (rows × features, row-major) these lists were made from. */
    readonly source: FloatArray,
    readonly features: number,
    /** Entry numbers: sample r's list is index/value[starts[r] … starts[r + 1]). */
    readonly starts: Int32Array,
    /** Pointers to the column index (uint16) and value of every entry. */
    readonly index: number,
    readonly value: number,
    /**
     * 0: each value is a float32. Otherwise the dataset holds 8-bit levels only, each value is its
     * level k (one byte), and this points at the palette the kernels read k / 255 from.
     */
    readonly palette: number,
    /** Bytes of the lists (starts, indices, values, palette). */
    readonly bytes: number,
  ) {}

  /**
   * Compresses every row of `source` (rows × features), or returns null when its share of nonzeros
   * is above `maxDensity` (skipping zeros would not pay) or its lists would exceed `maxBytes`.
   * Two passes over the rows, a block at a time: count (and check for 8-bit levels), then compress
   * into lists of the exact size. Each block is copied into the memory here, and its chunks run on
   * the helper threads too when `threads` has them.
   */
  static build(arena: WasmArena, source: Float32Array, features: number, maxDensity: number, threads: KernelThreads, maxBytes = DATASET_LISTS_MAX_BYTES): DatasetLists | null {
    const rows = source.length / features;
    const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (features * 4)));
    const blockRows = Math.min(rows, chunkRows * BLOCK_CHUNKS);
    // Two staging areas: the next block is copied into one while the helpers compress the block
    // in the other (the copy is a third of a pass's time).
    const staging = [arena.reserve(blockRows * features * 4)];
    if (blockRows < rows) staging.push(arena.reserve(blockRows * features * 4));
    // Two int32 per chunk of the dataset: its nonzeros and whether it is all 8-bit levels, then
    // (compressing) the entry number its lists start at; and after the last chunk, the lists' end.
    const chunks = Math.ceil(rows / chunkRows);
    const results = arena.reserve((chunks + 1) * 8);
    const slots = arena.int32View(results, (chunks + 1) * 2);
    /** Copies the block of rows starting at `row` into staging area `area`. */
    const stage = (row: number, area: number) => {
      const count = Math.min(blockRows, rows - row);
      arena.view(staging[area], count * features).set(source.subarray(row * features, (row + count) * features));
    };
    /** Runs one pass over every block: copies it in, then its chunks (see wasm-job-dataset-lists.ts). */
    const pass = (kind: number, starts: number, index: number, value: number) => {
      stage(0, 0);
      for (let row = 0, block = 0; row < rows; row += blockRows, block++) {
        const count = Math.min(blockRows, rows - row);
        const area = block % staging.length;
        const call = { pass: kind, staging: staging[area], rows: count, features, chunkRows, results: results + (row / chunkRows) * 8, starts: starts + row * 4, index, value };
        const next = row + blockRows;
        threads.run(DATASET_LISTS_JOB, call, () => {
          if (next < rows) stage(next, (block + 1) % staging.length);
        });
      }
    };
    pass(LISTS_COUNT, 0, 0, 0);
    let nonzeros = 0;
    let levels = true;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const count = slots[2 * chunk];
      slots[2 * chunk] = nonzeros;
      nonzeros += count;
      levels &&= slots[2 * chunk + 1] !== 0;
    }
    slots[2 * chunks] = nonzeros;
    const valueBytes = levels ? 1 : 4;
    const bytes = (rows + 1) * 4 + (nonzeros + 4) * (2 + valueBytes) + (levels ? PALETTE_BYTES : 0);
    if (nonzeros > maxDensity * rows * features || bytes > maxBytes) return null;
    const starts = arena.reserve((rows + 1) * 4);
    const index = arena.reserve((nonzeros + 4) * 2);
    const value = arena.reserve((nonzeros + 4) * valueBytes);
    const palette = levels ? levelsPalette(arena) : 0;
    pass(levels ? LISTS_COMPRESS_LEVELS : LISTS_COMPRESS, starts, index, value);
    return new DatasetLists(source, features, arena.int32View(starts, rows + 1), index, value, palette, bytes);
  }
}

/** 256 levels, each a vector of 4 float32 lanes. */
const PALETTE_FLOATS = 256 * 4;
const PALETTE_BYTES = PALETTE_FLOATS * 4;

/**
 * The palette of 8-bit levels: level k as four lanes of float32(k / 255), the value an 8-bit image
 * scaled to [0, 1] holds (and what assembly/sparse-lists.ts's eightBitLevels checks every value against),
 * so a level read back is the value's very bits.
 */
function levelsPalette(arena: WasmArena): number {
  const palette = arena.reserve(PALETTE_BYTES);
  const lanes = arena.view(palette, PALETTE_FLOATS);
  for (let level = 0; level < 256; level++) lanes.fill(level / 255, 4 * level, 4 * level + 4);
  return palette;
}
