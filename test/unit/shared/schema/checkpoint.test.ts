import { describe, expect, it } from 'vitest';
import { base64Bytes, CheckpointFileSchema, parameterShapes } from '../../../../src/shared/schema/checkpoint';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';

// Checkpoint JSON's own checks, field by field: the bounds of its numbers, base64 text, and the
// sizes of its tensors, row order and target scaling against the experiment's layers (README:
// "Loading checks every tensor's size against the experiment's layers and names the one that
// does not fit"). The round trip through the numeric core is nn/checkpoint.test.ts's.

const EXPERIMENT = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'momentum', learningRate: 0.1 }, epochs: 10 },
} satisfies ExperimentInput;

/** Base64 of `bytes` zero bytes. */
const zeros = (bytes: number) => btoa('\0'.repeat(bytes));
/** W[1] 3×2, b[1] 3, W[2] 1×3, b[2] 1, in float64. */
const tensors = () => [zeros(48), zeros(24), zeros(24), zeros(8)];
const rng = { words: [0, 1, 2, 0xffffffff], spareNormal: null };

const FILE = {
  format: 'nn-workbench.checkpoint',
  version: 1,
  experiment: EXPERIMENT,
  inputs: 2,
  epoch: 1,
  seconds: 0,
  parameters: tensors(),
  optimizer: { name: 'momentum', steps: 0, arrays: { velocity: tensors() } },
  rng: { shuffle: rng, dropout: { ...rng, spareNormal: -0.5 } },
  order: zeros(16),
  best: { epoch: 1, loss: 0.5, parameters: tensors() },
  epochsWithoutImprovement: 0,
};
type File = typeof FILE;

function problem(edit: (file: File) => unknown = (f) => f): string {
  const parsed = CheckpointFileSchema.safeParse(edit(structuredClone(FILE)));
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
}

describe('checkpoint file', () => {
  it('accepts a file at the lower bounds: epoch 1, no steps, no time, the largest rng word', () => {
    expect(problem()).toBe('ok');
    expect(problem((f) => ({ ...f, best: null, epoch: 10, seconds: 12.5, experimentPath: 'a/b.json' }))).toBe('ok');
  });

  it.each([
    ['inputs', (f: File) => ({ ...f, inputs: 0 }), 'inputs: Too small: expected number to be >=1'],
    ['epoch', (f: File) => ({ ...f, epoch: 0 }), 'epoch: Too small: expected number to be >=1'],
    ['seconds', (f: File) => ({ ...f, seconds: -0.001 }), 'seconds: expected a number ≥ 0'],
    ['steps', (f: File) => ({ ...f, optimizer: { ...f.optimizer, steps: -1 } }), 'optimizer.steps: expected a number ≥ 0'],
    ['steps whole', (f: File) => ({ ...f, optimizer: { ...f.optimizer, steps: 1.5 } }), 'optimizer.steps: expected a whole number'],
    ['optimizer name', (f: File) => ({ ...f, optimizer: { ...f.optimizer, name: 'adamw' } }), 'optimizer.name: Invalid option: expected one of "sgd"|"momentum"|"rmsprop"|"adam"'],
    ['rng word', (f: File) => ({ ...f, rng: { ...f.rng, dropout: { ...rng, words: [0, 0, 0, 2 ** 32] } } }), 'rng.dropout.words[3]: expected a 32-bit unsigned integer'],
    ['rng words', (f: File) => ({ ...f, rng: { ...f.rng, shuffle: { ...rng, words: [0, 0, 0] } } }), 'rng.shuffle.words: Too small: expected array to have >=4 items'],
    ['best epoch', (f: File) => ({ ...f, best: { ...f.best, epoch: 0 } }), 'best.epoch: Too small: expected number to be >=1'],
    ['patience count', (f: File) => ({ ...f, epochsWithoutImprovement: -1 }), 'epochsWithoutImprovement: expected a number ≥ 0'],
    ['format', (f: File) => ({ ...f, format: 'nn-workbench.weights' }), 'format: Invalid input: expected "nn-workbench.checkpoint"'],
    ['version', (f: File) => ({ ...f, version: 2 }), 'version: Invalid input: expected 1'],
  ])('%s: just outside its bound, refused with the field', (_, edit, message) => {
    expect(problem(edit)).toBe(message);
  });

  it('tensors: as many as the layers have, each of its size in the experiment’s dtype', () => {
    expect(problem((f) => ({ ...f, parameters: f.parameters.slice(0, 3) }))).toBe('parameters: expected 4 tensors (W and b of 2 layers), found 3');
    expect(problem((f) => ({ ...f, optimizer: { ...f.optimizer, arrays: { velocity: [...tensors(), zeros(8)] } } }))).toBe(
      'optimizer.arrays.velocity: expected 4 tensors (W and b of 2 layers), found 5',
    );
    expect(problem((f) => ({ ...f, parameters: [zeros(40), ...f.parameters.slice(1)] }))).toBe('parameters[0]: W[1] is 3×2 = 6 float64 values in this experiment, found 5');
    expect(problem((f) => ({ ...f, best: { ...f.best, parameters: [...f.parameters.slice(0, 3), zeros(7)] } }))).toBe(
      'best.parameters[3]: b[2] is 1 = 1 float64 values in this experiment, found 7 bytes, not whole float64 values',
    );
    // float32: half the bytes.
    const float32 = (f: File) => ({ ...f, experiment: { ...f.experiment, training: { ...f.experiment.training, dtype: 'float32' } } });
    expect(problem(float32)).toBe('parameters[0]: W[1] is 3×2 = 6 float32 values in this experiment, found 12');
    const halved = [zeros(24), zeros(12), zeros(12), zeros(4)];
    expect(problem((f) => ({ ...float32(f), parameters: halved, optimizer: { ...f.optimizer, arrays: { velocity: halved } }, best: null }))).toBe('ok');
  });

  it('the row order: whole int32 values, at least one row', () => {
    expect(problem((f) => ({ ...f, order: zeros(4) }))).toBe('ok');
    expect(problem((f) => ({ ...f, order: '' }))).toBe('order: expected the training rows as int32 values (a whole number of 4 bytes, at least one row)');
    expect(problem((f) => ({ ...f, order: zeros(6) }))).toBe('order: expected the training rows as int32 values (a whole number of 4 bytes, at least one row)');
  });

  it('base64 text only, whole quads with their padding', () => {
    for (const text of ['AAA', 'A===', 'AA=A', '!AAA', 'AAAA!', ' AAAA', 'AAAA\n']) {
      expect(problem((f) => ({ ...f, order: text })), text).toBe('order: expected base64 text');
    }
  });

  it('the best epoch is not after the checkpoint’s, which is not after the experiment’s last', () => {
    expect(problem((f) => ({ ...f, epoch: 3, best: { ...f.best, epoch: 3 } }))).toBe('ok');
    expect(problem((f) => ({ ...f, epoch: 3, best: { ...f.best, epoch: 4 } }))).toBe("best.epoch: the best epoch (4) comes after the checkpoint's epoch 3");
    expect(problem((f) => ({ ...f, epoch: 11 }))).toBe("epoch: epoch 11 is past the experiment's 10 epochs");
  });

  it('target scaling: one number per output unit in each list, none for "none"', () => {
    expect(problem((f) => ({ ...f, targetScaling: { kind: 'none' } }))).toBe('ok');
    expect(problem((f) => ({ ...f, targetScaling: { kind: 'standardize', mean: [1], std: [2] } }))).toBe('ok');
    expect(problem((f) => ({ ...f, targetScaling: { kind: 'standardize', mean: [1], std: [2, 3] } }))).toBe('targetScaling.std: expected 1 numbers (one per output unit), found 2');
    expect(problem((f) => ({ ...f, targetScaling: { kind: 'minmax', min: [], max: [1] } }))).toBe('targetScaling.min: expected 1 numbers (one per output unit), found 0');
  });
});

describe('checkpoint size checks', () => {
  it("are custom issues (zod's code for a refinement), each at the field it names", () => {
    const issues = (edit: (file: File) => unknown) => {
      const parsed = CheckpointFileSchema.safeParse(edit(structuredClone(FILE)));
      return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.code, issue.path.join('.')]);
    };
    expect(issues((f) => ({ ...f, parameters: f.parameters.slice(0, 3) }))).toEqual([['custom', 'parameters']]);
    expect(issues((f) => ({ ...f, parameters: [zeros(40), ...f.parameters.slice(1)] }))).toEqual([['custom', 'parameters.0']]);
    expect(issues((f) => ({ ...f, epoch: 3, best: { ...f.best, epoch: 4 } }))).toEqual([['custom', 'best.epoch']]);
    expect(issues((f) => ({ ...f, order: zeros(6) }))).toEqual([['custom', 'order']]);
    expect(issues((f) => ({ ...f, targetScaling: { kind: 'standardize', mean: [1], std: [2, 3] } }))).toEqual([['custom', 'targetScaling.std']]);
    expect(issues((f) => ({ ...f, epoch: 11 }))).toEqual([['custom', 'epoch']]);
  });
});

describe('base64Bytes', () => {
  it('counts the bytes the text decodes to, padding aside', () => {
    expect([base64Bytes(''), base64Bytes('AAAA'), base64Bytes('AAA='), base64Bytes('AA=='), base64Bytes(zeros(48))]).toEqual([0, 3, 2, 1, 48]);
  });
});

describe('parameterShapes', () => {
  it('lists W[l] (n_l × n_{l−1}) and b[l] from the first layer on', () => {
    expect(parameterShapes(ExperimentSchema.parse(EXPERIMENT), 2)).toEqual([
      { name: 'W[1]', size: 6, shape: '3×2' },
      { name: 'b[1]', size: 3, shape: '3' },
      { name: 'W[2]', size: 3, shape: '1×3' },
      { name: 'b[2]', size: 1, shape: '1' },
    ]);
  });
});
