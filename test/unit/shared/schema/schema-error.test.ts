import { describe, expect, it } from 'vitest';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import { describeSchemaError, formatPath, locateIssue } from '../../../../src/shared/schema/schema-error';

// The one sentence a user reads for a bad experiment (CLI, the app's import and editor): the field
// as written in JSON, a misspelled field named beside the one it was probably meant to be, and a
// value that fits none of a union's shapes followed into the shape it came closest to.

const BASE = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
} satisfies ExperimentInput;

function problem(input: unknown): string {
  const parsed = ExperimentSchema.safeParse(input);
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
}

const training = (fields: Record<string, unknown>) => problem({ ...BASE, training: { optimizer: BASE.training.optimizer, ...fields } });
const optimizer = (fields: Record<string, unknown>) => problem({ ...BASE, training: { ...BASE.training, optimizer: fields } });
const dataset = (fields: Record<string, unknown>) => problem({ ...BASE, dataset: fields });

describe('formatPath', () => {
  it('writes keys dotted and indexes in brackets, as in JSON paths', () => {
    expect(formatPath(['model', 'layers', 1, 'units'])).toBe('model.layers[1].units');
    expect(formatPath([0, 'a', 2, 3])).toBe('[0].a[2][3]');
    expect(formatPath([])).toBe('');
  });
});

describe('describeSchemaError', () => {
  it('names the field, or gives the message alone for the value itself', () => {
    expect(training({ epochs: 0 })).toBe('training.epochs: expected a number ≥ 1');
    expect(problem(5)).toBe('Invalid input: expected object, received number');
  });

  it('names unknown fields, one or several', () => {
    expect(optimizer({ ...BASE.training.optimizer, a: 1 })).toBe("training.optimizer: unknown field 'a'");
    expect(optimizer({ ...BASE.training.optimizer, a: 1, b: 2 })).toBe("training.optimizer: unknown fields 'a', 'b'");
  });

  it('names a misspelled required field beside the one it was meant to be: swaps, case, up to a third of its letters', () => {
    expect(optimizer({ name: 'sgd', learnignRate: 0.1 })).toBe("training.optimizer: unknown field 'learnignRate' (did you mean 'learningRate'?)");
    expect(training({ Epochs: 1 })).toBe("training: unknown field 'Epochs' (did you mean 'epochs'?)");
    // 'epochs' has 6 letters: 2 edits are a misspelling, 3 another word.
    expect(training({ epoks: 1 })).toBe("training: unknown field 'epoks' (did you mean 'epochs'?)");
    expect(training({ epxxs: 1 })).toBe('training.epochs: Invalid input: expected number, received undefined');
    // A 5-letter name allows one edit; swapping two neighbours is one, two swaps are two.
    expect(problem({ ...BASE, model: { ...BASE.model, layers: [{ untis: 2, activation: 'softmax' }] } })).toBe(
      "model.layers[0]: unknown field 'untis' (did you mean 'units'?)",
    );
    expect(problem({ ...BASE, model: { ...BASE.model, layers: [{ utnis: 2, activation: 'softmax' }] } })).toBe(
      'model.layers[0].units: Invalid input: expected number, received undefined',
    );
    expect(problem({ ...BASE, model: { ...BASE.model, layers: [{ uints: 2, activation: 'softmax' }] } })).toBe(
      "model.layers[0]: unknown field 'uints' (did you mean 'units'?)",
    );
    expect(problem({ ...BASE, model: { ...BASE.model, layers: [{ unst: 2, activation: 'softmax' }] } })).toBe(
      'model.layers[0].units: Invalid input: expected number, received undefined',
    );
  });

  it('counts every edit: letters added before or cut from the front, and a swap only of two neighbours that trade places', () => {
    const layerWith = (key: string) => problem({ ...BASE, model: { ...BASE.model, layers: [{ [key]: 2, activation: 'softmax' }] } });
    const unsuggested = 'model.layers[0].units: Invalid input: expected number, received undefined';
    // Each is 2 edits from 'units', one more than its 5 letters allow.
    for (const key of ['xxunits', 'its', 'unixt', 'untxs']) expect(layerWith(key), key).toBe(unsuggested);
    expect(layerWith('xunits')).toBe("model.layers[0]: unknown field 'xunits' (did you mean 'units'?)");
    expect(layerWith('nits')).toBe("model.layers[0]: unknown field 'nits' (did you mean 'units'?)");
  });

  it('picks the closest of several missing fields for an unknown key', () => {
    // 'lables' is far from 'images' (listed first) and one swap from 'labels'.
    expect(dataset({ idx: { lables: 'l', imgs: 'i' } })).toBe("dataset.idx: unknown field 'lables' (did you mean 'labels'?)");
  });

  it('suggests only a field that is missing, next to the unknown key', () => {
    // epochs is there but wrong: the unknown key is not it.
    expect(training({ epochs: 'x', epoks: 1 })).toBe('training.epochs: Invalid input: expected number, received string');
    // The missing field is in another object.
    expect(problem({ ...BASE, model: { ...BASE.model, epoch: 1 }, training: { optimizer: BASE.training.optimizer } })).toBe("model: unknown field 'epoch'");
    // …or further out.
    expect(problem({ dataset: BASE.dataset, model: { ...BASE.model, trainin: {} } })).toBe("model: unknown field 'trainin'");
  });

  it('follows a union into the branch meant: a misspelled field of its own, else the shape the value has', () => {
    expect(dataset({ csv: 'a.csv', targt: 'y' })).toBe("dataset: unknown field 'targt' (did you mean 'target'?)");
    expect(dataset({ csv: 'a.csv', target: 'y', header: 'yes' })).toBe('dataset.header: Invalid input: expected boolean, received string');
    // Both CSV shapes take the value as an object with one key too many; the one-target shape has nothing else wrong.
    expect(dataset({ csv: 'a.csv', target: 'y', targets: ['y', 'y'] })).toBe("dataset: unknown field 'targets'");
    expect(dataset({ csv: 'a.csv', target: 'y', delimiter: ':' })).toBe('dataset.delimiter: Invalid option: expected one of ","|";"|"\t"|"|"|"whitespace"');
    expect(dataset({ images: { folder: 'x', size: 1000 } })).toBe('dataset.images.size: Too big: expected number to be <=512');
    expect(problem({ ...BASE, model: { ...BASE.model, layers: [{ units: 2, activation: { name: 'relu', slop: 0.1 } }] } })).toBe(
      "model.layers[0].activation: unknown field 'slop'",
    );
    expect(problem({ ...BASE, model: { ...BASE.model, layers: [{ units: 2, activation: 'rellu' }] } })).toBe(
      'model.layers[0].activation: Invalid option: expected one of "sigmoid"|"tanh"|"relu"|"leakyRelu"|"linear"|"softmax"',
    );
  });

  it('names the discriminator when no branch has its value', () => {
    expect(optimizer({ name: 'adamw', learningRate: 0.1 })).toBe("training.optimizer.name: Invalid discriminator value. Expected 'sgd' | 'momentum' | 'rmsprop' | 'adam'");
  });
});

describe('locateIssue', () => {
  it('gives each issue its own field, a union followed into the branch meant', () => {
    const parsed = ExperimentSchema.safeParse({ ...BASE, dataset: { csv: 'a.csv', target: 'y', header: 'yes' }, training: { ...BASE.training, epochs: 0 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map(locateIssue)).toEqual([
      { path: ['dataset', 'header'], message: 'Invalid input: expected boolean, received string' },
      { path: ['training', 'epochs'], message: 'expected a number ≥ 1' },
    ]);
  });
});
