import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { chooseRows, modelDataProblem, prepareRun, scalingOfWeights, trainingSamples } from '../../../../src/shared/engine/prepare';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// From an experiment and a dataset to a run ready to train: whether the model fits the data (the
// message says what to change; the editor, `train` and the sweep preflight show it before any
// run), the rows, the targets as the output layer sees them. session.test.ts runs the common
// misfits end to end; these are the rest.

const classes = (n: number): Dataset => resolveSyntheticDataset({ synthetic: 'blobs', classes: n, samples: 30, seed: 1 });
function values(targets: string[]): Dataset {
  const rows = 10;
  return {
    name: 'table',
    featureNames: ['x'],
    rows,
    features: 1,
    x: Float64Array.from({ length: rows }, (_, r) => r),
    target: { kind: 'values', names: targets, values: Float64Array.from({ length: rows * targets.length }, (_, i) => 10 * i) },
    normalization: { kind: 'none' },
  };
}
function experiment(output: { units: number; activation: string }, loss: string, training: Record<string, unknown> = {}): Experiment {
  return ExperimentSchema.parse({
    dataset: { csv: 'd.csv', target: 'y' },
    model: { layers: [{ units: 4, activation: 'tanh' }, output], loss },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1, ...training },
  });
}

describe('whether a model fits its dataset', () => {
  it.each([
    [
      'a relu output for cross-entropy (unbounded above)',
      experiment({ units: 1, activation: 'relu' }, 'binaryCrossEntropy'),
      classes(2),
      'model.loss: binaryCrossEntropy needs outputs between 0 and 1, but the output activation relu gives values in (0, Infinity); use sigmoid on the output layer',
    ],
    [
      'a tanh output for categorical cross-entropy',
      experiment({ units: 3, activation: 'tanh' }, 'categoricalCrossEntropy'),
      classes(3),
      'model.loss: categoricalCrossEntropy needs outputs between 0 and 1, but the output activation tanh gives values in (-1, 1); use sigmoid or softmax on the output layer',
    ],
    [
      'softmax for regression',
      experiment({ units: 1, activation: 'softmax' }, 'mse'),
      values(['y']),
      'model.layers[1].activation: softmax outputs sum to 1, which does not fit regression targets; use linear',
    ],
    [
      'one unit for two regression targets',
      experiment({ units: 1, activation: 'linear' }, 'mse'),
      values(['y', 'z']),
      'model.layers[1].units: the output layer has 1 units but table has 2 regression targets (y, z); set units to 2',
    ],
    [
      'softmax over one unit',
      experiment({ units: 1, activation: 'softmax' }, 'categoricalCrossEntropy'),
      classes(2),
      'model.layers[1].activation: softmax over a single unit always outputs 1; use sigmoid for 1 unit, or softmax with 2 units',
    ],
    [
      'three units for two classes',
      experiment({ units: 3, activation: 'softmax' }, 'categoricalCrossEntropy'),
      classes(2),
      'model.layers[1].units: the output layer has 3 units but blobs has 2 classes (0, 1); use 2 units (one per class), or 1 sigmoid unit',
    ],
  ])('names what to change for %s', (_what, exp, dataset, message) => {
    expect(modelDataProblem(exp, dataset)).toBe(message);
  });

  it('reports a problem of the model itself first, whatever the data', () => {
    const hiddenSoftmax = ExperimentSchema.parse({
      dataset: { csv: 'd.csv', target: 'y' },
      model: { layers: [{ units: 4, activation: 'softmax' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
    });
    expect(modelDataProblem(hiddenSoftmax, classes(2))).toBe('model.layers[0].activation: softmax normalizes across units, so it only belongs on the output layer');
  });

  it('accepts a model that fits', () => {
    expect(modelDataProblem(experiment({ units: 2, activation: 'linear' }, 'sse'), values(['y', 'z']))).toBeNull();
    expect(modelDataProblem(experiment({ units: 1, activation: 'sigmoid' }, 'binaryCrossEntropy'), classes(2))).toBeNull();
    expect(modelDataProblem(experiment({ units: 3, activation: 'softmax' }, 'categoricalCrossEntropy'), classes(3))).toBeNull();
  });
});

describe('the rows and targets of a run', () => {
  it('trains on every row in file order, with no validation rows, when validationSplit is 0', () => {
    expect(chooseRows(experiment({ units: 1, activation: 'linear' }, 'mse'), values(['y']))).toEqual({ trainRows: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) });
  });

  it('gives regression samples the way back to target units, and classification samples their labels', () => {
    const dataset = values(['y']);
    const scaling = { kind: 'standardize' as const, mean: [45], std: [30] };
    const samples = trainingSamples(dataset, 1, 'float64', scaling);
    expect(Array.from(samples.y.slice(0, 3))).toEqual([-1.5, -1.5 + 1 / 3, -1.5 + 2 / 3]);
    expect(samples.targetUnits).toEqual({ scale: [30], shift: [45] });
    expect(samples.labels).toBeUndefined();
    expect(trainingSamples(dataset, 1, 'float64', { kind: 'none' }).targetUnits).toBeUndefined();

    const blobs = classes(3);
    const encoded = trainingSamples(blobs, 3, 'float64', { kind: 'none' });
    expect(encoded.labels).toBe(blobs.target.kind === 'classes' ? blobs.target.labels : undefined);
    expect(encoded.targetUnits).toBeUndefined();
  });

  it('keeps the target scaling a continued run was trained with, and classification unscaled', () => {
    const dataset = values(['y']);
    const exp = experiment({ units: 1, activation: 'linear' }, 'mse');
    expect(prepareRun(exp, dataset).targetScaling.kind).toBe('standardize');
    const fixed = { kind: 'minmax' as const, min: [0], max: [100] };
    const run = prepareRun(exp, dataset, undefined, fixed);
    expect(run.targetScaling).toBe(fixed);
    expect(run.output).toEqual({ task: 'regression', targets: ['y'], scaling: fixed });
    expect(prepareRun(experiment({ units: 3, activation: 'softmax' }, 'categoricalCrossEntropy'), classes(3)).targetScaling).toEqual({ kind: 'none' });
  });
});

describe('the target scaling weights carry', () => {
  const file = (output: WeightsFile['output']): WeightsFile => ({
    format: 'nn-workbench.weights',
    version: 1,
    layers: [{ W: [[1]], b: [0], activation: { name: 'linear' } }],
    input: { features: ['x'], normalization: { kind: 'none' } },
    output,
  });

  it('is the stored one, or none for weights from before scaling and for classification', () => {
    const scaling = { kind: 'standardize' as const, mean: [1], std: [2] };
    expect(scalingOfWeights(file({ task: 'regression', targets: ['y'], scaling }))).toEqual(scaling);
    expect(scalingOfWeights(file({ task: 'regression', targets: ['y'] }))).toEqual({ kind: 'none' });
    expect(scalingOfWeights(file({ task: 'classification', classes: ['a', 'b'] }))).toEqual({ kind: 'none' });
  });
});
