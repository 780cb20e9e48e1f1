import { describe, expect, it } from 'vitest';
import { createWasmKernels, WasmKernels } from '../../../../src/shared/nn/kernels/wasm';
import { WasmKernels64 } from '../../../../src/shared/nn/kernels/wasm-float64';
import { PickedInput } from '../../../../src/shared/nn/kernels/wasm-input';
import { configureKernelThreads, THREADED_MIN_WORK } from '../../../../src/shared/nn/kernels/wasm-threads';
import { helperThreadHost, untilThreaded } from './helper-thread-host';
import { createRng } from '../../../../src/shared/nn/rng';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import type { FloatArray, Kernels } from '../../../../src/shared/nn/kernels/types';

// Each job kind on real worker_threads helpers that share the wasm memory: gemm bit-identical to
// the single-threaded result, in float32 and float64, for every transpose and for shapes that do
// not divide into whole tiles, and small products never leave the calling thread; likewise the
// optimizer steps of large layers, the sparse products and the dataset lists. That any split of a
// job gives one call's bits (products spanning the kernels' packing blocks included) is tested on
// the calling thread, kind by kind (wasm-job-*.test.ts), and how the calling thread publishes,
// claims and waits in wasm-threads-protocol.test.ts: here the shapes are small, so the file stays
// quick to run under StrykerJS.

type AnyWasm = WasmKernels | WasmKernels64;
const dtypeOf = (kernels: AnyWasm) => (kernels instanceof WasmKernels64 ? 'float64' : 'float32');

function random<K extends AnyWasm>(kernels: K, length: number, seed: number): K extends WasmKernels64 ? Float64Array : Float32Array {
  const rng = createRng(seed);
  const out = kernels.allocate(dtypeOf(kernels), length) as K extends WasmKernels64 ? Float64Array : Float32Array;
  for (let i = 0; i < length; i++) out[i] = rng.normal();
  return out;
}

const startHelpers = () => configureKernelThreads(helperThreadHost(2));

// A row split (m ≥ n) and a column split (n > m), with remainders of the 4×8 tile and of the chunks.
const SHAPES = [
  [130, 61, 257],
  [37, 515, 300],
];
const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('wasm gemm on helper threads', () => {
  it('gives bit-identical results to one thread, in float32 and float64, for every transpose and ragged shapes', async () => {
    const backends = { float32: createWasmKernels, float64: () => new WasmKernels64() };
    const products = (kernels: AnyWasm) =>
      SHAPES.flatMap(([m, n, k]) =>
        TRANSPOSES.map(([transA, transB]) => {
          const c = random(kernels, m * n, 1);
          const before = kernels.threads.calls;
          kernels.gemm(transA, transB, m, n, k, 0.75, random(kernels, m * k, m + k), random(kernels, k * n, n + k), 0.5, c);
          return { c, threaded: kernels.threads.calls === before + 1 };
        }),
      );
    // The single-threaded results first: no helpers exist yet in this process.
    const expected = Object.values(backends).map((create) => products(create()));
    expect(expected.flat().some((product) => product.threaded)).toBe(false);

    startHelpers();
    for (const [i, create] of Object.values(backends).entries()) {
      const threaded = create();
      await untilThreaded(threaded);
      // Each shape's first call runs on the threads (later ones take whichever way was faster).
      products(threaded).forEach(({ c, threaded: ran }, index) => {
        expect(ran, `product ${index} of ${dtypeOf(threaded)} ran on threads`).toBe(true);
        const reference = expected[i][index].c;
        expect(Buffer.from(c.buffer, c.byteOffset, c.byteLength).equals(Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength))).toBe(true);
      });
    }
  });

  it('runs everything on the calling thread once threading is switched off, and resumes when on', async () => {
    startHelpers();
    const kernels = createWasmKernels();
    await untilThreaded(kernels);
    const a = random(kernels, 256 * 256, 4);
    const c = kernels.allocate('float32', 256 * 256);
    configureKernelThreads({ helpers: 0, spawn: () => expect.unreachable('no thread to start') });
    const before = kernels.threads.calls;
    kernels.gemm(false, false, 256, 256, 256, 1, a, a, 0, c);
    expect(kernels.threads.calls).toBe(before);
    startHelpers();
    // A shape not seen before: its first call runs threaded (later ones take the faster way).
    kernels.gemm(false, false, 256, 255, 256, 1, a, a, 0, c);
    expect(kernels.threads.calls).toBe(before + 1);
  });

  it('keeps products below the threshold on the calling thread', async () => {
    startHelpers();
    const kernels = createWasmKernels();
    await untilThreaded(kernels);
    const before = kernels.threads.calls;
    const a = random(kernels, 64 * 64, 3);
    const c = kernels.allocate('float32', 64 * 64);
    expect(64 * 64 * 64).toBeLessThan(THREADED_MIN_WORK);
    kernels.gemm(false, false, 64, 64, 64, 1, a, a, 0, c);
    expect(kernels.threads.calls).toBe(before);
  });

  it.each(['float32', 'float64'] as const)('takes the %s optimizer steps of a large layer on the threads, to the bit of the ts backend', async (dtype) => {
    startHelpers();
    const kernels = dtype === 'float32' ? createWasmKernels() : new WasmKernels64();
    await untilThreaded(kernels);
    // Past the sharing threshold and not a whole number of vectors or chunks; then a small layer.
    for (const n of [100_003, 1000]) {
      const run = (k: Kernels, arrays: FloatArray[]) => {
        const [param, grad, a, b, c] = arrays;
        k.optimizerStep('sgd', param, grad, [], [0.1]);
        k.optimizerStep('momentum', param, grad, [a], [0.05, 0.9, 0]);
        k.optimizerStep('momentum', param, grad, [a], [0.05, 0.9, 1]);
        k.optimizerStep('rmsprop', param, grad, [b], [0.01, 0.9, 1e-8]);
        k.optimizerStep('adam', param, grad, [b, c], [0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3]);
      };
      const arrays: FloatArray[] = [1, 2, 3, 4, 5].map((seed) => random(kernels, n, seed));
      for (const state of arrays.slice(3)) state.forEach((v, i) => (state[i] = Math.abs(v)));
      const expected = arrays.map((a) => a.slice());
      const before = kernels.threads.calls;
      run(kernels, arrays);
      run(tsKernels, expected);
      // Each kind's first large step runs threaded (momentum's second takes the faster way).
      expect(kernels.threads.calls - before, `steps of ${n} on threads`).toBe(n > 65_536 ? 4 : 0);
      arrays.forEach((array, i) => expect(Buffer.from(array.buffer, array.byteOffset, array.byteLength).equals(Buffer.from(expected[i].buffer))).toBe(true));
    }
  });

  it('multiplies float64 batches picked from a mostly-zero dataset on the threads, to the bits of one thread and of the dense ts products', async () => {
    const [rows, features, units, m] = [600, 784, 128, 256];
    const rng = createRng(17);
    const source = new Float32Array(rows * features);
    for (let i = 0; i < source.length; i++) if (rng.next() < 0.5) source[i] = (1 + rng.int(255)) / 255;
    const order = Int32Array.from({ length: rows }, (_, i) => (i * 7) % rows);
    const run = (kernels: WasmKernels64) => {
      const W = random(kernels, units * features, 1);
      const dZ = random(kernels, units * m, 2);
      const X = kernels.allocate('float64', features * m);
      const Z = kernels.allocate('float64', units * m);
      const dW = kernels.allocate('float64', units * features);
      const before = kernels.threads.calls;
      const input = kernels.inputRows(source, features, order, 0, m, X);
      input.product(W, units, Z, true);
      input.gradient(dZ, units, dW);
      expect(input).toBeInstanceOf(PickedInput);
      return { W, dZ, Z, dW, X: input.dense, threaded: kernels.threads.calls - before };
    };
    configureKernelThreads({ helpers: 0, spawn: () => expect.unreachable('no thread to start') });
    const single = run(new WasmKernels64());
    expect(single.threaded).toBe(0);
    startHelpers();
    const kernels = new WasmKernels64();
    await untilThreaded(kernels);
    const threaded = run(kernels);
    expect(threaded.threaded).toBeGreaterThanOrEqual(2);
    const same = (a: FloatArray, b: FloatArray) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(same(threaded.Z, single.Z) && same(threaded.dW, single.dW)).toBe(true);
    const Z = new Float64Array(units * m);
    const dW = new Float64Array(units * features);
    tsKernels.gemm(false, false, units, m, features, 1, single.W, single.X, 0, Z);
    tsKernels.gemm(false, true, units, features, m, 1, single.dZ, single.X, 0, dW);
    expect(same(single.Z, Z) && same(single.dW, dW)).toBe(true);
  });

  it('builds the lists of a dataset on the threads, the same as alone', async () => {
    // 24 chunks of 1 MiB (three blocks of eight, the last one short) of 8-bit levels, and the
    // same data shifted off the levels (float32 values).
    const features = 784;
    const rows = 24 * Math.floor(2 ** 20 / (features * 4)) - 100;
    const rng = createRng(5);
    const levels = Float32Array.from({ length: rows * features }, () => (rng.next() < 0.4 ? (1 + rng.int(255)) / 255 : 0));
    const values = levels.map((v) => (v === 0 ? 0 : v + 0.001));
    const lists = (kernels: WasmKernels, source: Float32Array) => {
      const X = kernels.allocate('float32', features * 4);
      expect(kernels.inputRows(source, features, Int32Array.from([0, 1, 2, rows - 1]), 0, 4, X)).toBeInstanceOf(PickedInput);
      const { starts, index, value, palette } = kernels.datasetLists!;
      const memory = new Uint8Array(X.buffer);
      const entries = starts[rows];
      return { starts: Int32Array.from(starts), index: memory.slice(index, index + 2 * entries), value: memory.slice(value, value + (palette ? 1 : 4) * entries), palette: palette !== 0 };
    };
    for (const source of [levels, values]) {
      configureKernelThreads({ helpers: 0, spawn: () => expect.unreachable('no thread to start') });
      const expected = lists(createWasmKernels(), source);
      startHelpers();
      const kernels = createWasmKernels();
      await untilThreaded(kernels);
      const before = kernels.threads.calls;
      const actual = lists(kernels, source);
      // Both passes, three blocks each, went to the threads.
      expect(kernels.threads.calls - before).toBe(6);
      expect(actual.palette).toBe(source === levels);
      expect(actual.starts).toEqual(expected.starts);
      expect(Buffer.from(actual.index).equals(Buffer.from(expected.index))).toBe(true);
      expect(Buffer.from(actual.value).equals(Buffer.from(expected.value))).toBe(true);
      // A backend the helpers are not bound to yet: its first block binds them and runs alone,
      // and they join a later block when ready (or not at all): the same lists either way.
      const fresh = lists(createWasmKernels(), source);
      expect(fresh.starts).toEqual(expected.starts);
      expect(Buffer.from(fresh.index).equals(Buffer.from(expected.index))).toBe(true);
      expect(Buffer.from(fresh.value).equals(Buffer.from(expected.value))).toBe(true);
    }
  });
});
