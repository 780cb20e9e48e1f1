import type { EpochEvent } from '../../../../shared/schema/progress';

// Final, best and at-epoch numbers of compared runs, and which run is best in each column
// (lowest loss, RMSE or MAE, highest accuracy or R²), so the table can mark it.

export type Split = 'train' | 'validation';
export type MetricName = 'loss' | 'accuracy' | 'r2' | 'rmse' | 'mae';

/** Whether a higher value of the metric is better. */
export const higherIsBetter = (metric: MetricName) => metric === 'accuracy' || metric === 'r2';

/**
 * The metrics compared for these runs' task: regression's in the targets' units (its losses are of
 * scaled targets, which runs scaling them differently do not share).
 */
export const comparedMetrics = (regression: boolean): MetricName[] => (regression ? ['rmse', 'r2', 'mae'] : ['loss', 'accuracy']);

export interface MetricSummary {
  final?: number;
  best?: { value: number; epoch: number };
  /** The value at the chosen epoch (undefined when the run did not reach it). */
  atEpoch?: number;
}

const better = (metric: MetricName, a: number, b: number) => (higherIsBetter(metric) ? a > b : a < b);

export function summarize(events: readonly EpochEvent[], split: Split, metric: MetricName, atEpoch: number): MetricSummary {
  const summary: MetricSummary = {};
  for (const event of events) {
    // Epoch 0 is the initial weights: no training epoch to be final, best or chosen.
    if (event.epoch === 0) continue;
    const value = event[split]?.[metric];
    if (value === undefined || Number.isNaN(value)) continue;
    summary.final = value;
    if (!summary.best || better(metric, value, summary.best.value)) summary.best = { value, epoch: event.epoch };
    if (event.epoch === atEpoch) summary.atEpoch = value;
  }
  return summary;
}

/** Index of the best value (ties: the first), or -1 when fewer than two runs have one. */
export function bestIndex(values: readonly (number | undefined)[], metric: MetricName): number {
  let best = -1;
  let count = 0;
  values.forEach((value, i) => {
    if (value === undefined || Number.isNaN(value)) return;
    count++;
    if (best < 0 || better(metric, value, values[best]!)) best = i;
  });
  return count >= 2 ? best : -1;
}
