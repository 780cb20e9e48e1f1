import type { Dataset } from '../../../../shared/data/dataset';
import { splitRows } from '../../../../shared/data/split';
import { createNetworkViewer } from '../../../../shared/engine/network-view';
import { confusionMatrix, predictClasses } from '../../../../shared/nn/metrics';
import { networkFromWeights } from '../../../../shared/nn/weights-json';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { NetworkView } from '../../../../shared/schema/progress';
import type { WeightsFile } from '../../../../shared/schema/weights';

// What a trained network does with its data, computed once from stored weights (inference only,
// on at most EVALUATION_LIMIT rows, so it takes milliseconds on the UI thread): the confusion
// matrix or predicted-vs-true pairs, and the same look into the network the engine sends during
// training (histograms, decision regions). The dataset's x is already in the network's input
// space (normalized as trained).

export const EVALUATION_LIMIT = 5000;
const CHUNK = 1024;

export interface Evaluation {
  /** Which rows were evaluated, in words: "120 validation rows". */
  rowsLabel: string;
  classes?: string[];
  /** counts[actual][predicted]. */
  confusion?: number[][];
  /** Regression: the first target's predicted and true values. */
  regression?: { target: string; points: { actual: number; predicted: number }[] };
  view: NetworkView;
}

/** The rows the engine held out for validation (same split, same seed), or every row without a split. */
export function evaluationRows(experiment: Experiment, dataset: Dataset): { rows: Int32Array; label: string } {
  if (dataset.split) return { rows: dataset.split.validation, label: 'validation' };
  const share = experiment.training.validationSplit;
  if (share === 0) return { rows: Int32Array.from({ length: dataset.rows }, (_, i) => i), label: 'training' };
  return { rows: splitRows(dataset.target, dataset.rows, { validation: share, seed: experiment.training.seed }).validation, label: 'validation' };
}

/** Why the weights cannot be evaluated on the dataset (naming the file's field), or null. */
export function weightsDatasetProblem(file: WeightsFile, dataset: Dataset): string | null {
  const features = file.input.features.length;
  if (features !== dataset.features) return `input.features: the weights take ${features} features, ${dataset.name} has ${dataset.features}`;
  const outputs = file.layers[file.layers.length - 1].b.length;
  if (file.output.task === 'classification') {
    if (dataset.target.kind !== 'classes') return `output.task: the weights classify, ${dataset.name} is a regression dataset`;
    const classes = dataset.target.classes.length;
    if (file.output.classes.length !== classes) return `output.classes: the weights know ${file.output.classes.length} classes, ${dataset.name} has ${classes}`;
  } else {
    if (dataset.target.kind !== 'values') return `output.task: the weights predict values, ${dataset.name} is a classification dataset`;
    if (outputs !== dataset.target.names.length) return `output.targets: the weights predict ${outputs} values, ${dataset.name} has ${dataset.target.names.length} targets`;
  }
  return null;
}

export function evaluateWeights(file: WeightsFile, dataset: Dataset, { rows: all, label }: { rows: Int32Array; label: string }): Evaluation {
  const rows = all.length > EVALUATION_LIMIT ? all.subarray(0, EVALUATION_LIMIT) : all;
  const network = networkFromWeights(file);
  const features = dataset.features;
  const X = new Float64Array(features * CHUNK);
  const predicted = new Int32Array(rows.length);
  const points: { actual: number; predicted: number }[] = [];
  const target = dataset.target;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const m = Math.min(CHUNK, rows.length - start);
    const batch = X.subarray(0, features * m);
    for (let j = 0; j < m; j++) for (let f = 0; f < features; f++) batch[f * m + j] = dataset.x[rows[start + j] * features + f];
    const output = network.forward(batch, m);
    if (target.kind === 'classes') predictClasses(output, network.outputs, m, predicted.subarray(start, start + m));
    else for (let j = 0; j < m; j++) points.push({ actual: target.values[rows[start + j] * target.names.length], predicted: output[j] });
  }
  const samples = {
    x: dataset.x,
    features,
    y: new Float64Array(dataset.rows * network.outputs),
    outputs: network.outputs,
    ...(target.kind === 'classes' ? { labels: target.labels } : {}),
  };
  const evaluation: Evaluation = {
    rowsLabel: `${rows.length}${rows.length < all.length ? ` of ${all.length}` : ''} ${label} rows`,
    view: createNetworkViewer(network, samples, rows)(),
  };
  if (target.kind === 'classes') {
    evaluation.classes = target.classes;
    evaluation.confusion = confusionMatrix(Int32Array.from(rows, (row) => target.labels[row]), predicted, target.classes.length);
  } else {
    evaluation.regression = { target: target.names[0], points };
  }
  return evaluation;
}
