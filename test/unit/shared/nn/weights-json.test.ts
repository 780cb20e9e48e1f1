import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import {
  exportWeights,
  loadWeights,
  MAX_WEIGHTS_CHARS,
  networkFromWeights,
  WeightsFormatError,
  parseWeights,
  predict,
  serializeWeights,
  validateWeights,
} from '../../../../src/shared/nn/weights-json';
import { Network } from '../../../../src/shared/nn/network';
import type { ActivationName } from '../../../../src/shared/schema/names';
import type { WeightsFile } from '../../../../src/shared/schema/weights';
import { randomNetwork } from './helpers';

// Weights JSON v1: exact round trips, and hostile or broken files rejected with the field named
// and nothing polluted.

const INFO = {
  features: ['x1', 'x2'],
  normalization: { kind: 'none' as const },
  output: { task: 'classification' as const, classes: ['no', 'yes'] },
};

function sampleFile(): WeightsFile {
  return exportWeights(randomNetwork([2, 16, 1], ['tanh', 'sigmoid'], { seed: 4 }), INFO);
}

/** Serialize, let `edit` break the parsed copy, and return the text. */
function edited(edit: (file: any) => void): string {
  const file = JSON.parse(serializeWeights(sampleFile()));
  edit(file);
  return JSON.stringify(file);
}

const bytes = (network: Network) => network.parameters.map((p) => Array.from(new Uint8Array(p.value.buffer, p.value.byteOffset, p.value.byteLength)));

describe('weights JSON', () => {
  it('round-trips float64 weights bit for bit, in the tutorials’ shapes', () => {
    const network = randomNetwork([3, 5, 4, 2], ['relu', 'leakyRelu', 'softmax'], { seed: 11 });
    // Values with long decimal expansions and extremes.
    network.layers[0].W[0] = 0.1 + 0.2;
    network.layers[0].W[1] = 5e-324;
    network.layers[0].W[2] = -1.7976931348623157e308;
    const file = exportWeights(network, { ...INFO, features: ['a', 'b', 'c'], output: { task: 'classification', classes: ['p', 'q'] } });
    expect(file.layers[0].W).toHaveLength(5);
    expect(file.layers[0].W[0]).toHaveLength(3);
    expect(file.layers[1].activation).toEqual({ name: 'leakyRelu', slope: 0.1 });
    const back = networkFromWeights(parseWeights(serializeWeights(file)));
    expect(bytes(back)).toEqual(bytes(network));
    expect(back.layers.map((l) => l.activation)).toEqual(network.layers.map((l) => l.activation));
  });

  it('round-trips float32 weights exactly through their float64 values', () => {
    const network = randomNetwork([2, 7, 1], ['tanh', 'sigmoid'], { seed: 12, dtype: 'float32' });
    const file = parseWeights(serializeWeights(exportWeights(network, INFO)));
    for (const row of file.layers[0].W) for (const v of row) expect(Math.fround(v)).toBe(v);
    expect(bytes(networkFromWeights(file, 'float32'))).toEqual(bytes(network));
  });

  it('exports a chosen snapshot instead of the current parameters', () => {
    const network = randomNetwork([2, 3, 1], ['tanh', 'linear'], { seed: 1 });
    const snapshot = network.copyParameters();
    network.layers[0].W.fill(9);
    const file = exportWeights(network, INFO, snapshot);
    expect(file.layers[0].W[0][0]).toBe(snapshot[0][0]);
  });

  describe('rejects', () => {
    const cases: [string, string, string][] = [
      ['a row of the wrong width', edited((f) => f.layers[0].W[4].push(0.5)), 'layers[0].W: expected 16 rows of 2 numbers, found 3 columns in row 4'],
      ['W rows not matching b', edited((f) => f.layers[0].W.pop()), 'layers[0].W: expected 16 rows (one per bias in layers[0].b), found 15'],
      ['layers that do not chain', edited((f) => f.layers[1].W[0].pop()), 'layers[1].W: expected 1 rows of 16 numbers, found 15 columns in row 0'],
      ['more features than W has columns', edited((f) => f.input.features.push('x3')), 'layers[0].W: expected 16 rows of 3 numbers, found 2 columns in row 0'],
      ['an unknown activation', edited((f) => (f.layers[0].activation.name = 'swish')), 'layers[0].activation.name: '],
      ['softmax on a hidden layer', edited((f) => (f.layers[0].activation.name = 'softmax')), 'layers[0].activation: softmax is only allowed on the output layer'],
      ['a slope on a non-leaky activation', edited((f) => (f.layers[0].activation.slope = 0.1)), 'layers[0].activation.slope: only leakyRelu takes a slope'],
      ['an infinite number', edited((f) => (f.layers[1].b[0] = 'INF')).replace('"INF"', '1e999'), 'layers[1].b[0]: Invalid input: expected number, received Infinity'],
      ['NaN', edited((f) => (f.layers[1].b[0] = 'NAN')).replace('"NAN"', 'NaN'), '(file): not valid JSON'],
      ['a string where a number belongs', edited((f) => (f.layers[0].W[2][1] = '0.5')), 'layers[0].W[2][1]: '],
      ['another version', edited((f) => (f.version = 2)), 'version: this file is version 2; only version 1 can be read'],
      ['another format', edited((f) => (f.format = 'keras')), 'format: expected "nn-workbench.weights", found "keras"'],
      ['outputs that do not fit the classes', edited((f) => f.output.classes.push('maybe')), 'layers[1].b: 1 output units do not fit 3 classes (expected 3)'],
      ['normalization for the wrong number of features', edited((f) => (f.input.normalization = { kind: 'standardize', mean: [0], std: [1] })), 'input.normalization.mean: expected 2 numbers (one per feature), found 1'],
      ['an unknown top-level field', edited((f) => (f.extra = 1)), '(file): Unrecognized key'],
      ['a JSON array', '[]', '(file): expected a JSON object'],
      ['1e6 layers', `{"format":"nn-workbench.weights","version":1,"layers":[${'{},'.repeat(999_999)}{}]}`, 'layers: 1000000 layers; at most 64 are supported'],
      ['10000-deep nesting', `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, '(file): nested 10001 levels deep; a weights file needs at most 32'],
    ];
    it.each(cases)('%s', (_label, text, message) => {
      expect(() => parseWeights(text)).toThrow(message);
    });

    it('files over the size limit, before parsing', () => {
      const text = ' '.repeat(MAX_WEIGHTS_CHARS + 1);
      expect(() => parseWeights(text)).toThrow('(file): 64.0 MB is larger than the 64 MB limit for weights files');
    });

    it('__proto__ and constructor keys anywhere, without polluting any prototype', () => {
      const attacks = [
        edited(() => undefined).replace('{"format"', '{"__proto__":{"polluted":"yes"},"format"'),
        edited(() => undefined).replace('"activation":{', '"activation":{"__proto__":{"polluted":"yes"},'),
        edited(() => undefined).replace('"input":{', '"input":{"constructor":{"prototype":{"polluted":"yes"}},'),
      ];
      expect(() => parseWeights(attacks[0])).toThrow('__proto__: key "__proto__" is not allowed');
      expect(() => parseWeights(attacks[1])).toThrow('layers[0].activation.__proto__: key "__proto__" is not allowed');
      expect(() => parseWeights(attacks[2])).toThrow('input.constructor: key "constructor" is not allowed');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('deeply nested objects handed over already parsed (no stack overflow)', () => {
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 10_000; i++) deep = { a: deep };
      expect(() => validateWeights({ format: 'nn-workbench.weights', version: 1, layers: [], deep })).toThrow('nested deeper than 32 levels');
    });
  });

  it('loads weights only into a network of the same architecture', () => {
    const file = sampleFile();
    const make = (units: number, activation: 'tanh' | 'relu', inputs = 2) =>
      new Network({ inputs, dtype: 'float64', layers: [{ units, activation: resolveActivation(activation) }, { units: 1, activation: resolveActivation('sigmoid') }] });
    expect(() => loadWeights(make(16, 'relu'), file)).toThrow('layers[0].activation: the weights were trained with tanh, the model uses relu');
    expect(() => loadWeights(make(8, 'tanh'), file)).toThrow('layers[0].b: the weights have 16 units, the model 8');
    expect(() => loadWeights(make(16, 'tanh', 3), file)).toThrow('input.features: the weights take 2 features, the data has 3');
    const network = make(16, 'tanh');
    loadWeights(network, file);
    expect(network.layers[0].W[5]).toBe(file.layers[0].W[2][1]);
  });

  it('predicts with the stored normalization, giving outputs and class names', () => {
    const file: WeightsFile = {
      format: 'nn-workbench.weights',
      version: 1,
      layers: [{ W: [[1, -1]], b: [0.5], activation: { name: 'sigmoid' } }],
      input: { features: ['a', 'b'], normalization: { kind: 'standardize', mean: [10, 20], std: [2, 4] } },
      output: { task: 'classification', classes: ['low', 'high'] },
    };
    // Rows (12, 20) → (1, 0) → z = 1.5; (10, 28) → (0, 2) → z = −1.5.
    const result = predict(validateWeights(file), [12, 20, 10, 28], 2);
    expect(result.outputs[0][0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 15);
    expect(result.outputs[1][0]).toBeCloseTo(1 / (1 + Math.exp(1.5)), 15);
    expect(result.classIndices).toEqual([1, 0]);
    expect(result.classes).toEqual(['high', 'low']);
    expect(() => predict(file, [1, 2, 3], 2)).toThrow('expected 2 rows of 2 features (a, b), got 3 values');
  });

  it('predicts regression outputs without classes', () => {
    const file = validateWeights({
      format: 'nn-workbench.weights',
      version: 1,
      layers: [{ W: [[2, 0], [0, 3]], b: [1, -1], activation: { name: 'linear' } }],
      input: { features: ['a', 'b'], normalization: { kind: 'minmax', min: [0, 0], max: [2, 1] } },
      output: { task: 'regression', targets: ['u', 'v'] },
    });
    expect(predict(file, [1, 1], 1)).toEqual({ outputs: [[2, 2]] });
  });
});

describe('weights JSON limits and structure', () => {
  const base = () => JSON.parse(serializeWeights(sampleFile()));

  it('counts nesting outside strings only, honouring escaped quotes', () => {
    const file = base();
    // Feature names full of brackets, one with an escaped quote before them, do not count as nesting.
    file.input.features = ['['.repeat(40), '"' + '{'.repeat(40)];
    file.input.normalization = { kind: 'none' };
    const parsed = parseWeights(JSON.stringify(file));
    expect(parsed.input.features[1]).toBe('"' + '{'.repeat(40));
  });

  it('accepts text nested 32 deep and refuses 33', () => {
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    // A backslash outside a string (not JSON, but scanned first) closes nothing.
    expect(() => parseWeights(`\\${'['.repeat(33)}`)).toThrow('(file): nested 33 levels deep; a weights file needs at most 32');
    // 32 levels pass the scan (the schema then names what is wrong).
    expect(() => parseWeights(nested(32))).toThrow('format: expected "nn-workbench.weights", found nothing');
    expect(() => parseWeights(nested(33))).toThrow('(file): nested 33 levels deep; a weights file needs at most 32');
  });

  it('walks parsed values 32 levels deep and refuses a 33rd, naming where', () => {
    const chain = (depth: number) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
      return value;
    };
    const file = { format: 'nn-workbench.weights', version: 1, layers: [], deep: chain(31) };
    expect(() => validateWeights(file)).toThrow('layers: ');
    expect(() => validateWeights({ ...file, deep: chain(32) })).toThrow(/^deep(\[0\]\.k){16}: nested deeper than 32 levels$/);
  });

  it('refuses more than 64 layers before anything else, and reads 64', () => {
    const file = base();
    const layer = file.layers[0];
    file.layers = Array.from({ length: 65 }, () => layer);
    expect(() => validateWeights(file)).toThrow('layers: 65 layers; at most 64 are supported');
    file.layers = Array.from({ length: 64 }, () => layer);
    expect(() => validateWeights(file)).toThrow('layers[1].W: expected 16 rows of 16 numbers, found 2 columns in row 0');
  });

  it('names a missing format or version', () => {
    const file = base();
    delete file.version;
    expect(() => validateWeights(file)).toThrow('version: this file is version (missing); only version 1 can be read');
    delete file.format;
    expect(() => validateWeights(file)).toThrow('format: expected "nn-workbench.weights", found nothing');
    expect(() => validateWeights(null)).toThrow('(file): expected a JSON object');
    expect(() => validateWeights('text')).toThrow('(file): expected a JSON object');
  });

  it.each([
    ['minmax min', { kind: 'minmax', min: [0], max: [1, 1] }, 'input.normalization.min: expected 2 numbers (one per feature), found 1'],
    ['minmax max', { kind: 'minmax', min: [0, 0], max: [1, 1, 1] }, 'input.normalization.max: expected 2 numbers (one per feature), found 3'],
    ['standardize std', { kind: 'standardize', mean: [0, 0], std: [1] }, 'input.normalization.std: expected 2 numbers (one per feature), found 1'],
  ])('checks %s against the features', (_label, normalization, message) => {
    const file = base();
    file.input.normalization = normalization;
    expect(() => validateWeights(file)).toThrow(message);
  });

  it('accepts well-sized statistics', () => {
    const file = base();
    file.input.normalization = { kind: 'minmax', min: [0, 0], max: [1, 2] };
    expect(validateWeights(file).input.normalization).toEqual({ kind: 'minmax', min: [0, 0], max: [1, 2] });
  });

  it('refuses a layer without units, and a b that is not zero where the layer has no bias', () => {
    const empty = base();
    empty.layers[0].b = [];
    empty.layers[0].W = [];
    expect(() => validateWeights(empty)).toThrow('layers[0].b: expected at least one unit');
    const biased = base();
    biased.layers[1].bias = false;
    biased.layers[1].b = [0];
    expect(validateWeights(biased).layers[1].bias).toBe(false);
    biased.layers[0].bias = false;
    biased.layers[0].b = biased.layers[0].b.map(() => 0);
    biased.layers[0].b[3] = 0.5;
    expect(() => validateWeights(biased)).toThrow('layers[0].b[3]: the layer says "bias": false, so every b must be 0, found 0.5');
    biased.layers[0].b[0] = -1;
    expect(() => validateWeights(biased)).toThrow('layers[0].b[0]: the layer says "bias": false, so every b must be 0, found -1');
  });

  it('accepts a slope on leakyRelu only', () => {
    const file = base();
    file.layers[0].activation = { name: 'leakyRelu', slope: 0.2 };
    expect(validateWeights(file).layers[0].activation).toEqual({ name: 'leakyRelu', slope: 0.2 });
  });

  it('fits output units to the classes: one or two for two classes, n for n', () => {
    const two = base(); // 1 output unit, classes no/yes
    expect(validateWeights(two).output).toEqual({ task: 'classification', classes: ['no', 'yes'] });
    const wide = base();
    wide.layers[1].W.push([...wide.layers[1].W[0]], [...wide.layers[1].W[0]]);
    wide.layers[1].b.push(0, 0);
    wide.layers[1].activation = { name: 'softmax' };
    expect(() => validateWeights(wide)).toThrow('layers[1].b: 3 output units do not fit 2 classes (expected 2 or 1)');
    wide.output.classes.push('maybe');
    expect(validateWeights(wide).output).toEqual({ task: 'classification', classes: ['no', 'yes', 'maybe'] });
    wide.output.classes = ['a', 'b', 'c', 'd'];
    expect(() => validateWeights(wide)).toThrow('layers[1].b: 3 output units do not fit 4 classes (expected 4)');
  });

  it('fits output units and their scaling to the regression targets', () => {
    const file = base();
    file.layers[1].activation = { name: 'linear' };
    file.output = { task: 'regression', targets: ['y', 'z'] };
    expect(() => validateWeights(file)).toThrow('layers[1].b: 1 output units do not fit 2 regression targets');
    file.output = { task: 'regression', targets: ['y'], scaling: { kind: 'standardize', mean: [1], std: [2, 3] } };
    expect(() => validateWeights(file)).toThrow('output.scaling.std: expected 1 numbers (one per target), found 2');
    file.output.scaling = { kind: 'minmax', min: [1, 0], max: [2] };
    expect(() => validateWeights(file)).toThrow('output.scaling.min: expected 1 numbers (one per target), found 2');
    file.output.scaling = { kind: 'none' };
    expect(validateWeights(file).output).toEqual({ task: 'regression', targets: ['y'], scaling: { kind: 'none' } });
  });

  it('exports a layer without bias as "bias": false, and the experiment and metrics when given', () => {
    const network = new Network({
      inputs: 2,
      dtype: 'float64',
      layers: [
        { units: 2, activation: resolveActivation('relu'), bias: false },
        { units: 1, activation: resolveActivation('sigmoid') },
      ],
    });
    const file = exportWeights(network, { ...INFO, metrics: { accuracy: 0.75 } });
    expect(file.layers[0]).toEqual({ W: [[0, 0], [0, 0]], b: [0, 0], activation: { name: 'relu' }, bias: false });
    expect('bias' in file.layers[1]).toBe(false);
    expect(file.metrics).toEqual({ accuracy: 0.75 });
    expect('experiment' in file).toBe(false);
    expect(Object.keys(exportWeights(network, INFO))).toEqual(['format', 'version', 'layers', 'input', 'output']);
    expect(networkFromWeights(validateWeights(file)).layers.map((l) => l.bias)).toEqual([false, true]);
  });

  it('loads only where layers, bias and activation parameters agree, naming the field with a prefix', () => {
    const file = sampleFile();
    const make = (layers: { units: number; activation: Parameters<typeof resolveActivation>[0]; bias?: boolean }[]) =>
      new Network({ inputs: 2, dtype: 'float64', layers: layers.map((l) => ({ ...l, activation: resolveActivation(l.activation) })) });
    expect(() => loadWeights(make([{ units: 1, activation: 'sigmoid' }]), file, 'run.')).toThrow('run.layers: the weights have 2 layers, the model 1');
    // Without a prefix the message starts at the field.
    expect(() => loadWeights(make([{ units: 16, activation: 'tanh', bias: false }, { units: 1, activation: 'sigmoid' }]), file)).toThrow(
      /^layers\[0\]\.bias: the weights have a bias, the model's layer has none$/,
    );
    const leaky = exportWeights(make([{ units: 2, activation: { name: 'leakyRelu', slope: 0.2 }, bias: false }, { units: 1, activation: 'sigmoid' }]), INFO);
    expect(() => loadWeights(make([{ units: 2, activation: { name: 'leakyRelu', slope: 0.1 }, bias: false }, { units: 1, activation: 'sigmoid' }]), leaky, 'x.')).toThrow(
      'x.layers[0].activation: the weights were trained with leakyRelu, the model uses leakyRelu',
    );
    expect(() => loadWeights(make([{ units: 2, activation: { name: 'leakyRelu', slope: 0.2 } }, { units: 1, activation: 'sigmoid' }]), leaky)).toThrow(
      `layers[0].bias: the weights say "bias": false, the model's layer has one`,
    );
    const target = make([{ units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }]);
    loadWeights(target, file);
    expect(Array.from(target.layers[1].b)).toEqual(file.layers[1].b);
    expect(Array.from(target.layers[0].W.subarray(30, 32))).toEqual(file.layers[0].W[15]);
  });

  it('throws WeightsFormatError, by that name', () => {
    let error: unknown;
    try {
      parseWeights('[]');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeightsFormatError);
    expect((error as Error).name).toBe('WeightsFormatError');
    expect(String(error)).toBe('WeightsFormatError: (file): expected a JSON object');
  });

  it('refuses a "prototype" key anywhere', () => {
    const file = base();
    file.output.prototype = { polluted: 'yes' };
    expect(() => validateWeights(file)).toThrow(/^output\.prototype: key "prototype" is not allowed$/);
  });

  it('walks an array of numbers at the deepest level allowed without counting the numbers as a level', () => {
    let deep: unknown = [1, 2];
    for (let i = 0; i < 31; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(() => validateWeights({ format: 'nn-workbench.weights', version: 1, layers: [], deep })).toThrow(/^layers: /);
  });

  it('builds float64 networks unless told otherwise, and exports the experiment with the weights', () => {
    const file = sampleFile();
    expect(networkFromWeights(file).dtype).toBe('float64');
    expect(networkFromWeights(file, 'float32').dtype).toBe('float32');
    const experiment = { name: 'moons' } as unknown as NonNullable<Parameters<typeof exportWeights>[1]['experiment']>;
    const withExperiment = exportWeights(networkFromWeights(file), { ...INFO, experiment });
    expect(withExperiment.experiment).toBe(experiment);
    expect('metrics' in withExperiment).toBe(false);
  });

  it('predicts more rows than one forward chunk exactly as row by row', () => {
    const file = validateWeights(
      JSON.parse(serializeWeights(exportWeights(randomNetwork([2, 5, 3], ['tanh', 'softmax'], { seed: 31 }), { ...INFO, output: { task: 'classification', classes: ['a', 'b', 'c'] } }))),
    );
    const rows = 1030;
    const x = Float64Array.from({ length: 2 * rows }, (_, i) => Math.sin(i));
    const all = predict(file, x, rows);
    expect(all.outputs).toHaveLength(rows);
    expect(all.classIndices).toHaveLength(rows);
    for (const r of [0, 1, 1023, 1024, 1029]) {
      const one = predict(file, x.subarray(2 * r, 2 * r + 2), 1);
      expect(all.outputs[r]).toEqual(one.outputs[0]);
      expect(all.classIndices?.[r]).toBe(one.classIndices?.[0]);
      expect(all.classes?.[r]).toBe(['a', 'b', 'c'][one.classIndices![0]]);
    }
    expect(new Set(all.classIndices).size).toBeGreaterThan(1);
  });

  it('predicts a whole number of forward chunks (1024 rows), and no rows', () => {
    const file = validateWeights(JSON.parse(serializeWeights(sampleFile())));
    const x = Float64Array.from({ length: 2 * 1024 }, (_, i) => Math.cos(i));
    const all = predict(file, x, 1024);
    expect([all.outputs.length, all.classIndices?.length]).toEqual([1024, 1024]);
    expect(all.outputs[1023]).toEqual(predict(file, x.subarray(2046), 1).outputs[0]);
    expect(predict(file, [], 0)).toEqual({ outputs: [], classIndices: [], classes: [] });
  });

  it('maps regression outputs back through the stored target scaling', () => {
    const file = validateWeights({
      format: 'nn-workbench.weights',
      version: 1,
      layers: [{ W: [[1], [2]], b: [0, 0.5], activation: { name: 'linear' } }],
      input: { features: ['a'], normalization: { kind: 'none' } },
      output: { task: 'regression', targets: ['u', 'v'], scaling: { kind: 'standardize', mean: [10, -1], std: [2, 4] } },
    });
    // Raw outputs (x, 2x + 0.5) → (2x + 10, 4(2x + 0.5) − 1).
    expect(predict(file, [1, -0.5], 2)).toEqual({ outputs: [[12, 9], [9, -3]] });
  });

  it('reads a file of exactly the size limit (padding is whitespace JSON allows)', () => {
    const text = serializeWeights(sampleFile());
    const padded = text + ' '.repeat(MAX_WEIGHTS_CHARS - text.length);
    expect(padded.length).toBe(MAX_WEIGHTS_CHARS);
    expect(parseWeights(padded)).toEqual(JSON.parse(text));
  });

  it('counts nesting depth, not brackets: a wide network has far more than 32 of them side by side', () => {
    const file = exportWeights(randomNetwork([2, 40, 1], ['tanh', 'sigmoid'], { seed: 5 }), INFO);
    const text = serializeWeights(file);
    expect(text.split('[').length - 1).toBeGreaterThan(40);
    expect(parseWeights(text)).toEqual(file);
    // 40 layers: 80 objects side by side (each layer and its activation).
    const deep = exportWeights(randomNetwork([2, ...new Array<number>(40).fill(1)], [...new Array<ActivationName>(39).fill('tanh'), 'sigmoid'], { seed: 6 }), INFO);
    expect(parseWeights(serializeWeights(deep))).toEqual(deep);
  });

  it('names the field of a null where an object belongs, as a WeightsFormatError', () => {
    const text = edited((f) => (f.metrics = null));
    expect(() => parseWeights(text)).toThrow(WeightsFormatError);
    expect(() => parseWeights(text)).toThrow(/^metrics: /);
  });

  it('does not count a null in an array as a level of nesting', () => {
    // As the array of numbers at the deepest level allowed: the schema, not the depth check, refuses it.
    let deep: unknown = [null, 2];
    for (let i = 0; i < 31; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(() => validateWeights({ format: 'nn-workbench.weights', version: 1, layers: [], deep })).toThrow(/^layers: /);
  });

  it('reads a regression file without target scaling', () => {
    const file = JSON.parse(serializeWeights(sampleFile()));
    file.layers[1].activation = { name: 'linear' };
    file.output = { task: 'regression', targets: ['y'] };
    expect(validateWeights(file).output).toEqual({ task: 'regression', targets: ['y'] });
  });
});
