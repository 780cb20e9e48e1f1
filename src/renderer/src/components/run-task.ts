import type { Experiment } from '../../../shared/schema/experiment';
import type { SplitMetrics } from '../../../shared/schema/progress';

// Whether a run is a regression, for the views that show R², RMSE and MAE in place of accuracy.
// Its metrics say so once it has any (only regression reports R²); before its first epoch its
// model does: a regression is trained with a squared-error loss into a linear output layer.

export function isRegressionRun(experiment: Experiment, metrics: readonly (SplitMetrics | undefined)[]): boolean {
  const reported = metrics.filter((m): m is SplitMetrics => m !== undefined);
  if (reported.length > 0) return reported.some((m) => m.r2 !== undefined);
  const output = experiment.model.layers.at(-1)?.activation;
  const name = typeof output === 'string' ? output : output?.name;
  return (experiment.model.loss === 'mse' || experiment.model.loss === 'sse') && name === 'linear';
}
