import type { Dataset } from '../../../../shared/data/dataset';
import { imageGeometry } from '../../../../shared/data/image-geometry';
import { predictRows } from '../../../../shared/engine/predictions';
import { prepareRun, scalingOfWeights, trainingSamples } from '../../../../shared/engine/prepare';
import { inOriginalUnits, inputsForWeights } from '../../../../shared/engine/weights-inputs';
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
    // The stored weights' target scaling, not a refit: runs from before scaling have none.
    const run = prepareRun(source.experiment, dataset, undefined, source.weights && scalingOfWeights(source.weights));
    const { network, samples, trainRows, validationRows } = run;
    // Loaded here rather than by prepareRun, whose messages call them the initial weights.
    if (source.weights) loadWeights(network, source.weights, "the run's stored weights: ");
    // A run trained elsewhere (the command line) on its own copy of the data: the inputs as its weights expect them.
    const x = source.weights ? inputsForWeights(source.weights, run.dataset) : run.dataset.x;
    if (x !== run.dataset.x) samples.x = samples.x instanceof Float32Array ? Float32Array.from(x) : x;
    const splits: PredictionTable['splits'] = [{ name: 'train', rows: trainRows }];
    if (validationRows?.length) splits.push({ name: 'validation', rows: validationRows });
    if (dataset.split?.test?.length) splits.push({ name: 'test', rows: dataset.split.test });
    return { network, samples, loss: source.experiment.model.loss, lossOrigin: 'experiment', splits };
  }
  const { file } = source;
  const network = networkFromWeights(file);
  const samples: Samples = { ...trainingSamples(dataset, network.outputs, 'float64', scalingOfWeights(file)), x: inputsForWeights(file, dataset) };
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
