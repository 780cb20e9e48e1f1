import type { KernelExports } from './wasm-module';

// Tasks the helper threads of wasm-threads.ts run a chunk at a time besides the products: an
// optimizer step over a range of parameters, and a chunk of rows of a dataset being compressed
// into lists (wasm-dataset-lists.ts). Each is one self-contained function (no imports, no
// closures) whose source wasm-threads.ts puts into the helpers' program, so the calling thread and
// the helpers run the very same code. Bundlers and minifiers keep such a function self-contained
// (checked on an esbuild-minified bundle); a coverage tool that rewrites function bodies would not.

/** The optimizer steps of assembly/optimizers.ts, numbered for the control block. */
export const STEP_KINDS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * Parameters [from, to) of an optimizer step: the kind's kernel with each array advanced to
 * `from`; kind is the index in STEP_KINDS. Each parameter's update depends on its own values
 * only, so any split gives the same bits as one call.
 */
export function runStep(k: StepKernels, kind: number, arrays: ArrayLike<number>, scalars: ArrayLike<number>, from: number, to: number): void {
  const n = to - from;
  const [p, g, a, b] = [arrays[0] + 4 * from, arrays[1] + 4 * from, arrays[2] + 4 * from, arrays[3] + 4 * from];
  if (kind === 0) k.sgdStep(p, g, n, scalars[0]);
  else if (kind === 1) k.momentumStep(p, g, a, n, scalars[0], scalars[1], scalars[2] !== 0);
  else if (kind === 2) k.rmspropStep(p, g, a, n, scalars[0], scalars[1], scalars[2]);
  else k.adamStep(p, g, a, b, n, scalars[0], scalars[1], scalars[2], scalars[3], scalars[4], scalars[5]);
}

type StepKernels = Pick<KernelExports, 'sgdStep' | 'momentumStep' | 'rmspropStep' | 'adamStep'>;

/** The passes of building a dataset's lists (wasm-dataset-lists.ts). */
export const LISTS_COUNT = 0;
export const LISTS_COMPRESS = 1;
export const LISTS_COMPRESS_LEVELS = 2;

/**
 * Chunk `chunk` of a pass over a block of dataset rows staged in the memory; `args`: [pass,
 * staging, rows, features, chunkRows, results, starts, index, value]. Chunk c is rows
 * [c·chunkRows, …) of the block, and results[2c], results[2c + 1] (int32) its slots: LISTS_COUNT
 * writes its nonzeros and whether all its values are 8-bit levels (1 or 0); the compress passes
 * read its first entry number from results[2c] and the next chunk's from results[2c + 2] (for
 * the last chunk, the lists' end), and compress its rows into the lists (starts points at the
 * block's first row). Chunks touch disjoint rows and entries — the next chunk's first entry is
 * the compression's limit — so they may run in any order or at once, and any split gives the
 * lists of one call. (The passes are compared as literals: the function may not refer to
 * anything outside itself.)
 */
export function runListsChunk(k: ListsKernels, memory: WebAssembly.Memory, args: ArrayLike<number>, chunk: number): void {
  const [pass, staging, rows, features, chunkRows, results, starts, index, value] = Array.from(args);
  const row0 = chunk * chunkRows;
  const count = Math.min(chunkRows, rows - row0);
  const x = staging + row0 * features * 4;
  const slots = new Int32Array(memory.buffer, results + chunk * 8, 3);
  if (pass === 0) {
    slots[0] = k.countNonzeros(x, count * features);
    slots[1] = k.eightBitLevels(x, count * features);
  } else if (pass === 1) k.compressRowsNarrow(x, count, features, starts + row0 * 4, index, value, slots[0], slots[2]);
  else k.compressRowsLevels(x, count, features, starts + row0 * 4, index, value, slots[0], slots[2]);
}

type ListsKernels = Pick<KernelExports, 'countNonzeros' | 'eightBitLevels' | 'compressRowsNarrow' | 'compressRowsLevels'>;
