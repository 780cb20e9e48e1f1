import { describe, expect, it } from 'vitest';
import type { Samples } from '../../../../src/shared/nn/batches';
import { gatherColumns } from '../../../../src/shared/nn/kernels/gather-columns';
import type { FloatArray, NetworkInput } from '../../../../src/shared/nn/kernels/types';
import { createWasmKernels, type WasmKernels } from '../../../../src/shared/nn/kernels/wasm';
import { createWasmCore } from '../../../../src/shared/nn/kernels/wasm-core';
import { DatasetLists } from '../../../../src/shared/nn/kernels/wasm-dataset-lists';
import { ArrayInput, PickedInput } from '../../../../src/shared/nn/kernels/wasm-input';
import { configureKernelThreads } from '../../../../src/shared/nn/kernels/wasm-threads';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { train } from '../../../../src/shared/nn/train';
import { ModelSpecSchema, OptimizerSpecSchema } from '../../../../src/shared/schema/experiment';
import { helperThreadHost, untilThreaded } from './helper-thread-host';

// Batches picked from the lists of the whole dataset (wasm-dataset-lists.ts) instead of gathered
// and compressed one by one: the same products to the bit, the dense X written when it is read,
// dense or narrow data left to gathering, and training with the same weights either way.

/**
 * rows × features, row-major, outside any wasm memory (like a dataset): each value kept with
 * probability `density`; some rows all zero. Values are normal, or with `levels` 8-bit levels k / 255
 * (an 8-bit image scaled to [0, 1]), which the lists keep as one byte each.
 */
function dataset(rows: number, features: number, density: number, seed: number, levels = false): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(rows * features);
  for (let r = 0; r < rows; r++) {
    if (r % 7 === 3) continue;
    for (let f = 0; f < features; f++) {
      if (rng.next() < density) x[r * features + f] = levels ? (1 + rng.int(255)) / 255 : rng.normal();
    }
  }
  return x;
}

/** Both kinds of dataset lists: float32 values, and 8-bit levels read through a palette. */
const KINDS = [
  { kind: 'float32 values', levels: false },
  { kind: '8-bit levels', levels: true },
];

const countNonzeros = (x: Float32Array) => x.reduce((count, v) => count + (v !== 0 ? 1 : 0), 0);
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Z = W·X and dW = dZ·Xᵀ through the zero-skipping products of the input `load` makes of X. */
function products(kernels: WasmKernels, load: (X: Float32Array) => NetworkInput, units: number, features: number, m: number, seed: number) {
  const rng = createRng(seed);
  const X = kernels.allocate('float32', features * m) as Float32Array;
  const W = kernels.allocate('float32', units * features) as Float32Array;
  const dZ = kernels.allocate('float32', units * m) as Float32Array;
  for (let i = 0; i < W.length; i++) W[i] = rng.normal();
  for (let i = 0; i < dZ.length; i++) dZ[i] = rng.normal();
  const Z = kernels.allocate('float32', units * m) as Float32Array;
  const dW = kernels.allocate('float32', units * features) as Float32Array;
  const input = load(X);
  expect(input instanceof PickedInput || (input instanceof ArrayInput && input.skipsZeros)).toBe(true);
  input.product(W, units, Z);
  input.gradient(dZ, units, dW);
  return { X, Z, dW };
}

describe('batches picked from the lists of the whole dataset', () => {
  it.each(KINDS)('give the same bits as gathered batches, for ragged shapes, empty rows and repeated rows ($kind)', ({ levels }) => {
    for (const [rows, features, units, m] of [
      [50, 40, 9, 7],
      [300, 100, 57, 64],
      [200, 784, 128, 33],
    ]) {
      const source = dataset(rows, features, 0.3, rows + features, levels);
      const order = Int32Array.from({ length: m + 5 }, (_, i) => (i * 37) % rows);
      order[2] = order[1];
      const picked = createWasmKernels();
      const gathered = createWasmKernels();
      const a = products(picked, (X) => picked.inputRows(source, features, order, 5, m, X), units, features, m, 1);
      const b = products(
        gathered,
        (X) => {
          gatherColumns(source, features, order, 5, m, X);
          return gathered.input(X, features, m);
        },
        units,
        features,
        m,
        1,
      );
      const label = `${rows}×${features}, ${units} units, batch ${m}`;
      expect(picked.datasetLists!.palette !== 0, `levels kept as bytes, ${label}`).toBe(levels);
      expect(picked.datasetLists!.bytes, label).toBe((rows + 1) * 4 + (countNonzeros(source) + 4) * (levels ? 3 : 6) + (levels ? 4096 : 0));
      expect(bytes(a.Z).equals(bytes(b.Z)), `Z, ${label}`).toBe(true);
      expect(bytes(a.dW).equals(bytes(b.dW)), `dW, ${label}`).toBe(true);
    }
  });

  it.each(KINDS)('write X’s values into its buffer when they are read, and leave the buffer to the next input made of it ($kind)', ({ levels }) => {
    const features = 64;
    const m = 10;
    const source = dataset(40, features, 0.2, 3, levels);
    const order = Int32Array.from({ length: m }, (_, i) => 39 - 3 * i);
    const kernels = createWasmKernels();
    const X = kernels.allocate('float32', features * m) as Float32Array;
    X.fill(Number.NaN);
    const input = kernels.inputRows(source, features, order, 0, m, X);
    expect(input).toBeInstanceOf(PickedInput);
    expect(X.every(Number.isNaN), 'not written before it is read').toBe(true);
    expect(input.dense).toBe(X);
    // A dense product reading X's values.
    const ones = kernels.allocate('float32', m) as Float32Array;
    ones.fill(1);
    const sums = kernels.allocate('float32', features) as Float32Array;
    kernels.gemm(false, false, features, 1, m, 1, X, ones, 0, sums);
    const expected = new Float32Array(features * m);
    gatherColumns(source, features, order, 0, m, expected);
    expect([...X]).toEqual([...expected]);
    for (let f = 0; f < features; f++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += expected[f * m + j];
      expect(sums[f]).toBeCloseTo(sum, 4);
    }
    // Written by a kernel and made an input of its own, X gives its new values, not the picked rows.
    kernels.scale(0, X);
    const zeros = kernels.input(X, features, m);
    expect(zeros instanceof ArrayInput && zeros.skipsZeros).toBe(true);
    const W = kernels.allocate('float32', 3 * features) as Float32Array;
    W.fill(1);
    const Z = kernels.allocate('float32', 3 * m) as Float32Array;
    Z.fill(Number.NaN);
    zeros.product(W, 3, Z);
    expect([...Z]).toEqual(new Array(3 * m).fill(0));
  });

  it('are not made for dense or narrow data, arrays outside the memory, or a second dataset', () => {
    const order = Int32Array.from({ length: 8 }, (_, i) => i);
    /** Whether the batch was picked; when not, X must hold the gathered rows. */
    const picks = (kernels: WasmKernels, source: Float32Array, features: number, X: FloatArray) => {
      const input = kernels.inputRows(source, features, order, 0, 8, X);
      if (input instanceof PickedInput) return true;
      const expected = new Float32Array(features * 8);
      gatherColumns(source, features, order, 0, 8, expected);
      expect(input.dense).toBe(X);
      expect([...X]).toEqual([...expected]);
      return false;
    };
    const kernels = createWasmKernels();
    const X = kernels.allocate('float32', 100 * 8) as Float32Array;
    expect(picks(kernels, dataset(20, 100, 0.9, 1), 100, X)).toBe(false);
    // The decision sticks to the first dataset: another one is gathered too.
    expect(picks(kernels, dataset(20, 100, 0.1, 2), 100, X)).toBe(false);

    const narrow = createWasmKernels();
    expect(picks(narrow, dataset(20, 8, 0.1, 3), 8, narrow.allocate('float32', 8 * 8))).toBe(false);
    const outside = createWasmKernels();
    expect(picks(outside, dataset(20, 100, 0.1, 4), 100, new Float32Array(100 * 8))).toBe(false);
  });

  it.each(KINDS)('train to the same weights as gathered batches, evaluation included ($kind)', async ({ levels }) => {
    const rows = 240;
    const features = 60;
    const x = dataset(rows, features, 0.25, 9, levels);
    const labels = Int32Array.from({ length: rows }, (_, r) => (x[r * features] > 0 ? 1 : 0) + (x[r * features + 1] > 0 ? 1 : 0));
    const y = new Float32Array(rows * 3);
    labels.forEach((label, r) => (y[r * 3 + label] = 1));
    const samples: Samples = { x, features, y, outputs: 3, labels };
    const model = ModelSpecSchema.parse({
      layers: [
        { units: 30, activation: 'relu' },
        { units: 3, activation: 'softmax' },
      ],
      init: 'heNormal',
      loss: 'categoricalCrossEntropy',
    });
    const run = async (pick: boolean) => {
      const network = buildNetwork(model, { inputs: features, dtype: 'float32', backend: 'wasm', rng: createRng(5) });
      // Without picking, the loader's batches are gathered, as for any other backend.
      const { kernels } = network;
      if (!pick) {
        Object.assign(kernels, {
          inputRows(source: FloatArray, f: number, rows: Int32Array, start: number, m: number, x: FloatArray) {
            gatherColumns(source, f, rows, start, m, x);
            return kernels.input(x, f, m);
          },
        });
      }
      const losses: number[] = [];
      const outcome = await train(network, samples, {
        loss: LOSSES.categoricalCrossEntropy,
        optimizer: OptimizerSpecSchema.parse({ name: 'sgd', learningRate: 0.1 }),
        schedule: { name: 'constant' },
        batchSize: 16,
        epochs: 3,
        l2: 0,
        shuffle: true,
        rng: createRng(6),
        trainRows: Int32Array.from({ length: 200 }, (_, i) => i),
        validationRows: Int32Array.from({ length: 40 }, (_, i) => 200 + i),
        onEpoch: (event) => losses.push(event.train.loss, event.validation!.loss),
      });
      expect(outcome.status).toBe('done');
      if (pick) expect((network.kernels as WasmKernels).datasetLists!.palette !== 0).toBe(levels);
      return { weights: network.parameters.flatMap((p) => [...p.value]), losses };
    };
    const picked = await run(true);
    const gathered = await run(false);
    expect(picked.weights).toEqual(gathered.weights);
    expect(picked.losses).toEqual(gathered.losses);
    expect(picked.losses[4]).toBeLessThan(picked.losses[0]);
  });
});

/**
 * The lists of `kernels`' dataset read back from the memory, row by row: the (feature, value) of
 * every entry, values of 8-bit levels read through the palette as the kernels do.
 */
function readLists(kernels: WasmKernels, rows: number): Array<Array<[number, number]>> {
  const lists = kernels.datasetLists!;
  const buffer = (kernels.allocate('float32', 1) as Float32Array).buffer;
  const end = lists.starts[rows];
  const index = new Uint16Array(buffer, lists.index, end);
  const floats = lists.palette === 0 ? new Float32Array(buffer, lists.value, end) : null;
  const levels = new Uint8Array(buffer, lists.value, end);
  const palette = new Float32Array(buffer, lists.palette, lists.palette === 0 ? 0 : 1024);
  return Array.from({ length: rows }, (_, r) => {
    const entries: Array<[number, number]> = [];
    for (let e = lists.starts[r]; e < lists.starts[r + 1]; e++) entries.push([index[e], floats ? floats[e] : palette[4 * levels[e]]]);
    return entries;
  });
}

/** The nonzeros of each row of `source`, in feature order: what its lists must hold. */
function nonzerosByRow(source: Float32Array, features: number): Array<Array<[number, number]>> {
  return Array.from({ length: source.length / features }, (_, r) => {
    const entries: Array<[number, number]> = [];
    for (let f = 0; f < features; f++) if (source[r * features + f] !== 0) entries.push([f, source[r * features + f]]);
    return entries;
  });
}

describe('the lists of a dataset larger than one block', () => {
  // 4096 features: a chunk is 1 MiB / (4096 · 4 bytes) = 64 rows and a block 8 chunks (512 rows),
  // so 1233 rows are two whole blocks and a third of 3 whole chunks and a ragged one of 17 rows
  // (20 chunks); 513 rows are 9 chunks, the last a block of its own with one row.
  const features = 4096;
  const rows = 2 * 512 + 3 * 64 + 17;

  it.each(KINDS.flatMap((kind) => [rows, 513].map((rows) => ({ ...kind, rows }))))('hold every row’s nonzeros, in order, bit for bit, and each 8-bit level’s palette entry ($kind, $rows rows)', ({ levels, rows }) => {
    const source = dataset(rows, features, 0.05, 11, levels);
    const kernels = createWasmKernels();
    const X = kernels.allocate('float32', features * 4) as Float32Array;
    kernels.inputRows(source, features, Int32Array.of(0, 600, 1100, rows - 1), 0, 4, X);
    const lists = kernels.datasetLists!;
    expect(lists.palette !== 0).toBe(levels);
    expect(lists.starts.length).toBe(rows + 1);
    expect(lists.bytes).toBe((rows + 1) * 4 + (countNonzeros(source) + 4) * (levels ? 3 : 6) + (levels ? 4096 : 0));
    const expected = nonzerosByRow(source, features);
    const actual = readLists(kernels, rows);
    for (let r = 0; r < rows; r++) expect(actual[r], `row ${r}`).toEqual(expected[r]);
    if (levels) {
      const buffer = (kernels.allocate('float32', 1) as Float32Array).buffer;
      const palette = new Float32Array(buffer, lists.palette, 1024);
      expect([...palette]).toEqual(Array.from({ length: 1024 }, (_, i) => Math.fround(Math.floor(i / 4) / 255)));
    }
  });

  it('are the same when helper threads compress the chunks while the next block is copied in', async () => {
    const source = dataset(rows, features, 0.05, 12);
    configureKernelThreads(helperThreadHost(1));
    try {
      const kernels = createWasmKernels();
      await untilThreaded(kernels);
      const before = kernels.threads.calls;
      const X = kernels.allocate('float32', features * 2) as Float32Array;
      const input = kernels.inputRows(source, features, Int32Array.of(rows - 3, rows - 2), 0, 2, X);
      // Two passes of three blocks, each on the threads.
      expect(kernels.threads.calls - before).toBe(6);
      // A batch's work is its own nonzeros (about 2 · 205 here) times the units, far below what
      // leaves the calling thread, wherever its rows' lists sit in the dataset's.
      const dZ = kernels.allocate('float32', 8 * 2) as Float32Array;
      dZ.fill(1);
      input.gradient(dZ, 8, kernels.allocate('float32', 8 * features) as Float32Array);
      expect(kernels.threads.calls - before).toBe(6);
      const expected = nonzerosByRow(source, features);
      const actual = readLists(kernels, rows);
      for (let r = 0; r < rows; r++) expect(actual[r], `row ${r}`).toEqual(expected[r]);
    } finally {
      configureKernelThreads({ helpers: 0, spawn: () => ({ postMessage() {} }) });
    }
  });

});

describe('the lists of a dataset', () => {
  it('are kept up to a share of nonzeros of exactly 3/4, and not above', () => {
    // 20 rows of 100 features, 75 nonzeros each; one more nonzero is past the limit.
    const source = new Float32Array(20 * 100);
    for (let r = 0; r < 20; r++) for (let f = 0; f < 75; f++) source[r * 100 + ((f * 3 + r) % 100)] = 1 + f;
    const X8 = (kernels: WasmKernels) => kernels.allocate('float32', 100 * 8) as Float32Array;
    const order = Int32Array.from({ length: 8 }, (_, i) => i);
    const atLimit = createWasmKernels();
    expect(atLimit.inputRows(source, 100, order, 0, 8, X8(atLimit))).toBeInstanceOf(PickedInput);
    const over = source.slice();
    over[over.indexOf(0)] = 0.5;
    const aboveLimit = createWasmKernels();
    expect(aboveLimit.inputRows(over, 100, order, 0, 8, X8(aboveLimit))).not.toBeInstanceOf(PickedInput);
    expect(aboveLimit.datasetLists).toBeNull();
  });

  it('of no rows are empty', () => {
    const core = createWasmCore('float32');
    const lists = DatasetLists.build(core.arena, new Float32Array(0), 50, 0.75, core.threads)!;
    expect([...lists.starts]).toEqual([0]);
  });

  it.each(KINDS)('are kept up to a size of exactly the byte limit, and not one byte above ($kind)', ({ levels }) => {
    const source = dataset(30, 50, 0.2, 13, levels);
    const bytes = (30 + 1) * 4 + (countNonzeros(source) + 4) * (levels ? 3 : 6) + (levels ? 4096 : 0);
    const atLimit = createWasmCore('float32');
    expect(DatasetLists.build(atLimit.arena, source, 50, 0.75, atLimit.threads, bytes)?.bytes).toBe(bytes);
    const belowSize = createWasmCore('float32');
    expect(DatasetLists.build(belowSize.arena, source, 50, 0.75, belowSize.threads, bytes - 1)).toBeNull();
  });
});
