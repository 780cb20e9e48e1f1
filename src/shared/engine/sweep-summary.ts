import type { SweepMetric } from '../schema/sweep';

// Reading a sweep's outcome: rank runs by a metric (best or final epoch, train or validation), and
// fold the repeats of each parameter combination into mean ± standard deviation, so a lucky seed
// is not mistaken for a good setting. Works on any record with these fields: CLI result lines and
// the app's stored sweep runs alike.

export interface RankableRun {
  configKey: string;
  config: Record<string, unknown>;
  final?: Record<string, number>;
  best?: Record<string, number>;
}

export interface Ranking {
  metric: SweepMetric;
  /** The epoch with the lowest validation loss, or the last one. */
  which: 'best' | 'final';
}

export const higherIsBetter = (metric: SweepMetric): boolean => metric.endsWith('Accuracy') || metric.endsWith('R2');

/** The metric's value for a run, or undefined when the run has none (failed, no validation split). */
export function metricValue(run: RankableRun, { metric, which }: Ranking): number | undefined {
  const value = run[which]?.[metric];
  return Number.isFinite(value) ? value : undefined;
}

/** Compares metric values so the better one sorts first; runs without a value go last. */
function compareValues(a: number | undefined, b: number | undefined, metric: SweepMetric): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return higherIsBetter(metric) ? b - a : a - b;
}

/** Runs from best to worst by the ranking (a stable sort: ties keep plan order). */
export function rankRuns<T extends RankableRun>(runs: readonly T[], ranking: Ranking): T[] {
  return [...runs].sort((a, b) => compareValues(metricValue(a, ranking), metricValue(b, ranking), ranking.metric));
}

export interface CombinationSummary {
  configKey: string;
  config: Record<string, unknown>;
  /** Repeats that have the metric. */
  count: number;
  /** Repeats in all, including failed ones. */
  total: number;
  mean?: number;
  /** Sample standard deviation across repeats (0 for a single repeat). */
  std?: number;
  min?: number;
  max?: number;
}

/** One summary per parameter combination, best mean first. */
export function summarizeCombinations(runs: readonly RankableRun[], ranking: Ranking): CombinationSummary[] {
  const groups = new Map<string, RankableRun[]>();
  for (const run of runs) groups.set(run.configKey, [...(groups.get(run.configKey) ?? []), run]);
  const summaries = [...groups.values()].map((group): CombinationSummary => {
    const values = group.map((run) => metricValue(run, ranking)).filter((value): value is number => value !== undefined);
    const base = { configKey: group[0].configKey, config: group[0].config, count: values.length, total: group.length };
    if (values.length === 0) return base;
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.length > 1 ? values.reduce((sum, v) => sum + (v - mean) * (v - mean), 0) / (values.length - 1) : 0;
    return { ...base, mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
  });
  return summaries.sort((a, b) => compareValues(a.mean, b.mean, ranking.metric));
}

/** The metrics that at least one run reports, in the fixed order of SWEEP_METRICS. */
export function reportedMetrics(runs: readonly RankableRun[], metrics: readonly SweepMetric[]): SweepMetric[] {
  return metrics.filter((metric) => runs.some((run) => run.final?.[metric] !== undefined || run.best?.[metric] !== undefined));
}
