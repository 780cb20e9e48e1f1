import type { Dataset } from '../../../../shared/data/dataset';
import { imageGeometry } from '../../../../shared/data/image-geometry';
import { applyNormalization, normalizationInverse } from '../../../../shared/schema/normalization';
import { predictRows } from '../../../../shared/engine/predictions';
import { encodeTargets, prepareRun } from '../../../../shared/engine/prepare';
import type { Samples } from '../../../../shared/nn/batches';
import { LOSSES } from '../../../../shared/nn/losses';
import type { Network } from '../../../../shared/nn/network';
import { loadWeights, networkFromWeights } from '../../../../shared/nn/weights-json';
import type { LossName } from '../../../../shared/schema/names';
import type { WeightsFile } from '../../../../shared/schema/weights';
import type { PredictionsSource, PredictionTable, SplitName } from './prediction-table';

// The predictions table of a network on a dataset: set the network up as the engine does (a run's
// weights or initialization through prepareRun, so dtype, backend and encoded targets are the
// training's), predict every row with the engine's predictRows, and add what the page shows
// beside it: the inputs in original units, or the pixels of an image.

/** A weights file without its experiment: the loss its output layer is normally trained with. */
export function lossForWeights(file: WeightsFile): { loss: LossName; origin: PredictionTable['lossOrigin'] } {
  if (file.experiment) return { loss: file.experiment.model.loss, origin: 'weights file' };
  const activation = file.layers[file.layers.length - 1].activation.name;
  if (file.output.task === 'classification' && activation === 'softmax') return { loss: 'categoricalCrossEntropy', origin: 'output layer' };
  if (file.output.task === 'classification' && activation === 'sigmoid') return { loss: 'binaryCrossEntropy', origin: 'output layer' };
  return { loss: 'mse', origin: 'output layer' };
}

const allRows = (rows: number) => Int32Array.from({ length: rows }, (_, i) => i);

/** The dataset's features as the weights expect them: its own x when the normalizations agree, else renormalized. */
function inputsForWeights(file: WeightsFile, dataset: Dataset): Dataset['x'] {
  const wanted = file.input.normalization;
  if (JSON.stringify(wanted) === JSON.stringify(dataset.normalization)) return dataset.x;
  const x = inOriginalUnits(dataset, new Float64Array(dataset.x.length), 1);
  applyNormalization(x, dataset.features, wanted);
  return x;
}

/**
 * out = factor · the dataset's features in original units (a plain loop: a mapping `from` is ten
 * times slower). A normalized value carries the rounding of its storage type, which undoing the
 * normalization turns into dust around 0 (a one-hot 0 comes back as 2.5e-9 from float32): values
 * that small against the feature's spread are the 0 they were.
 */
function inOriginalUnits<T extends Float32Array | Float64Array | Uint8ClampedArray>({ x, features, normalization }: Dataset, out: T, factor: number): T {
  const { scale, shift } = normalizationInverse(normalization, features);
  const relative = normalization.kind === 'none' ? 0 : x instanceof Float32Array ? 1e-6 : 1e-13;
  const dust = scale.map((s, j) => relative * (s + Math.abs(shift[j])));
  for (let offset = 0; offset < x.length; offset += features) {
    for (let j = 0; j < features; j++) {
      const value = x[offset + j] * scale[j] + shift[j];
      out[offset + j] = factor * (Math.abs(value) < dust[j] ? 0 : value);
    }
  }
  return out;
}

interface Evaluation {
  network: Network;
  samples: Samples;
  loss: LossName;
  lossOrigin: PredictionTable['lossOrigin'];
  splits: PredictionTable['splits'];
}

function ownSplits(dataset: Dataset): PredictionTable['splits'] {
  if (!dataset.split) return [{ name: 'all', rows: allRows(dataset.rows) }];
  const { train, validation, test } = dataset.split;
  const splits: { name: SplitName; rows: Int32Array }[] = [
    { name: 'train', rows: train },
    { name: 'validation', rows: validation },
  ];
  if (test) splits.push({ name: 'test', rows: test });
  return splits.filter((split) => split.rows.length > 0);
}

function setUp(source: PredictionsSource, dataset: Dataset): Evaluation {
  if (source.kind === 'run') {
    const { network, samples, trainRows, validationRows } = prepareRun(source.experiment, dataset);
    // Loaded here rather than by prepareRun, whose messages call them the initial weights.
    if (source.weights) loadWeights(network, source.weights, "the run's stored weights: ");
    const splits: PredictionTable['splits'] = [{ name: 'train', rows: trainRows }];
    if (validationRows?.length) splits.push({ name: 'validation', rows: validationRows });
    if (dataset.split?.test?.length) splits.push({ name: 'test', rows: dataset.split.test });
    return { network, samples, loss: source.experiment.model.loss, lossOrigin: 'experiment', splits };
  }
  const { file } = source;
  const network = networkFromWeights(file);
  const target = dataset.target;
  const samples: Samples = {
    x: inputsForWeights(file, dataset),
    features: dataset.features,
    y: encodeTargets(dataset, network.outputs, 'float64'),
    outputs: network.outputs,
    ...(target.kind === 'classes' ? { labels: target.labels } : {}),
  };
  const { loss, origin } = lossForWeights(file);
  return { network, samples, loss, lossOrigin: origin, splits: ownSplits(dataset) };
}

/** `onProgress(done, total)` after each chunk of rows. The caller checks first that the weights fit the dataset. */
export function computePredictions(source: PredictionsSource, dataset: Dataset, onProgress: (done: number, total: number) => void = () => {}): PredictionTable {
  const { network, samples, loss, lossOrigin, splits } = setUp(source, dataset);
  const every = allRows(dataset.rows);
  const { outputs: A, loss: rowLoss, predicted } = predictRows(network, samples, every, LOSSES[loss], (done) => onProgress(done, dataset.rows));
  const target = dataset.target;
  const geometry = imageGeometry(dataset.featureNames);
  const table: PredictionTable = {
    datasetName: dataset.name,
    featureNames: dataset.featureNames,
    outputs: network.outputs,
    loss,
    lossOrigin,
    splits,
    A,
    rowLoss,
    ...(predicted ? { predicted } : {}),
    ...(target.kind === 'classes' ? { classes: target.classes, labels: target.labels } : { targetNames: target.names, targets: target.values }),
  };
  // Uint8ClampedArray rounds and clamps: pixels in [0, 1] become 0…255.
  if (geometry) table.image = { geometry, pixels: inOriginalUnits(dataset, new Uint8ClampedArray(dataset.x.length), 255) };
  else table.inputs = inOriginalUnits(dataset, new Float32Array(dataset.x.length), 1);
  return table;
}
