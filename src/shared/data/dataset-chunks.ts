import type { Dataset, Target } from './dataset';

// A dataset's rows as they are stored: in blocks ("chunks") of about CHUNK_BYTES, each holding its
// rows' features and targets. A browser refuses to store one value much over 128 MiB (Chromium:
// "value too large"), and Fashion-MNIST's 60,000 images are 188 MB in float32; blocks of a few MB
// store any dataset that fits in memory. Features that are all 8-bit levels k / 255 in the
// dataset's float type (an 8-bit image scaled to [0, 1] and not normalized) are stored as the
// byte k, a quarter of float32: the level read back is the value's very bits.

/** Stored bytes per chunk aimed at: small enough for any browser, large enough to be few. */
export const CHUNK_BYTES = 4 * 2 ** 20;

/** What the stored numbers are, read from the dataset's description. */
export interface StoredShape {
  rows: number;
  features: number;
  dtype: 'float32' | 'float64';
  /** Class labels (one int32 per row) or regression targets (float64s per row). */
  target: { kind: 'classes' } | { kind: 'values'; width: number };
}

/** How the rows were cut into chunks; kept with the dataset to read it back. */
export interface ChunkLayout {
  rowsPerChunk: number;
  chunks: number;
  /** `float`: the dtype's own bytes; `levels`: one byte k per feature value k / 255. */
  x: 'float' | 'levels';
}

/** One block of rows: features (row-major) and the target of the same rows. */
export interface DatasetChunk {
  x: ArrayBuffer;
  labels?: ArrayBuffer;
  values?: ArrayBuffer;
}

const FLOAT_BYTES = { float32: 4, float64: 8 } as const;

/** The value of 8-bit level k in each float type: the same division an image import does. */
const LEVELS = {
  float32: Float32Array.from({ length: 256 }, (_, k) => k / 255),
  float64: Float64Array.from({ length: 256 }, (_, k) => k / 255),
};

function targetBytesPerRow(target: StoredShape['target']): number {
  return target.kind === 'classes' ? 4 : 8 * target.width;
}

function xBytesPerRow(shape: StoredShape, encoding: ChunkLayout['x']): number {
  return shape.features * (encoding === 'levels' ? 1 : FLOAT_BYTES[shape.dtype]);
}

export function storedShape(dataset: Dataset): StoredShape {
  return {
    rows: dataset.rows,
    features: dataset.features,
    dtype: dataset.x instanceof Float32Array ? 'float32' : 'float64',
    target: dataset.target.kind === 'classes' ? { kind: 'classes' } : { kind: 'values', width: dataset.target.names.length },
  };
}

/** True when every value is exactly float(k / 255) for an integer k in 0…255 (−0 is not: it would come back as +0). */
export function eightBitLevels(x: Float32Array | Float64Array): boolean {
  const levels: Float32Array | Float64Array = x instanceof Float32Array ? LEVELS.float32 : LEVELS.float64;
  // Outside 0…255 (or NaN) levels[k] is undefined, never equal to v.
  return (x as Float64Array).every((v) => levels[Math.round(v * 255)] === v && !Object.is(v, -0));
}

/** Rows per chunk so a chunk holds about `chunkBytes` (at least one row), and how many chunks. */
export function chunkLayout(shape: StoredShape, encoding: ChunkLayout['x'], chunkBytes: number = CHUNK_BYTES): ChunkLayout {
  const rowBytes = xBytesPerRow(shape, encoding) + targetBytesPerRow(shape.target);
  const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / rowBytes));
  return { rowsPerChunk, chunks: Math.ceil(shape.rows / rowsPerChunk), x: encoding };
}

/**
 * Bytes the dataset's numbers take as stored: features in their stored encoding, targets, and the
 * row indices of a fixed split. The one size every screen shows for a dataset.
 */
export function storedBytes(shape: StoredShape, layout: ChunkLayout, splitRows: number): number {
  return shape.rows * (xBytesPerRow(shape, layout.x) + targetBytesPerRow(shape.target)) + 4 * splitRows;
}

const copyBuffer = (array: Uint8Array | Float32Array | Float64Array | Int32Array): ArrayBuffer => array.slice().buffer as ArrayBuffer;

function encodeX(x: Float32Array | Float64Array, encoding: ChunkLayout['x']): ArrayBuffer {
  if (encoding === 'float') return copyBuffer(x);
  return Uint8Array.from(x, (v) => Math.round(v * 255)).buffer;
}

/** The chunks of `dataset` under `layout`, one at a time (so only one chunk's copy exists at once). */
export function* datasetChunks(dataset: Pick<Dataset, 'x' | 'target' | 'rows' | 'features'>, layout: ChunkLayout): Generator<DatasetChunk> {
  const { x, target, features } = dataset;
  const width = target.kind === 'classes' ? 1 : target.names.length;
  for (let index = 0; index < layout.chunks; index++) {
    // subarray stops at the end: the last chunk holds the rows that are left.
    const start = index * layout.rowsPerChunk;
    const end = start + layout.rowsPerChunk;
    const chunkX = encodeX(x.subarray(start * features, end * features), layout.x);
    yield target.kind === 'classes'
      ? { x: chunkX, labels: copyBuffer(target.labels.subarray(start, end)) }
      : { x: chunkX, values: copyBuffer(target.values.subarray(start * width, end * width)) };
  }
}

/**
 * The rows chunk `index` holds; throws, naming the chunk and what was expected, when the chunk
 * read back does not fit the layout (a damaged or foreign store).
 */
export function checkChunk(shape: StoredShape, layout: ChunkLayout, index: number, chunk: DatasetChunk): number {
  const rows = Math.min(layout.rowsPerChunk, shape.rows - index * layout.rowsPerChunk);
  const expectedX = rows * xBytesPerRow(shape, layout.x);
  const expectedTarget = rows * targetBytesPerRow(shape.target);
  const target = shape.target.kind === 'classes' ? chunk.labels : chunk.values;
  if (!(index >= 0 && index < layout.chunks) || chunk.x?.byteLength !== expectedX || target?.byteLength !== expectedTarget) {
    throw new Error(
      `block ${index + 1} of ${layout.chunks}: expected ${expectedX} bytes of features and ${expectedTarget} of targets, found ${chunk.x?.byteLength ?? 0} and ${target?.byteLength ?? 0}`,
    );
  }
  return rows;
}

/** Writes the features of `count` rows of a checked chunk, from its row `first`, into `into` at `at`. */
export function decodeChunkRows(shape: StoredShape, layout: ChunkLayout, chunk: DatasetChunk, first: number, count: number, into: Float32Array | Float64Array, at: number): void {
  const { features } = shape;
  if (layout.x === 'levels') {
    const levels = LEVELS[shape.dtype];
    const bytes = new Uint8Array(chunk.x, first * features, count * features);
    for (let i = 0; i < bytes.length; i++) into[at + i] = levels[bytes[i]];
  } else {
    const Type = shape.dtype === 'float32' ? Float32Array : Float64Array;
    into.set(new Type(chunk.x, first * features * FLOAT_BYTES[shape.dtype], count * features), at);
  }
}

/** The rows' arrays being filled from chunks read back, in any order. */
export class ChunkAssembler {
  readonly x: Float32Array | Float64Array;
  readonly labels: Int32Array | null;
  readonly values: Float64Array | null;

  constructor(
    private readonly shape: StoredShape,
    private readonly layout: ChunkLayout,
  ) {
    const length = shape.rows * shape.features;
    this.x = shape.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
    this.labels = shape.target.kind === 'classes' ? new Int32Array(shape.rows) : null;
    this.values = shape.target.kind === 'values' ? new Float64Array(shape.rows * shape.target.width) : null;
  }

  /** Places chunk `index`; throws, naming the chunk and what was expected, when it does not fit. */
  add(index: number, chunk: DatasetChunk): void {
    const { shape, layout } = this;
    const rows = checkChunk(shape, layout, index, chunk);
    const start = index * layout.rowsPerChunk;
    decodeChunkRows(shape, layout, chunk, 0, rows, this.x, start * shape.features);
    if (this.labels) this.labels.set(new Int32Array(chunk.labels!), start);
    else this.values!.set(new Float64Array(chunk.values!), start * (shape.target as { width: number }).width);
  }

  target(names: string[]): Target {
    return this.labels ? { kind: 'classes', classes: names, labels: this.labels } : { kind: 'values', names, values: this.values! };
  }
}

/** How `dataset` is stored: its shape, its chunks (8-bit levels as bytes) and their size. */
export function storagePlan(dataset: Dataset, chunkBytes: number = CHUNK_BYTES): { shape: StoredShape; layout: ChunkLayout; bytes: number } {
  const shape = storedShape(dataset);
  const layout = chunkLayout(shape, eightBitLevels(dataset.x) ? 'levels' : 'float', chunkBytes);
  const { split } = dataset;
  const splitRows = split ? split.train.length + split.validation.length + (split.test?.length ?? 0) : 0;
  return { shape, layout, bytes: storedBytes(shape, layout, splitRows) };
}
