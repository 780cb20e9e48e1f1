import type { Experiment } from '../schema/experiment';
import type { EpochEvent } from '../schema/progress';
import type { RunResult } from '../schema/protocol';
import type { WeightsFile } from '../schema/weights';
import type { Dataset } from '../data/dataset';

// The training service both hosts (utility process, Web Worker) and the CLI run: one experiment on
// one in-memory dataset, streaming an event per epoch, cancellable between batches.

export interface SessionOptions {
  onEpoch?: (event: EpochEvent) => void;
  /** Checked between batches; the loop yields to the event loop often enough for a cancel message to arrive. */
  signal?: AbortSignal;
  /** Continue training from these weights instead of initializing. */
  initialWeights?: WeightsFile;
}

export async function runSession(
  experiment: Experiment,
  dataset: Dataset,
  options: SessionOptions = {},
): Promise<RunResult> {
  void experiment; void dataset; void options;
  throw new Error('runSession: being written (numeric core issue)');
}
