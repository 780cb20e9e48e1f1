import type { Dataset } from '../data/dataset';
import type { Experiment } from '../schema/experiment';
import { BatchLoader } from '../nn/batches';
import { formatGradcheckReport, gradientCheck, type GradcheckReport } from '../nn/gradcheck';
import { prepareRun } from './prepare';

// The gradient check of an experiment as configured (architecture, loss, initial weights, L2), on
// a few training rows, always in float64 (float32 rounding would swamp the finite differences)
// and without dropout. Backs the CLI's `gradcheck` command.

export interface ExperimentGradcheckOptions {
  /** Training rows in the batch (the first ones of the training split). */
  samples?: number;
  /** Entries checked per tensor; large layers are sampled with the run's seed. */
  maxEntriesPerTensor?: number;
}

export interface ExperimentGradcheck extends GradcheckReport {
  /** The report as a table with a PASS/FAIL verdict. */
  text: string;
}

export function gradcheckExperiment(
  experiment: Experiment,
  dataset: Dataset,
  { samples = 16, maxEntriesPerTensor = 40 }: ExperimentGradcheckOptions = {},
): ExperimentGradcheck {
  const float64 = { ...experiment, training: { ...experiment.training, dtype: 'float64' as const } };
  const { network, samples: data, loss, trainRows } = prepareRun(float64, dataset);
  const m = Math.min(samples, trainRows.length);
  const { X, Y } = new BatchLoader(data, network).load(trainRows, 0, m);
  const report = gradientCheck(network, X, Y, m, loss, {
    l2: experiment.training.l2,
    maxEntriesPerTensor,
    seed: experiment.training.seed,
  });
  return { ...report, text: formatGradcheckReport(report) };
}
