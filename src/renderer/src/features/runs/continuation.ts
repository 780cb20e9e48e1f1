import type { CheckpointFile } from '../../../../shared/schema/checkpoint';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';
import type { RunRecord } from '../../db/database';

// What "Continue training" starts. From the run's checkpoint when it has one: the new run counts its
// epochs on from the checkpoint's and ends with the very weights the run would have reached had it
// never stopped. A finished run goes on for as many epochs again as it trained; an interrupted,
// cancelled or failed one to its planned end. Runs from before checkpoints continue from their
// final weights with a fresh optimizer, and say so.

export type Continuation =
  | { experiment: Experiment; resume?: CheckpointFile; initialWeights?: WeightsFile; title: string }
  | { unavailable: string };

export function continuation(run: RunRecord, checkpoint: CheckpointFile | undefined, finalWeights: WeightsFile | undefined): Continuation {
  const withEpochs = (epochs: number): Experiment => ({ ...run.experiment, training: { ...run.experiment.training, epochs } });
  if (checkpoint) {
    const from = checkpoint.epoch;
    const leg = run.totalEpochs - (run.resumedFromEpoch ?? 0);
    const to = from < run.totalEpochs ? run.totalEpochs : from + leg;
    return {
      experiment: withEpochs(to),
      resume: checkpoint,
      title: `Train epochs ${from + 1}–${to} from the checkpoint of epoch ${from}: the same weights as one run of ${to} epochs`,
    };
  }
  if (finalWeights) {
    return {
      experiment: run.experiment,
      initialWeights: finalWeights,
      title: `Train ${run.totalEpochs} more epochs starting from this run's final weights (it has no checkpoint, so the optimizer starts afresh)`,
    };
  }
  return { unavailable: 'This run has neither a checkpoint nor final weights' };
}
