import type { Dataset } from '../data/dataset';
import type { Experiment } from '../schema/experiment';
import type { WeightsFile } from '../schema/weights';
import { activationSpecOf } from '../nn/activations';
import { BatchLoader } from '../nn/batches';
import { centralDifference, gradientCheck, relativeError } from '../nn/gradcheck';
import { getKernels } from '../nn/kernels';
import { gatherColumns } from '../nn/kernels/gather-columns';
import type { FloatArray, NetworkInput } from '../nn/kernels/types';
import { pow } from '../nn/math';
import { allocate, Network } from '../nn/network';
import { clipGradientNorm, copyOptimizerState, createOptimizer, learningRateAt, type Optimizer } from '../nn/optimizers';
import { addL2Gradient, l2Penalty } from '../nn/regularization';
import { shuffleInPlace } from '../nn/rng';
import { train, trainingStreams } from '../nn/train';
import { prepareRun, scalingOfWeights, type PreparedRun } from './prepare';

// The step inspector: one training step of an experiment on chosen rows, with every number the
// step computes — forward (A[l−1], W, b, Z, A), the loss, backward (dA, dZ, dW, db, dA[l−1]) and
// the update (gradient, L2 term, clipping, optimizer state, ΔW, W after) — in the tutorials'
// notation: layers numbered from 1, one column per sample, W[l] of n_l × n_{l−1}.
// The numbers are training's own: the same network, loss, kernels and backend, the same
// trainStep order (backward, L2, clipping, update); nothing here re-derives them. The state is the
// seeded initialization (epoch 0), the run replayed to epoch N (bit-identical to the run, so the
// optimizer state is the run's too), or given weights (a stored or imported file, whose optimizer
// state is not kept: it starts fresh). Inspecting never changes that state; takeStep does.

/** A matrix for display, row-major, in float64 (float32 values convert exactly). */
export interface Tensor {
  rows: number;
  cols: number;
  values: Float64Array;
}

export interface ForwardLayer {
  /** 1-based, as in the tutorials: layer 1 reads A[0] = X. */
  layer: number;
  activation: { name: string; slope?: number };
  /** false: the layer has no bias (b stays zero, Z = W·A[l−1]). */
  bias: boolean;
  A_prev: Tensor;
  W: Tensor;
  b: Tensor;
  Z: Tensor;
  A: Tensor;
}

export interface BackwardLayer {
  layer: number;
  /**
   * ∂E/∂A of this layer. For the output layer with a fused loss, training does not use it (dZ is
   * computed directly); it is shown for the chain rule and flagged by `fused`.
   */
  dA: Tensor;
  /** g′(Z) elementwise; null for softmax, whose units are coupled (dZ = A ⊙ (dA − Σ A ⊙ dA)). */
  gPrime: Tensor | null;
  dZ: Tensor;
  /** dZ = (A − Y)/m straight from the loss (sigmoid + binary, softmax + categorical cross-entropy). */
  fused: boolean;
  dW: Tensor;
  db: Tensor;
  /** W[l]ᵀ·dZ[l]: the gradient the layer below receives (for layer 1, the input gradient, unused by training). */
  dA_prev: Tensor;
}

export interface TensorUpdate {
  /** ∂E/∂θ from backward, before L2 and clipping. */
  gradient: Tensor;
  /** λ·W added by L2 weight decay (null for biases and without L2). */
  l2Term: Tensor | null;
  /** The gradient the optimizer used: (gradient + L2 term) × clipping factor. */
  used: Tensor;
  /** Optimizer state after the update, by name (velocity, meanSquare, m, v). */
  state: Record<string, Tensor>;
  before: Tensor;
  delta: Tensor;
  after: Tensor;
}

export interface UpdateLayer {
  layer: number;
  W: TensorUpdate;
  b: TensorUpdate;
}

export interface StepUpdate {
  optimizer: Experiment['training']['optimizer'];
  learningRate: number;
  l2: number;
  clipNorm?: number;
  /** Global norm of the gradient (L2 term included) before clipping. */
  gradientNorm: number;
  /** clipNorm / norm when clipping applied, else 1. */
  clipFactor: number;
  /** The optimizer's step count t after this update. */
  step: number;
  /** Adam's bias corrections 1 − β1^t and 1 − β2^t at this step. */
  biasCorrection?: { first: number; second: number };
  layers: UpdateLayer[];
}

export interface LayerCheck {
  layer: number;
  /** Worst relative error ‖g − ĝ‖/(‖g‖ + ‖ĝ‖) of the layer's W and b. */
  maxRelativeError: number;
  W: { relativeError: number; checked: number; total: number };
  b: { relativeError: number; checked: number; total: number };
}

export interface StepInspection {
  /** Epochs completed by the inspected state, and steps taken since (takeStep). */
  epoch: number;
  stepsTaken: number;
  source: 'initialization' | 'replay' | 'weights';
  dtype: Experiment['training']['dtype'];
  backend: string;
  /** Dataset rows (0-based, file order) that form the columns. */
  rows: number[];
  m: number;
  /** When the rows are a mini-batch of the run: which one. */
  batch?: { index: number; of: number; epoch: number };
  /** Things the reader must know about these numbers (dropout off, fresh optimizer state…). */
  notes: string[];
  forward: ForwardLayer[];
  Y: Tensor;
  loss: {
    name: string;
    /** The data loss of these columns, as training computes it. */
    value: number;
    /** λ/2·Σ‖W‖² (0 without L2). */
    l2Penalty: number;
    reduction: 'mean' | 'sum';
  };
  backward: BackwardLayer[];
  update: StepUpdate;
  gradcheck?: LayerCheck[];
}

export type StepSelection = { rows: readonly number[] } | { batch: number };

export interface InspectorStart {
  /** Start from these weights (stored or imported), taken as the weights after `epoch` epochs. */
  weights?: WeightsFile;
  /** The weights the run itself started from (a continued run's parent weights): the replay starts there. */
  initialWeights?: WeightsFile;
  /** Epochs completed by the state: without `weights`, the run is replayed that far from its seed. */
  epoch?: number;
  signal?: AbortSignal;
  /** Progress of the replay. */
  onEpoch?: (epoch: number, of: number) => void;
}

export interface WeightCheck {
  analytic: number;
  numeric: number;
  relativeError: number;
}

/** Entries per tensor the whole-network check compares (sampled with the seed beyond that). */
export const GRADCHECK_ENTRIES = 400;
/** Columns an inspection may hold: every number of a step is kept for each. */
export const MAX_INSPECTED_ROWS = 256;

const tensor = (values: ArrayLike<number>, rows: number, cols: number): Tensor => ({ rows, cols, values: Float64Array.from(values) });

export class StepInspector {
  private readonly optimizer: Optimizer;
  /** Where inspect() keeps the state while it runs a step on it. */
  private readonly saved: Optimizer;
  private stepsTaken = 0;

  private constructor(
    private readonly experiment: Experiment,
    private readonly run: PreparedRun,
    private readonly epoch: number,
    private readonly source: StepInspection['source'],
  ) {
    this.optimizer = createOptimizer(experiment.training.optimizer, run.network);
    this.saved = createOptimizer(experiment.training.optimizer, run.network);
  }

  /** Prepares the run and brings it to the chosen state (replaying epochs when asked). */
  static async create(experiment: Experiment, dataset: Dataset, start: InspectorStart = {}): Promise<StepInspector> {
    const epoch = start.epoch ?? 0;
    const weights = start.weights ?? start.initialWeights;
    // Weights carry the target scaling they were trained with (none when from before scaling).
    const run = prepareRun(experiment, dataset, weights, weights && scalingOfWeights(weights));
    const source = start.weights ? 'weights' : epoch > 0 ? 'replay' : 'initialization';
    const inspector = new StepInspector(experiment, run, epoch, source);
    if (source === 'replay') await inspector.replay(epoch, start);
    return inspector;
  }

  get trainRows(): Int32Array {
    return this.run.trainRows;
  }

  /** Batches per epoch and rows per batch, as the run trains. */
  get batching(): { size: number; count: number } {
    const rows = this.run.trainRows.length;
    const requested = this.experiment.training.batchSize;
    const size = requested === 'full' ? rows : Math.min(requested, rows);
    return { size, count: Math.ceil(rows / size) };
  }

  /** Every number of one training step on the selected rows; the state is left as it was. */
  inspect(selection: StepSelection, { gradcheck = false } = {}): StepInspection {
    const network = this.run.network;
    const parameters = network.copyParameters();
    copyOptimizerState(this.optimizer.state, this.saved.state);
    try {
      return this.step(selection, gradcheck);
    } finally {
      network.setParameters(parameters);
      copyOptimizerState(this.saved.state, this.optimizer.state);
    }
  }

  /** Apply the step to the inspector's own copy (the stored run is never touched). */
  takeStep(selection: StepSelection): void {
    const { rows } = this.selectRows(selection);
    const { X, Y } = this.load(rows);
    const { loss, network } = this.run;
    const { training } = this.experiment;
    network.forward(X, rows.length, undefined, true);
    network.backward(Y, loss);
    addL2Gradient(network, training.l2);
    if (training.clipNorm !== undefined) clipGradientNorm(network, training.clipNorm);
    this.optimizer.step(this.learningRate());
    this.stepsTaken++;
  }

  /**
   * ∂J/∂θ of one parameter — W[layer]_{row,col} or b[layer]_row — by backpropagation and by
   * central differences, both in float64 on a copy of the network, on the selected rows.
   */
  checkWeight(selection: StepSelection, layer: number, kind: 'W' | 'b', row: number, col = 0): WeightCheck {
    const { rows } = this.selectRows(selection);
    const { copy, X, Y } = this.float64Copy(rows);
    const m = rows.length;
    const { loss } = this.run;
    const l2 = this.experiment.training.l2;
    const tensorIndex = 2 * (layer - 1) + (kind === 'W' ? 0 : 1);
    const target = copy.parameters[tensorIndex];
    if (!target) throw new Error(`layer ${layer}: the network has ${copy.layers.length} layers`);
    // b is a column: its entry `row` is at row · 1 + 0.
    const index = row * target.cols + col;
    if (row < 0 || row >= target.rows || col < 0 || col >= target.cols) {
      throw new Error(`${kind}[${layer}] has ${target.rows}×${target.cols} entries; (${row}, ${col}) is outside`);
    }
    copy.forward(X, m);
    copy.backward(Y, loss);
    addL2Gradient(copy, l2);
    const analytic = target.grad[index];
    const numeric = centralDifference(copy, X, Y, m, loss, tensorIndex, index, { l2 });
    return { analytic, numeric, relativeError: relativeError(analytic, numeric) };
  }

  private async replay(epochs: number, { signal, onEpoch }: InspectorStart): Promise<void> {
    const { training } = this.experiment;
    const { network, samples, loss, trainRows, validationRows, trainRng } = this.run;
    const outcome = await train(network, samples, {
      loss,
      optimizer: training.optimizer,
      schedule: training.schedule,
      batchSize: training.batchSize,
      epochs,
      l2: training.l2,
      clipNorm: training.clipNorm,
      // Early stopping only ever restores earlier weights; the state at epoch N is the one trained.
      shuffle: training.shuffle,
      rng: trainRng.clone(),
      trainRows,
      validationRows,
      signal,
      onEpoch: (event) => onEpoch?.(event.epoch, epochs),
      continueOptimizer: this.optimizer,
    });
    // A replay without early stopping ends done, cancelled or diverged, the last two with their message.
    if (outcome.status !== 'done') throw new Error(outcome.message);
  }

  private learningRate(): number {
    const { training } = this.experiment;
    return learningRateAt(training.schedule, training.optimizer.learningRate, this.epoch);
  }

  /** The rows of batch `index` (1-based) of the epoch after the state, in the run's own order. */
  private batchRows(index: number): { rows: number[]; batch: StepInspection['batch'] } {
    const { size, count } = this.batching;
    if (!Number.isInteger(index) || index < 1 || index > count) {
      throw new Error(`batch: expected a batch from 1 to ${count} (${this.run.trainRows.length} training rows in batches of ${size})`);
    }
    const order = Int32Array.from(this.run.trainRows);
    if (this.experiment.training.shuffle) {
      const { shuffle } = trainingStreams(this.run.trainRng.clone());
      for (let e = 0; e <= this.epoch; e++) shuffleInPlace(order, shuffle);
    }
    const start = (index - 1) * size;
    const rows = Array.from(order.subarray(start, Math.min(start + size, order.length)));
    return { rows, batch: { index, of: count, epoch: this.epoch + 1 } };
  }

  private selectRows(selection: StepSelection): { rows: number[]; batch?: StepInspection['batch'] } {
    const result = 'batch' in selection ? this.batchRows(selection.batch) : { rows: [...selection.rows] };
    const total = this.run.samples.x.length / this.run.samples.features;
    if (result.rows.length === 0) throw new Error('rows: choose at least one row');
    if (result.rows.length > MAX_INSPECTED_ROWS) {
      throw new Error(`rows: the inspector shows at most ${MAX_INSPECTED_ROWS} columns at a time; this selection has ${result.rows.length}`);
    }
    for (const row of result.rows) {
      if (!Number.isInteger(row) || row < 0 || row >= total) throw new Error(`rows: ${row} is not a row of the dataset (0 to ${total - 1})`);
    }
    return result;
  }

  /** X and Y of the rows, loaded exactly as training loads a batch. */
  private load(rows: number[]): { X: NetworkInput; Y: FloatArray } {
    const { X, Y } = new BatchLoader(this.run.samples, this.run.network).load(Int32Array.from(rows), 0, rows.length);
    return { X, Y };
  }

  private float64Copy(rows: number[]): { copy: Network; X: Float64Array; Y: Float64Array } {
    const network = this.run.network;
    // On the reference ts kernels, Network's default.
    const copy = new Network({
      inputs: network.inputs,
      dtype: 'float64',
      layers: network.layers.map((layer) => ({ units: layer.units, activation: layer.activation, bias: layer.bias })),
    });
    copy.setParameters(network.parameters.map((p) => Float64Array.from(p.value)));
    const indices = Int32Array.from(rows);
    const X = new Float64Array(network.inputs * rows.length);
    const Y = new Float64Array(network.outputs * rows.length);
    gatherColumns(this.run.samples.x, network.inputs, indices, 0, rows.length, X);
    gatherColumns(this.run.samples.y, network.outputs, indices, 0, rows.length, Y);
    return { copy, X, Y };
  }

  private step(selection: StepSelection, withGradcheck: boolean): StepInspection {
    const { rows, batch } = this.selectRows(selection);
    const m = rows.length;
    const { network, loss } = this.run;
    const { training } = this.experiment;
    const layers = network.layers;
    const L = layers.length;
    const notes: string[] = [];
    if (layers.some((layer) => layer.dropout > 0)) {
      notes.push('Dropout is off here: these are the numbers of the step without its random mask, so every run of the inspector shows the same ones.');
    }
    if (this.source === 'weights' && this.optimizer.state.steps === 0 && Object.keys(this.optimizer.state.arrays).length > 0) {
      notes.push(`The ${training.optimizer.name} state (its running averages) is not stored with weights, so this update starts it from zero; replay the run to epoch ${this.epoch} for the exact one.`);
    }

    const { X, Y } = this.load(rows);
    // X's values as the network reads them (a picked batch writes them when first asked).
    const A0 = X.dense;
    network.forward(X, m, undefined, true);
    const output = network.activations(L - 1);
    const lossValue = loss.value(output, Y, network.outputs, m);
    const penalty = l2Penalty(network, training.l2);

    const forward: ForwardLayer[] = layers.map((layer, l) => ({
      layer: l + 1,
      activation: activationSpecOf(layer.activation),
      bias: layer.bias,
      A_prev: tensor(l === 0 ? A0 : network.activations(l - 1), layer.inputs, m),
      W: tensor(layer.W, layer.units, layer.inputs),
      b: tensor(layer.b, layer.units, 1),
      Z: tensor(network.preActivations(l), layer.units, m),
      A: tensor(network.activations(l), layer.units, m),
    }));

    network.backward(Y, loss);
    const fused = loss.fusedActivation === layers[L - 1].activation.name;
    const ts = getKernels('ts');
    const backward: BackwardLayer[] = layers.map((layer, l) => {
      const Z = network.preActivations(l);
      const A = network.activations(l);
      let dA: FloatArray = network.activationGradients(l);
      if (l === L - 1 && fused) {
        dA = allocate(network.dtype, layer.units * m);
        loss.gradient(A, Y, dA, layer.units, m);
      }
      let gPrime: Tensor | null = null;
      if (layer.activation.name !== 'softmax') {
        const ones = allocate(network.dtype, layer.units * m).fill(1);
        const slopes = allocate(network.dtype, layer.units * m);
        ts.activationBackward(layer.activation, Z, A, ones, slopes, layer.units, m);
        gPrime = tensor(slopes, layer.units, m);
      }
      const dZ = network.preActivationGradients(l);
      // Training never needs the input layer's dA[0]; the other layers' dA[l−1] are its own.
      let below: FloatArray;
      if (l === 0) {
        below = allocate(network.dtype, layer.inputs * m);
        ts.gemm(true, false, layer.inputs, m, layer.units, 1, layer.W, dZ, 0, below);
      } else {
        below = network.activationGradients(l - 1);
      }
      return {
        layer: l + 1,
        dA: tensor(dA, layer.units, m),
        gPrime,
        dZ: tensor(dZ, layer.units, m),
        fused: l === L - 1 && fused,
        dW: tensor(layer.dW, layer.units, layer.inputs),
        db: tensor(layer.db, layer.units, 1),
        dA_prev: tensor(below, layer.inputs, m),
      };
    });

    const gradients = network.parameters.map((p) => tensor(p.grad, p.rows, p.cols));
    const l2Terms = network.parameters.map((p) =>
      p.kind === 'W' && training.l2 > 0 ? tensor(Float64Array.from(p.value, (w) => training.l2 * w), p.rows, p.cols) : null,
    );
    addL2Gradient(network, training.l2);
    // clipGradientNorm measures the norm before clipping; without clipNorm it only measures.
    const clipNorm = training.clipNorm ?? Infinity;
    const gradientNorm = clipGradientNorm(network, clipNorm);
    const clipFactor = gradientNorm > clipNorm ? clipNorm / gradientNorm : 1;
    const used = network.parameters.map((p) => tensor(p.grad, p.rows, p.cols));
    const before = network.parameters.map((p) => tensor(p.value, p.rows, p.cols));
    const learningRate = this.learningRate();
    this.optimizer.step(learningRate);
    const t = this.optimizer.state.steps;
    const updates = network.parameters.map((p, i): TensorUpdate => {
      const after = tensor(p.value, p.rows, p.cols);
      const state: Record<string, Tensor> = {};
      for (const [name, arrays] of Object.entries(this.optimizer.state.arrays)) state[name] = tensor(arrays[i], p.rows, p.cols);
      return {
        gradient: gradients[i],
        l2Term: l2Terms[i],
        used: used[i],
        state,
        before: before[i],
        delta: { rows: p.rows, cols: p.cols, values: after.values.map((value, j) => value - before[i].values[j]) },
        after,
      };
    });
    const spec = training.optimizer;
    const update: StepUpdate = {
      optimizer: spec,
      learningRate,
      l2: training.l2,
      clipNorm: training.clipNorm,
      gradientNorm,
      clipFactor,
      step: t,
      ...(spec.name === 'adam' ? { biasCorrection: { first: 1 - pow(spec.beta1, t), second: 1 - pow(spec.beta2, t) } } : {}),
      layers: layers.map((_, l) => ({ layer: l + 1, W: updates[2 * l], b: updates[2 * l + 1] })),
    };

    const inspection: StepInspection = {
      epoch: this.epoch,
      stepsTaken: this.stepsTaken,
      source: this.source,
      dtype: network.dtype,
      backend: network.kernels.name,
      rows,
      m,
      ...(batch ? { batch } : {}),
      notes,
      forward,
      Y: tensor(Y, network.outputs, m),
      loss: { name: loss.name, value: lossValue, l2Penalty: penalty, reduction: loss.meanOverSamples ? 'mean' : 'sum' },
      backward,
      update,
    };
    if (withGradcheck) inspection.gradcheck = this.gradcheck(rows);
    return inspection;
  }

  /** The gradient check of every layer on these rows, in float64 on a copy. */
  private gradcheck(rows: number[]): LayerCheck[] {
    const { copy, X, Y } = this.float64Copy(rows);
    const report = gradientCheck(copy, X, Y, rows.length, this.run.loss, {
      l2: this.experiment.training.l2,
      maxEntriesPerTensor: GRADCHECK_ENTRIES,
      seed: this.experiment.training.seed,
    });
    return copy.layers.map((_, l) => {
      const [W, b] = [report.tensors[2 * l], report.tensors[2 * l + 1]];
      const part = (t: typeof W) => ({ relativeError: t.relativeError, checked: t.checked, total: t.total });
      return { layer: l + 1, maxRelativeError: Math.max(W.relativeError, b.relativeError), W: part(W), b: part(b) };
    });
  }

  /** How the inputs A[0] were normalized for the run (a stored dataset's `normalize`, or at import). */
  get inputsNormalization(): Dataset['normalization']['kind'] {
    return this.run.dataset.normalization.kind;
  }
}
