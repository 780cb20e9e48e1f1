import type { Dataset } from './dataset';
import { errorText, streamPieces } from './stream-pieces';

// MNIST's IDX format: two zero bytes, a type byte, the number of dimensions, one big-endian uint32
// per dimension, then the values. MNIST and Fashion-MNIST use unsigned bytes (type 0x08) only, which
// is all this reader accepts. Files may be gzipped (as distributed); gunzip uses the standard
// DecompressionStream, present in browsers and Node ≥ 18, so this stays free of node: imports.

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/**
 * Class names for IDX files whose labels carry no names: Fashion-MNIST's when a path says so
 * (its files are named like MNIST's, only the folder or an explicit choice tells them apart),
 * otherwise none, and the labels are named "0", "1", … as in MNIST.
 */
export function idxClassNames(paths: string[], choice?: 'fashion-mnist' | 'digits' | string[]): string[] | undefined {
  if (Array.isArray(choice)) return choice;
  if (choice === 'fashion-mnist') return FASHION_MNIST_CLASSES;
  if (choice === 'digits') return undefined;
  return paths.some((p) => /fashion/i.test(p)) ? FASHION_MNIST_CLASSES : undefined;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x09: 'signed byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

export interface IdxArray {
  dims: number[];
  /** The values, row-major, a view into the file's bytes. */
  data: Uint8Array;
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Returns the bytes unchanged, or gunzipped when they start with the gzip magic number. */
export async function gunzipIfNeeded(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`${fileName}: not a valid gzip file (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Dimensions and header length, once `bytes` holds the whole header; null while it needs more bytes. */
function parseIdxHeader(bytes: Uint8Array, fileName: string, complete: boolean): { dims: number[]; headerLength: number } | null {
  if (bytes.length < 4 && !complete) return null;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${fileName} is not an IDX file (it should start with two zero bytes, a type byte and a dimension count)`);
  }
  const type = bytes[2];
  if (type !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[type] ?? 'an unknown type';
    throw new Error(`${fileName}: IDX data type 0x${type.toString(16).padStart(2, '0')} (${name}) is not supported; only unsigned bytes (0x08) are`);
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new Error(`${fileName}: IDX header declares 0 dimensions`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    if (!complete) return null;
    throw new Error(`${fileName}: truncated IDX header (${ndims} dimensions need ${headerLength} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { dims: Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false)), headerLength };
}

const sizeMismatch = (fileName: string, dims: number[], expected: number, actual: number) =>
  new Error(`${fileName}: IDX dimensions ${dims.join('×')} need ${expected} bytes of data, the file has ${actual}`);

export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  const { dims, headerLength } = parseIdxHeader(bytes, fileName, true)!;
  const expected = dims.reduce((product, d) => product * d, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) throw sizeMismatch(fileName, dims, expected, actual);
  return { dims, data: bytes.subarray(headerLength) };
}

/** The bytes, gunzipped chunk by chunk when they are gzip, so the whole decompressed file never sits in memory. */
async function* byteChunks(bytes: Uint8Array, fileName: string): AsyncGenerator<Uint8Array> {
  if (!isGzip(bytes)) {
    yield bytes;
    return;
  }
  const inflated = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  // Leaving early (a limit was reached) stops decompressing.
  yield* streamPieces(inflated, (error) => new Error(`${fileName}: not a valid gzip file (${errorText(error)})`));
}

/**
 * An images file (count × rows × columns, raw or gzipped) streamed straight into float32 pixels in
 * [0, 1]: memory is the compressed file plus the floats, as for `limit` images only.
 */
async function readIdxImages(bytes: Uint8Array, fileName: string, limit?: number): Promise<{ dims: number[]; x: Float32Array }> {
  let head: Uint8Array = new Uint8Array(0);
  let dims: number[] | null = null;
  let x = new Float32Array(0);
  let expected = 0;
  let seen = 0;
  for await (const chunk of byteChunks(bytes, fileName)) {
    let data = chunk;
    if (!dims) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      const header = parseIdxHeader(joined, fileName, false);
      if (!header) {
        head = joined;
        continue;
      }
      dims = header.dims;
      if (dims.length !== 3) throw new Error(`${fileName}: expected images with 3 dimensions (count × rows × columns), found ${dims.length}`);
      expected = dims[0] * dims[1] * dims[2];
      x = new Float32Array(Math.min(dims[0], limit ?? dims[0]) * dims[1] * dims[2]);
      data = joined.subarray(header.headerLength);
    }
    const take = Math.min(data.length, x.length - seen);
    for (let i = 0; i < take; i++) x[seen + i] = data[i] / 255;
    seen += data.length;
    if (x.length < expected && seen >= x.length) return { dims, x };
  }
  if (!dims) parseIdxHeader(head, fileName, true);
  if (seen !== expected) throw sizeMismatch(fileName, dims!, expected, seen);
  return { dims: dims!, x };
}

export interface IdxDatasetOptions {
  imagesFile: string;
  labelsFile: string;
  /** Keep only the first `limit` images. */
  limit?: number;
  /** Class names by label; default "0", "1", … up to the largest label. */
  classes?: string[];
  name?: string;
}

/** Images (n × rows × cols) and labels (n) as a Dataset: one row of pixels scaled to [0, 1] per image. */
export function idxDataset(images: IdxArray, labels: IdxArray, options: IdxDatasetOptions): Dataset {
  if (images.dims.length !== 3) {
    throw new Error(`${options.imagesFile}: expected images with 3 dimensions (count × rows × columns), found ${images.dims.length}`);
  }
  const [count, height, width] = images.dims;
  const rows = Math.min(count, options.limit ?? count);
  const x = Float32Array.from(images.data.subarray(0, rows * height * width), (v) => v / 255);
  return pixelDataset(images.dims, x, labels, options);
}

/** The Dataset around already scaled pixels (`x` holds the first rows of the images file). */
function pixelDataset(dims: number[], x: Float32Array, labels: IdxArray, options: IdxDatasetOptions): Dataset {
  const { imagesFile, labelsFile } = options;
  if (labels.dims.length !== 1) throw new Error(`${labelsFile}: expected labels with 1 dimension, found ${labels.dims.length}`);
  const [count, height, width] = dims;
  if (labels.dims[0] !== count) {
    throw new Error(`${labelsFile} has ${labels.dims[0]} labels but ${imagesFile} has ${count} images`);
  }
  const features = height * width;
  const rows = x.length / features;
  if (rows === 0) throw new Error(`${imagesFile} holds no images`);

  let maxLabel = 0;
  for (let i = 0; i < rows; i++) maxLabel = Math.max(maxLabel, labels.data[i]);
  const classes = options.classes ?? Array.from({ length: Math.max(2, maxLabel + 1) }, (_, c) => String(c));
  if (maxLabel >= classes.length) {
    throw new Error(`${labelsFile}: label ${maxLabel} has no class name (${classes.length} classes given)`);
  }
  return {
    name: options.name ?? imagesFile.replace(/\.gz$/, ''),
    featureNames: Array.from({ length: features }, (_, p) => `pixel${Math.floor(p / width)}_${p % width}`),
    rows,
    features,
    x,
    target: { kind: 'classes', classes, labels: Int32Array.from(labels.data.subarray(0, rows)) },
    normalization: { kind: 'none' },
  };
}

/**
 * Reads an images file and a labels file (each raw or gzipped) into a Dataset. The images stream
 * into the float32 features without a decompressed copy: Fashion-MNIST's 60,000 training images
 * cost their 188 MB of floats plus the 26 MB compressed file.
 */
export async function readIdxDataset(imagesBytes: Uint8Array, labelsBytes: Uint8Array, options: IdxDatasetOptions): Promise<Dataset> {
  const labels = parseIdx(await gunzipIfNeeded(labelsBytes, options.labelsFile), options.labelsFile);
  const { dims, x } = await readIdxImages(imagesBytes, options.imagesFile, options.limit);
  return pixelDataset(dims, x, labels, options);
}
