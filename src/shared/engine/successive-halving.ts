import type { SweepMetric } from '../schema/sweep';
import { summarizeCombinations, type RankableRun } from './sweep-summary';

// Successive halving: every combination trains to the first rung's epochs, the better half (by the
// mean of the metric over its seeds, at that rung) goes on to the next rung, and so on until the
// survivors train the full budget. A combination with no value (failed, diverged) never survives.

/** The metric a sweep ranks by when it names none: validation loss when the runs have a validation set. */
export function defaultMetric(runs: readonly RankableRun[]): SweepMetric {
  return runs.some((run) => run.final?.validationLoss !== undefined) ? 'validationLoss' : 'trainLoss';
}

/** The configKeys that continue: the best ceil(n / 2) of the n combinations that reached this rung. */
export function halvingSurvivors(runs: readonly RankableRun[], metric: SweepMetric = defaultMetric(runs)): Set<string> {
  const ranked = summarizeCombinations(runs, { metric, which: 'final' });
  const keep = Math.ceil(ranked.length / 2);
  return new Set(ranked.slice(0, keep).filter((summary) => summary.mean !== undefined).map((summary) => summary.configKey));
}
