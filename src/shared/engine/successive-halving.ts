import type { SweepMetric } from '../schema/sweep';
import { summarizeCombinations, type RankableRun } from './sweep-summary';

// Successive halving: every combination trains to the first rung's epochs, the better half (by the
// mean of the metric over its seeds, at that rung) goes on to the next rung, and so on until the
// survivors train the full budget. A combination with no value (failed, diverged) never survives.

/**
 * The metric a sweep ranks by when it names none: the loss, or for regression the RMSE (its loss
 * is on scaled targets, which differ between runs that scale them differently; RMSE is in the
 * targets' units) — on the validation set when the runs have one.
 */
export function defaultMetric(runs: readonly RankableRun[]): SweepMetric {
  const split = runs.some((run) => run.final?.validationLoss !== undefined) ? 'validation' : 'train';
  const regression = runs.some((run) => run.final?.[`${split}Rmse`] !== undefined);
  return `${split}${regression ? 'Rmse' : 'Loss'}`;
}

/** The configKeys that continue: the best ceil(n / 2) of the n combinations that reached this rung. */
export function halvingSurvivors(runs: readonly RankableRun[], metric: SweepMetric = defaultMetric(runs)): Set<string> {
  const ranked = summarizeCombinations(runs, { metric, which: 'final' });
  const keep = Math.ceil(ranked.length / 2);
  return new Set(ranked.slice(0, keep).filter((summary) => summary.mean !== undefined).map((summary) => summary.configKey));
}
