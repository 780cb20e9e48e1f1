import type { OptimizerName } from '../schema/names';
import type { EpochEvent } from '../schema/progress';
import type { WeightsFile } from '../schema/weights';
import type { FloatArray } from './kernels/types';
import type { Network } from './network';
import { OPTIMIZERS, type Optimizer } from './optimizers';
import type { Rng, RngState } from './rng';

// A training checkpoint: the whole state train() carries from one epoch to the next, so that
// training from a checkpoint at epoch N to epoch M gives the same bits as training to M at once.
// That state is more than the weights: the optimizer's arrays and step count, the shuffle and
// dropout streams, the row order (each epoch shuffles the previous epoch's order), and early
// stopping's best weights, best loss and patience counter.

type Normalization = WeightsFile['input']['normalization'];

export interface TrainCheckpoint {
  /** Epochs completed. */
  epoch: number;
  /** Training time up to this epoch. */
  seconds: number;
  /** In `network.parameters` order. */
  parameters: FloatArray[];
  optimizer: { name: OptimizerName; steps: number; arrays: Record<string, FloatArray[]> };
  rng: { shuffle: RngState; dropout: RngState };
  order: Int32Array;
  best: { epoch: number; loss: number; parameters: FloatArray[] } | null;
  epochsWithoutImprovement: number;
  lastEvent?: EpochEvent;
  bestEvent?: EpochEvent;
  /**
   * Regression: the target scaling the weights were trained with (set by the engine, which fits
   * it; train() never reads it). Absent in checkpoints from before targets were scaled: none.
   */
  targetScaling?: Normalization;
}

/** The state a checkpoint is taken from: train()'s own variables at the end of an epoch. */
export interface TrainingState {
  epoch: number;
  seconds: number;
  network: Network;
  shuffle: Rng;
  dropout: Rng;
  order: Int32Array;
  best: FloatArray[] | null;
  bestLoss: number;
  bestEpoch: number;
  epochsWithoutImprovement: number;
  lastEvent?: EpochEvent;
  bestEvent?: EpochEvent;
}

/** Events travel without their network view: it is for live display, and large. */
const withoutView = (event: EpochEvent): EpochEvent => {
  const { view: _view, ...rest } = event;
  return rest;
};

/**
 * Keeps the state of the last completed epoch in buffers reused from one epoch to the next (so
 * keeping it every epoch allocates nothing), and hands out checkpoints as copies of it.
 */
export class CheckpointKeeper {
  /** The kept epoch's scalars, events and best snapshot (train() replaces best snapshots, it never writes into one). */
  private kept: Omit<TrainCheckpoint, 'parameters' | 'optimizer' | 'order'> & { steps: number } = {
    epoch: 0,
    seconds: 0,
    steps: 0,
    rng: { shuffle: { words: [0, 0, 0, 0], spareNormal: null }, dropout: { words: [0, 0, 0, 0], spareNormal: null } },
    best: null,
    epochsWithoutImprovement: 0,
  };
  private readonly parameters: FloatArray[];
  private readonly arrays: [string, FloatArray[]][];
  private readonly order: Int32Array;

  constructor(
    network: Network,
    private readonly optimizer: Optimizer,
    order: Int32Array,
  ) {
    this.parameters = network.parameters.map((p) => p.value.slice());
    this.arrays = Object.entries(optimizer.state.arrays).map(([name, list]) => [name, list.map((a) => a.slice())]);
    this.order = order.slice();
  }

  /** Epochs completed at the kept state (0: none kept yet). */
  get epoch(): number {
    return this.kept.epoch;
  }

  keep(state: TrainingState): void {
    state.network.parameters.forEach((p, i) => this.parameters[i].set(p.value));
    for (const [name, list] of this.arrays) list.forEach((a, i) => a.set(this.optimizer.state.arrays[name][i]));
    this.order.set(state.order);
    this.kept = {
      epoch: state.epoch,
      seconds: state.seconds,
      steps: this.optimizer.state.steps,
      rng: { shuffle: state.shuffle.state(), dropout: state.dropout.state() },
      best: state.best ? { epoch: state.bestEpoch, loss: state.bestLoss, parameters: state.best } : null,
      epochsWithoutImprovement: state.epochsWithoutImprovement,
      lastEvent: state.lastEvent,
      bestEvent: state.bestEvent,
    };
  }

  /** A copy of the kept state, the receiver's to keep. */
  checkpoint(): TrainCheckpoint {
    if (this.kept.epoch === 0) throw new Error('CheckpointKeeper: no epoch kept yet');
    const { steps, lastEvent, bestEvent, ...rest } = this.kept;
    return {
      ...rest,
      parameters: this.parameters.map((a) => a.slice()),
      optimizer: { name: this.optimizer.name, steps, arrays: Object.fromEntries(this.arrays.map(([name, list]) => [name, list.map((a) => a.slice())])) },
      order: this.order.slice(),
      ...(lastEvent ? { lastEvent: withoutView(lastEvent) } : {}),
      ...(bestEvent ? { bestEvent: withoutView(bestEvent) } : {}),
    };
  }
}

/**
 * The first nonzero number a checkpoint holds for the b of a layer without bias (`hasBias[l]`
 * false), as a message naming the field; null if there is none. Training keeps that b, its
 * gradient and so every optimizer array of it exactly 0, so a nonzero one was written by someone
 * else: taken in, b would be carried along unused (or moved by a nonzero optimizer state) and
 * written out beside `"bias": false` into a weights file that import refuses. Tensors are in
 * `network.parameters` order (b of layer l at 2l + 1) and of the sizes already checked.
 */
export function nonzeroWithoutBias(checkpoint: TrainCheckpoint, hasBias: readonly boolean[]): string | null {
  const lists: (readonly [field: string, what: string, tensors: readonly FloatArray[]])[] = [
    ['parameters', '', checkpoint.parameters],
    ...(checkpoint.best ? [['best.parameters', '', checkpoint.best.parameters] as const] : []),
    ...Object.entries(checkpoint.optimizer.arrays).map(([name, tensors]) => [`optimizer.arrays.${name}`, `${checkpoint.optimizer.name}'s ${name} of `, tensors] as const),
  ];
  for (const [field, what, tensors] of lists) {
    for (let l = 0; l < hasBias.length; l++) {
      if (hasBias[l]) continue;
      const b = tensors[2 * l + 1];
      const i = b.findIndex((v) => v !== 0);
      if (i >= 0) return `${field}[${2 * l + 1}]: layer ${l + 1} has no bias ("bias": false), so ${what}b[${l + 1}] must be all zeros; found ${b[i]} at index ${i}`;
    }
  }
  return null;
}

/**
 * Why `checkpoint` cannot continue training `network` on `trainRows` (null if it can): tensor
 * sizes, the optimizer's arrays when it is the same optimizer, zeros for the b of layers without
 * bias, and the row order, which must be a permutation of exactly these rows — otherwise the
 * dataset, its split or the seed changed.
 */
export function checkpointProblem(checkpoint: TrainCheckpoint, network: Network, trainRows: Int32Array): string | null {
  const sizes = (list: readonly FloatArray[], what: string): string | null => {
    if (list.length !== network.parameters.length) return `${what}: ${list.length} tensors, the network has ${network.parameters.length}`;
    for (let i = 0; i < list.length; i++) {
      const p = network.parameters[i];
      if (list[i].length !== p.value.length) return `${what}: ${p.name} has ${list[i].length} values, the network's has ${p.value.length}`;
    }
    return null;
  };
  const problem = sizes(checkpoint.parameters, 'parameters') ?? (checkpoint.best ? sizes(checkpoint.best.parameters, 'best.parameters') : null);
  if (problem) return problem;
  const expected = OPTIMIZERS[checkpoint.optimizer.name].state;
  const names = Object.keys(checkpoint.optimizer.arrays);
  if (names.length !== expected.length || expected.some((name) => !names.includes(name))) {
    return `optimizer.arrays: ${checkpoint.optimizer.name} keeps ${expected.length ? expected.join(', ') : 'no arrays'}, the checkpoint has ${names.length ? names.join(', ') : 'none'}`;
  }
  for (const name of expected) {
    const arrays = sizes(checkpoint.optimizer.arrays[name], `optimizer.arrays.${name}`);
    if (arrays) return arrays;
  }
  const unused = nonzeroWithoutBias(checkpoint, network.layers.map((layer) => layer.bias));
  if (unused) return unused;
  if (checkpoint.order.length !== trainRows.length) {
    return `order: the checkpoint trained on ${checkpoint.order.length} rows, this run has ${trainRows.length} training rows (the dataset, its validation split or the seed changed)`;
  }
  const sorted = (rows: Int32Array) => Int32Array.from(rows).sort();
  const a = sorted(checkpoint.order);
  const b = sorted(trainRows);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return 'order: the checkpoint trained on other rows than this run (the dataset, its validation split or the seed changed)';
  }
  return null;
}

/** When train() hands out checkpoints: after an epoch once both intervals have passed since the last one, and at its end. */
export interface CheckpointOptions {
  everyEpochs: number;
  everySeconds: number;
  /** Called synchronously; the checkpoint's arrays are the receiver's (training keeps no reference to them but `best`'s, which it never writes). */
  save: (checkpoint: TrainCheckpoint) => void;
}
