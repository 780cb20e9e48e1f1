import { describe, expect, it } from 'vitest';
import { csvTargets, ExperimentSchema, type DatasetSpec, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';

// Experiment JSON field by field: every bound a field declares just inside (accepted) and just
// outside (refused, naming the field and the bound), and the defaults README promises. The size
// limits that guard memory (units, layers, epochs, samples, classes, name) are in limits.test.ts.

const BASE = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
} satisfies ExperimentInput;

const parse = (input: unknown) => ExperimentSchema.safeParse(input);
const problem = (input: unknown) => {
  const parsed = parse(input);
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
};
const layer = (fields: Record<string, unknown>) => ({ ...BASE, model: { ...BASE.model, layers: [{ ...BASE.model.layers[0], ...fields }] } });
const model = (fields: Record<string, unknown>) => ({ ...BASE, model: { ...BASE.model, ...fields } });
const training = (fields: Record<string, unknown>) => ({ ...BASE, training: { ...BASE.training, ...fields } });
const optimizer = (fields: Record<string, unknown>) => training({ optimizer: fields });
const dataset = (fields: Record<string, unknown>) => ({ ...BASE, dataset: fields });
const csv = (fields: Record<string, unknown>) => dataset({ csv: 'a.csv', target: 'y', ...fields });

describe('experiment bounds', () => {
  it.each([
    ['units', layer({ units: 1 }), layer({ units: 0 }), 'model.layers[0].units: expected a number ≥ 1'],
    ['units whole', layer({ units: 3 }), layer({ units: 2.5 }), 'model.layers[0].units: expected a whole number'],
    ['layers', model({ layers: BASE.model.layers }), model({ layers: [] }), 'model.layers: expected at least one layer'],
    ['dropout high', layer({ dropout: 0.95 }), layer({ dropout: 0.951 }), 'model.layers[0].dropout: Too big: expected number to be <=0.95'],
    ['dropout low', layer({ dropout: 0 }), layer({ dropout: -0.01 }), 'model.layers[0].dropout: Too small: expected number to be >=0'],
    ['learning rate', optimizer({ name: 'sgd', learningRate: 1e-300 }), optimizer({ name: 'sgd', learningRate: 0 }), 'training.optimizer.learningRate: expected a number > 0'],
    ['momentum', optimizer({ name: 'momentum', learningRate: 0.1, momentum: 0.9999 }), optimizer({ name: 'momentum', learningRate: 0.1, momentum: 0.99991 }), 'training.optimizer.momentum: Too big: expected number to be <=0.9999'],
    ['momentum ≥ 0', optimizer({ name: 'momentum', learningRate: 0.1, momentum: 0 }), optimizer({ name: 'momentum', learningRate: 0.1, momentum: -0.1 }), 'training.optimizer.momentum: Too small: expected number to be >=0'],
    ['rho', optimizer({ name: 'rmsprop', learningRate: 0.1, rho: 0.9999 }), optimizer({ name: 'rmsprop', learningRate: 0.1, rho: 1 }), 'training.optimizer.rho: Too big: expected number to be <=0.9999'],
    ['rho ≥ 0', optimizer({ name: 'rmsprop', learningRate: 0.1, rho: 0 }), optimizer({ name: 'rmsprop', learningRate: 0.1, rho: -0.1 }), 'training.optimizer.rho: Too small: expected number to be >=0'],
    ['rmsprop epsilon', optimizer({ name: 'rmsprop', learningRate: 0.1, epsilon: 1e-300 }), optimizer({ name: 'rmsprop', learningRate: 0.1, epsilon: 0 }), 'training.optimizer.epsilon: expected a number > 0'],
    ['beta1', optimizer({ name: 'adam', learningRate: 0.1, beta1: 0.9999 }), optimizer({ name: 'adam', learningRate: 0.1, beta1: 1 }), 'training.optimizer.beta1: Too big: expected number to be <=0.9999'],
    ['beta1 ≥ 0', optimizer({ name: 'adam', learningRate: 0.1, beta1: 0 }), optimizer({ name: 'adam', learningRate: 0.1, beta1: -0.1 }), 'training.optimizer.beta1: Too small: expected number to be >=0'],
    ['beta2', optimizer({ name: 'adam', learningRate: 0.1, beta2: 0.99999 }), optimizer({ name: 'adam', learningRate: 0.1, beta2: 0.999991 }), 'training.optimizer.beta2: Too big: expected number to be <=0.99999'],
    ['beta2 ≥ 0', optimizer({ name: 'adam', learningRate: 0.1, beta2: 0 }), optimizer({ name: 'adam', learningRate: 0.1, beta2: -0.1 }), 'training.optimizer.beta2: Too small: expected number to be >=0'],
    ['adam epsilon', optimizer({ name: 'adam', learningRate: 0.1, epsilon: 1e-300 }), optimizer({ name: 'adam', learningRate: 0.1, epsilon: 0 }), 'training.optimizer.epsilon: expected a number > 0'],
    ['step every', training({ schedule: { name: 'step', every: 1, factor: 0.5 } }), training({ schedule: { name: 'step', every: 0, factor: 0.5 } }), 'training.schedule.every: expected a number ≥ 1'],
    ['step factor', training({ schedule: { name: 'step', every: 1, factor: 1e-300 } }), training({ schedule: { name: 'step', every: 1, factor: 0 } }), 'training.schedule.factor: expected a number > 0'],
    ['exponential rate', training({ schedule: { name: 'exponential', rate: 1e-300 } }), training({ schedule: { name: 'exponential', rate: 0 } }), 'training.schedule.rate: expected a number > 0'],
    ['batch size', training({ batchSize: 1 }), training({ batchSize: 0 }), 'training.batchSize: expected a number ≥ 1'],
    ['epochs', training({ epochs: 1 }), training({ epochs: 0 }), 'training.epochs: expected a number ≥ 1'],
    ['seed high', training({ seed: 2 ** 32 - 1 }), training({ seed: 2 ** 32 }), 'training.seed: Too big: expected number to be <=4294967295'],
    ['seed low', training({ seed: 0 }), training({ seed: -1 }), 'training.seed: Too small: expected number to be >=0'],
    ['seed whole', training({ seed: 7 }), training({ seed: 7.5 }), 'training.seed: Invalid input: expected int, received number'],
    ['validation split high', training({ validationSplit: 0.9 }), training({ validationSplit: 0.91 }), 'training.validationSplit: Too big: expected number to be <=0.9'],
    ['validation split low', training({ validationSplit: 0 }), training({ validationSplit: -0.1 }), 'training.validationSplit: Too small: expected number to be >=0'],
    ['l2', training({ l2: 0 }), training({ l2: -1e-9 }), 'training.l2: Too small: expected number to be >=0'],
    ['clip norm', training({ clipNorm: 1e-300 }), training({ clipNorm: 0 }), 'training.clipNorm: expected a number > 0'],
    ['patience', training({ earlyStopping: { patience: 1 } }), training({ earlyStopping: { patience: 0 } }), 'training.earlyStopping.patience: expected a number ≥ 1'],
    ['min delta', training({ earlyStopping: { patience: 1, minDelta: 0 } }), training({ earlyStopping: { patience: 1, minDelta: -1 } }), 'training.earlyStopping.minDelta: Too small: expected number to be >=0'],
    ['noise', dataset({ synthetic: 'moons', noise: 0 }), dataset({ synthetic: 'moons', noise: -0.1 }), 'dataset.noise: Too small: expected number to be >=0'],
    ['dataset seed', dataset({ synthetic: 'moons', seed: 0 }), dataset({ synthetic: 'moons', seed: -1 }), 'dataset.seed: Too small: expected number to be >=0'],
    ['samples', dataset({ synthetic: 'moons', samples: 1 }), dataset({ synthetic: 'moons', samples: 0 }), 'dataset.samples: expected a number ≥ 1'],
    ['classes', dataset({ synthetic: 'blobs', classes: 1 }), dataset({ synthetic: 'blobs', classes: 0 }), 'dataset.classes: expected a number ≥ 1'],
    ['csv path', csv({ csv: 'a' }), csv({ csv: '' }), 'dataset.csv: Too small: expected string to have >=1 characters'],
    ['target', csv({ target: 'y' }), csv({ target: '' }), 'dataset.target: Too small: expected string to have >=1 characters'],
    ['ignored column', csv({ ignore: ['x'] }), csv({ ignore: [''] }), 'dataset.ignore[0]: Too small: expected string to have >=1 characters'],
    ['categorical column', csv({ categorical: ['x'] }), csv({ categorical: [''] }), 'dataset.categorical[0]: Too small: expected string to have >=1 characters'],
    ['skip lines high', csv({ skipLines: 1_000_000 }), csv({ skipLines: 1_000_001 }), 'dataset.skipLines: Too big: expected number to be <=1000000'],
    ['skip lines low', csv({ skipLines: 0 }), csv({ skipLines: -1 }), 'dataset.skipLines: Too small: expected number to be >=0'],
    ['header line high', csv({ headerLine: 1_000_001 }), csv({ headerLine: 1_000_002 }), 'dataset.headerLine: Too big: expected number to be <=1000001'],
    ['header line low', csv({ headerLine: 1 }), csv({ headerLine: 0 }), 'dataset.headerLine: Too small: expected number to be >=1'],
    ['targets', dataset({ csv: 'a.csv', targets: Array.from({ length: 1000 }, (_, i) => `y${i}`) }), dataset({ csv: 'a.csv', targets: Array.from({ length: 1001 }, (_, i) => `y${i}`) }), 'dataset.targets: Too big: expected array to have <=1000 items'],
    ['no targets', dataset({ csv: 'a.csv', targets: ['y'] }), dataset({ csv: 'a.csv', targets: [] }), 'dataset.targets: Too small: expected array to have >=1 items'],
    ['target twice', dataset({ csv: 'a.csv', targets: ['y', 'z'] }), dataset({ csv: 'a.csv', targets: ['y', 'z', 'y'] }), 'dataset.targets: a column is named twice'],
    ['target name', dataset({ csv: 'a.csv', targets: ['y'] }), dataset({ csv: 'a.csv', targets: [''] }), 'dataset.targets[0]: Too small: expected string to have >=1 characters'],
    ['idx images', dataset({ idx: { images: 'i', labels: 'l' } }), dataset({ idx: { images: '', labels: 'l' } }), 'dataset.idx.images: Too small: expected string to have >=1 characters'],
    ['idx labels', dataset({ idx: { images: 'i', labels: 'l' } }), dataset({ idx: { images: 'i', labels: '' } }), 'dataset.idx.labels: Too small: expected string to have >=1 characters'],
    ['idx limit', dataset({ idx: { images: 'i', labels: 'l' }, limit: 1 }), dataset({ idx: { images: 'i', labels: 'l' }, limit: 0 }), 'dataset.limit: expected a number ≥ 1'],
    ['idx classes', dataset({ idx: { images: 'i', labels: 'l' }, classes: ['a', 'b'] }), dataset({ idx: { images: 'i', labels: 'l' }, classes: ['a'] }), 'dataset.classes: Too small: expected array to have >=2 items'],
    ['idx class name', dataset({ idx: { images: 'i', labels: 'l' }, classes: ['a', 'b'] }), dataset({ idx: { images: 'i', labels: 'l' }, classes: ['a', ''] }), 'dataset.classes[1]: Too small: expected string to have >=1 characters'],
    ['image folder', dataset({ images: { folder: 'f' } }), dataset({ images: { folder: '' } }), 'dataset.images.folder: Too small: expected string to have >=1 characters'],
    ['image size high', dataset({ images: { folder: 'f', size: 512 } }), dataset({ images: { folder: 'f', size: 513 } }), 'dataset.images.size: Too big: expected number to be <=512'],
    ['image size low', dataset({ images: { folder: 'f', size: 1 } }), dataset({ images: { folder: 'f', size: 0 } }), 'dataset.images.size: expected a number ≥ 1'],
    ['stored', dataset({ stored: 's' }), dataset({ stored: '' }), 'dataset.stored: Too small: expected string to have >=1 characters'],
  ])('%s: accepted inside, refused outside with the field', (_, inside, outside, message) => {
    expect(problem(inside)).toBe('ok');
    expect(problem(outside)).toBe(message);
  });
});

describe('experiment defaults and shapes', () => {
  it("fills in each optimizer's defaults (README: momentum 0.9, rho 0.9, Adam's 0.9 and 0.999, epsilon 1e-8)", () => {
    const opt = (fields: Record<string, unknown>) => ExperimentSchema.parse(optimizer(fields)).training.optimizer;
    expect(opt({ name: 'momentum', learningRate: 0.1 })).toEqual({ name: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false });
    expect(opt({ name: 'rmsprop', learningRate: 0.1 })).toEqual({ name: 'rmsprop', learningRate: 0.1, rho: 0.9, epsilon: 1e-8 });
    expect(opt({ name: 'adam', learningRate: 0.1 })).toEqual({ name: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(opt({ name: 'sgd', learningRate: 0.1 })).toEqual({ name: 'sgd', learningRate: 0.1 });
  });

  it('fills in minDelta 0, a synthetic seed 0 and an image folder of 28 × 28 grayscale on white', () => {
    expect(ExperimentSchema.parse(training({ earlyStopping: { patience: 3 } })).training.earlyStopping).toEqual({ patience: 3, minDelta: 0 });
    expect(ExperimentSchema.parse(dataset({ synthetic: 'moons' })).dataset).toEqual({ synthetic: 'moons', seed: 0 });
    expect(ExperimentSchema.parse(dataset({ images: { folder: 'f' } })).dataset).toEqual({ images: { folder: 'f', size: 28, color: 'grayscale', background: 'white' } });
  });

  it('takes each shape of activation, initializer and bias initializer', () => {
    expect(problem(layer({ activation: { name: 'leakyRelu', slope: 0.2 } }))).toBe('ok');
    expect(problem(layer({ init: { name: 'uniform', low: -1, high: 1 } }))).toBe('ok');
    expect(problem(layer({ init: { name: 'normal', mean: 0, std: 0.1 } }))).toBe('ok');
    expect(problem(layer({ init: { name: 'constant', value: 1 } }))).toBe('ok');
    expect(problem(layer({ bias: false }))).toBe('ok');
    expect(problem(model({ init: 'xavierUniform' }))).toBe('ok');
    for (const biasInit of ['zeros', { name: 'zeros' }, { name: 'constant', value: 0.1 }]) {
      expect(problem(model({ biasInit }))).toBe('ok');
    }
    expect(problem(model({ biasInit: { name: 'constant' } }))).toBe('model.biasInit.value: Invalid input: expected number, received undefined');
    expect(problem(model({ biasInit: 'ones' }))).toBe('model.biasInit: Invalid input: expected "zeros"');
  });

  it('takes every CSV reading option', () => {
    expect(
      problem(csv({ task: 'regression', normalize: 'standardize', missing: 'mostFrequent', header: true, delimiter: 'whitespace', encoding: 'utf-16be', decimal: ',', thousands: "'" })),
    ).toBe('ok');
    expect(problem(csv({ thousands: '_' }))).toBe('dataset.thousands: Invalid option: expected one of ""|","|"."|" "|"\'"');
  });

  it('takes every option README lists for a CSV file, an IDX pair, an image folder and the backend', () => {
    const options: [string, (value: string) => unknown, string[]][] = [
      ['task', (v) => csv({ task: v }), ['classification', 'regression']],
      ['normalize', (v) => csv({ normalize: v }), ['none', 'minmax', 'standardize']],
      ['stored normalize', (v) => dataset({ stored: 'builtin/breast-cancer', normalize: v }), ['none', 'minmax', 'standardize']],
      ['missing', (v) => csv({ missing: v }), ['fail', 'drop', 'mean', 'mostFrequent']],
      ['delimiter', (v) => csv({ delimiter: v }), [',', ';', '\t', '|', 'whitespace']],
      ['encoding', (v) => csv({ encoding: v }), ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']],
      ['decimal', (v) => csv({ decimal: v }), ['.', ',']],
      ['thousands', (v) => csv({ thousands: v }), ['', ',', '.', ' ', "'"]],
      ['IDX classes', (v) => dataset({ idx: { images: 'i', labels: 'l' }, classes: v }), ['fashion-mnist', 'digits']],
      ['color', (v) => dataset({ images: { folder: 'f', color: v } }), ['grayscale', 'rgb']],
      ['background', (v) => dataset({ images: { folder: 'f', background: v } }), ['white', 'black']],
      ['backend', (v) => training({ backend: v }), ['auto', 'ts', 'wasm']],
    ];
    for (const [field, input, values] of options) {
      for (const value of values) expect(problem(input(value)), `${field} ${JSON.stringify(value)}`).toBe('ok');
      expect(problem(input('other')), field).not.toBe('ok');
    }
  });

  it('a stored dataset may name the normalization of its inputs, one of three, and nothing else beside its id', () => {
    expect(problem(dataset({ stored: 'builtin/iris', normalize: 'Standardize' }))).toBe('dataset.normalize: Invalid option: expected one of "none"|"minmax"|"standardize"');
    expect(problem(dataset({ stored: 'builtin/iris', normalise: 'standardize' }))).toBe("dataset: unknown field 'normalise'");
    expect(problem(dataset({ stored: 'builtin/iris', normalize: null }))).toBe('dataset.normalize: Invalid option: expected one of "none"|"minmax"|"standardize"');
    // Left out, it stays out (no default filled in): an experiment written before keeps its run key.
    expect(ExperimentSchema.parse(dataset({ stored: 'builtin/iris' })).dataset).toEqual({ stored: 'builtin/iris' });
    expect(ExperimentSchema.parse(dataset({ stored: 'builtin/iris', normalize: 'minmax' })).dataset).toEqual({ stored: 'builtin/iris', normalize: 'minmax' });
  });

  it('csvTargets lists the one target or the several', () => {
    const spec = (input: Record<string, unknown>) => ExperimentSchema.parse(dataset(input)).dataset as Extract<DatasetSpec, { csv: string }>;
    expect(csvTargets(spec({ csv: 'a.csv', target: 'y' }))).toEqual(['y']);
    expect(csvTargets(spec({ csv: 'a.csv', targets: ['y', 'z'] }))).toEqual(['y', 'z']);
  });
});
