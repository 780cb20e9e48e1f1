import type { ImageGeometry } from '../../../../shared/data/image-geometry';
import type { Experiment, ExperimentInput } from '../../../../shared/schema/experiment';
import type { LossName } from '../../../../shared/schema/names';
import type { WeightsFile } from '../../../../shared/schema/weights';

// What the predictions worker is asked for and what it answers (see predictions.worker.ts): every
// row of a dataset through one network, with the rows of each split, so the page can switch split,
// sort and filter without asking again.

export type PredictionsSource =
  /** A run's network: its stored weights, or without them the experiment's seeded initialization (epoch 0). */
  | { kind: 'run'; experiment: Experiment; weights?: WeightsFile }
  /** An imported weights file. */
  | { kind: 'weights'; file: WeightsFile };

export interface PredictionsRequest {
  source: PredictionsSource;
  /** As the forms hold it; the worker validates it. */
  dataset: ExperimentInput['dataset'];
  /** Asset file name → absolute URL, for the built-in datasets. */
  assetUrls: Record<string, string>;
}

/** 'all': a dataset with no split of its own, evaluated with weights from elsewhere. */
export type SplitName = 'train' | 'validation' | 'test' | 'all';

export interface PredictionTable {
  datasetName: string;
  featureNames: string[];
  /** Classification: class names (a label and a prediction index them). */
  classes?: string[];
  /** Regression: target names. */
  targetNames?: string[];
  /** Output units: A holds this many values per row. */
  outputs: number;
  loss: LossName;
  /** Where the loss came from, when not from the run's own experiment. */
  lossOrigin: 'experiment' | 'weights file' | 'output layer';
  splits: { name: SplitName; rows: Int32Array }[];
  /** Indexed by dataset row: A (rows × outputs), the row's loss, the predicted class. */
  A: Float64Array;
  rowLoss: Float64Array;
  predicted?: Int32Array;
  /** Classification: the label of each dataset row. Regression: rows × targets values. */
  labels?: Int32Array;
  targets?: Float64Array;
  /** Tables: rows × features in the units of the user's file (normalization undone). */
  inputs?: Float32Array;
  /** Images: the pixels, 0…255, rows × features, drawn as thumbnails. */
  image?: { geometry: ImageGeometry; pixels: Uint8ClampedArray };
}

export function tableBuffers(table: PredictionTable): Transferable[] {
  const arrays = [table.A, table.rowLoss, table.predicted, table.labels, table.targets, table.inputs, table.image?.pixels, ...table.splits.map((s) => s.rows)];
  return [...new Set(arrays.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : [])))];
}
