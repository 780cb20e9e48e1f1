import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../../src/shared/nn/base64';
import { CheckpointKeeper, checkpointProblem, type TrainCheckpoint } from '../../../../src/shared/nn/checkpoint';
import { checkpointToJson, parseCheckpoint, serializeCheckpoint } from '../../../../src/shared/nn/checkpoint-json';
import { createOptimizer } from '../../../../src/shared/nn/optimizers';
import { createRng, restoreRng } from '../../../../src/shared/nn/rng';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import { randomNetwork } from './helpers';
import type { DType } from '../../../../src/shared/schema/names';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// The pieces of a checkpoint: an Rng's state, base64, and the JSON form, which must give back
// every bit and refuse a checkpoint whose sizes do not fit its experiment, naming the field.

function experiment(dtype: DType): Experiment {
  return ExperimentSchema.parse({
    dataset: { synthetic: 'xor', samples: 40 },
    model: { layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 10, dtype },
  });
}

/** Values that decimal text or a careless copy would change: -0, subnormals, the extremes, a float32-only value. */
const awkward = [-0, 5e-324, -Number.MAX_VALUE, 0.1 + 0.2, 1 / 3, Math.fround(0.1), 2 ** -1074 * 3, 1e308];

function checkpoint(dtype: DType): TrainCheckpoint {
  const make = (length: number, offset: number) => {
    const values = Array.from({ length }, (_, i) => awkward[(i + offset) % awkward.length]);
    return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  };
  const tensors = (offset: number) => [make(6, offset), make(3, offset + 1), make(3, offset + 2), make(1, offset + 3)];
  const rng = createRng(5);
  rng.normal();
  return {
    epoch: 4,
    seconds: 1.25,
    parameters: tensors(0),
    optimizer: { name: 'adam', steps: 12, arrays: { m: tensors(1), v: tensors(2) } },
    rng: { shuffle: rng.state(), dropout: createRng(6).state() },
    order: Int32Array.from([3, 0, 2, 1]),
    best: { epoch: 3, loss: 0.1 + 0.2, parameters: tensors(3) },
    epochsWithoutImprovement: 1,
  };
}

const bits = (a: ArrayLike<number>) => Array.from(new Uint8Array(Float64Array.from(a).buffer));

describe('Rng state', () => {
  it('a restored generator draws what the original draws next, spare normal included', () => {
    const rng = createRng(11);
    for (let i = 0; i < 5; i++) rng.next();
    rng.normal(); // leaves the second normal of the pair waiting
    const state = rng.state();
    expect(state.spareNormal).not.toBeNull();
    expect(state.words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)).toBe(true);
    const restored = restoreRng(JSON.parse(JSON.stringify(state)));
    const draw = (r: typeof rng) => [r.normal(), r.next(), r.int(1000), r.normal(), r.normal(), r.fork().next()];
    expect(draw(restored)).toEqual(draw(rng));
  });
});

describe('base64', () => {
  it.each([0, 1, 2, 3, 4, 5, 300, 20000])('round-trips %i bytes', (length) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 255);
    const text = encodeBase64(bytes);
    expect(text.length).toBe(4 * Math.ceil(length / 3));
    expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
  });

  it('matches RFC 4648 and refuses other text', () => {
    expect(encodeBase64(new TextEncoder().encode('foobar'))).toBe('Zm9vYmFy');
    expect(encodeBase64(new TextEncoder().encode('fo'))).toBe('Zm8=');
    expect(() => decodeBase64('Zm9')).toThrow('base64: the length is not a multiple of 4');
    expect(() => decodeBase64('Zm9*')).toThrow('base64: unexpected character at 3');
    // '=' only as padding at the end, and no character beyond ASCII.
    expect(() => decodeBase64('Zm=vYmFy')).toThrow('base64: unexpected character at 2');
    expect(() => decodeBase64('Zm9\u00e9')).toThrow('base64: unexpected character at 3');
    expect(() => decodeBase64('Zm9\u0080')).toThrow('base64: unexpected character at 3');
    expect(Array.from(decodeBase64('Zm8='))).toEqual([0x66, 0x6f]);
  });
});

describe('checkpoint JSON', () => {
  it.each(['float64', 'float32'] as const)('round-trips every bit of a %s checkpoint', (dtype) => {
    const original = checkpoint(dtype);
    const { file, checkpoint: back } = parseCheckpoint(serializeCheckpoint(original, { experiment: experiment(dtype), inputs: 2 }));
    expect(file).toMatchObject({ format: 'nn-workbench.checkpoint', version: 1, inputs: 2, epoch: 4 });
    const Type = dtype === 'float64' ? Float64Array : Float32Array;
    const all = (c: TrainCheckpoint) => [...c.parameters, ...c.optimizer.arrays.m, ...c.optimizer.arrays.v, ...c.best!.parameters];
    for (const array of all(back)) expect(array).toBeInstanceOf(Type);
    expect(all(back).map(bits)).toEqual(all(original).map(bits));
    expect(Object.is(back.parameters[0][0], -0)).toBe(true);
    expect(Array.from(back.order)).toEqual(Array.from(original.order));
    expect(back.rng).toEqual(original.rng);
    expect(back.best).toMatchObject({ epoch: 3, loss: 0.1 + 0.2 });
    expect(back).toMatchObject({ epoch: 4, seconds: 1.25, epochsWithoutImprovement: 1, optimizer: { name: 'adam', steps: 12 } });
  });

  const broken = (edit: (file: ReturnType<typeof checkpointToJson>) => void) => {
    const file = checkpointToJson(checkpoint('float64'), { experiment: experiment('float64'), inputs: 2 });
    edit(file);
    return () => parseCheckpoint(JSON.stringify(file));
  };

  it('names the tensor whose size does not fit the experiment', () => {
    const float32 = encodeBase64(new Uint8Array(6 * 4));
    expect(broken((f) => (f.parameters[0] = float32))).toThrow('parameters[0]: W[1] is 3×2 = 6 float64 values in this experiment, found 3');
    expect(broken((f) => f.optimizer.arrays.v.pop())).toThrow('optimizer.arrays.v: expected 4 tensors (W and b of 2 layers), found 3');
    expect(broken((f) => (f.inputs = 3))).toThrow('parameters[0]: W[1] is 3×3 = 9 float64 values in this experiment, found 6');
    expect(broken((f) => (f.best!.parameters[3] = encodeBase64(new Uint8Array(9))))).toThrow('best.parameters[3]: b[2] is 1 = 1 float64 values in this experiment, found 9 bytes, not whole float64 values');
    expect(broken((f) => (f.order = 'AAA'))).toThrow('order: expected base64 text');
    expect(broken((f) => (f.best!.epoch = 5))).toThrow("best.epoch: the best epoch (5) comes after the checkpoint's epoch 4");
    expect(broken((f) => (f.epoch = 11))).toThrow("epoch: epoch 11 is past the experiment's 10 epochs");
    expect(broken((f) => (f.rng.shuffle.words[0] = -1))).toThrow('rng.shuffle.words[0]: expected a number ≥ 0');
  });

  it('keeps the experiment path when given, and the last and best events', () => {
    const event: EpochEvent = { epoch: 4, epochs: 10, train: { loss: 0.25, accuracy: 0.75 }, learningRate: 0.01, seconds: 1.25, layers: [] };
    const original = { ...checkpoint('float64'), lastEvent: event, bestEvent: { ...event, epoch: 3 } };
    const context = { experiment: experiment('float64'), inputs: 2 };
    const file = checkpointToJson(original, { ...context, experimentPath: 'runs/iris.experiment.json' });
    expect([file.experimentPath, file.lastEvent, file.bestEvent?.epoch]).toEqual(['runs/iris.experiment.json', event, 3]);
    expect('experimentPath' in checkpointToJson(original, context)).toBe(false);
    const { checkpoint: back } = parseCheckpoint(JSON.stringify(file));
    expect([back.lastEvent, back.bestEvent?.epoch]).toEqual([event, 3]);
  });

  it("keeps the target scaling of a regression run, and writes none where the run had none", () => {
    const targetScaling = { kind: 'standardize' as const, mean: [2.5], std: [0.5] };
    const context = { experiment: experiment('float64'), inputs: 2 };
    const file = checkpointToJson({ ...checkpoint('float64'), targetScaling }, context);
    expect(file.targetScaling).toEqual(targetScaling);
    expect(parseCheckpoint(JSON.stringify(file)).checkpoint.targetScaling).toEqual(targetScaling);
    const without = checkpointToJson(checkpoint('float64'), context);
    expect('targetScaling' in without).toBe(false);
    expect('targetScaling' in parseCheckpoint(JSON.stringify(without)).checkpoint).toBe(false);
  });

  it('refuses another file kind and another version by name', () => {
    expect(() => parseCheckpoint('{"format":"nn-workbench.weights","version":1}')).toThrow('format: expected "nn-workbench.checkpoint", found "nn-workbench.weights"');
    expect(broken((f) => ((f as { version: number }).version = 2))).toThrow('version: this file is version 2; only version 1 can be read');
    expect(() => parseCheckpoint('{"format":')).toThrow(/^not valid JSON/);
    expect(() => parseCheckpoint('{}')).toThrow('format: expected "nn-workbench.checkpoint", found nothing');
    expect(() => parseCheckpoint('{"format":"nn-workbench.checkpoint"}')).toThrow('version: this file is version (missing); only version 1 can be read');
  });
});

describe('whether a checkpoint can continue a run', () => {
  // The checkpoint's tensors are W 3×2, b 3, W 1×3, b 1 over rows 0…3.
  const network = randomNetwork([2, 3, 1], ['tanh', 'sigmoid']);
  const rows = Int32Array.from([0, 1, 2, 3]);
  const problem = (edit: (c: TrainCheckpoint) => void, trainRows = rows) => {
    const c = checkpoint('float64');
    edit(c);
    return checkpointProblem(c, network, trainRows);
  };

  it('takes one that fits, with or without best weights, whatever order the training rows come in', () => {
    expect(problem(() => {})).toBeNull();
    expect(problem((c) => (c.best = null))).toBeNull();
    expect(problem(() => {}, Int32Array.from([3, 2, 1, 0]))).toBeNull();
    expect(problem((c) => (c.optimizer = { name: 'sgd', steps: 12, arrays: {} }))).toBeNull();
  });

  it('names the tensor list, the tensor and both sizes when a size differs', () => {
    expect(problem((c) => (c.parameters = c.parameters.slice(1)))).toBe('parameters: 3 tensors, the network has 4');
    expect(problem((c) => (c.parameters[1] = new Float64Array(2)))).toBe("parameters: layers[0].b has 2 values, the network's has 3");
    expect(problem((c) => (c.best!.parameters[3] = new Float64Array(2)))).toBe("best.parameters: layers[1].b has 2 values, the network's has 1");
    expect(problem((c) => (c.optimizer.arrays.v[0] = new Float64Array(5)))).toBe("optimizer.arrays.v: layers[0].W has 5 values, the network's has 6");
  });

  it("names the arrays the optimizer keeps when the checkpoint's differ", () => {
    expect(problem((c) => delete c.optimizer.arrays.v)).toBe('optimizer.arrays: adam keeps m, v, the checkpoint has m');
    expect(problem((c) => (c.optimizer.arrays = { m: c.optimizer.arrays.m, s: c.optimizer.arrays.v }))).toBe('optimizer.arrays: adam keeps m, v, the checkpoint has m, s');
    expect(problem((c) => (c.optimizer.arrays = {}))).toBe('optimizer.arrays: adam keeps m, v, the checkpoint has none');
    expect(problem((c) => (c.optimizer.name = 'sgd'))).toBe('optimizer.arrays: sgd keeps no arrays, the checkpoint has m, v');
  });

  it('refuses other training rows: another count, or the same count of other rows', () => {
    expect(problem(() => {}, Int32Array.from([0, 1, 2, 3, 4]))).toBe(
      'order: the checkpoint trained on 4 rows, this run has 5 training rows (the dataset, its validation split or the seed changed)',
    );
    expect(problem(() => {}, Int32Array.from([0, 1, 2, 5]))).toBe(
      'order: the checkpoint trained on other rows than this run (the dataset, its validation split or the seed changed)',
    );
  });
});

describe('CheckpointKeeper', () => {
  const event = (epoch: number) => ({ epoch, epochs: 10, learningRate: 0.01, seconds: epoch, view: { evaluated: { split: 'train', rows: 4 } } }) as unknown as EpochEvent;

  it('hands out the kept epoch, not the live state, with its events stripped of their network view', () => {
    const network = randomNetwork([2, 3, 1], ['tanh', 'sigmoid']);
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, network);
    const order = Int32Array.from([2, 0, 1, 3]);
    const keeper = new CheckpointKeeper(network, optimizer, order);
    expect(() => keeper.checkpoint()).toThrow('CheckpointKeeper: no epoch kept yet');
    optimizer.state.arrays.m[0].fill(0.5);
    const weights = Array.from(network.parameters[0].value);
    keeper.keep({
      epoch: 1, seconds: 2, network, shuffle: createRng(1), dropout: createRng(2), order,
      best: null, bestLoss: Infinity, bestEpoch: 0, epochsWithoutImprovement: 0, lastEvent: event(1), bestEvent: event(1),
    });
    // Training goes on after the kept epoch (a cancelled epoch): the checkpoint must not see it.
    network.parameters[0].value.fill(9);
    optimizer.state.arrays.m[0].fill(7);
    order.reverse();
    const c = keeper.checkpoint();
    expect(Array.from(c.parameters[0])).toEqual(weights);
    expect(Array.from(c.optimizer.arrays.m[0])).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(c.order)).toEqual([2, 0, 1, 3]);
    expect([c.epoch, c.lastEvent, c.bestEvent]).toEqual([1, { epoch: 1, epochs: 10, learningRate: 0.01, seconds: 1 }, { epoch: 1, epochs: 10, learningRate: 0.01, seconds: 1 }]);
  });
});
