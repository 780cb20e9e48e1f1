import { describe, expect, it } from 'vitest';
import { pickClassSamples, readClassSamples } from '../../../../src/shared/data/class-samples';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { ChunkAssembler, datasetChunks, storagePlan, type DatasetChunk } from '../../../../src/shared/data/dataset-chunks';
import type { DType } from '../../../../src/shared/schema/names';

// The rows the datasets page shows as thumbnails — the first few of each class, in row order — read
// from a stored set chunk by chunk: the same rows and bits as picking them from the whole set
// (what the page did before), reading the chunks in order up to the one holding the last of them
// and none after it.

/** `levels`: pixel values k / 255 (stored as bytes); otherwise values no byte can hold (stored as floats). */
function images(labels: number[], { dtype = 'float32' as DType, levels = true, classes = 3 } = {}): Dataset {
  const features = 5;
  const values = Array.from({ length: labels.length * features }, (_, i) => (levels ? ((i * 37) % 256) / 255 : i + 0.1));
  return {
    name: 'images',
    featureNames: [],
    rows: labels.length,
    features,
    x: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
    target: { kind: 'classes', classes: Array.from({ length: classes }, (_, k) => `class ${k}`), labels: Int32Array.from(labels) },
    normalization: { kind: 'minmax', min: [0, 0, 0, 0, 0], max: [1, 1, 1, 1, 1] },
  };
}

/** The dataset stored in chunks of `rowsPerChunk` rows, and a reader that records which chunks were read. */
function stored(dataset: Dataset, rowsPerChunk: number) {
  const plan = storagePlan(dataset);
  const layout = { ...plan.layout, rowsPerChunk, chunks: Math.ceil(dataset.rows / rowsPerChunk) };
  const chunks = [...datasetChunks(dataset, layout)];
  const read: number[] = [];
  const target = dataset.target as { classes: string[]; labels: Int32Array };
  const counts = target.classes.map((_, k) => target.labels.filter((label) => label === k).length);
  return {
    description: { name: dataset.name, shape: plan.shape, layout, classes: target.classes, counts, normalization: dataset.normalization },
    chunks,
    read,
    reader: async (index: number): Promise<DatasetChunk> => {
      read.push(index);
      return chunks[index];
    },
  };
}

/** What the page picked before: the whole set assembled from its chunks, then the first rows of each class. */
function pickedFromWholeSet(store: ReturnType<typeof stored>, perClass: number): { rows: number[]; x: number[]; labels: number[] } {
  const whole = new ChunkAssembler(store.description.shape, store.description.layout);
  store.chunks.forEach((chunk, index) => whole.add(index, chunk));
  const taken = store.description.classes.map(() => 0);
  const rows: number[] = [];
  whole.labels!.forEach((label, row) => taken[label]++ < perClass && rows.push(row));
  const features = store.description.shape.features;
  return { rows, x: rows.flatMap((row) => Array.from(whole.x.subarray(row * features, (row + 1) * features))), labels: rows.map((row) => whole.labels![row]) };
}

const bits = (x: Float32Array | Float64Array) => Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));

describe('the first rows of each class of a stored set', () => {
  // Classes mixed from the start, as in Fashion-MNIST.
  const mixed = [0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0, 1, 2, 0, 1];

  it.each([
    ['8-bit levels in float32', { dtype: 'float32' as DType, levels: true }],
    ['8-bit levels in float64', { dtype: 'float64' as DType, levels: true }],
    ['float32 values', { dtype: 'float32' as DType, levels: false }],
    ['float64 values', { dtype: 'float64' as DType, levels: false }],
  ])('%s: the rows, labels and bits picking from the whole set gives, from the chunks up to the last row picked', async (_what, options) => {
    const dataset = images(mixed, options);
    const store = stored(dataset, 4);
    expect(store.description.layout.x).toBe(options.levels ? 'levels' : 'float');
    const { samples, counts, chunksRead } = await readClassSamples(store.description, 2, store.reader);
    const expected = pickedFromWholeSet(store, 2);
    // Rows 0–5 hold two of each class; row 5 is in chunk 1 of 5.
    expect(expected.rows).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.read).toEqual([0, 1]);
    expect(chunksRead).toBe(2);
    expect(samples.x).toBeInstanceOf(options.dtype === 'float32' ? Float32Array : Float64Array);
    expect(bits(samples.x)).toEqual(bits(options.dtype === 'float32' ? Float32Array.from(expected.x) : Float64Array.from(expected.x)));
    expect(Array.from((samples.target as { labels: Int32Array }).labels)).toEqual(expected.labels);
    expect(samples).toMatchObject({ name: 'images', rows: 6, features: 5, featureNames: [], normalization: dataset.normalization, target: { kind: 'classes', classes: ['class 0', 'class 1', 'class 2'] } });
    expect(counts).toEqual([6, 6, 5]);
  });

  it('reads on to the chunk where a late class first appears, and no further', async () => {
    // Class 2 first appears at row 13 (chunk 3 of chunks of 4 rows); classes 0 and 1 are complete in chunk 0.
    const labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 2, 2, 2, 2, 2, 0, 1, 2];
    const store = stored(images(labels), 4);
    const { samples, chunksRead } = await readClassSamples(store.description, 1, store.reader);
    expect(store.read).toEqual([0, 1, 2, 3]);
    expect(chunksRead).toBe(4);
    expect(bits(samples.x)).toEqual(bits(Float32Array.from(pickedFromWholeSet(store, 1).x)));
    expect(Array.from((samples.target as { labels: Int32Array }).labels)).toEqual([0, 1, 2]);
  });

  it('stops once a class smaller than the number asked for has all its rows', async () => {
    // Class 2 has one row (row 2): with 3 asked per class, the last row wanted is row 6, in chunk 2 of 5.
    const labels = [0, 1, 2, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const store = stored(images(labels), 3);
    const { samples, counts } = await readClassSamples(store.description, 3, store.reader);
    expect(store.read).toEqual([0, 1, 2]);
    expect(counts).toEqual([6, 6, 1]);
    expect(Array.from((samples.target as { labels: Int32Array }).labels)).toEqual([0, 1, 2, 0, 1, 0, 1]);
    expect(samples.rows).toBe(7);
    expect(bits(samples.x)).toEqual(bits(Float32Array.from(pickedFromWholeSet(store, 3).x)));
  });

  it('reads every chunk once when the whole set is wanted, and reads none of an empty one', async () => {
    const store = stored(images(mixed), 4);
    const { samples } = await readClassSamples(store.description, 100, store.reader);
    expect(store.read).toEqual([0, 1, 2, 3, 4]);
    expect(samples.rows).toBe(mixed.length);
    const empty = stored(images([]), 4);
    const none = await readClassSamples(empty.description, 8, empty.reader);
    expect([empty.read, none.samples.rows, none.samples.x.length, none.chunksRead]).toEqual([[], 0, 0, 0]);
  });

  it('gives the rows the labels hold when the counts promise more, without a row of zeros', async () => {
    const store = stored(images([0, 1, 0, 1]), 2);
    store.description.counts = [2, 2, 3];
    const { samples } = await readClassSamples(store.description, 2, store.reader);
    expect(store.read).toEqual([0, 1]);
    expect(samples.rows).toBe(4);
    expect(samples.x.length).toBe(4 * 5);
    expect(bits(samples.x)).toEqual(bits(Float32Array.from(pickedFromWholeSet(store, 2).x)));
  });

  it('names the block that does not fit its layout, and refuses a set without classes', async () => {
    const store = stored(images(mixed), 4);
    store.chunks[1] = { ...store.chunks[1], x: new ArrayBuffer(3) };
    await expect(readClassSamples(store.description, 2, store.reader)).rejects.toThrow('block 2 of 5: expected 20 bytes of features and 16 of targets, found 3 and 16');
    const regression = { ...store.description, shape: { ...store.description.shape, target: { kind: 'values' as const, width: 1 } } };
    await expect(readClassSamples(regression, 2, store.reader)).rejects.toThrow("'images' has no classes to show images of");
  });
});

describe('the first rows of each class of a set in memory', () => {
  it('picks float32 rows in row order', () => {
    const dataset = images([1, 1, 0, 1, 0]);
    const { samples, counts } = pickClassSamples(dataset, 1);
    expect(counts).toEqual([2, 3, 0]);
    expect(samples.x).toBeInstanceOf(Float32Array);
    expect(bits(samples.x)).toEqual(bits(Float32Array.from([...dataset.x.subarray(0, 5), ...dataset.x.subarray(10, 15)])));
    expect(samples.target).toEqual({ kind: 'classes', classes: ['class 0', 'class 1', 'class 2'], labels: Int32Array.of(1, 0) });
  });

  it('picks them in row order with every class counted', () => {
    const dataset = images([2, 0, 2, 2, 1, 0, 0, 2], { dtype: 'float64', levels: false });
    const { samples, counts } = pickClassSamples(dataset, 2);
    expect(counts).toEqual([3, 1, 4]);
    expect(Array.from((samples.target as { labels: Int32Array }).labels)).toEqual([2, 0, 2, 1, 0]);
    expect(samples.x).toBeInstanceOf(Float64Array);
    // Rows 0, 1, 2, 4, 5: row r holds 5r + 0.1 … 5r + 4.1.
    expect(Array.from(samples.x)).toEqual([0, 1, 2, 4, 5].flatMap((row) => [0, 1, 2, 3, 4].map((f) => 5 * row + f + 0.1)));
    expect(samples).toMatchObject({ rows: 5, features: 5, featureNames: [], name: 'images' });
  });

  it('refuses a set without classes', () => {
    const dataset: Dataset = { ...images([0]), target: { kind: 'values', names: ['y'], values: Float64Array.of(1) } };
    expect(() => pickClassSamples(dataset, 2)).toThrow("'images' has no classes to show images of");
  });
});
