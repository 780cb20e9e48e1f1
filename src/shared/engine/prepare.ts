import type { Dataset } from '../data/dataset';
import { NORMALIZED, NORMALIZING, normalizeDataset, overflowingColumn } from '../data/normalize';
import { splitRows } from '../data/split';
import type { Experiment } from '../schema/experiment';
import type { WeightsFile } from '../schema/weights';
import { ACTIVATIONS, resolveActivation } from '../nn/activations';
import type { Samples } from '../nn/batches';
import type { FloatArray } from '../nn/kernels/types';
import { LOSSES, type Loss } from '../nn/losses';
import { buildNetwork, modelProblem } from '../nn/model';
import { allocate, type Network } from '../nn/network';
import { createRng, type Rng } from '../nn/rng';
import { loadWeights } from '../nn/weights-json';
import { runBudgetProblem } from './run-budget';
import { fitTargetScaling, scaledTargets, targetUnits, type TargetScaling } from './target-scaling';

// Everything between "an experiment and a dataset" and "a network ready to train": check that the
// model fits the data (in words that say what to change), encode the targets as the output layer
// expects them, choose the train/validation rows, normalize a stored dataset's inputs as the
// experiment asks, build and initialize the network.

export interface PreparedRun {
  /**
   * The dataset as the run sees it: a stored dataset's inputs normalized as the experiment's
   * `normalize` asks (runDataset), else the one given. Its `normalization` is what the weights carry.
   */
  dataset: Dataset;
  network: Network;
  samples: Samples;
  loss: Loss;
  trainRows: Int32Array;
  validationRows?: Int32Array;
  output: WeightsFile['output'];
  /** How the regression targets were scaled for the network (kind none for classification). */
  targetScaling: TargetScaling;
  /** Stream for training (shuffling, dropout), forked after the initial weights were drawn. */
  trainRng: Rng;
}

/** The first reason the model cannot train on this dataset (its shape, or the memory it needs), or null. */
export function modelDataProblem(experiment: Experiment, dataset: Dataset): string | null {
  const { model } = experiment;
  const structural = modelProblem(model);
  if (structural) return structural;
  const normalization = normalizationProblem(experiment, dataset);
  if (normalization) return normalization;
  const lastIndex = model.layers.length - 1;
  const where = `model.layers[${lastIndex}]`;
  const units = model.layers[lastIndex].units;
  const activation = resolveActivation(model.layers[lastIndex].activation).name;
  const loss = LOSSES[model.loss];
  const [low, high] = ACTIVATIONS[activation].range;
  if (loss.needsProbabilities && (low < 0 || high > 1)) {
    return `model.loss: ${model.loss} needs outputs between 0 and 1, but the output activation ${activation} gives values in (${low}, ${high}); use sigmoid${model.loss === 'categoricalCrossEntropy' ? ' or softmax' : ''} on the output layer`;
  }
  const target = dataset.target;
  if (target.kind === 'values') {
    const targets = target.names.length;
    if (loss.needsProbabilities) return `model.loss: ${model.loss} is for classification; ${dataset.name} is a regression dataset, use sse or mse`;
    if (activation === 'softmax') return `${where}.activation: softmax outputs sum to 1, which does not fit regression targets; use linear`;
    if (units !== targets) {
      return `${where}.units: the output layer has ${units} units but ${dataset.name} has ${targets} regression target${targets === 1 ? '' : 's'} (${target.names.join(', ')}); set units to ${targets}`;
    }
    return runBudgetProblem(experiment, dataset.rows, dataset.features);
  }
  const classes = target.classes.length;
  const classList = target.classes.join(', ');
  if (units === 1) {
    if (activation === 'softmax') return `${where}.activation: softmax over a single unit always outputs 1; use sigmoid for 1 unit, or softmax with ${classes} units`;
    if (classes !== 2) {
      return `${where}.units: one output unit can only separate 2 classes, but ${dataset.name} has ${classes} (${classList}); use ${classes} units with softmax and categoricalCrossEntropy`;
    }
    if (model.loss === 'categoricalCrossEntropy') {
      return `model.loss: categoricalCrossEntropy with a single output unit ignores the negative class; use binaryCrossEntropy with 1 sigmoid unit, or 2 softmax units`;
    }
    return runBudgetProblem(experiment, dataset.rows, dataset.features);
  }
  if (units !== classes) {
    return `${where}.units: the output layer has ${units} units but ${dataset.name} has ${classes} classes (${classList}); use ${classes} units (one per class)${classes === 2 ? ', or 1 sigmoid unit' : ''}`;
  }
  return runBudgetProblem(experiment, dataset.rows, dataset.features);
}

/** What a stored dataset's spec asks of its inputs; 'none' for other kinds (a CSV file is normalized as it is read). */
const askedNormalization = (experiment: Experiment) => ('stored' in experiment.dataset && experiment.dataset.normalize) || 'none';

/** A dataset normalized when it was imported is never normalized a second time: refused, by name. */
function normalizationProblem(experiment: Experiment, dataset: Dataset): string | null {
  const stored = dataset.normalization.kind;
  if (askedNormalization(experiment) === 'none' || stored === 'none') return null;
  return `dataset.normalize: ${dataset.name} was ${NORMALIZED[stored]} when it was imported and is not normalized twice; leave normalize out (or "none") to train on it as imported`;
}

/**
 * The dataset with its inputs as a run of `experiment` takes them: a stored dataset normalized as
 * its spec asks, fitted on `trainRows` only and applied to every row, with the same functions and
 * in the same storage type as a CSV file normalized as it is read (normalize.ts), so the same rows
 * give the same bits. On a copy: the stored rows stay in the file's units for the views that show
 * them. Anything else is returned as it is.
 */
export function runDataset(experiment: Experiment, dataset: Dataset, trainRows: Int32Array): Dataset {
  const kind = askedNormalization(experiment);
  if (kind === 'none') return dataset;
  // normalizeDataset refuses a dataset normalized already (modelDataProblem says so first, by field).
  const normalized: Dataset = { ...dataset, x: dataset.x.slice() };
  normalizeDataset(normalized, kind, trainRows);
  // Finite rows can still overflow their statistics (a sum of values near 1e308, or their range).
  const overflow = overflowingColumn(normalized.normalization, dataset.features);
  if (overflow >= 0) {
    throw new Error(
      `dataset.normalize: feature '${dataset.featureNames[overflow]}' of ${dataset.name} is too large to ${NORMALIZING[kind]} in float64 (its statistics overflow); choose no normalization`,
    );
  }
  return normalized;
}

/**
 * Targets as the output layer sees them, rows × outputs row-major: one-hot, 0/1 for one unit, or
 * the values (scaled by `scaling` when given).
 */
export function encodeTargets(dataset: Dataset, outputs: number, dtype: Experiment['training']['dtype'], scaling?: TargetScaling): FloatArray {
  const y = allocate(dtype, dataset.rows * outputs);
  const target = dataset.target;
  if (target.kind === 'values') {
    y.set(scaling ? scaledTargets(target.values, outputs, scaling) : target.values);
  } else if (outputs === 1) {
    y.set(target.labels);
  } else {
    target.labels.forEach((label, row) => {
      y[row * outputs + label] = 1;
    });
  }
  return y;
}

/** The rows a run trains and validates on: the dataset's own split, or `validationSplit` of the rows drawn with the run's seed. */
export function chooseRows(experiment: Experiment, dataset: Dataset): { trainRows: Int32Array; validationRows?: Int32Array } {
  if (dataset.split) return { trainRows: dataset.split.train, validationRows: dataset.split.validation };
  const validation = experiment.training.validationSplit;
  if (validation === 0) return { trainRows: Int32Array.from({ length: dataset.rows }, (_, i) => i) };
  const split = splitRows(dataset.target, dataset.rows, { validation, seed: experiment.training.seed });
  return { trainRows: split.train, validationRows: split.validation };
}

/** The samples a network trains on: features, encoded (and scaled) targets, labels or the way back to target units. */
export function trainingSamples(dataset: Dataset, outputs: number, dtype: Experiment['training']['dtype'], scaling: TargetScaling): Samples {
  const target = dataset.target;
  // Classification is never scaled (fitTargetScaling, scalingOfWeights): units only for regression.
  const units = targetUnits(scaling, outputs);
  return {
    x: dataset.x,
    features: dataset.features,
    y: encodeTargets(dataset, outputs, dtype, units ? scaling : undefined),
    outputs,
    ...(target.kind === 'classes' ? { labels: target.labels } : {}),
    ...(units ? { targetUnits: units } : {}),
  };
}

/**
 * Check, encode, split and build; throws an Error with a readable message when the model does not
 * fit. The target scaling is fitted on the training rows, unless `fixedScaling` gives the one the
 * weights being continued were trained with.
 */
export function prepareRun(experiment: Experiment, dataset: Dataset, initialWeights?: WeightsFile, fixedScaling?: TargetScaling): PreparedRun {
  const problem = modelDataProblem(experiment, dataset);
  if (problem) throw new Error(problem);
  const { training, model } = experiment;
  const rng = createRng(training.seed);
  const network = buildNetwork(model, { inputs: dataset.features, dtype: training.dtype, backend: training.backend, rng: rng.fork() });
  if (initialWeights) loadWeights(network, initialWeights, 'initial weights: ');
  const rows = chooseRows(experiment, dataset);
  const inputs = runDataset(experiment, dataset, rows.trainRows);
  const target = dataset.target;
  const targetScaling = fixedScaling ?? fitTargetScaling(experiment, dataset, rows.trainRows);
  const output: WeightsFile['output'] =
    target.kind === 'classes'
      ? { task: 'classification', classes: target.classes }
      : { task: 'regression', targets: target.names, ...(targetScaling.kind !== 'none' ? { scaling: targetScaling } : {}) };
  return {
    dataset: inputs,
    network,
    samples: trainingSamples(inputs, network.outputs, training.dtype, targetScaling),
    loss: LOSSES[model.loss],
    ...rows,
    output,
    targetScaling,
    trainRng: rng.fork(),
  };
}

/** The scaling a weights file's outputs carry: what a run continuing from them must train with. */
export function scalingOfWeights(file: WeightsFile): TargetScaling {
  return file.output.task === 'regression' ? (file.output.scaling ?? { kind: 'none' }) : { kind: 'none' };
}
