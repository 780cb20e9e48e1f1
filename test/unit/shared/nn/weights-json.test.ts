import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import {
  exportWeights,
  loadWeights,
  MAX_WEIGHTS_CHARS,
  networkFromWeights,
  parseWeights,
  predict,
  serializeWeights,
  validateWeights,
} from '../../../../src/shared/nn/weights-json';
import { Network } from '../../../../src/shared/nn/network';
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
