import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { gradientCheck } from '../../../../src/shared/nn/gradcheck';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { Network } from '../../../../src/shared/nn/network';
import { createOptimizer } from '../../../../src/shared/nn/optimizers';
import { createRng } from '../../../../src/shared/nn/rng';
import { train, trainStep } from '../../../../src/shared/nn/train';
import { CheckpointKeeper, checkpointProblem, type TrainCheckpoint } from '../../../../src/shared/nn/checkpoint';
import { parseCheckpoint, serializeCheckpoint } from '../../../../src/shared/nn/checkpoint-json';
import { exportWeights, loadWeights, networkFromWeights, parseWeights, serializeWeights } from '../../../../src/shared/nn/weights-json';
import { planSweep } from '../../../../src/shared/engine/sweep-plan';
import { ExperimentSchema, type OptimizerSpec } from '../../../../src/shared/schema/experiment';
import { SweepSchema } from '../../../../src/shared/schema/sweep';
import type { DType } from '../../../../src/shared/schema/names';
import type { WeightsFile } from '../../../../src/shared/schema/weights';
import { binary, randomMatrix } from './helpers';

// A layer with `"bias": false` (the first tutorial's network has none): b is exactly zero after
// initialization and after any number of optimizer steps (its gradient is never computed, so every
// update of it is exactly 0), gradient checks skip it, and weights files say so and keep b as zeros.

function network(dtype: DType = 'float64', backend: 'ts' | 'wasm' = 'ts'): Network {
  return buildNetwork(
    {
      layers: [
        { units: 5, activation: 'tanh', bias: false },
        { units: 4, activation: 'relu' },
        { units: 2, activation: 'sigmoid', bias: false },
      ],
      init: 'xavierNormal',
      biasInit: { name: 'constant', value: 0.3 },
      loss: 'binaryCrossEntropy',
    },
    { inputs: 3, dtype, backend, rng: createRng(7) },
  );
}

describe('layers without bias', () => {
  it('the schema takes "bias": false per layer and refuses anything but a boolean', () => {
    const base = { dataset: { synthetic: 'xor' }, training: { optimizer: { name: 'sgd', learningRate: 1 }, epochs: 1 } };
    const parsed = ExperimentSchema.parse({ ...base, model: { layers: [{ units: 1, activation: 'sigmoid', bias: false }], loss: 'sse' } });
    expect(parsed.model.layers[0].bias).toBe(false);
    const wrong = ExperimentSchema.safeParse({ ...base, model: { layers: [{ units: 1, activation: 'sigmoid', bias: 'no' }], loss: 'sse' } });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0].path).toEqual(['model', 'layers', 0, 'bias']);
  });

  it('a sweep can vary it by path, and a non-boolean value is refused naming the parameter', () => {
    const experiment = { dataset: { synthetic: 'xor' }, model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'sse' }, training: { optimizer: { name: 'sgd', learningRate: 1 }, epochs: 1 } };
    const plan = planSweep(SweepSchema.parse({ experiment, parameters: { 'model.layers[0].bias': [true, false] } }));
    expect(plan.runs.map((run) => run.experiment.model.layers[0].bias)).toEqual([true, false]);
    expect(() => planSweep(SweepSchema.parse({ experiment, parameters: { 'model.layers[0].bias': ['no'] } }))).toThrow(/model\.layers\[0\]\.bias/);
  });

  it('marks b untrainable; biasInit reaches only the layers with a bias', () => {
    const net = network();
    expect(net.parameters.map((p) => `${p.name}${p.trainable ? '' : ' (fixed)'}`)).toEqual([
      'layers[0].W',
      'layers[0].b (fixed)',
      'layers[1].W',
      'layers[1].b',
      'layers[2].W',
      'layers[2].b (fixed)',
    ]);
    expect(Array.from(net.layers[0].b)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(net.layers[1].b)).toEqual([0.3, 0.3, 0.3, 0.3]);
    expect(Array.from(net.layers[2].b)).toEqual([0, 0]);
  });

  const optimizers: OptimizerSpec[] = [
    { name: 'sgd', learningRate: 0.5 },
    { name: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true },
    { name: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-8 },
    { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ];
  it.each(optimizers.flatMap((spec) => (['ts', 'wasm'] as const).map((backend) => [spec.name, backend, spec] as const)))(
    '%s on %s: b stays exactly zero and db is never filled, while W and the biased layer learn',
    (_name, backend, spec) => {
      const net = network(backend === 'wasm' ? 'float32' : 'float64', backend);
      const optimizer = createOptimizer(spec, net);
      const rng = createRng(3);
      const before = net.copyParameters();
      for (let step = 0; step < 20; step++) {
        trainStep(net, randomMatrix(3 * 6, rng, net.dtype), net.dtype === 'float32' ? Float32Array.from(binary(2 * 6, rng)) : binary(2 * 6, rng), 6, LOSSES.binaryCrossEntropy, optimizer, spec.learningRate, { l2: 0.01, clipNorm: 1 });
      }
      for (const l of [0, 2]) {
        expect(Array.from(net.layers[l].b).every((v) => Object.is(v, 0))).toBe(true);
        expect(Array.from(net.layers[l].db).every((v) => Object.is(v, 0))).toBe(true);
      }
      net.parameters.forEach((p, t) => p.trainable && expect(Array.from(p.value)).not.toEqual(Array.from(before[t])));
    },
  );

  it('the gradient check covers W of every layer and b of the biased one only, and passes', () => {
    const net = network();
    const rng = createRng(11);
    const report = gradientCheck(net, randomMatrix(3 * 5, rng), binary(2 * 5, rng), 5, LOSSES.binaryCrossEntropy);
    expect(report.tensors.map((t) => `${t.name} ${t.checked}/${t.total}`)).toEqual([
      'layers[0].W 15/15',
      'layers[0].b 0/5',
      'layers[1].W 20/20',
      'layers[1].b 4/4',
      'layers[2].W 8/8',
      'layers[2].b 0/2',
    ]);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
  });

  it('a weights file writes b as zeros with "bias": false, and reads back into a network without bias', () => {
    const net = network();
    const file = exportWeights(net, { features: ['a', 'b', 'c'], normalization: { kind: 'none' }, output: { task: 'classification', classes: ['n', 'y'] } });
    expect(file.layers.map((layer) => layer.bias)).toEqual([false, undefined, false]);
    expect(file.layers[0].b).toEqual([0, 0, 0, 0, 0]);
    const text = serializeWeights(file);
    expect(text).toContain('"b":[0,0,0,0,0],"activation":{"name":"tanh"},"bias":false');
    const back = networkFromWeights(parseWeights(text));
    expect(back.layers.map((layer) => layer.bias)).toEqual([false, true, false]);
    expect(back.parameters.map((p) => p.trainable)).toEqual([true, false, true, true, true, false]);
    expect(Array.from(back.layers[0].W)).toEqual(Array.from(net.layers[0].W));
  });

  it('import refuses a nonzero b in a layer that says "bias": false, naming the entry', () => {
    const file = exportWeights(network(), { features: ['a', 'b', 'c'], normalization: { kind: 'none' }, output: { task: 'classification', classes: ['n', 'y'] } });
    file.layers[2].b[1] = 0.25;
    expect(() => parseWeights(serializeWeights(file))).toThrow('layers[2].b[1]: the layer says "bias": false, so every b must be 0, found 0.25');
    const yes = JSON.parse(serializeWeights(file));
    yes.layers[2].bias = true;
    expect(() => parseWeights(JSON.stringify(yes))).toThrow(/layers\[2\]\.bias/);
  });

  it('continuing training refuses weights whose layers disagree about the bias', () => {
    const file = exportWeights(network(), { features: ['a', 'b', 'c'], normalization: { kind: 'none' }, output: { task: 'classification', classes: ['n', 'y'] } });
    const withBias = new Network({
      inputs: 3,
      dtype: 'float64',
      kernels: getKernels('ts'),
      layers: [
        { units: 5, activation: resolveActivation('tanh') },
        { units: 4, activation: resolveActivation('relu') },
        { units: 2, activation: resolveActivation('sigmoid'), bias: false },
      ],
    });
    expect(() => loadWeights(withBias, file)).toThrow('layers[0].bias: the weights say "bias": false, the model\'s layer has one');
  });
});

describe('parameters loaded into layers without bias', () => {
  const snapshot = (net: Network) => net.parameters.map((p) => Array.from(p.value));

  it('setParameters takes zeros (−0 too) for such a b, and writes every tensor', () => {
    const net = network();
    const values = net.copyParameters().map((v) => v.map((x) => x + 0.5));
    values[1] = Float64Array.of(0, -0, 0, 0, 0);
    values[5] = new Float64Array(2);
    net.setParameters(values);
    expect(snapshot(net)).toEqual(values.map((v) => Array.from(v)));
  });

  it('setParameters refuses a nonzero b of a layer without bias, naming the entry, and writes nothing', () => {
    const net = network();
    const before = snapshot(net);
    const values = net.copyParameters().map((v) => v.map((x) => x + 0.5));
    values[1] = new Float64Array(5);
    values[5] = Float64Array.of(0, -1e-300);
    expect(() => net.setParameters(values)).toThrow('setParameters: layers[2].b[1]: the layer has no bias, so every b must be 0, found -1e-300');
    values[5] = new Float64Array(2);
    values[1][0] = 0.25;
    expect(() => net.setParameters(values)).toThrow('setParameters: layers[0].b[0]: the layer has no bias, so every b must be 0, found 0.25');
    values[1][0] = NaN;
    expect(() => net.setParameters(values)).toThrow('setParameters: layers[0].b[0]: the layer has no bias, so every b must be 0, found NaN');
    // A size that does not fit in the last tensor: the ones before it are not written either.
    values[1][0] = 0;
    values[5] = new Float64Array(3);
    expect(() => net.setParameters(values)).toThrow('setParameters: layers[2].b expects 2 values, got 3');
    expect(() => net.setParameters(values.slice(1))).toThrow('setParameters: expected 6 tensors (W and b of 3 layers), got 5');
    expect(snapshot(net)).toEqual(before);
  });

  it('loadWeights refuses a later layer that does not fit before writing an earlier one', () => {
    const info = { features: ['a', 'b', 'c'], normalization: { kind: 'none' as const }, output: { task: 'classification' as const, classes: ['n', 'y'] } };
    const source = network();
    source.layers[0].W.fill(0.75);
    const file = exportWeights(source, info);
    file.layers[2].activation = { name: 'tanh' };
    const target = network();
    const before = snapshot(target);
    expect(() => loadWeights(target, file)).toThrow("layers[2].activation: the weights were trained with tanh, the model uses sigmoid");
    expect(snapshot(target)).toEqual(before);
  });
});

describe('weights that reach loadWeights without import (a message between processes has passed the schema only)', () => {
  const info = { features: ['a', 'b', 'c'], normalization: { kind: 'none' as const }, output: { task: 'classification' as const, classes: ['n', 'y'] } };
  const snapshot = (net: Network) => net.parameters.map((p) => Array.from(p.value));
  const cases: [string, (file: WeightsFile) => void, string][] = [
    ['a nonzero b of a layer without bias', (f) => (f.layers[2].b[1] = 0.5), 'initial weights: layers[2].b[1]: the layer says "bias": false, so every b must be 0, found 0.5'],
    ['one at index 0', (f) => (f.layers[0].b[0] = -3), 'initial weights: layers[0].b[0]: the layer says "bias": false, so every b must be 0, found -3'],
    ['a row too long', (f) => f.layers[1].W[2].push(1), "initial weights: layers[1].W[2]: 6 numbers, the model's layer takes 5 inputs"],
    ['a row too short', (f) => f.layers[1].W[0].pop(), "initial weights: layers[1].W[0]: 4 numbers, the model's layer takes 5 inputs"],
    ['a row missing', (f) => f.layers[2].W.pop(), "initial weights: layers[2].W: 1 rows, the model's layer has 2 units"],
  ];
  it.each(cases)('refuses %s, naming it, and writes nothing', (_what, edit, message) => {
    const file = exportWeights(network(), info);
    file.layers.forEach((layer) => layer.W.forEach((row) => row.fill(0.75)));
    edit(file);
    const target = network();
    const before = snapshot(target);
    expect(() => loadWeights(target, file, 'initial weights: ')).toThrow(message);
    expect(snapshot(target)).toEqual(before);
  });

  it('takes zeros, −0 among them, for b of a layer without bias', () => {
    const file = exportWeights(network(), info);
    file.layers[0].b[3] = -0;
    const target = network();
    target.layers[0].W.fill(9);
    loadWeights(target, file);
    const expected = snapshot(network());
    expected[1][3] = -0;
    expect(snapshot(target)).toEqual(expected);
  });
});

describe('checkpoints of layers without bias', () => {
  const rows = Int32Array.from({ length: 6 }, (_, i) => i);
  const experiment = ExperimentSchema.parse({
    dataset: { synthetic: 'xor', samples: 6 },
    model: {
      layers: [
        { units: 5, activation: 'tanh', bias: false },
        { units: 4, activation: 'relu' },
        { units: 2, activation: 'sigmoid', bias: false },
      ],
      loss: 'binaryCrossEntropy',
    },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 10 },
  });

  /** A checkpoint as training leaves it: b and its optimizer arrays exactly 0 where there is no bias. */
  function checkpoint(): TrainCheckpoint {
    const net = network();
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, net);
    const rng = createRng(3);
    trainStep(net, randomMatrix(3 * 6, rng), binary(2 * 6, rng), 6, LOSSES.binaryCrossEntropy, optimizer, 0.01);
    const keeper = new CheckpointKeeper(net, optimizer, rows);
    const dropout = createRng(4);
    keeper.keep({ epoch: 1, seconds: 0.5, network: net, shuffle: rng, dropout, order: rows, best: net.copyParameters(), bestLoss: 0.5, bestEpoch: 1, epochsWithoutImprovement: 0 });
    return keeper.checkpoint();
  }
  const fromFile = (c: TrainCheckpoint) => () => parseCheckpoint(serializeCheckpoint(c, { experiment, inputs: 3 }));

  it('a checkpoint training wrote loads, and continues a network of the same layers', () => {
    const c = checkpoint();
    expect(Array.from(c.optimizer.arrays.m[3]).some((v) => v !== 0)).toBe(true);
    expect(fromFile(c)().checkpoint.parameters.map((p) => p.length)).toEqual([15, 5, 20, 4, 8, 2]);
    expect(checkpointProblem(c, network(), rows)).toBeNull();
    // Without best weights (none kept yet) there is nothing more to check.
    c.best = null;
    expect(fromFile(c)().checkpoint.best).toBeNull();
    expect(checkpointProblem(c, network(), rows)).toBeNull();
  });

  const cases: [string, (c: TrainCheckpoint) => void, string][] = [
    ['parameters', (c) => (c.parameters[1][0] = 0.5), 'parameters[1]: layer 1 has no bias ("bias": false), so b[1] must be all zeros; found 0.5 at index 0'],
    ['best parameters', (c) => (c.best!.parameters[5][1] = -2), 'best.parameters[5]: layer 3 has no bias ("bias": false), so b[3] must be all zeros; found -2 at index 1'],
    ["the optimizer's m", (c) => (c.optimizer.arrays.m[5][0] = 1e-9), 'optimizer.arrays.m[5]: layer 3 has no bias ("bias": false), so adam\'s m of b[3] must be all zeros; found 1e-9 at index 0'],
    ["the optimizer's v", (c) => (c.optimizer.arrays.v[1][4] = 3), 'optimizer.arrays.v[1]: layer 1 has no bias ("bias": false), so adam\'s v of b[1] must be all zeros; found 3 at index 4'],
  ];
  it.each(cases)('a nonzero b in %s is refused, from a file and in memory, naming the field', (_what, edit, message) => {
    const c = checkpoint();
    edit(c);
    expect(fromFile(c)).toThrow(message);
    expect(checkpointProblem(c, network(), rows)).toBe(message);
  });

  it('train() refuses such a checkpoint before writing a weight', async () => {
    const c = checkpoint();
    c.parameters[1][2] = 0.5;
    const net = network();
    const before = net.parameters.map((p) => Array.from(p.value));
    const samples = { x: randomMatrix(6 * 3, createRng(9)), features: 3, y: binary(6 * 2, createRng(10)), outputs: 2 };
    await expect(
      train(net, samples, {
        loss: LOSSES.binaryCrossEntropy,
        optimizer: { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        schedule: { name: 'constant' },
        batchSize: 2,
        epochs: 3,
        l2: 0,
        shuffle: true,
        rng: createRng(1),
        trainRows: rows,
        resume: c,
      }),
    ).rejects.toThrow('The checkpoint does not fit this run: parameters[1]: layer 1 has no bias ("bias": false), so b[1] must be all zeros; found 0.5 at index 2.');
    expect(net.parameters.map((p) => Array.from(p.value))).toEqual(before);
  });
});
