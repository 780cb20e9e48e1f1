import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import {
  ChunkAssembler,
  chunkLayout,
  datasetChunks,
  eightBitLevels,
  storagePlan,
  storedShape,
  type ChunkLayout,
  type DatasetChunk,
} from '../../../../src/shared/data/dataset-chunks';

// A dataset's rows cut into stored chunks and put back together: the same bits for every row
// count around a chunk's capacity, 8-bit levels kept as one byte each, and the stored size.

function pixels(rows: number, features: number): Dataset {
  const x = new Float32Array(rows * features);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 37) % 256) / 255;
  return {
    name: 'pixels',
    featureNames: Array.from({ length: features }, (_, j) => `p${j}`),
    rows,
    features,
    x,
    target: { kind: 'classes', classes: ['a', 'b', 'c'], labels: Int32Array.from({ length: rows }, (_, i) => i % 3) },
    normalization: { kind: 'none' },
  };
}

function regression(rows: number): Dataset {
  return {
    name: 'prices',
    featureNames: ['size', 'age'],
    rows,
    features: 2,
    x: Float64Array.from({ length: rows * 2 }, (_, i) => i * 0.1 - 3),
    target: { kind: 'values', names: ['price', 'tax'], values: Float64Array.from({ length: rows * 2 }, (_, i) => 1 / (i + 3)) },
    normalization: { kind: 'none' },
  };
}

/** Writes `dataset` in chunks and reads them back in reverse order. */
function roundTrip(dataset: Dataset, layout: ChunkLayout) {
  const chunks = [...datasetChunks(dataset, layout)];
  const names = dataset.target.kind === 'classes' ? dataset.target.classes : dataset.target.names;
  const assembler = new ChunkAssembler(storedShape(dataset), layout);
  for (let index = chunks.length - 1; index >= 0; index--) assembler.add(index, chunks[index]);
  return { chunks, x: assembler.x, target: assembler.target(names) };
}

describe('dataset chunks', () => {
  // 4 pixels as levels (4 bytes) + a label (4 bytes) = 8 bytes a row; 24-byte chunks hold 3 rows.
  const CHUNK = 24;

  it.each([
    [3, 1, [3]],
    [6, 2, [3, 3]],
    [7, 3, [3, 3, 1]],
    [1, 1, [1]],
  ])('%i rows fill %i chunks of 3 rows (rows per chunk %j) and come back bit for bit', (rows, chunks, rowsPerChunk) => {
    const dataset = pixels(rows, 4);
    const layout = chunkLayout(storedShape(dataset), 'levels', CHUNK);
    expect(layout).toEqual({ rowsPerChunk: 3, chunks, x: 'levels' });
    const back = roundTrip(dataset, layout);
    expect(back.chunks.map((c) => c.x.byteLength)).toEqual(rowsPerChunk.map((r) => r * 4));
    expect(back.chunks.map((c) => c.labels!.byteLength)).toEqual(rowsPerChunk.map((r) => r * 4));
    expect(back.x).toEqual(dataset.x);
    expect(back.target).toEqual(dataset.target);
  });

  it('an empty dataset has no chunks and reads back empty', () => {
    const dataset = pixels(0, 4);
    const layout = chunkLayout(storedShape(dataset), 'levels', CHUNK);
    expect(layout.chunks).toBe(0);
    const back = roundTrip(dataset, layout);
    expect([back.chunks.length, back.x.length]).toEqual([0, 0]);
    expect(storagePlan(dataset).bytes).toBe(0);
  });

  it('keeps float64 regression rows with several targets exactly, in float chunks', () => {
    const dataset = regression(5);
    // 2 features × 8 + 2 targets × 8 = 32 bytes a row.
    const layout = chunkLayout(storedShape(dataset), 'float', 64);
    expect(layout).toEqual({ rowsPerChunk: 2, chunks: 3, x: 'float' });
    const back = roundTrip(dataset, layout);
    expect(back.x).toBeInstanceOf(Float64Array);
    expect(Array.from(back.x)).toEqual(Array.from(dataset.x));
    expect(back.target).toEqual(dataset.target);
  });

  it('a row larger than a chunk gets a chunk of its own', () => {
    const dataset = regression(2);
    expect(chunkLayout(storedShape(dataset), 'float', 10)).toEqual({ rowsPerChunk: 1, chunks: 2, x: 'float' });
  });

  it('refuses a chunk of the wrong size, naming it and what was expected', () => {
    const dataset = pixels(7, 4);
    const layout = chunkLayout(storedShape(dataset), 'levels', CHUNK);
    const [first] = datasetChunks(dataset, layout);
    const assembler = new ChunkAssembler(storedShape(dataset), layout);
    expect(() => assembler.add(2, first)).toThrow('block 3 of 3: expected 4 bytes of features and 4 of targets, found 12 and 12');
    expect(() => assembler.add(0, { x: first.x })).toThrow('block 1 of 3: expected 12 bytes of features and 12 of targets, found 12 and 0');
    // A record read back from storage without its features (the type says it always has them).
    expect(() => assembler.add(0, { labels: first.labels } as DatasetChunk)).toThrow('block 1 of 3: expected 12 bytes of features and 12 of targets, found 0 and 12');
    expect(() => assembler.add(0, { x: first.x, labels: new ArrayBuffer(8) })).toThrow('found 12 and 8');
    expect(() => assembler.add(0, { x: first.x, values: first.labels })).toThrow('found 12 and 0');
    // Past the last chunk of a dataset that fills its chunks exactly, an empty chunk would fit: its number does not.
    const six = pixels(6, 4);
    const exact = chunkLayout(storedShape(six), 'levels', CHUNK);
    const empty = { x: new ArrayBuffer(0), labels: new ArrayBuffer(0) };
    expect(() => new ChunkAssembler(storedShape(six), exact).add(2, empty)).toThrow('block 3 of 2: expected 0 bytes of features and 0 of targets, found 0 and 0');
    const [full] = datasetChunks(six, exact);
    expect(() => new ChunkAssembler(storedShape(six), exact).add(-1, full)).toThrow('block 0 of 2: expected 12 bytes of features and 12 of targets, found 12 and 12');
  });

  it('keeps float32 features that are not 8-bit levels exactly, in float chunks', () => {
    const dataset = { ...pixels(5, 4), x: Float32Array.from({ length: 20 }, (_, i) => i / 7 - 1) };
    const plan = storagePlan(dataset, CHUNK);
    expect(plan.layout.x).toBe('float');
    const back = roundTrip(dataset, plan.layout);
    expect(back.x).toBeInstanceOf(Float32Array);
    expect(back.x).toEqual(dataset.x);
    expect(back.target).toEqual(dataset.target);
  });

  it('stores 8-bit levels as bytes, and anything else as floats', () => {
    expect(eightBitLevels(pixels(3, 4).x)).toBe(true);
    expect(eightBitLevels(Float64Array.from([0, 1, 128 / 255]))).toBe(true);
    // float32(k / 255) is not float64(k / 255): its level would not read back as the same bits.
    expect(eightBitLevels(Float64Array.from([Math.fround(128 / 255)]))).toBe(false);
    expect(eightBitLevels(Float32Array.from([0.5]))).toBe(false);
    expect(eightBitLevels(Float32Array.from([-0]))).toBe(false);
    expect(eightBitLevels(Float32Array.from([2]))).toBe(false);
    expect(eightBitLevels(Float32Array.from([NaN]))).toBe(false);
  });

  it('counts the stored size: features as stored, targets, split indices', () => {
    // Fashion-MNIST's 60,000 images of 784 pixels as levels, with int32 labels and a split of every row.
    const fashion = { rows: 60_000, features: 784, dtype: 'float32', target: { kind: 'classes' } } as const;
    expect(storagePlan(pixels(10, 4)).bytes).toBe(10 * (4 + 4));
    const split = { ...pixels(10, 4), split: { train: new Int32Array(7), validation: new Int32Array(2), test: new Int32Array(1) } };
    expect(storagePlan(split).bytes).toBe(10 * (4 + 4) + 10 * 4);
    const noTest = { ...pixels(10, 4), split: { train: new Int32Array(8), validation: new Int32Array(2) } };
    expect(storagePlan(noTest).bytes).toBe(10 * (4 + 4) + 10 * 4);
    expect(storagePlan({ ...pixels(10, 4), x: new Float32Array(40).fill(0.5) }).bytes).toBe(10 * (16 + 4));
    expect(storagePlan(regression(5)).bytes).toBe(5 * (16 + 16));
    const layout = chunkLayout(fashion, 'levels');
    expect(layout).toEqual({ rowsPerChunk: 5322, chunks: 12, x: 'levels' });
  });

  it('holds labels for classes and values for a regression, and nothing for the other', () => {
    const layout = chunkLayout(storedShape(pixels(6, 4)), 'float', 64);
    const classes = new ChunkAssembler(storedShape(pixels(6, 4)), layout);
    expect([classes.labels?.length, classes.values]).toEqual([6, null]);
    const values = new ChunkAssembler(storedShape(regression(6)), chunkLayout(storedShape(regression(6)), 'float', 64));
    expect([values.labels, values.values?.length]).toEqual([null, 12]);
  });
});
