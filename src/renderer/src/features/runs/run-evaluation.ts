import type { Dataset } from '../../../../shared/data/dataset';
import { splitRows } from '../../../../shared/data/split';
import { createNetworkViewer, type EvaluatedRows } from '../../../../shared/engine/network-view';
import { scalingOfWeights, trainingSamples } from '../../../../shared/engine/prepare';
import { inputsForWeights } from '../../../../shared/engine/weights-inputs';
import { networkFromWeights } from '../../../../shared/nn/weights-json';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { NetworkView } from '../../../../shared/schema/progress';
import type { WeightsFile } from '../../../../shared/schema/weights';

// Stored weights looked at the way the engine looks at a network during training (histograms,
// decision regions, confusion matrix or predicted vs true): for imported weights files, and for
// runs trained before the engine sent views. Inference only, on at most EVALUATION_LIMIT rows, so
// it takes a moment on the UI thread. The dataset's x is renormalized when the weights were trained
// with another normalization (weights from elsewhere, runs of the command line).

export const EVALUATION_LIMIT = 2000;

/** The rows the engine held out for validation (same split, same seed), or every row without a split. */
export interface RunRows extends EvaluatedRows {
  /** The rows the run trained on: the histograms and the decision-region grid come from them. */
  trainRows: Int32Array;
}

/** The engine's rows for this experiment: the same split with the same seed (see engine/prepare.ts). */
export function evaluationRows(experiment: Experiment, dataset: Dataset): RunRows {
  if (dataset.split?.validation.length) return { rows: dataset.split.validation, split: 'validation', trainRows: dataset.split.train };
  const share = experiment.training.validationSplit;
  const all = Int32Array.from({ length: dataset.rows }, (_, i) => i);
  if (share === 0) return { rows: all, split: 'train', trainRows: all };
  const { train, validation } = splitRows(dataset.target, dataset.rows, { validation: share, seed: experiment.training.seed });
  return { rows: validation, split: 'validation', trainRows: train };
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

export function evaluateWeights(file: WeightsFile, dataset: Dataset, { rows: all, split, trainRows }: RunRows): NetworkView {
  const rows = all.length > EVALUATION_LIMIT ? all.subarray(0, EVALUATION_LIMIT) : all;
  const network = networkFromWeights(file);
  const samples = { ...trainingSamples(dataset, network.outputs, 'float64', scalingOfWeights(file)), x: inputsForWeights(file, dataset) };
  const names = file.output.task === 'classification' ? { classes: file.output.classes } : { targets: file.output.targets };
  return createNetworkViewer(network, samples, trainRows, { rows, split, ...names })();
}
