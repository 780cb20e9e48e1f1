import { z } from 'zod';
import {
  ACTIVATION_NAMES,
  DTYPES,
  INITIALIZER_NAMES,
  LOSS_NAMES,
  NORMALIZATION_KINDS,
  SYNTHETIC_DATASET_NAMES,
  TRAIN_METRICS,
  TARGET_SCALINGS,
} from './names';

// Experiment JSON: the public format the CLI reads and the app stores (documented in README).
// Every object is strict so a typo ("learningrate") is reported instead of silently ignored.

/** zod 4's number refuses NaN and ±Infinity itself ("expected number, received Infinity"). */
const finite = z.number();
const positive = finite.refine((v) => v > 0, 'expected a number > 0');
const count = z.number().int('expected a whole number').positive('expected a number ≥ 1');

/** An activation is a name, or an object with the name and its parameters. */
export const ActivationSpecSchema = z.union([
  z.enum(ACTIVATION_NAMES),
  z.strictObject({ name: z.enum(ACTIVATION_NAMES), slope: finite.optional() }),
]);
export type ActivationSpec = z.infer<typeof ActivationSpecSchema>;

/** Weight initializer: a name, or `{name, …parameters}` (uniform low/high, normal mean/std, constant value). */
export const InitSpecSchema = z.union([
  z.enum(INITIALIZER_NAMES),
  z.strictObject({
    name: z.enum(INITIALIZER_NAMES),
    value: finite.optional(),
    low: finite.optional(),
    high: finite.optional(),
    mean: finite.optional(),
    std: finite.optional(),
  }),
]);
export type InitSpec = z.infer<typeof InitSpecSchema>;

export const BiasInitSchema = z.union([
  z.literal('zeros'),
  z.strictObject({ name: z.literal('constant'), value: finite }),
  z.strictObject({ name: z.literal('zeros') }),
]);
export type BiasInit = z.infer<typeof BiasInitSchema>;

export const LayerSpecSchema = z.strictObject({
  units: count.max(100_000, 'expected at most 100000 units'),
  activation: ActivationSpecSchema,
  /** Per-layer initializer; falls back to the model's `init`. */
  init: InitSpecSchema.optional(),
  /** Inverted-dropout rate applied to this layer's output during training (0 = off). */
  dropout: finite.min(0).max(0.95).optional(),
  /** false: no bias, b stays exactly zero and is never trained (the first tutorial's network). */
  bias: z.boolean().optional(),
});
export type LayerSpec = z.infer<typeof LayerSpecSchema>;

export const ModelSpecSchema = z.strictObject({
  layers: z.array(LayerSpecSchema).min(1, 'expected at least one layer').max(64),
  init: InitSpecSchema.default('heNormal'),
  biasInit: BiasInitSchema.default('zeros'),
  loss: z.enum(LOSS_NAMES),
});
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

export const OptimizerSpecSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('sgd'), learningRate: positive }),
  z.strictObject({
    name: z.literal('momentum'),
    learningRate: positive,
    momentum: finite.min(0).max(0.9999).default(0.9),
    nesterov: z.boolean().default(false),
  }),
  z.strictObject({
    name: z.literal('rmsprop'),
    learningRate: positive,
    rho: finite.min(0).max(0.9999).default(0.9),
    epsilon: positive.default(1e-8),
  }),
  z.strictObject({
    name: z.literal('adam'),
    learningRate: positive,
    beta1: finite.min(0).max(0.9999).default(0.9),
    beta2: finite.min(0).max(0.99999).default(0.999),
    epsilon: positive.default(1e-8),
  }),
]);
export type OptimizerSpec = z.infer<typeof OptimizerSpecSchema>;

export const ScheduleSpecSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('constant') }),
  /** learningRate × factor^floor(epoch / every) */
  z.strictObject({ name: z.literal('step'), every: count, factor: positive }),
  /** learningRate × rate^epoch */
  z.strictObject({ name: z.literal('exponential'), rate: positive }),
]);
export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;

export const TrainingSpecSchema = z.strictObject({
  optimizer: OptimizerSpecSchema,
  schedule: ScheduleSpecSchema.default({ name: 'constant' }),
  /** Mini-batch size, or "full" for full-batch gradient descent. */
  batchSize: z.union([count, z.literal('full')]).default('full'),
  epochs: count.max(1_000_000),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  dtype: z.enum(DTYPES).default('float64'),
  /** Fraction of the data held out for validation when the dataset has no validation split. */
  validationSplit: finite.min(0).max(0.9).default(0),
  /** L2 weight decay λ: adds λ/2·ΣW² to the loss (biases are not decayed). */
  l2: finite.min(0).default(0),
  /** Clip the global gradient norm to this value (off when absent). */
  clipNorm: positive.optional(),
  earlyStopping: z
    .strictObject({ patience: count, minDelta: finite.min(0).default(0) })
    .optional(),
  /** Shuffle the training rows each epoch (seeded). */
  shuffle: z.boolean().default(true),
  /** Kernel backend; "auto" picks the fastest available. */
  backend: z.enum(['auto', 'ts', 'wasm']).default('auto'),
  /**
   * How each epoch's training-set metrics are measured: "running" (absent: DEFAULT_TRAIN_METRICS)
   * from the epoch's own training steps, "full" by evaluating the whole training set after the
   * epoch (see src/shared/nn/split-metrics.ts). Optional rather than defaulted, so experiments
   * written before it existed keep their run and sweep keys (stable-key.ts hashes the parsed
   * experiment).
   */
  trainMetrics: z.enum(TRAIN_METRICS).optional(),
  /**
   * Regression: what the network is trained to output, fitted on the training rows — the targets
   * standardized (the default: the loss and its gradients then have the same size whatever the
   * target's units), scaled to [0, 1], or as they are. Metrics and predictions are in the
   * target's units whatever is chosen. Ignored for classification.
   */
  scaleTarget: z.enum(TARGET_SCALINGS).optional(),
});
export type TrainingSpec = z.infer<typeof TrainingSpecSchema>;

export const SyntheticDatasetSpecSchema = z.strictObject({
  synthetic: z.enum(SYNTHETIC_DATASET_NAMES),
  samples: count.max(1_000_000).optional(),
  noise: finite.min(0).optional(),
  /** Number of classes (blobs, spirals). */
  classes: count.max(100).optional(),
  seed: z.number().int().min(0).default(0),
});

/**
 * Feature normalization of a run's inputs, fitted on its training rows only (applied to every
 * row); none by default. Optional without a default, so an experiment written before a dataset
 * kind had it keeps its run and sweep keys (stable-key.ts leaves absent fields out).
 */
const normalize = z.enum(NORMALIZATION_KINDS).optional();

/** What a CSV dataset says besides its file and target column(s). */
const csvFields = {
  task: z.enum(['classification', 'regression']).optional(),
  normalize,
  /** Columns left out of the features (every other column is one). */
  ignore: z.array(z.string().min(1)).optional(),
  /** Columns one-hot encoded even though their values are numbers (text columns always are). */
  categorical: z.array(z.string().min(1)).optional(),
  /**
   * Missing or unreadable values ('', NaN, NA, ?, null, text in a numeric column): fail (default,
   * naming row and column), drop the row, or fill with the training rows' mean / most frequent value.
   */
  missing: z.enum(['fail', 'drop', 'mean', 'mostFrequent']).optional(),
  /** Whether the first row names the columns; guessed when absent. Without one, columns are "column 1", "column 2", … */
  header: z.boolean().optional(),
  /** Lines before the data and its header (a metadata line); detected when absent. */
  skipLines: z.number().int().min(0).max(1_000_000).optional(),
  /** The line (1-based) that names the columns: skips the lines above it and implies header: true. */
  headerLine: z.number().int().min(1).max(1_000_001).optional(),
  /** Field separator; detected when absent. "whitespace": runs of spaces or tabs. */
  delimiter: z.enum([',', ';', '\t', '|', 'whitespace']).optional(),
  /** Text encoding; detected when absent (UTF-8, UTF-16 by its byte-order mark, else Windows-1252). */
  encoding: z.enum(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']).optional(),
  /** How numbers are written: decimal "." or "," (detected when absent), and a thousands separator ("" none, the default). */
  decimal: z.enum(['.', ',']).optional(),
  thousands: z.enum(['', ',', '.', ' ', "'"]).optional(),
};

export const DatasetSpecSchema = z.union([
  SyntheticDatasetSpecSchema,
  /** A CSV file with one target column… */
  z.strictObject({ csv: z.string().min(1), target: z.string().min(1), ...csvFields }),
  /** …or several: one multi-output regression (two branches, so a misspelled "target" is named as such). */
  z.strictObject({
    csv: z.string().min(1),
    targets: z
      .array(z.string().min(1))
      .min(1)
      .max(1000)
      .refine((names) => new Set(names).size === names.length, 'a column is named twice'),
    ...csvFields,
  }),
  z.strictObject({
    idx: z.strictObject({ images: z.string().min(1), labels: z.string().min(1) }),
    limit: count.optional(),
    /** Class names: Fashion-MNIST's, digits "0"…"9", or a list; by default Fashion-MNIST's when a path mentions it. */
    classes: z.union([z.enum(['fashion-mnist', 'digits']), z.array(z.string().min(1)).min(2)]).optional(),
  }),
  /** A folder with one subfolder of images per class, resized to size × size. */
  z.strictObject({
    images: z.strictObject({
      folder: z.string().min(1),
      size: count.max(512).default(28),
      color: z.enum(['grayscale', 'rgb']).default('grayscale'),
      /** What transparent pixels are composited onto. */
      background: z.enum(['white', 'black']).default('white'),
    }),
  }),
  /**
   * A dataset stored in the app's database, by id ("builtin/…" for the ones shipped with it), as it
   * was stored; `normalize` on one stored unnormalized is fitted per run like a CSV file's.
   */
  z.strictObject({ stored: z.string().min(1), normalize }),
]);
export type DatasetSpec = z.infer<typeof DatasetSpecSchema>;

/** The target columns a CSV dataset names, `target` or `targets`. */
export function csvTargets(spec: Extract<DatasetSpec, { csv: string }>): string[] {
  return 'targets' in spec ? spec.targets : [spec.target];
}

export const ExperimentSchema = z.strictObject({
  name: z.string().max(200).optional(),
  dataset: DatasetSpecSchema,
  model: ModelSpecSchema,
  training: TrainingSpecSchema,
});
/** A parsed experiment, with every default filled in. */
export type Experiment = z.infer<typeof ExperimentSchema>;
/** What a user may write: defaults may be left out. */
export type ExperimentInput = z.input<typeof ExperimentSchema>;
