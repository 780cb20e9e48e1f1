// The in-memory dataset every host hands to the engine. Rows are samples, stored row-major in one
// flat typed array (rows × features), the layout of a CSV file; the network takes column batches
// from it itself. Float32 storage keeps image sets at about their float32 size.

export type Task = 'classification' | 'regression';

export interface ClassTarget {
  kind: 'classes';
  /** Class names; a label is an index into this list. */
  classes: string[];
  /** One label per row. */
  labels: Int32Array;
}

export interface ValueTarget {
  kind: 'values';
  /** Names of the regression targets (usually one). */
  names: string[];
  /** rows × names.length, row-major. */
  values: Float64Array;
}

export type Target = ClassTarget | ValueTarget;

/** Normalization applied to the features, kept so exported weights can repeat it on new data. */
export type Normalization =
  | { kind: 'none' }
  | { kind: 'minmax'; min: number[]; max: number[] }
  | { kind: 'standardize'; mean: number[]; std: number[] };

export interface Dataset {
  name: string;
  featureNames: string[];
  rows: number;
  features: number;
  /** rows × features, row-major. */
  x: Float32Array | Float64Array;
  target: Target;
  normalization: Normalization;
  /**
   * Optional fixed split: row indices used for validation (and test). When absent the engine
   * holds out `training.validationSplit` of the rows with the run's seed.
   */
  split?: { train: Int32Array; validation: Int32Array; test?: Int32Array };
}

export function taskOf(dataset: Dataset): Task {
  return dataset.target.kind === 'classes' ? 'classification' : 'regression';
}

/** Number of output columns the target provides (classes for classification, targets for regression). */
export function targetWidth(target: Target): number {
  return target.kind === 'classes' ? target.classes.length : target.names.length;
}
