import type { Dataset } from '../data/dataset';
import type { Experiment } from '../schema/experiment';
import type { EpochEvent } from '../schema/progress';
import type { RunResult } from '../schema/protocol';
import type { WeightsFile } from '../schema/weights';
import { checkpointProblem, type CheckpointOptions, type TrainCheckpoint } from '../nn/checkpoint';
import { train } from '../nn/train';
import { exportWeights } from '../nn/weights-json';
import { carriesView, createNetworkViewer, viewSample } from './network-view';
import { prepareRun, scalingOfWeights } from './prepare';

// The training service both hosts (utility process, Web Worker) and the CLI run: one experiment on
// one in-memory dataset, streaming an event per epoch, cancellable between batches.

export interface SessionOptions {
  onEpoch?: (event: EpochEvent) => void;
  /** Checked between batches; the loop yields to the event loop often enough for a cancel message to arrive. */
  signal?: AbortSignal;
  /** Continue training from these weights instead of initializing. */
  initialWeights?: WeightsFile;
  /** Attach a look into the network (histograms, decision regions) to some epoch events, for the app's live views. */
  networkViews?: boolean;
  /** Start the events with epoch 0, the initial weights before any update (diagnostics from the start). */
  initialEpoch?: boolean;
  /** Go on from this checkpoint of the experiment (or of one with the same model: a fork) rather than from epoch 1. */
  resume?: TrainCheckpoint;
  /** Receive checkpoints during the run and at its end. */
  checkpoints?: CheckpointOptions;
}

/** The split metrics of an epoch as flat numbers: trainLoss, trainAccuracy, validationLoss, … */
function flatMetrics(event: EpochEvent | undefined): Record<string, number> | undefined {
  if (!event) return undefined;
  const metrics: Record<string, number> = { epoch: event.epoch };
  for (const split of ['train', 'validation'] as const) {
    for (const [key, value] of Object.entries(event[split] ?? {})) {
      if (value !== undefined) metrics[`${split}${key[0].toUpperCase()}${key.slice(1)}`] = value;
    }
  }
  return metrics;
}

/**
 * Train `experiment` on `dataset`. Never throws for a bad experiment or a diverging run: the result
 * says failed with a message. `weights` are the weights the run ended with (after early stopping:
 * the restored best ones); `bestWeights` those of `bestEpoch`, the lowest validation loss (train
 * loss without validation). A failed run has no `weights`.
 */
export async function runSession(experiment: Experiment, dataset: Dataset, options: SessionOptions = {}): Promise<RunResult> {
  let prepared;
  try {
    const { resume, initialWeights } = options;
    // Continued weights keep the target scaling they were trained with (a checkpoint or weights
    // from before scaling existed: none), even where the experiment would now fit another.
    const fixedScaling = resume ? (resume.targetScaling ?? { kind: 'none' }) : initialWeights && scalingOfWeights(initialWeights);
    prepared = prepareRun(experiment, dataset, initialWeights, fixedScaling);
    const problem = resume && checkpointProblem(resume, prepared.network, prepared.trainRows);
    if (problem) throw new Error(`The checkpoint does not fit this run: ${problem}.`);
    if (resume && resume.epoch >= experiment.training.epochs) {
      throw new Error(`training.epochs: the checkpoint is at epoch ${resume.epoch}; ask for more epochs than that to continue (${experiment.training.epochs} asked).`);
    }
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  const { network, samples, loss, trainRows, validationRows, output, trainRng, targetScaling } = prepared;
  const { training } = experiment;
  const listener = options.onEpoch;
  const names = dataset.target.kind === 'classes' ? { classes: dataset.target.classes } : { targets: dataset.target.names };
  const evaluated = validationRows?.length ? { rows: validationRows, split: 'validation' as const, ...names } : { rows: trainRows, split: 'train' as const, ...names };
  const view = listener && options.networkViews ? createNetworkViewer(network, samples, trainRows, viewSample(evaluated)) : undefined;
  const onEpoch = listener && ((event: EpochEvent) => listener(view && carriesView(event.epoch, event.epochs) ? { ...event, view: view() } : event));
  const outcome = await train(network, samples, {
    loss,
    optimizer: training.optimizer,
    schedule: training.schedule,
    batchSize: training.batchSize,
    epochs: training.epochs,
    l2: training.l2,
    clipNorm: training.clipNorm,
    earlyStopping: training.earlyStopping,
    shuffle: training.shuffle,
    rng: trainRng,
    trainRows,
    validationRows,
    trainMetrics: training.trainMetrics,
    onEpoch,
    initialEpoch: options.initialEpoch,
    signal: options.signal,
    resume: options.resume,
    checkpoints: options.checkpoints && { ...options.checkpoints, save: (checkpoint) => options.checkpoints!.save({ ...checkpoint, targetScaling }) },
  });
  const info = { features: dataset.featureNames, normalization: prepared.dataset.normalization, output, experiment };
  // Metrics describe the weights they travel with: a cancelled run stopped mid-epoch, so its
  // current weights have none; early stopping restored the best epoch's weights.
  const endMetrics =
    outcome.status === 'cancelled' ? undefined : flatMetrics(outcome.status === 'stopped-early' ? outcome.bestEvent : outcome.lastEvent);
  return {
    status: outcome.status,
    ...(outcome.message ? { message: outcome.message } : {}),
    bestEpoch: outcome.bestEpoch,
    ...(outcome.status !== 'failed' ? { weights: exportWeights(network, { ...info, metrics: endMetrics }) } : {}),
    ...(outcome.best ? { bestWeights: exportWeights(network, { ...info, metrics: flatMetrics(outcome.bestEvent) }, outcome.best) } : {}),
  };
}
