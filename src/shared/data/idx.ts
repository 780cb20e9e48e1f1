import type { Dataset } from './dataset';

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

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

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

export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
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
  if (bytes.length < headerLength) throw new Error(`${fileName}: truncated IDX header (${ndims} dimensions need ${headerLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((product, d) => product * d, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    throw new Error(`${fileName}: IDX dimensions ${dims.join('×')} need ${expected} bytes of data, the file has ${actual}`);
  }
  return { dims, data: bytes.subarray(headerLength) };
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
  const { imagesFile, labelsFile } = options;
  if (images.dims.length !== 3) {
    throw new Error(`${imagesFile}: expected images with 3 dimensions (count × rows × columns), found ${images.dims.length}`);
  }
  if (labels.dims.length !== 1) throw new Error(`${labelsFile}: expected labels with 1 dimension, found ${labels.dims.length}`);
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new Error(`${labelsFile} has ${labels.dims[0]} labels but ${imagesFile} has ${count} images`);
  }
  const rows = Math.min(count, options.limit ?? count);
  if (rows === 0) throw new Error(`${imagesFile} holds no images`);
  const features = height * width;

  let maxLabel = 0;
  for (let i = 0; i < rows; i++) maxLabel = Math.max(maxLabel, labels.data[i]);
  const classes = options.classes ?? Array.from({ length: Math.max(2, maxLabel + 1) }, (_, c) => String(c));
  if (maxLabel >= classes.length) {
    throw new Error(`${labelsFile}: label ${maxLabel} has no class name (${classes.length} classes given)`);
  }

  const x = new Float32Array(rows * features);
  const pixels = images.data;
  for (let i = 0; i < x.length; i++) x[i] = pixels[i] / 255;
  return {
    name: options.name ?? imagesFile.replace(/(\.gz)?$/, ''),
    featureNames: Array.from({ length: features }, (_, p) => `pixel${Math.floor(p / width)}_${p % width}`),
    rows,
    features,
    x,
    target: { kind: 'classes', classes, labels: Int32Array.from(labels.data.subarray(0, rows)) },
    normalization: { kind: 'none' },
  };
}

/** Reads an images file and a labels file (each raw or gzipped) into a Dataset. */
export async function readIdxDataset(imagesBytes: Uint8Array, labelsBytes: Uint8Array, options: IdxDatasetOptions): Promise<Dataset> {
  const images = parseIdx(await gunzipIfNeeded(imagesBytes, options.imagesFile), options.imagesFile);
  const labels = parseIdx(await gunzipIfNeeded(labelsBytes, options.labelsFile), options.labelsFile);
  return idxDataset(images, labels, options);
}
