// The names every registry in src/shared/nn must implement, exactly. Keeping the lists here (the
// bottom layer) lets the schemas validate configs without importing the numeric core, and the
// core's registries are typed `Record<Name, …>` so a missing or extra entry fails to compile.

export const ACTIVATION_NAMES = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export const LOSS_NAMES = ['sse', 'mse', 'binaryCrossEntropy', 'categoricalCrossEntropy'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export const INITIALIZER_NAMES = [
  'zeros',
  'constant',
  'uniform',
  'normal',
  'xavierUniform',
  'xavierNormal',
  'heUniform',
  'heNormal',
] as const;
export type InitializerName = (typeof INITIALIZER_NAMES)[number];

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const SCHEDULE_NAMES = ['constant', 'step', 'exponential'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export const SYNTHETIC_DATASET_NAMES = ['xor', 'circles', 'moons', 'spirals', 'blobs'] as const;
export type SyntheticDatasetName = (typeof SYNTHETIC_DATASET_NAMES)[number];

export const DTYPES = ['float64', 'float32'] as const;
export type DType = (typeof DTYPES)[number];

/**
 * How an epoch's training-set metrics are measured: "running", accumulated over the epoch's
 * training steps (each batch before its update), or "full", the whole training set evaluated
 * after the epoch. Validation metrics are always a full evaluation.
 */
export const TRAIN_METRICS = ['running', 'full'] as const;
export type TrainMetrics = (typeof TRAIN_METRICS)[number];
/**
 * Running, as Keras reports its per-epoch `loss`: evaluating the training set again costs about a
 * third of an epoch (a forward pass over every row) for figures the validation split gives exactly.
 */
export const DEFAULT_TRAIN_METRICS: TrainMetrics = 'running';

/** How regression targets are scaled for training (see TrainingSpec.scaleTarget). */
export const TARGET_SCALINGS = ['standardize', 'minmax', 'none'] as const;
export type TargetScalingName = (typeof TARGET_SCALINGS)[number];

/** How a dataset's features are normalized, fitted on the training rows (a dataset spec's `normalize`). */
export const NORMALIZATION_KINDS = ['none', 'minmax', 'standardize'] as const;
