import type { Dataset, Normalization } from '../data/dataset';
import { fitNormalization, NORMALIZING, overflowingColumn } from '../data/normalize';
import type { TargetUnits } from '../nn/metrics';
import type { Experiment } from '../schema/experiment';
import { applyNormalization, normalizationInverse } from '../schema/normalization';

// Regression targets are scaled for training the way features are normalized: statistics of the
// training rows only, per target. Unscaled targets in the hundreds (scikit-learn's diabetes) make
// the loss and every gradient tens of thousands of times larger than with standardized ones, so an
// ordinary learning rate throws the output layer's weights around and the run looks like it
// exploded. The network learns the scaled targets; everything shown (metrics, predictions,
// exports) maps its outputs back with the stored statistics.

export type TargetScaling = Normalization;

/** The scaling the experiment asks for, fitted on `trainRows` (none for classification). */
export function fitTargetScaling(experiment: Experiment, dataset: Dataset, trainRows: Int32Array): TargetScaling {
  const target = dataset.target;
  const kind = experiment.training.scaleTarget ?? 'standardize';
  if (target.kind !== 'values' || kind === 'none') return { kind: 'none' };
  const scaling = fitNormalization(target.values, target.names.length, trainRows, kind);
  const j = overflowingColumn(scaling, target.names.length);
  if (j >= 0) {
    throw new Error(`training.scaleTarget: the values of target '${target.names[j]}' are too large to ${NORMALIZING[kind]} in float64 (the statistics overflow); rescale the column in the file`);
  }
  return scaling;
}

/** The targets as the network learns them: rows × targets, scaled (a copy; the dataset keeps its values). */
export function scaledTargets(values: Float64Array, targets: number, scaling: TargetScaling): Float64Array {
  const scaled = Float64Array.from(values);
  applyNormalization(scaled, targets, scaling);
  return scaled;
}

/** What maps the network's outputs back to the targets' units, or undefined when they are those units already. */
export function targetUnits(scaling: TargetScaling | undefined, targets: number): TargetUnits | undefined {
  if (!scaling || scaling.kind === 'none') return undefined;
  return normalizationInverse(scaling, targets);
}
