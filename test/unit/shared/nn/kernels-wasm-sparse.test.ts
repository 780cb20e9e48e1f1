import { describe, expect, it } from 'vitest';
import { formatGradcheckReport, gradientCheck } from '../../../../src/shared/nn/gradcheck';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { createWasmKernels, type WasmKernels } from '../../../../src/shared/nn/kernels/wasm';
import { ArrayInput, PickedInput } from '../../../../src/shared/nn/kernels/wasm-input';
import { createKernelMemory, instantiateKernels } from '../../../../src/shared/nn/kernels/wasm-module';
import { DATASET_LISTS_JOB, LISTS_COMPRESS, LISTS_COMPRESS_LEVELS, LISTS_COUNT, type DatasetListsCall } from '../../../../src/shared/nn/kernels/wasm-job-dataset-lists';
import { SPARSE_MAX_DENSITY, SPARSE_MAX_FEATURES, SPARSE_MIN_FEATURES } from '../../../../src/shared/nn/kernels/wasm-sparse';
import { configureKernelThreads } from '../../../../src/shared/nn/kernels/wasm-threads';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { createRng } from '../../../../src/shared/nn/rng';
import { helperThreadHost, untilThreaded } from './helper-thread-host';
import { randomNetwork, targetsFor } from './helpers';

// The wasm backend's zero-skipping products with the network input (assembly/sparse-product.ts): the same
// values as the dense gemm up to float32 rounding, for ragged shapes (panels of 28, 16 and 8
// units; lists of every length, empty ones included), the same bits on helper threads as on one,
// taken only when X is sparse enough, and correct gradients through a network.

/** An array in the backend's memory: normal values, each kept with probability `density`. */
function sparseMatrix(kernels: WasmKernels, length: number, density: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = kernels.allocate('float32', length) as Float32Array;
  for (let i = 0; i < length; i++) out[i] = rng.next() < density ? rng.normal() : 0;
  return out;
}

/** Z = W·X and dW = dZ·Xᵀ in float64, the reference the float32 kernels are held to. */
function reference(W: Float32Array, X: Float32Array, dZ: Float32Array, units: number, features: number, m: number) {
  const Z = new Float64Array(units * m);
  const dW = new Float64Array(units * features);
  for (let u = 0; u < units; u++) {
    for (let f = 0; f < features; f++) {
      for (let j = 0; j < m; j++) {
        Z[u * m + j] += W[u * features + f] * X[f * m + j];
        dW[u * features + f] += dZ[u * m + j] * X[f * m + j];
      }
    }
  }
  return { Z, dW };
}

/** Largest |actual − expected| relative to the largest |expected| (1 when that is 0). */
function maxError(actual: Float32Array, expected: Float64Array): number {
  let error = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    error = Math.max(error, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return error / (scale || 1);
}

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

// units × features × m: one unit, a panel of 28 and its neighbours, the Fashion-MNIST layer, a
// single sample, lists shorter than a pair, and a width past what one panel scratch once held.
const SHAPES = [
  [1, 32, 1],
  [7, 33, 5],
  [28, 64, 9],
  [29, 100, 17],
  [57, 300, 64],
  [128, 784, 64],
  [40, 4096, 3],
];

/** Hands out 64-byte-aligned ranges of a kernel memory from `from` on: tests that call the module directly. */
function bumpReserver(from: number): (bytes: number) => number {
  let top = (from + 63) & ~63;
  return (bytes) => {
    const at = top;
    top = (top + bytes + 63) & ~63;
    return at;
  };
}

describe('wasm products that skip the zeros of the input', () => {
  it('match the float64 products for ragged shapes and densities from empty to the limit', () => {
    const kernels = createWasmKernels();
    for (const [units, features, m] of SHAPES) {
      for (const density of [0, 0.05, 0.5, SPARSE_MAX_DENSITY * 0.95]) {
        const seed = units * 1000 + features + m;
        const X = sparseMatrix(kernels, features * m, density, seed);
        const W = sparseMatrix(kernels, units * features, 1, seed + 1);
        const dZ = sparseMatrix(kernels, units * m, 1, seed + 2);
        const Z = kernels.allocate('float32', units * m) as Float32Array;
        const dW = kernels.allocate('float32', units * features) as Float32Array;
        // Stale values must not leak into the result.
        Z.fill(Number.NaN);
        dW.fill(Number.NaN);
        const label = `${units}×${features}×${m} at density ${density}`;
        const input = kernels.input(X, features, m);
        expect(input instanceof ArrayInput && input.skipsZeros, label).toBe(true);
        input.product(W, units, Z);
        input.gradient(dZ, units, dW);
        const expected = reference(W, X, dZ, units, features, m);
        expect(maxError(Z, expected.Z), `Z, ${label}`).toBeLessThan(1e-5);
        expect(maxError(dW, expected.dW), `dW, ${label}`).toBeLessThan(1e-5);
      }
    }
  });

  it('leaves dense, narrow, very wide and outside inputs to gemm', () => {
    const kernels = createWasmKernels();
    const skipsZeros = (x: Float32Array, features: number, m: number) => {
      const input = kernels.input(x, features, m);
      return input instanceof ArrayInput && input.skipsZeros;
    };
    const dense = sparseMatrix(kernels, 784 * 8, 1, 1);
    expect(skipsZeros(dense, 784, 8)).toBe(false);
    // Just over the density limit: 80 % nonzero.
    const busy = sparseMatrix(kernels, 100 * 50, 1, 2);
    for (let i = 0; i < busy.length; i += 5) busy[i] = 0;
    expect(skipsZeros(busy, 100, 50)).toBe(false);
    const narrow = sparseMatrix(kernels, (SPARSE_MIN_FEATURES - 1) * 8, 0.1, 3);
    expect(skipsZeros(narrow, SPARSE_MIN_FEATURES - 1, 8)).toBe(false);
    const wide = sparseMatrix(kernels, (SPARSE_MAX_FEATURES + 1) * 2, 0.1, 4);
    expect(skipsZeros(wide, SPARSE_MAX_FEATURES + 1, 2)).toBe(false);
    // An array outside the backend's memory would only be staged for one call.
    expect(skipsZeros(new Float32Array(784 * 8), 784, 8)).toBe(false);
  });

  it('lets a NaN of the input reach the output', () => {
    const kernels = createWasmKernels();
    const X = sparseMatrix(kernels, 64 * 4, 0.2, 5);
    X[3 * 4 + 2] = Number.NaN;
    const W = sparseMatrix(kernels, 10 * 64, 1, 6);
    const Z = kernels.allocate('float32', 10 * 4) as Float32Array;
    kernels.input(X, 64, 4).product(W, 10, Z);
    for (let u = 0; u < 10; u++) {
      expect(Number.isNaN(Z[u * 4 + 2])).toBe(true);
      expect(Number.isNaN(Z[u * 4 + 1])).toBe(false);
    }
  });

  it('gives a network the gradients finite differences give, and the dense path’s up to rounding', () => {
    const kernels = getKernels('wasm', 'float32');
    const features = 40;
    const m = 6;
    const sparse = randomNetwork([features, 9, 3], ['relu', 'softmax'], { seed: 21, dtype: 'float32', kernels });
    const dense = randomNetwork([features, 9, 3], ['relu', 'softmax'], { seed: 21, dtype: 'float32', kernels: getKernels('wasm', 'float32') });
    const X = sparseMatrix(kernels as WasmKernels, features * m, 0.3, 22);
    const Y = targetsFor('categoricalCrossEntropy', 3, m, 23);
    sparse.forward(X, m);
    sparse.backward(Y, LOSSES.categoricalCrossEntropy);
    // A copy outside the memory takes the dense gemm path.
    dense.forward(Float32Array.from(X), m);
    dense.backward(Y, LOSSES.categoricalCrossEntropy);
    sparse.parameters.forEach((p, t) => {
      const other = dense.parameters[t].grad;
      for (let i = 0; i < p.grad.length; i++) expect(p.grad[i], p.name).toBeCloseTo(other[i], 5);
    });
    const report = gradientCheck(sparse, X, Y, m, LOSSES.categoricalCrossEntropy, { epsilon: 3e-4, threshold: 1e-2 });
    expect(report.passed, formatGradcheckReport(report)).toBe(true);
  });

  it('gives the same bits on helper threads as on one thread', async () => {
    const shapes = [
      [128, 784, 64],
      [57, 300, 200],
      [200, 128, 128],
    ];
    // And a batch picked from a dataset of 8-bit levels (lists with one-byte values and a palette),
    // once as evaluation does it and once as a training step does (PICKED_TRAINING: the forward
    // product is told the gradient follows, so its job also sorts the lists by feature).
    const levels = Float32Array.from({ length: 300 * 784 }, (_, i) => (i % 5 === 0 ? ((i * 31) % 255) + 1 : 0) / 255);
    const order = Int32Array.from({ length: 96 }, (_, j) => (j * 97) % 300);
    const [PICKED, PICKED_TRAINING] = [1, 2];
    const picks = [
      [128, 784, 96, PICKED],
      [128, 784, 96, PICKED_TRAINING],
    ];
    let sortsInGradient = 0;
    const run = (kernels: WasmKernels) =>
      [...shapes, ...picks].map(([units, features, m, picked]) => {
        const X = picked ? (kernels.allocate('float32', features * m) as Float32Array) : sparseMatrix(kernels, features * m, 0.4, units + m);
        const W = sparseMatrix(kernels, units * features, 1, units + 1);
        const dZ = sparseMatrix(kernels, units * m, 1, units + 2);
        const Z = kernels.allocate('float32', units * m) as Float32Array;
        const dW = kernels.allocate('float32', units * features) as Float32Array;
        const input = picked ? kernels.inputRows(levels, features, order, 0, m, X) : kernels.input(X, features, m);
        if (picked) {
          expect(input).toBeInstanceOf(PickedInput);
          expect(kernels.datasetLists!.palette).not.toBe(0);
        }
        input.product(W, units, Z, picked === PICKED_TRAINING);
        if (input instanceof PickedInput && !input.byFeatureBuilt) sortsInGradient++;
        input.gradient(dZ, units, dW);
        return { Z, dW };
      });
    const single = createWasmKernels();
    const expected = run(single);
    expect(single.threads.calls).toBe(0);
    // The training step's lists were sorted in its forward product's job, even on one thread; the
    // evaluation-like batch sorts its lists when the gradient needs them.
    expect(sortsInGradient).toBe(1);
    sortsInGradient = 0;

    configureKernelThreads(helperThreadHost(1));
    const threaded = createWasmKernels();
    await untilThreaded(threaded);
    const before = threaded.threads.calls;
    const actual = run(threaded);
    // A shape's first call tries the threads, its second one thread: all ran on the threads but
    // the second picked batch's gradient (the first one's shape). The training step's lists were
    // sorted in its forward job, so only the evaluation-like batch sorted in its gradient.
    expect(threaded.threads.calls).toBe(before + 2 * shapes.length + 3);
    expect(sortsInGradient).toBe(1);
    actual.forEach((result, i) => {
      expect(bytes(result.Z).equals(bytes(expected[i].Z)), `Z of shape ${i}`).toBe(true);
      expect(bytes(result.dW).equals(bytes(expected[i].dW)), `dW of shape ${i}`).toBe(true);
    });
    configureKernelThreads({ helpers: 0, spawn: () => ({ postMessage() {} }) });
  });

  it('keeps the lists by sample with uint16 indices: the entries of the int32 ones, in 2 bytes each', () => {
    // Straight on the module: compressRowsNarrow against compressRows on the same rows, for the
    // vector path and the tail (cols not a multiple of 4), empty rows, and the widest index a
    // uint16 holds (column 65,535).
    const memory = createKernelMemory(256);
    const k = instantiateKernels(memory);
    const rng = createRng(11);
    for (const [rows, cols] of [
      [5, 4097],
      [3, 65536],
      [7, 33],
    ]) {
      const reserve = bumpReserver(k.heapBase());
      const x = reserve(rows * cols * 4);
      const dense = new Float32Array(memory.buffer, x, rows * cols);
      for (let i = 0; i < dense.length; i++) dense[i] = rng.next() < 0.3 ? rng.normal() : 0;
      dense.fill(0, cols, 2 * cols); // an empty row
      dense[rows * cols - 1] = 1.5; // the last column
      const entries = rows * cols + 4;
      const [wideStarts, wideIndex, wideValue] = [reserve((rows + 1) * 4), reserve(entries * 4), reserve(entries * 4)];
      const [narrowStarts, narrowIndex, narrowValue] = [reserve((rows + 1) * 4), reserve(entries * 2 + 16), reserve(entries * 4)];
      const count = k.compressRows(x, rows, cols, wideStarts, wideIndex, wideValue, 0, entries);
      new Uint8Array(memory.buffer, narrowIndex, entries * 2 + 16).fill(0xee);
      expect(k.compressRowsNarrow(x, rows, cols, narrowStarts, narrowIndex, narrowValue, 0, entries)).toBe(count);
      const label = `${rows}×${cols}`;
      expect([...new Int32Array(memory.buffer, narrowStarts, rows + 1)], label).toEqual([...new Int32Array(memory.buffer, wideStarts, rows + 1)]);
      expect([...new Uint16Array(memory.buffer, narrowIndex, count)], label).toEqual([...new Int32Array(memory.buffer, wideIndex, count)]);
      expect(bytes(new Float32Array(memory.buffer, narrowValue, count)).equals(bytes(new Float32Array(memory.buffer, wideValue, count))), label).toBe(true);
      expect(new Uint16Array(memory.buffer, narrowIndex, count).at(-1), label).toBe(cols - 1);
      // Compaction stores 4 indices at a time: nothing is written past the 4 entries of slack.
      expect([...new Uint8Array(memory.buffer, narrowIndex + (count + 4) * 2, 16)].every((b) => b === 0xee), label).toBe(true);
    }
  });

  it('recognizes 8-bit levels, and keeps them as one byte each', () => {
    const memory = createKernelMemory(64);
    const k = instantiateKernels(memory);
    const base = (k.heapBase() + 63) & ~63;
    const levels = Float32Array.from({ length: 256 }, (_, level) => level / 255);
    const check = (values: ArrayLike<number>) => {
      new Float32Array(memory.buffer, base, values.length).set(values);
      return k.eightBitLevels(base, values.length) === 1;
    };
    expect(check(levels)).toBe(true);
    expect(check(levels.subarray(0, 7)), 'a tail of 3').toBe(true);
    expect(check([-0, 0, 1, 0, 0])).toBe(true);
    const nextAbove = (value: number) => new Float32Array(new Uint32Array([new Uint32Array(new Float32Array([value]).buffer)[0] + 1]).buffer)[0];
    for (const bad of [0.5, 2, -1 / 255, Number.NaN, Number.POSITIVE_INFINITY, 1e-9, nextAbove(100 / 255), nextAbove(0)]) {
      for (const at of [1, 6]) {
        const values = Array.from(levels.subarray(10, 17));
        values[at] = bad;
        expect(check(values), `${bad} at ${at}`).toBe(false);
      }
    }
    // The same lists as compressRowsNarrow, with each value's level in one byte.
    const rng = createRng(12);
    const [rows, cols] = [6, 203];
    const x = base + 4096;
    const dense = new Float32Array(memory.buffer, x, rows * cols);
    for (let i = 0; i < dense.length; i++) dense[i] = rng.next() < 0.4 ? levels[rng.int(256)] : 0;
    dense[rows * cols - 1] = 1;
    const entries = rows * cols + 4;
    const reserve = bumpReserver(x + rows * cols * 4);
    const [starts, index, value] = [reserve((rows + 1) * 4), reserve(entries * 2), reserve(entries * 4)];
    const [levelStarts, levelIndex, codes] = [reserve((rows + 1) * 4), reserve(entries * 2), reserve(entries + 16)];
    const count = k.compressRowsNarrow(x, rows, cols, starts, index, value, 0, entries);
    new Uint8Array(memory.buffer, codes, entries + 16).fill(0xee);
    expect(k.compressRowsLevels(x, rows, cols, levelStarts, levelIndex, codes, 0, entries)).toBe(count);
    expect([...new Int32Array(memory.buffer, levelStarts, rows + 1)]).toEqual([...new Int32Array(memory.buffer, starts, rows + 1)]);
    expect([...new Uint16Array(memory.buffer, levelIndex, count)]).toEqual([...new Uint16Array(memory.buffer, index, count)]);
    const decoded = Float32Array.from(new Uint8Array(memory.buffer, codes, count), (level) => levels[level]);
    expect(bytes(decoded).equals(bytes(new Float32Array(memory.buffer, value, count)))).toBe(true);
    expect([...new Uint8Array(memory.buffer, codes + count + 4, 16)].every((b) => b === 0xee)).toBe(true);
  });

  it('compresses the chunks of a dataset into one set of lists in any order: no chunk writes into the next one', () => {
    // Chunks of a dataset's rows are compressed side by side on several threads, each into its own
    // range of the shared lists (wasm-dataset-lists.ts). Rows like images — zeros at both ends —
    // make a chunk's last whole-vector store reach past its last nonzero; it must stop at the next
    // chunk's first entry, or a chunk done later would overwrite the one after it.
    const memory = createKernelMemory(256);
    const k = instantiateKernels(memory);
    const rng = createRng(13);
    const [features, chunkRows, chunks] = [784, 37, 8];
    const rows = chunkRows * chunks - 5; // a short last chunk
    const reserve = bumpReserver(k.heapBase());
    const staging = reserve(rows * features * 4);
    const listsChunk = (call: DatasetListsCall, chunk: number) => DATASET_LISTS_JOB.chunk(k, call, chunk, { memory, work: 0, steps: [], steps64: [] });
    const dense = new Float32Array(memory.buffer, staging, rows * features);
    for (let r = 0; r < rows; r++) for (let c = 100; c < 680; c++) if (rng.next() < 0.5) dense[r * features + c] = (1 + rng.int(255)) / 255;
    for (const [pass, valueBytes, data] of [
      [LISTS_COMPRESS_LEVELS, 1, 'levels'],
      [LISTS_COMPRESS, 4, 'float32'],
    ] as const) {
      const results = reserve((chunks + 1) * 8);
      const slots = new Int32Array(memory.buffer, results, (chunks + 1) * 2);
      for (let chunk = 0; chunk < chunks; chunk++) listsChunk({ pass: LISTS_COUNT, staging, rows, features, chunkRows, results, starts: 0, index: 0, value: 0 }, chunk);
      let total = 0;
      for (let chunk = 0; chunk < chunks; chunk++) [slots[2 * chunk], total] = [total, total + slots[2 * chunk]];
      slots[2 * chunks] = total;
      const compressIn = (order: number[]) => {
        const [starts, index, value] = [reserve((rows + 1) * 4), reserve(total * 2 + 64), reserve(total * valueBytes + 64)];
        new Uint8Array(memory.buffer, index, total * 2 + 64).fill(0xee);
        for (const chunk of order) listsChunk({ pass, staging, rows, features, chunkRows, results, starts, index, value }, chunk);
        const bytesOf = (at: number, length: number) => Buffer.from(new Uint8Array(memory.buffer, at, length));
        return { starts: bytesOf(starts, (rows + 1) * 4), index: bytesOf(index, total * 2), value: bytesOf(value, total * valueBytes), past: bytesOf(index + total * 2, 64) };
      };
      const inOrder = compressIn([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(inOrder.past.every((b) => b === 0xee), `${data}: nothing past the lists' end`).toBe(true);
      for (const order of [
        [7, 6, 5, 4, 3, 2, 1, 0],
        [1, 3, 5, 7, 0, 2, 4, 6],
      ]) {
        const other = compressIn(order);
        expect(other.starts.equals(inOrder.starts), `${data}, chunks ${order}: starts`).toBe(true);
        expect(other.index.equals(inOrder.index), `${data}, chunks ${order}: indices`).toBe(true);
        expect(other.value.equals(inOrder.value), `${data}, chunks ${order}: values`).toBe(true);
      }
    }
  });
});
