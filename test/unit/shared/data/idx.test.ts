import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, gunzipIfNeeded, idxClassNames, idxDataset, parseIdx, readIdxDataset } from '../../../../src/shared/data/idx';

/** An unsigned-byte IDX file with the given dimensions and values. */
function idxBytes(dims: number[], values: number[], type = 0x08): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(values, 4 + 4 * dims.length);
  return bytes;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Three 2×2 images and their labels.
const images = idxBytes([3, 2, 2], [0, 255, 51, 102, 255, 255, 255, 255, 0, 0, 0, 0]);
const labels = idxBytes([3], [9, 0, 3]);

describe('IDX reader', () => {
  it('parses dimensions big-endian and exposes the values', () => {
    const parsed = parseIdx(idxBytes([2, 300], new Array(600).fill(7)), 'a.idx');
    expect(parsed.dims).toEqual([2, 300]);
    expect(parsed.data).toHaveLength(600);
    expect(parsed.data[599]).toBe(7);
  });

  it('builds a dataset: pixels scaled to [0, 1] as float32, one row per image', async () => {
    const d = await readIdxDataset(images, labels, { imagesFile: 'img.idx', labelsFile: 'lbl.idx' });
    expect([d.rows, d.features]).toEqual([3, 4]);
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([0, 1, Math.fround(0.2), Math.fround(0.4)]);
    expect(d.featureNames).toEqual(['pixel0_0', 'pixel0_1', 'pixel1_0', 'pixel1_1']);
    expect(d.target).toEqual({ kind: 'classes', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], labels: Int32Array.from([9, 0, 3]) });
  });

  it('reads gzipped files, honours limit and the Fashion-MNIST class names', async () => {
    const d = await readIdxDataset(await gzip(images), await gzip(labels), {
      imagesFile: 'img.idx.gz', labelsFile: 'lbl.idx.gz', limit: 2, classes: FASHION_MNIST_CLASSES,
    });
    expect(d.name).toBe('img.idx');
    expect(d.rows).toBe(2);
    expect(d.x).toHaveLength(8);
    expect(d.target.kind === 'classes' && d.target.classes[d.target.labels[0]]).toBe('Ankle boot');
  });

  it.each([
    [new Uint8Array([0x50, 0x4b, 3, 4]), 'x.idx is not an IDX file (it should start with two zero bytes'],
    [idxBytes([2], [1, 2], 0x0d), 'x.idx: IDX data type 0x0d (float) is not supported; only unsigned bytes (0x08) are'],
    [idxBytes([2, 2], [1, 2, 3]), 'x.idx: IDX dimensions 2×2 need 4 bytes of data, the file has 3'],
    [new Uint8Array([0, 0, 8, 3, 0, 0]), 'x.idx: truncated IDX header (3 dimensions need 16 bytes)'],
    [idxBytes([4294967295, 4294967295], []), 'need 18446744065119617000 bytes of data, the file has 0'],
    [new Uint8Array([0, 0, 8]), 'x.idx is not an IDX file'],
    [idxBytes([1], [5]).map((b, i) => (i === 0 ? 7 : b)), 'x.idx is not an IDX file'],
    [idxBytes([1], [5]).map((b, i) => (i === 1 ? 7 : b)), 'x.idx is not an IDX file'],
    [new Uint8Array([0, 0, 8, 0]), 'x.idx: IDX header declares 0 dimensions'],
    [idxBytes([2], [1, 2], 0x09), 'x.idx: IDX data type 0x09 (signed byte) is not supported'],
    [idxBytes([2], [1, 2], 0x0b), 'x.idx: IDX data type 0x0b (short) is not supported'],
    [idxBytes([2], [1, 2], 0x0c), 'x.idx: IDX data type 0x0c (int) is not supported'],
    [idxBytes([2], [1, 2], 0x0e), 'x.idx: IDX data type 0x0e (double) is not supported'],
    [idxBytes([2], [1, 2], 0x07), 'x.idx: IDX data type 0x07 (an unknown type) is not supported'],
  ])('rejects malformed files with a clear message (%#)', (bytes, message) => {
    // toThrow(text) alone also passes when `undefined` is thrown (vitest 4.1).
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(Error);
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(message);
  });

  it('leaves bytes that only look like gzip unchanged', async () => {
    for (const bytes of [new Uint8Array([0x1f, 0x00, 1]), new Uint8Array([0x50, 0x8b, 1]), new Uint8Array([0x1f])]) expect(await gunzipIfNeeded(bytes, 'x')).toBe(bytes);
  });

  it('builds the same dataset from bytes already read (the app worker) as from the streamed files', async () => {
    const streamed = await readIdxDataset(images, labels, { imagesFile: 'img.idx', labelsFile: 'lbl.idx', limit: 2 });
    const parsed = idxDataset(parseIdx(images, 'img.idx'), parseIdx(labels, 'lbl.idx'), { imagesFile: 'img.idx', labelsFile: 'lbl.idx', limit: 2 });
    expect(parsed).toEqual(streamed);
    expect(Array.from(parsed.x)).toEqual([0, 1, Math.fround(0.2), Math.fround(0.4), 1, 1, 1, 1]);
    expect(parsed.normalization).toEqual({ kind: 'none' });
    expect(parsed.name).toBe('img.idx');
    expect(idxDataset(parseIdx(images, 'i'), parseIdx(labels, 'l'), { imagesFile: 'a.gz.idx', labelsFile: 'l' }).name).toBe('a.gz.idx');
    expect(idxDataset(parseIdx(images, 'i'), parseIdx(labels, 'l'), { imagesFile: 'i', labelsFile: 'l' }).rows).toBe(3);
    expect(() => idxDataset(parseIdx(labels, 'l'), parseIdx(labels, 'l'), { imagesFile: 'i', labelsFile: 'l' })).toThrow(
      'i: expected images with 3 dimensions (count × rows × columns), found 1',
    );
  });

  it('refuses labels with more than one dimension, an images file without images, and a label one past the class names', async () => {
    await expect(readIdxDataset(images, idxBytes([3, 1], [1, 2, 3]), { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow('l: expected labels with 1 dimension, found 2');
    await expect(readIdxDataset(idxBytes([0, 2, 2], []), idxBytes([0], []), { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow('i holds no images');
    await expect(readIdxDataset(images, idxBytes([3], [0, 2, 1]), { imagesFile: 'i', labelsFile: 'l', classes: ['a', 'b'] })).rejects.toThrow('l: label 2 has no class name (2 classes given)');
    await expect(readIdxDataset(new Uint8Array([0, 0, 8]), labels, { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow('i is not an IDX file');
    await expect(readIdxDataset(new Uint8Array(0), labels, { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow('i is not an IDX file');
  });

  it('refuses an images file with bytes after its last image', async () => {
    const long = idxBytes([3, 2, 2], new Array(13).fill(1));
    await expect(readIdxDataset(long, labels, { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow(Error);
    await expect(readIdxDataset(long, labels, { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow('i: IDX dimensions 3×2×2 need 12 bytes of data, the file has 13');
  });

  it('rejects a broken gzip stream, and mismatched images and labels', async () => {
    await expect(gunzipIfNeeded(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'bad.gz')).rejects.toThrow('bad.gz: not a valid gzip file');
    await expect(readIdxDataset(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), labels, { imagesFile: 'bad.gz', labelsFile: 'l' })).rejects.toThrow(Error);
    await expect(readIdxDataset(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), labels, { imagesFile: 'bad.gz', labelsFile: 'l' })).rejects.toThrow('bad.gz: not a valid gzip file');
    await expect(readIdxDataset(images, idxBytes([2], [1, 2]), { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow(
      'l has 2 labels but i has 3 images',
    );
    await expect(readIdxDataset(labels, labels, { imagesFile: 'i', labelsFile: 'l' })).rejects.toThrow(
      'i: expected images with 3 dimensions (count × rows × columns), found 1',
    );
    await expect(
      readIdxDataset(images, labels, { imagesFile: 'i', labelsFile: 'l', classes: ['a', 'b'] }),
    ).rejects.toThrow('l: label 9 has no class name (2 classes given)');
  });
});

describe('readIdxDataset streaming', () => {
  it('streams large gzipped images in chunks into the same floats, and reports a truncated file', async () => {
    const count = 300;
    const pixels = Array.from({ length: count * 28 * 28 }, (_, i) => (i * 7) % 256);
    const big = idxBytes([count, 28, 28], pixels);
    const bigLabels = idxBytes([count], Array.from({ length: count }, (_, i) => i % 10));
    const d = await readIdxDataset(await gzip(big), await gzip(bigLabels), { imagesFile: 'i.gz', labelsFile: 'l.gz' });
    expect([d.rows, d.features]).toEqual([count, 784]);
    expect(d.x[count * 784 - 1]).toBe(Math.fround(pixels[count * 784 - 1] / 255));
    expect(d.x[123_457]).toBe(Math.fround(pixels[123_457] / 255));
    const limited = await readIdxDataset(await gzip(big), await gzip(bigLabels), { imagesFile: 'i.gz', labelsFile: 'l.gz', limit: 5 });
    expect(Array.from(limited.x)).toEqual(Array.from(d.x.subarray(0, 5 * 784)));
    // With a limit only the images kept must be there: the file may end after them.
    const cut = big.subarray(0, 16 + 5 * 784);
    expect(Array.from((await readIdxDataset(cut, await gzip(bigLabels), { imagesFile: 'i', labelsFile: 'l.gz', limit: 5 })).x)).toEqual(Array.from(limited.x));
    expect((await readIdxDataset(await gzip(big.subarray(0, 16 + 200 * 784)), await gzip(bigLabels), { imagesFile: 'i.gz', labelsFile: 'l.gz', limit: 5 })).rows).toBe(5);
    // A limit beyond the first decompressed piece: every kept image is read.
    const most = await readIdxDataset(await gzip(big), await gzip(bigLabels), { imagesFile: 'i.gz', labelsFile: 'l.gz', limit: 250 });
    expect(Array.from(most.x)).toEqual(Array.from(d.x.subarray(0, 250 * 784)));
    const truncated = await gzip(big.subarray(0, big.length - 10));
    await expect(readIdxDataset(truncated, await gzip(bigLabels), { imagesFile: 'i.gz', labelsFile: 'l.gz' })).rejects.toThrow(
      `i.gz: IDX dimensions 300×28×28 need ${count * 784} bytes of data, the file has ${count * 784 - 10}`,
    );
  });
});

describe('idxClassNames', () => {
  it("names Fashion-MNIST's classes when a path says so or when asked, digits otherwise", () => {
    expect(idxClassNames(['/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'])).toBe(FASHION_MNIST_CLASSES);
    expect(idxClassNames(['/data/mnist/train-images-idx3-ubyte.gz'])).toBeUndefined();
    expect(idxClassNames(['/data/fashion/x'], 'digits')).toBeUndefined();
    expect(idxClassNames(['x'], 'fashion-mnist')).toBe(FASHION_MNIST_CLASSES);
    expect(idxClassNames(['x'], ['a', 'b'])).toEqual(['a', 'b']);
    // Images and labels side by side: one path naming Fashion-MNIST is enough.
    expect(idxClassNames(['/data/Fashion/train-images.gz', '/tmp/labels.gz'])).toBe(FASHION_MNIST_CLASSES);
    // Label k is class k in Fashion-MNIST's README.
    expect(FASHION_MNIST_CLASSES).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  });
});
