import { BatchLoader, type Samples } from '../nn/batches';
import { histogram } from '../nn/histogram';
import { predictClasses } from '../nn/metrics';
import type { Network } from '../nn/network';
import type { NetworkView } from '../schema/progress';

// The per-epoch look into the network that the run page draws live: weight and activation
// histograms of every layer, for two-feature classification the decision regions over a grid, and
// on the evaluated rows the confusion matrix or predicted-vs-true values (in the targets' units).
// Computed in the training process (never the UI thread) with inference-only forward passes that
// touch neither the weights nor any random stream, so runs stay bit-identical with or without it.
// A run carries at most about VIEWS_PER_RUN of them, which keeps its stored history small.

export const VIEWS_PER_RUN = 25;
/** Grid cells per side of the decision-region map. */
export const BOUNDARY_GRID = 40;
/** Training rows whose activations make the histograms. */
export const ACTIVATION_SAMPLE = 500;
/** Evaluated rows whose regression predictions are sent (a scatter plot needs no more). */
export const PREDICTION_SAMPLE = 500;
/**
 * Training rows a view evaluates at most (its confusion matrix), as an evenly spaced sample: a run
 * without validation split otherwise paid a forward pass over its whole training set for every
 * view — with ≤ 25 epochs every epoch, ~30% of a Fashion-MNIST epoch in the browser. Validation
 * rows are evaluated whole, like the validation metrics beside them.
 */
export const TRAIN_VIEW_ROWS = 10_000;
const BINS = 30;
const CHUNK = 1024;

/** The rows the view evaluates: validation rows, or the training rows when there are none. */
export interface EvaluatedRows {
  rows: Int32Array;
  split: 'train' | 'validation';
  /** Class names for the confusion matrix (classification). */
  classes?: string[];
  /** Names of the regression targets, for the predicted-vs-true plots. */
  targets?: string[];
  /** Rows in the split when `rows` is a sample of them. */
  of?: number;
}

/** Training rows beyond TRAIN_VIEW_ROWS become every k-th of them (evenly spread over a sorted file too). */
export function viewSample(evaluated: EvaluatedRows): EvaluatedRows {
  const { rows } = evaluated;
  if (evaluated.split !== 'train' || rows.length <= TRAIN_VIEW_ROWS) return evaluated;
  const every = Math.ceil(rows.length / TRAIN_VIEW_ROWS);
  return { ...evaluated, rows: rows.filter((_, i) => i % every === 0), of: rows.length };
}

/** Epochs that carry a view: the initial weights (0, when sent), the first, every ⌈epochs / VIEWS_PER_RUN⌉-th, and the last. */
export function carriesView(epoch: number, epochs: number): boolean {
  return epoch === 1 || epoch === epochs || epoch % Math.ceil(epochs / VIEWS_PER_RUN) === 0;
}

function range(values: ArrayLike<number>, offset: number, rows: Int32Array): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const row of rows) {
    const v = values[row * 2 + offset];
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const pad = (high - low) * 0.05 || 1;
  return [low - pad, high + pad];
}

/** Samples for the grid cells' centres, row-major from the top (largest y) down. */
function gridSamples(xRange: [number, number], yRange: [number, number], outputs: number): Samples {
  const cells = BOUNDARY_GRID * BOUNDARY_GRID;
  const x = new Float64Array(cells * 2);
  for (let i = 0; i < BOUNDARY_GRID; i++) {
    for (let j = 0; j < BOUNDARY_GRID; j++) {
      const cell = i * BOUNDARY_GRID + j;
      x[2 * cell] = xRange[0] + ((j + 0.5) / BOUNDARY_GRID) * (xRange[1] - xRange[0]);
      x[2 * cell + 1] = yRange[1] - ((i + 0.5) / BOUNDARY_GRID) * (yRange[1] - yRange[0]);
    }
  }
  return { x, features: 2, y: new Float64Array(cells * outputs), outputs };
}

/** Confusion matrix or predicted-vs-true sample of the network on `rows`, in chunks. */
function evaluateRows(network: Network, samples: Samples, loader: BatchLoader, { rows, classes: names, targets }: EvaluatedRows): Pick<NetworkView, 'confusion' | 'classes' | 'predictions'> {
  const labels = samples.labels;
  const classes = network.outputs === 1 ? 2 : network.outputs;
  const confusion = labels ? Array.from({ length: classes }, () => new Array<number>(classes).fill(0)) : undefined;
  const actual: number[] = [];
  const predicted: number[] = [];
  const guesses = new Int32Array(CHUNK);
  const outputs = samples.outputs;
  const units = samples.targetUnits;
  const inUnits = (value: number, i: number) => (units ? value * units.scale[i] + units.shift[i] : value);
  // A confusion matrix counts every row; a scatter plot needs only the first PREDICTION_SAMPLE.
  const count = confusion ? rows.length : Math.min(rows.length, PREDICTION_SAMPLE);
  for (let start = 0; start < count; start += CHUNK) {
    const m = Math.min(CHUNK, count - start);
    const { X } = loader.load(rows, start, m);
    const output = network.forward(X, m);
    if (confusion) {
      predictClasses(output, network.outputs, m, guesses);
      for (let j = 0; j < m; j++) confusion[labels![rows[start + j]]][guesses[j]]++;
    } else {
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < outputs; i++) {
          actual.push(inUnits(samples.y[rows[start + j] * outputs + i], i));
          predicted.push(inUnits(output[i * m + j], i));
        }
      }
    }
  }
  if (!confusion) return { predictions: { actual, predicted, targets: outputs, ...(targets?.length === outputs ? { names: targets } : {}) } };
  return names?.length === classes ? { confusion, classes: names } : { confusion };
}

/** A function that describes the network as it is now; set up once per run. */
export function createNetworkViewer(network: Network, samples: Samples, trainRows: Int32Array, evaluated: EvaluatedRows): () => NetworkView {
  const sampleRows = trainRows.subarray(0, ACTIVATION_SAMPLE);
  const loader = new BatchLoader(samples, network);
  let boundary: { loader: BatchLoader; rows: Int32Array; xRange: [number, number]; yRange: [number, number] } | undefined;
  if (samples.features === 2 && samples.labels) {
    const xRange = range(samples.x, 0, trainRows);
    const yRange = range(samples.x, 1, trainRows);
    const cells = BOUNDARY_GRID * BOUNDARY_GRID;
    boundary = { loader: new BatchLoader(gridSamples(xRange, yRange, samples.outputs), network), rows: Int32Array.from({ length: cells }, (_, i) => i), xRange, yRange };
  }

  return () => {
    const { X, m } = loader.load(sampleRows, 0, sampleRows.length);
    network.forward(X, m);
    const view: NetworkView = {
      layers: network.layers.map((layer, l) => ({ weights: histogram(layer.W, BINS), activations: histogram(network.activations(l), BINS) })),
      evaluated: { split: evaluated.split, rows: evaluated.rows.length, of: evaluated.of },
      ...evaluateRows(network, samples, loader, evaluated),
    };
    if (boundary) {
      const cells = boundary.rows.length;
      const grid = boundary.loader.load(boundary.rows, 0, cells);
      const output = network.forward(grid.X, cells);
      const classes = new Int32Array(cells);
      predictClasses(output, network.outputs, cells, classes);
      const confidence = Array.from(classes, (k, cell) => {
        const p = network.outputs === 1 ? (k === 1 ? output[cell] : 1 - output[cell]) : output[k * cells + cell];
        return Math.round(p * 100);
      });
      view.boundary = { size: BOUNDARY_GRID, xRange: boundary.xRange, yRange: boundary.yRange, classes: Array.from(classes), confidence };
    }
    return view;
  };
}
