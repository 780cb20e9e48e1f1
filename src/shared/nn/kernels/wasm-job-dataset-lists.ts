import { defineJob, type ArgsOf } from './wasm-job-kind';

// A pass of building a dataset's lists (wasm-dataset-lists.ts) over a block of rows staged in the
// memory, cut into chunks of `chunkRows` rows. Chunk c is rows [c·chunkRows, …) of the block, and
// results[2c], results[2c + 1] (int32) its slots: the count pass writes its nonzeros and whether all
// its values are 8-bit levels (1 or 0); the compress passes read its first entry number from
// results[2c] and the next chunk's from results[2c + 2] (for the last chunk, the lists' end), and
// compress its rows into the lists (starts points at the block's first row). Chunks touch disjoint
// rows and entries — the next chunk's first entry is the compression's limit — so they may run in
// any order or at once, and any split gives the lists of one call.

/** The passes, in the order a build runs them (compared as literals in the chunk). */
export const LISTS_COUNT = 0;
export const LISTS_COMPRESS = 1;
export const LISTS_COMPRESS_LEVELS = 2;

const FIELDS = { pass: 'i32', staging: 'i32', rows: 'i32', features: 'i32', chunkRows: 'i32', results: 'i32', starts: 'i32', index: 'i32', value: 'i32' } as const;

/** A pass over one staged block of `rows` rows: the chunks' arguments themselves (pointers are byte offsets). */
export type DatasetListsCall = ArgsOf<typeof FIELDS>;

export const DATASET_LISTS_JOB = defineJob({
  name: 'dataset lists',
  fields: FIELDS,
  // The chunks are the block's, whatever the threads: each has its own result slots.
  plan: (call: DatasetListsCall) => ({
    args: call,
    total: Math.ceil(call.rows / call.chunkRows),
  }),
  // Always shared when the helpers are ready: a block is megabytes of rows.
  work: () => Number.POSITIVE_INFINITY,
  chunk: (k, a, chunk, place) => {
    const row0 = chunk * a.chunkRows;
    const count = Math.min(a.chunkRows, a.rows - row0);
    const x = a.staging + row0 * a.features * 4;
    const slots = new Int32Array(place.memory.buffer, a.results + chunk * 8, 3);
    if (a.pass === 0) {
      slots[0] = k.countNonzeros(x, count * a.features);
      slots[1] = k.eightBitLevels(x, count * a.features);
    } else if (a.pass === 1) k.compressRowsNarrow(x, count, a.features, a.starts + row0 * 4, a.index, a.value, slots[0], slots[2]);
    else k.compressRowsLevels(x, count, a.features, a.starts + row0 * 4, a.index, a.value, slots[0], slots[2]);
  },
});
