import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import {
  checkDraft,
  DEFAULT_DRAFT,
  describeDraft,
  fitOutputLayer,
  issueUnder,
  newSeed,
  SCHEMA_DEFAULTS,
  switchOptimizer,
  withDataset,
  withOutputActivation,
  type ExperimentDraft,
} from '../../../src/renderer/src/features/experiments/experiment-draft';
import { layerShapes } from '../../../src/renderer/src/features/experiments/network-shapes';
import { pairedLoss, pairingWarning, HIDDEN_ACTIVATIONS, usualOutputActivations } from '../../../src/renderer/src/features/experiments/output-pairing';
import { parseExperimentFile, serializeExperiment } from '../../../src/renderer/src/features/experiments/experiment-file';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';

const spirals = resolveSyntheticDataset({ synthetic: 'spirals', samples: 100, seed: 1 });
const blobs = resolveSyntheticDataset({ synthetic: 'blobs', seed: 1 });
const houses = { ...spirals, name: 'houses', target: { kind: 'values' as const, names: ['price'], values: new Float64Array(100) } };

const withTraining = (patch: Partial<ExperimentDraft['training']>): ExperimentDraft => ({ ...DEFAULT_DRAFT, training: { ...DEFAULT_DRAFT.training, ...patch } });

describe('experiment draft checks', () => {
  it('accepts the default draft and fills in the schema defaults', () => {
    const { experiment, issues } = checkDraft(DEFAULT_DRAFT, spirals);
    expect(issues.size).toBe(0);
    expect(experiment?.training.schedule).toEqual({ name: 'constant' });
    expect(experiment?.model.layers.map((layer) => layer.units)).toEqual([32, 32, 1]);
  });

  it('keys schema problems by field path in the words of a form', () => {
    const { experiment, issues } = checkDraft(
      withTraining({ optimizer: { name: 'adam', learningRate: Number.NaN }, epochs: undefined as unknown as number, l2: -1 }),
      spirals,
    );
    expect(experiment).toBeUndefined();
    expect(issues.get('training.optimizer.learningRate')).toBe('expected a number');
    expect(issues.get('training.epochs')).toBe('required: enter a number');
    expect(issues.get('training.l2')).toMatch(/>=0|≥ ?0|greater than or equal to 0/i);
  });

  it('reports the engine’s model/data problems under the field they name', () => {
    const draft: ExperimentDraft = { ...DEFAULT_DRAFT, model: { ...DEFAULT_DRAFT.model, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] } };
    const { issues } = checkDraft(draft, blobs);
    expect(issues.get('model.layers.1.units')).toMatch(/^one output unit can only separate 2 classes, but blobs has 3/);
    expect(issueUnder(issues, 'model.layers.1')).toBe(issues.get('model.layers.1.units'));
    expect(issueUnder(issues, 'model.layers.0')).toBeUndefined();
  });

  it("shows a second normalization of a dataset normalized at import under the Inputs field, and keeps a stored dataset's normalize", () => {
    const imported = { ...spirals, name: 'my spirals', normalization: { kind: 'standardize' as const, mean: [0, 0], std: [1, 1] } };
    const draft = (normalize?: 'minmax' | 'none'): ExperimentDraft => ({ ...DEFAULT_DRAFT, dataset: { stored: 'id', ...(normalize ? { normalize } : {}) } });
    const refused = checkDraft(draft('minmax'), imported);
    expect(refused.experiment).toBeUndefined();
    expect([...refused.issues]).toEqual([['dataset.normalize', 'my spirals was standardized when it was imported and is not normalized twice; leave normalize out (or "none") to train on it as imported']]);
    expect(checkDraft(draft('none'), imported).experiment?.dataset).toEqual({ stored: 'id', normalize: 'none' });
    expect(checkDraft(draft('minmax'), spirals).experiment?.dataset).toEqual({ stored: 'id', normalize: 'minmax' });
    expect(checkDraft({ ...DEFAULT_DRAFT, dataset: { stored: 'id', normalize: 'z-score' as 'none' } }, spirals).issues.get('dataset.normalize')).toBe(
      'Invalid option: expected one of "none"|"minmax"|"standardize"',
    );
  });

  it('sizes the output layer for the dataset: one sigmoid unit for two classes, one unit per class otherwise', () => {
    expect(fitOutputLayer(DEFAULT_DRAFT, spirals).model.layers.at(-1)?.units).toBe(1);
    const softmax: ExperimentDraft = { ...DEFAULT_DRAFT, model: { ...DEFAULT_DRAFT.model, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'softmax' }] } };
    expect(fitOutputLayer(softmax, blobs).model.layers.at(-1)?.units).toBe(3);
    expect(fitOutputLayer(softmax, spirals).model.layers.at(-1)?.units).toBe(2);
  });

  it('switches the output to what a new dataset needs, and leaves fitting choices alone', () => {
    const toRegression = fitOutputLayer(DEFAULT_DRAFT, houses).model;
    expect([toRegression.layers.at(-1), toRegression.loss]).toEqual([{ units: 1, activation: 'linear' }, 'mse']);
    const back = fitOutputLayer({ ...DEFAULT_DRAFT, model: toRegression }, blobs).model;
    expect([back.layers.at(-1), back.loss]).toEqual([{ units: 3, activation: 'softmax' }, 'categoricalCrossEntropy']);
    const sse: ExperimentDraft = { ...DEFAULT_DRAFT, model: { ...DEFAULT_DRAFT.model, loss: 'sse' } };
    expect(fitOutputLayer(sse, spirals)).toBe(sse);
  });

  it('describes drafts for lists by their data and hidden widths', () => {
    expect(describeDraft(DEFAULT_DRAFT)).toBe('spirals · 32-32');
    expect(describeDraft({ ...DEFAULT_DRAFT, dataset: { stored: 'builtin/iris' } })).toBe('iris · 32-32');
    expect(describeDraft({ ...DEFAULT_DRAFT, dataset: { stored: '5f0c-uuid' }, model: { ...DEFAULT_DRAFT.model, layers: [{ units: 3, activation: 'softmax' }] } })).toBe('imported data · no hidden layer');
  });

  it('draws new seeds as whole numbers below a million', () => {
    expect(newSeed(() => 0.123456789)).toBe(123456);
    expect(newSeed(() => 0.9999999)).toBe(999999);
  });
});

describe('the one starting draft and the schema defaults', () => {
  it('starts every new run and experiment from the same spirals network, parsed as the CLI parses it', () => {
    const experiment = ExperimentSchema.parse(DEFAULT_DRAFT);
    expect(experiment.dataset).toEqual({ synthetic: 'spirals', samples: 600, seed: 1 });
    expect(experiment.model).toEqual({
      layers: [
        { units: 32, activation: 'tanh' },
        { units: 32, activation: 'tanh' },
        { units: 1, activation: 'sigmoid' },
      ],
      init: 'heNormal',
      biasInit: 'zeros',
      loss: 'binaryCrossEntropy',
    });
    expect(experiment.training).toMatchObject({ epochs: 200, batchSize: 16, validationSplit: 0.2, seed: 1, dtype: 'float64', shuffle: true });
    expect(experiment.training.optimizer).toEqual({ name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });

  it('reads the defaults of fields left out from the schema, as the README states them', () => {
    expect(SCHEMA_DEFAULTS).toEqual({
      init: 'heNormal',
      biasInit: 'zeros',
      schedule: { name: 'constant' },
      batchSize: 'full',
      seed: 0,
      dtype: 'float64',
      validationSplit: 0,
      l2: 0,
      shuffle: true,
      dataSeed: 0,
    });
    // The same values as a whole experiment with every optional field left out.
    const minimal = ExperimentSchema.parse({
      dataset: { synthetic: 'xor' },
      model: { layers: [{ units: 1, activation: 'sigmoid' }], loss: 'sse' },
      training: { optimizer: { name: 'sgd', learningRate: 1 }, epochs: 1 },
    });
    const { init, biasInit } = minimal.model;
    const { schedule, batchSize, seed, dtype, validationSplit, l2, shuffle } = minimal.training;
    expect({ init, biasInit, schedule, batchSize, seed, dtype, validationSplit, l2, shuffle, dataSeed: (minimal.dataset as { seed: number }).seed }).toEqual(SCHEMA_DEFAULTS);
  });
});

describe('changing the dataset, the optimizer and the output', () => {
  it('trains XOR on all four rows and gives the validation share back when leaving it', () => {
    const xor = withDataset(DEFAULT_DRAFT, { synthetic: 'xor', seed: 1 });
    expect(xor.training.validationSplit).toBe(0);
    // Another XOR setting keeps what the user set.
    expect(withDataset({ ...xor, training: { ...xor.training, validationSplit: 0.5 } }, { synthetic: 'xor', noise: 0.1, seed: 1 }).training.validationSplit).toBe(0.5);
    expect(withDataset(xor, { synthetic: 'moons', seed: 1 }).training.validationSplit).toBe(0.2);
    expect(withDataset({ ...DEFAULT_DRAFT, training: { ...DEFAULT_DRAFT.training, validationSplit: 0 } }, { stored: 'builtin/iris' }).training.validationSplit).toBe(0);
  });

  it('keeps the learning rate when the optimizer changes, and drops the old one’s parameters', () => {
    expect(switchOptimizer({ name: 'adam', learningRate: 0.003, beta1: 0.8 }, 'momentum')).toEqual({ name: 'momentum', learningRate: 0.003 });
  });

  it('proposes the loss the tutorials pair with the output activation, sized for the dataset', () => {
    const softmax = withOutputActivation(DEFAULT_DRAFT.model, 'softmax', spirals);
    expect([softmax.layers.at(-1), softmax.loss]).toEqual([{ units: 2, activation: 'softmax' }, 'categoricalCrossEntropy']);
    const sigmoid = withOutputActivation(softmax, 'sigmoid', spirals);
    expect([sigmoid.layers.at(-1), sigmoid.loss]).toEqual([{ units: 1, activation: 'sigmoid' }, 'binaryCrossEntropy']);
    const onBlobs = withOutputActivation(DEFAULT_DRAFT.model, 'softmax', blobs);
    expect([onBlobs.layers.at(-1), onBlobs.loss]).toEqual([{ units: 3, activation: 'softmax' }, 'categoricalCrossEntropy']);
    const regression = withOutputActivation(DEFAULT_DRAFT.model, 'linear', houses);
    expect([regression.layers.at(-1), regression.loss]).toEqual([{ units: 1, activation: 'linear' }, 'mse']);
    // Before the dataset is loaded the units stay; the loss is still paired.
    expect(withOutputActivation(DEFAULT_DRAFT.model, 'softmax', null).layers.at(-1)).toEqual({ units: 1, activation: 'softmax' });
    // The hidden layers are untouched.
    expect(softmax.layers.slice(0, -1)).toEqual(DEFAULT_DRAFT.model.layers.slice(0, -1));
  });

  it('offers the quick form’s outputs by task: a sigmoid unit only for two classes', () => {
    expect(usualOutputActivations('classification', 2)).toEqual(['sigmoid', 'softmax']);
    expect(usualOutputActivations('classification', 10)).toEqual(['softmax']);
    expect(usualOutputActivations('regression', 0)).toEqual(['linear']);
  });
});

describe('validation mapped to the fields of both views', () => {
  const draft = (patch: { dataset?: Partial<Extract<ExperimentDraft['dataset'], { synthetic: unknown }>>; training?: Partial<ExperimentDraft['training']>; units?: number }) => ({
    dataset: { ...(DEFAULT_DRAFT.dataset as object), ...patch.dataset } as ExperimentDraft['dataset'],
    model: { ...DEFAULT_DRAFT.model, layers: [{ units: patch.units ?? 32, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }] },
    training: { ...DEFAULT_DRAFT.training, ...patch.training },
  });

  it.each([
    [{ training: { optimizer: { name: 'adam' as const, learningRate: Number.NaN } } }, 'training.optimizer.learningRate', 'expected a number'],
    [{ training: { optimizer: { name: 'adam' as const, learningRate: -0.1 } } }, 'training.optimizer.learningRate', 'expected a number > 0'],
    [{ training: { epochs: 2.5 } }, 'training.epochs', 'expected a whole number'],
    [{ training: { epochs: undefined as unknown as number } }, 'training.epochs', 'required: enter a number'],
    [{ units: 0 }, 'model.layers.0.units', 'expected a number ≥ 1'],
    [{ units: Number.NaN }, 'model.layers.0.units', 'expected a number'],
    [{ training: { batchSize: 0 } }, 'training.batchSize', 'expected a number ≥ 1'],
    [{ training: { batchSize: Number.NaN } }, 'training.batchSize', 'expected a number'],
    [{ training: { batchSize: 2.5 } }, 'training.batchSize', 'expected a whole number'],
    [{ training: { validationSplit: 0.95 } }, 'training.validationSplit', 'expected at most 0.9'],
    [{ training: { seed: -1 } }, 'training.seed', 'expected a number ≥ 0'],
    [{ dataset: { samples: Number.NaN } }, 'dataset.samples', 'expected a number'],
    [{ dataset: { samples: 0 } }, 'dataset.samples', 'expected a number ≥ 1'],
    [{ dataset: { noise: -1 } }, 'dataset.noise', 'expected a number ≥ 0'],
  ])('%j → %s: %s', (patch, path, message) => {
    const { experiment, issues } = checkDraft(draft(patch), spirals);
    expect(experiment).toBeUndefined();
    expect([...issues]).toEqual([[path, message]]);
  });

  it('records the dataset’s own validation rows rather than a share the engine does not use', () => {
    const withSplit = { ...spirals, split: { train: Int32Array.from({ length: 80 }, (_, i) => i), validation: Int32Array.from({ length: 20 }, (_, i) => 80 + i) } };
    expect(checkDraft(DEFAULT_DRAFT, withSplit).experiment?.training.validationSplit).toBe(0);
    expect(checkDraft(DEFAULT_DRAFT, spirals).experiment?.training.validationSplit).toBe(0.2);
  });
});

describe('output and loss pairing', () => {
  it('pairs the output activation with the loss the registries fuse with it', () => {
    expect(pairedLoss('sigmoid', 'classification')).toBe('binaryCrossEntropy');
    expect(pairedLoss('softmax', 'classification')).toBe('categoricalCrossEntropy');
    expect(pairedLoss('linear', 'classification')).toBe('mse');
    expect(pairedLoss('sigmoid', 'regression')).toBe('mse');
    expect(HIDDEN_ACTIVATIONS).not.toContain('softmax');
  });

  it('warns, without blocking, about the unusual pairs the tutorials use', () => {
    expect(pairingWarning('sigmoid', 'binaryCrossEntropy', 'classification')).toBeNull();
    expect(pairingWarning('softmax', 'categoricalCrossEntropy', 'classification')).toBeNull();
    expect(pairingWarning('linear', 'mse', 'regression')).toBeNull();
    expect(pairingWarning('sigmoid', 'sse', 'classification')).toMatch(/^sigmoid with sse trains, as in the first tutorials, but slower than with binaryCrossEntropy/);
    expect(pairingWarning('softmax', 'binaryCrossEntropy', 'classification')).toMatch(/usually paired with sigmoid/);
    const sigmoidSse: ExperimentDraft = { ...DEFAULT_DRAFT, model: { ...DEFAULT_DRAFT.model, loss: 'sse' } };
    expect(checkDraft(sigmoidSse, spirals).experiment?.model.loss).toBe('sse');
  });
});

describe('network shapes', () => {
  it('writes each layer in the tutorials’ notation with its parameter count', () => {
    const shapes = layerShapes(2, DEFAULT_DRAFT.model.layers);
    expect(shapes.map((shape) => [shape.weights, shape.bias, shape.parameters])).toEqual([
      ['W[1]: 32×2', 'b[1]: 32', 96],
      ['W[2]: 32×32', 'b[2]: 32', 1056],
      ['W[3]: 1×32', 'b[3]: 1', 33],
    ]);
  });
});

describe('experiment files', () => {
  it('round-trips an experiment with its name', () => {
    const text = serializeExperiment('spirals baseline', DEFAULT_DRAFT);
    const { name, experiment } = parseExperimentFile('a.json', text);
    expect(name).toBe('spirals baseline');
    expect(experiment.training.optimizer).toEqual({ name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseExperimentFile('bad.json', '{"dataset": ')).toThrow(/^bad\.json: not valid JSON/);
    const typo = JSON.stringify({ ...DEFAULT_DRAFT, training: { ...DEFAULT_DRAFT.training, learningrate: 1 } });
    expect(() => parseExperimentFile('typo.json', typo)).toThrow("typo.json: training: unknown field 'learningrate'");
    const misspelled = JSON.stringify({ ...DEFAULT_DRAFT, training: { ...DEFAULT_DRAFT.training, optimizer: { name: 'adam', learnignRate: 0.1 } } });
    expect(() => parseExperimentFile('misspelled.json', misspelled)).toThrow("misspelled.json: training.optimizer: unknown field 'learnignRate' (did you mean 'learningRate'?)");
    expect(() => parseExperimentFile('proto.json', '{"__proto__": {"polluted": 1}}')).toThrow("proto.json: __proto__: '__proto__' is not allowed as a key (it names an object's prototype)");
    expect(() => parseExperimentFile('nan.json', JSON.stringify({ ...DEFAULT_DRAFT, training: { ...DEFAULT_DRAFT.training, epochs: 0 } }))).toThrow(
      'nan.json: training.epochs: expected a number ≥ 1',
    );
  });
});
