import { describe, expect, it } from 'vitest';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';
import { WeightsFileSchema } from '../../../../src/shared/schema/weights';

// Weights JSON's shape (README, "Weights JSON (v1)"): what each field may hold. That shapes chain
// from layer to layer is checked after the schema (nn/weights-json.test.ts).

const FILE = {
  format: 'nn-workbench.weights',
  version: 1,
  layers: [{ W: [[0.5, -1]], b: [0], activation: { name: 'sigmoid' } }],
  input: { features: ['x1', 'x2'], normalization: { kind: 'none' } },
  output: { task: 'classification', classes: ['no', 'yes'] },
};
type File = typeof FILE;

function problem(edit: (file: File) => unknown = (f) => f): string {
  const parsed = WeightsFileSchema.safeParse(edit(structuredClone(FILE)));
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
}

describe('weights file', () => {
  it('accepts the smallest file, and one with every optional part', () => {
    expect(problem()).toBe('ok');
    expect(
      problem((f) => ({
        ...f,
        layers: [{ ...f.layers[0], activation: { name: 'leakyRelu', slope: 0.1 }, bias: false }],
        input: { ...f.input, normalization: { kind: 'standardize', mean: [0, 1], std: [1, 2] } },
        output: { task: 'regression', targets: ['y'], scaling: { kind: 'minmax', min: [0], max: [10] } },
        metrics: { validationRmse: 0.5 },
      })),
    ).toBe('ok');
  });

  it('says a layer has no bias only as "bias": false', () => {
    expect(problem((f) => ({ ...f, layers: [{ ...f.layers[0], bias: true }] }))).toBe('layers[0].bias: Invalid input: expected false');
  });

  it.each([
    ['no layer', (f: File) => ({ ...f, layers: [] }), 'layers: Too small: expected array to have >=1 items'],
    ['one class', (f: File) => ({ ...f, output: { ...f.output, classes: ['yes'] } }), 'output.classes: Too small: expected array to have >=2 items'],
    ['no target', (f: File) => ({ ...f, output: { task: 'regression', targets: [] } }), 'output.targets: Too small: expected array to have >=1 items'],
    ['an unknown activation', (f: File) => ({ ...f, layers: [{ ...f.layers[0], activation: { name: 'gelu' } }] }), 'layers[0].activation.name: Invalid option: expected one of "sigmoid"|"tanh"|"relu"|"leakyRelu"|"linear"|"softmax"'],
    ['an infinite weight', (f: File) => ({ ...f, layers: [{ ...f.layers[0], W: [[Infinity, 0]] }] }), 'layers[0].W[0][0]: Invalid input: expected number, received Infinity'],
    ['a normalization without its statistics', (f: File) => ({ ...f, input: { ...f.input, normalization: { kind: 'minmax', min: [0, 0] } } }), 'input.normalization.max: Invalid input: expected array, received undefined'],
    ['another normalization', (f: File) => ({ ...f, input: { ...f.input, normalization: { kind: 'robust' } } }), "input.normalization.kind: Invalid discriminator value. Expected 'none' | 'minmax' | 'standardize'"],
    ['statistics "none" does not have', (f: File) => ({ ...f, input: { ...f.input, normalization: { kind: 'none', mean: [0] } } }), "input.normalization: unknown field 'mean'"],
    ['another format', (f: File) => ({ ...f, format: 'nn-workbench.checkpoint' }), 'format: Invalid input: expected "nn-workbench.weights"'],
    ['another version', (f: File) => ({ ...f, version: 2 }), 'version: Invalid input: expected 1'],
  ])('refuses %s, naming the field', (_, edit, message) => {
    expect(problem(edit)).toBe(message);
  });
});
