import type { Dataset } from '../../../../shared/data/dataset';
import { splitRows } from '../../../../shared/data/split';
import { confusionMatrix, predictClasses } from '../../../../shared/nn/metrics';
import { networkFromWeights } from '../../../../shared/nn/weights-json';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { histogram, type Histogram } from '../../../../shared/nn/histogram';

// What a trained network does with its data, computed once from stored weights (inference only,
// on at most EVALUATION_LIMIT rows, so it takes milliseconds on the UI thread): the confusion
// matrix or predicted-vs-true pairs on the validation rows, the weight and activation histograms
// of every layer, and for two-feature classification the decision regions over a grid.
// The dataset's x is already in the network's input space (normalized as trained).

export const EVALUATION_LIMIT = 5000;
const GRID = 72;
const CHUNK = 1024;

export interface LayerHistograms {
  weights: Histogram;
  activations: Histogram;
}

export interface Evaluation {
  /** Which rows were evaluated, in words: "120 validation rows". */
  rowsLabel: string;
  classes?: string[];
  /** counts[actual][predicted]. */
  confusion?: number[][];
  /** Regression: the first target's predicted and true values. */
  regression?: { target: string; points: { actual: number; predicted: number }[] };
  layers: LayerHistograms[];
  /** Two features only: per grid cell (row-major, y from the top) the predicted class and its probability. */
  boundary?: { size: number; xRange: [number, number]; yRange: [number, number]; classes: Int32Array; confidence: Float64Array };
}

/** The rows the engine held out for validation (same split, same seed), or every row without a split. */
export function evaluationRows(experiment: Experiment, dataset: Dataset): { rows: Int32Array; label: string } {
  if (dataset.split) return { rows: dataset.split.validation, label: 'validation' };
  const share = experiment.training.validationSplit;
  if (share === 0) return { rows: Int32Array.from({ length: dataset.rows }, (_, i) => i), label: 'training' };
  return { rows: splitRows(dataset.target, dataset.rows, { validation: share, seed: experiment.training.seed }).validation, label: 'validation' };
}

/** Forward `rows` of the dataset in chunks; `visit` sees each chunk's network state. */
function forwardRows(file: WeightsFile, dataset: Dataset, rows: Int32Array, visit: (network: ReturnType<typeof networkFromWeights>, output: Float64Array | Float32Array, m: number, start: number) => void) {
  const network = networkFromWeights(file);
  const features = dataset.features;
  const X = new Float64Array(features * CHUNK);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const m = Math.min(CHUNK, rows.length - start);
    const batch = X.subarray(0, features * m);
    for (let j = 0; j < m; j++) for (let f = 0; f < features; f++) batch[f * m + j] = dataset.x[rows[start + j] * features + f];
    visit(network, network.forward(batch, m), m, start);
  }
}

function decisionBoundary(file: WeightsFile, dataset: Dataset): Evaluation['boundary'] {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let r = 0; r < dataset.rows; r++) {
    minX = Math.min(minX, dataset.x[2 * r]);
    maxX = Math.max(maxX, dataset.x[2 * r]);
    minY = Math.min(minY, dataset.x[2 * r + 1]);
    maxY = Math.max(maxY, dataset.x[2 * r + 1]);
  }
  const padX = (maxX - minX) * 0.05 || 1;
  const padY = (maxY - minY) * 0.05 || 1;
  const xRange: [number, number] = [minX - padX, maxX + padX];
  const yRange: [number, number] = [minY - padY, maxY + padY];
  const cells = GRID * GRID;
  const grid = { ...dataset, rows: cells, x: new Float64Array(cells * 2) };
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const cell = i * GRID + j;
      grid.x[2 * cell] = xRange[0] + ((j + 0.5) / GRID) * (xRange[1] - xRange[0]);
      grid.x[2 * cell + 1] = yRange[1] - ((i + 0.5) / GRID) * (yRange[1] - yRange[0]);
    }
  }
  const classes = new Int32Array(cells);
  const confidence = new Float64Array(cells);
  forwardRows(file, grid, Int32Array.from({ length: cells }, (_, i) => i), (network, output, m, start) => {
    predictClasses(output, network.outputs, m, classes.subarray(start, start + m));
    for (let j = 0; j < m; j++) {
      const k = classes[start + j];
      confidence[start + j] = network.outputs === 1 ? (k === 1 ? output[j] : 1 - output[j]) : output[k * m + j];
    }
  });
  return { size: GRID, xRange, yRange, classes, confidence };
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
  const activations = file.layers.map(() => [] as number[]);
  const predicted = new Int32Array(rows.length);
  const regressionPoints: { actual: number; predicted: number }[] = [];
  forwardRows(file, dataset, rows, (network, output, m, start) => {
    network.layers.forEach((_, l) => {
      const a = network.activations(l);
      for (let i = 0; i < a.length; i++) activations[l].push(a[i]);
    });
    if (dataset.target.kind === 'classes') predictClasses(output, network.outputs, m, predicted.subarray(start, start + m));
    else {
      const targets = dataset.target.names.length;
      for (let j = 0; j < m; j++) regressionPoints.push({ actual: dataset.target.values[rows[start + j] * targets], predicted: output[j] });
    }
  });
  const evaluation: Evaluation = {
    rowsLabel: `${rows.length}${rows.length < all.length ? ` of ${all.length}` : ''} ${label} rows`,
    layers: file.layers.map((layer, l) => ({ weights: histogram(layer.W.flat()), activations: histogram(activations[l]) })),
  };
  if (dataset.target.kind === 'classes') {
    const labels = Int32Array.from(rows, (row) => (dataset.target as { labels: Int32Array }).labels[row]);
    evaluation.classes = dataset.target.classes;
    evaluation.confusion = confusionMatrix(labels, predicted, dataset.target.classes.length);
    if (dataset.features === 2) evaluation.boundary = decisionBoundary(file, dataset);
  } else {
    evaluation.regression = { target: dataset.target.names[0], points: regressionPoints };
  }
  return evaluation;
}
