import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { runSession } from '../../../../src/shared/engine/session';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';
import type { FloatArray } from '../../../../src/shared/nn/kernels/types';
import type { WasmKernels64 } from '../../../../src/shared/nn/kernels/wasm-float64';
import { createRng, type Rng } from '../../../../src/shared/nn/rng';
import { OPTIMIZERS } from '../../../../src/shared/nn/optimizers';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';
import { ACTIVATION_NAMES, OPTIMIZER_NAMES, type OptimizerName } from '../../../../src/shared/schema/names';
import type { EpochEvent } from '../../../../src/shared/schema/progress';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// The float64 wasm backend against the TypeScript backend: the same bits, kernel by kernel and for
// whole training runs. gemm sums every element in the same order as ts (assembly/gemm64.ts), so it
// is bit-identical for every transpose with alpha = 1 and beta = 0 (all the network's products)
// and for A·B and Aᵀ·B with any alpha and beta; the ·Bᵀ forms apply alpha and beta at another point
// than ts, within a few ulp then. Every other kernel repeats its ts loop operation for operation.

const wasm = getKernels('wasm', 'float64');

/** The same random values twice: in the wasm memory and in a plain array for ts. */
function pair(length: number, rng: Rng): [Float64Array, Float64Array] {
  const inWasm = wasm.allocate('float64', length) as Float64Array;
  for (let i = 0; i < length; i++) inWasm[i] = rng.normal();
  return [inWasm, Float64Array.from(inWasm)];
}

function expectSameBits(actual: FloatArray, expected: FloatArray, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) expect([what, i, actual[i]]).toEqual([what, i, expected[i]]);
}

// Around the micro-kernel tile (4×4) and the packing blocks (KC = 256 deep, MC = 64 rows,
// NC = 256 columns): 1×1, odd sizes, a depth crossing KC, m and n crossing MC and NC.
const SHAPES = [
  [1, 1, 1],
  [1, 7, 3],
  [3, 5, 7],
  [5, 9, 13],
  [4, 4, 256],
  [6, 10, 257],
  [70, 3, 5],
  [5, 259, 9],
  [67, 130, 600],
  [128, 64, 784],
];

describe('float64 wasm gemm', () => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const form = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
      it(`${form} gives the ts backend's bits (alpha = 1, beta = 0${transB ? '' : ', and any alpha and beta'})`, () => {
        const rng = createRng(3);
        for (const [m, n, k] of SHAPES) {
          for (const [alpha, beta] of [[1, 0], [0.75, 0.5], [-2, 1]]) {
            const [a, a0] = pair(m * k, rng);
            const [b, b0] = pair(k * n, rng);
            const [c, c0] = pair(m * n, rng);
            wasm.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
            tsKernels.gemm(transA, transB, m, n, k, alpha, a0, b0, beta, c0);
            const what = `${form} ${m}×${n}×${k} alpha ${alpha} beta ${beta}`;
            if (!transB || (alpha === 1 && beta === 0)) expectSameBits(c, c0, what);
            else for (let i = 0; i < c0.length; i++) expect(Math.abs(c[i] - c0[i]), what).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(c0[i])) * k);
          }
        }
      });
    }
  }

  it('overwrites C when beta = 0 (stale NaNs do not leak) and handles k = 0', () => {
    const [a] = pair(6, createRng(1));
    const c = wasm.allocate('float64', 4).fill(Number.NaN);
    wasm.gemm(false, false, 2, 2, 3, 1, a, a, 0, c);
    expect(Array.from(c).every(Number.isFinite)).toBe(true);
    const d = wasm.allocate('float64', 4).fill(2);
    wasm.gemm(false, false, 2, 2, 0, 1, a, a, 0.5, d);
    expect(Array.from(d)).toEqual([1, 1, 1, 1]);
  });

  it('copies Float64Arrays from outside its memory in and out, with the same bits', () => {
    const rng = createRng(5);
    const a = Float64Array.from({ length: 12 }, () => rng.normal());
    const b = Float64Array.from({ length: 20 }, () => rng.normal());
    const c = new Float64Array(15);
    const c0 = new Float64Array(15);
    wasm.gemm(false, false, 3, 5, 4, 1, a, b, 0, c);
    tsKernels.gemm(false, false, 3, 5, 4, 1, a, b, 0, c0);
    expectSameBits(c, c0);
  });
});

/** Values that reach every branch of exp, expm1 and tanh: tiny, near ln2/2, 1 and 22, huge, subnormal, ±0, ±∞, NaN. */
function awkwardValues(length: number, rng: Rng): number[] {
  const special = [0, -0, 1e-300, -5e-324, 1e-9, 3e-9, 0.3465, 0.35, -0.35, 1, -1, 1.0397, 1.04, 21.9, 22, -22.1, 40, 700, 709.8, -745.2, -800, Infinity, -Infinity, NaN];
  return Array.from({ length }, (_, i) => (i < special.length ? special[i] : i % 3 === 0 ? 30 * rng.normal() : rng.normal()));
}

describe('float64 wasm kernels besides gemm', () => {
  const shapes = [
    [1, 1],
    [3, 5],
    [10, 64],
    [7, 33],
    [128, 64],
  ];

  it('activations forward and backward give the bits of ts, on awkward values too', () => {
    const rng = createRng(7);
    for (const name of ACTIVATION_NAMES) {
      const activation = resolveActivation(name === 'leakyRelu' ? { name, slope: 0.03 } : name);
      for (const [rows, cols] of shapes) {
        const n = rows * cols;
        const [z, z0] = pair(n, rng);
        z.set(awkwardValues(n, rng));
        z0.set(z);
        const [a, a0] = pair(n, rng);
        wasm.activationForward(activation, z, a, rows, cols);
        tsKernels.activationForward(activation, z0, a0, rows, cols);
        expectSameBits(a, a0, `${name} forward ${rows}×${cols}`);
        const [dA, dA0] = pair(n, rng);
        const [dZ, dZ0] = pair(n, rng);
        wasm.activationBackward(activation, z, a, dA, dZ, rows, cols);
        tsKernels.activationBackward(activation, z0, a0, dA0, dZ0, rows, cols);
        expectSameBits(dZ, dZ0, `${name} backward ${rows}×${cols}`);
      }
    }
  });

  it('addBias, sumColumns, multiply, axpy, scale and the reductions give the bits of ts', () => {
    const rng = createRng(8);
    for (const [rows, cols] of [...shapes, [2, 1001]]) {
      const n = rows * cols;
      const [z, z0] = pair(n, rng);
      const [bias, bias0] = pair(rows, rng);
      wasm.addBias(z, bias, rows, cols);
      tsKernels.addBias(z0, bias0, rows, cols);
      expectSameBits(z, z0, 'addBias');
      const [sums, sums0] = pair(rows, rng);
      wasm.sumColumns(z, rows, cols, sums);
      tsKernels.sumColumns(z0, rows, cols, sums0);
      expectSameBits(sums, sums0, 'sumColumns');
      const [y, y0] = pair(n, rng);
      wasm.multiply(z, y, y);
      tsKernels.multiply(z0, y0, y0);
      expectSameBits(y, y0, 'multiply');
      wasm.axpy(0.37, z, y);
      tsKernels.axpy(0.37, z0, y0);
      expectSameBits(y, y0, 'axpy');
      wasm.scale(-1.3, y);
      tsKernels.scale(-1.3, y0);
      expectSameBits(y, y0, 'scale');
      expect(wasm.sumSquares(y)).toBe(tsKernels.sumSquares(y0));
      expect(wasm.sumSquaredDifferences(y, z)).toBe(tsKernels.sumSquaredDifferences(y0, z0));
      for (const [below, above] of [[0.01, 0.99], [-0.99, 0.99], [-Infinity, Infinity]]) {
        expect(wasm.summarize(y, below, above)).toEqual(tsKernels.summarize(y0, below, above));
      }
    }
    const special = Float64Array.of(NaN, -1, Infinity, 1, 1, 0.5, -1, -Infinity, 2, -2, 1, -1, 1, -1);
    expect(wasm.summarize(special, -1, 1)).toEqual(tsKernels.summarize(special, -1, 1));
  });

  it('every optimizer of the registry steps to the bits of ts', () => {
    const rng = createRng(9);
    for (const length of [1, 3, 4, 5, 1001]) {
      for (const optimizer of OPTIMIZER_NAMES) {
        const entry = OPTIMIZERS[optimizer];
        const [param, param0] = pair(length, rng);
        const [grad, grad0] = pair(length, rng);
        const states = entry.state.map(() => pair(length, rng));
        // Second moments are never negative.
        for (const [state, state0] of states) for (let i = 0; i < length; i++) state0[i] = state[i] = Math.abs(state[i]);
        const scalars = scalarsOf(optimizer);
        for (let step = 0; step < 3; step++) {
          wasm.optimizerStep(optimizer, param, grad, states.map(([state]) => state), scalars);
          tsKernels.optimizerStep(optimizer, param0, grad0, states.map(([, state0]) => state0), scalars);
        }
        expectSameBits(param, param0, `${optimizer} ${length}`);
        states.forEach(([state, state0]) => expectSameBits(state, state0, `${optimizer} state`));
      }
    }
  });
});

/** An optimizer's kernel scalars for its third step, from its registry entry with its defaults. */
function scalarsOf(optimizer: OptimizerName): number[] {
  const entry = OPTIMIZERS[optimizer] as { defaults: object; scalars(spec: object, learningRate: number, t: number): number[] };
  return entry.scalars({ name: optimizer, learningRate: 0.01, ...entry.defaults }, 0.01, 3);
}

function experiment(backend: 'ts' | 'wasm', optimizer: object, output: 'sigmoid' | 'softmax') {
  return ExperimentSchema.parse({
    dataset: { synthetic: 'spirals', samples: 300, noise: 0.1, seed: 1, classes: output === 'softmax' ? 3 : 2 },
    model: {
      layers: [
        { units: 16, activation: 'tanh', dropout: 0.1 },
        { units: 13, activation: 'leakyRelu' },
        { units: output === 'softmax' ? 3 : 1, activation: output },
      ],
      init: 'heNormal',
      loss: output === 'softmax' ? 'categoricalCrossEntropy' : 'binaryCrossEntropy',
    },
    training: { optimizer, batchSize: 16, epochs: 6, seed: 42, dtype: 'float64', backend, validationSplit: 0.2, l2: 0.001, clipNorm: 5 },
  });
}

const values = (file: WeightsFile) => file.layers.flatMap((l) => [...l.W.flat(), ...l.b]);
const withoutTime = (events: EpochEvent[]) => events.map(({ seconds: _s, epochSeconds: _e, ...rest }) => rest);

async function run(backend: 'ts' | 'wasm', optimizer: object, output: 'sigmoid' | 'softmax') {
  const exp = experiment(backend, optimizer, output);
  const events: EpochEvent[] = [];
  const result = await runSession(exp, resolveSyntheticDataset(exp.dataset as never), { onEpoch: (e) => events.push(e) });
  expect(result.status).toBe('done');
  return { weights: values(result.weights!), events: withoutTime(events) };
}

describe('training in float64 on wasm', () => {
  const cases = [
    [{ name: 'sgd', learningRate: 0.1 }, 'sigmoid'],
    [{ name: 'momentum', learningRate: 0.05, momentum: 0.9, nesterov: true }, 'softmax'],
    [{ name: 'rmsprop', learningRate: 0.01 }, 'sigmoid'],
    [{ name: 'adam', learningRate: 0.01 }, 'softmax'],
  ] as const;
  for (const [optimizer, output] of cases) {
    it(`gives the ts backend's weights and metrics to the bit (${optimizer.name}, ${output} output)`, async () => {
      const ts = await run('ts', optimizer, output);
      const onWasm = await run('wasm', optimizer, output);
      expect(onWasm.weights.length).toBeGreaterThan(0);
      expectSameBits(Float64Array.from(onWasm.weights), Float64Array.from(ts.weights));
      expect(onWasm.events).toEqual(ts.events);
    });
  }
});

/** A mostly-zero float32 image set: 8-bit levels k/255 (lists with a palette), or values off those levels. */
function sparseImages(levels: boolean): Dataset {
  const [rows, features] = [300, 64];
  const rng = createRng(levels ? 21 : 22);
  const x = new Float32Array(rows * features);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = rng.int(3);
    for (let f = 0; f < features; f++) {
      // About 60% zeros, more of the bright pixels where the label says.
      if (rng.next() < (f % 3 === labels[r] ? 0.6 : 0.25)) x[r * features + f] = levels ? (1 + rng.int(255)) / 255 : rng.normal();
    }
  }
  return {
    name: 'sparse images',
    featureNames: Array.from({ length: features }, (_, f) => `p${f}`),
    rows,
    features,
    x,
    target: { kind: 'classes', classes: ['a', 'b', 'c'], labels },
    normalization: { kind: 'none' },
  };
}

describe('float64 wasm on a mostly-zero dataset (batches picked from its lists, zeros skipped)', () => {
  for (const levels of [true, false]) {
    it(`gives the ts backend's weights and metrics to the bit (${levels ? '8-bit levels' : 'float32 values'})`, async () => {
      const dataset = sparseImages(levels);
      const runOn = async (backend: 'ts' | 'wasm') => {
        const exp = ExperimentSchema.parse({
          dataset: { synthetic: 'spirals' },
          model: { layers: [{ units: 30, activation: 'relu' }, { units: 3, activation: 'softmax' }], init: 'heNormal', loss: 'categoricalCrossEntropy' },
          training: { optimizer: { name: 'momentum', learningRate: 0.05 }, batchSize: 32, epochs: 3, seed: 5, dtype: 'float64', backend, validationSplit: 0.2 },
        });
        const events: EpochEvent[] = [];
        const result = await runSession(exp, dataset, { onEpoch: (e) => events.push(e) });
        expect(result.status).toBe('done');
        return { weights: values(result.weights!), events: withoutTime(events) };
      };
      const ts = await runOn('ts');
      const onWasm = await runOn('wasm');
      expectSameBits(Float64Array.from(onWasm.weights), Float64Array.from(ts.weights));
      expect(onWasm.events).toEqual(ts.events);
      // The zero-skipping path is taken for this dataset: a float64 backend keeps lists of it.
      const kernels = getKernels('wasm', 'float64') as WasmKernels64;
      kernels.inputRows(dataset.x, dataset.features, Int32Array.of(0, 1), 0, 2, kernels.allocate('float64', 2 * dataset.features));
      expect(kernels.datasetLists?.palette !== 0).toBe(levels);
      expect(kernels.datasetLists?.features).toBe(dataset.features);
    });
  }
});
