import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { checkDraft, DEFAULT_DRAFT, describeDraft, fitOutputLayer, issueUnder, newSeed, type ExperimentDraft } from '../../../src/renderer/src/features/experiments/experiment-draft';
import { layerShapes } from '../../../src/renderer/src/features/experiments/network-shapes';
import { pairedLoss, pairingWarning, HIDDEN_ACTIVATIONS } from '../../../src/renderer/src/features/experiments/output-pairing';
import { parseExperimentFile, serializeExperiment } from '../../../src/renderer/src/features/experiments/experiment-file';

const spirals = resolveSyntheticDataset({ synthetic: 'spirals', samples: 100, seed: 1 });
const blobs = resolveSyntheticDataset({ synthetic: 'blobs', seed: 1 });

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

  it('sizes the output layer for the dataset: one sigmoid unit for two classes, one unit per class otherwise', () => {
    expect(fitOutputLayer(DEFAULT_DRAFT, spirals).model.layers.at(-1)?.units).toBe(1);
    const softmax: ExperimentDraft = { ...DEFAULT_DRAFT, model: { ...DEFAULT_DRAFT.model, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'softmax' }] } };
    expect(fitOutputLayer(softmax, blobs).model.layers.at(-1)?.units).toBe(3);
    expect(fitOutputLayer(softmax, spirals).model.layers.at(-1)?.units).toBe(2);
  });

  it('switches the output to what a new dataset needs, and leaves fitting choices alone', () => {
    const regression = { ...spirals, name: 'houses', target: { kind: 'values' as const, names: ['price'], values: new Float64Array(100) } };
    const toRegression = fitOutputLayer(DEFAULT_DRAFT, regression).model;
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
