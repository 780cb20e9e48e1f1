import { z } from 'zod';
import { TRAIN_METRICS } from './names';

// What a training run reports once per epoch, and how it ends. These cross process boundaries
// (utility process → main → renderer, Web Worker → renderer) and are stored with runs, so they are
// schemas, not just types.

const num = z.number(); // may be NaN/Infinity inside a failing run; the final message explains it

export const SplitMetricsSchema = z.strictObject({
  loss: num,
  /** Classification only. */
  accuracy: num.optional(),
  /**
   * Regression only, in the targets' own units (whatever scaling training used), each the mean
   * over targets of that target's figure (scikit-learn's "uniform_average"). rmse is absent in
   * runs recorded before it existed.
   */
  mae: num.optional(),
  rmse: num.optional(),
  r2: num.optional(),
});
export type SplitMetrics = z.infer<typeof SplitMetricsSchema>;

export const LayerDiagnosticsSchema = z.strictObject({
  /** Frobenius norm of W[l]. */
  weightNorm: num,
  /** Frobenius norm of dW[l] for the last batch of the epoch. */
  gradientNorm: num,
  /** ‖ΔW[l]‖ / ‖W[l]‖ of the last update: ~1e-3 is healthy, far below means learning stalls. */
  updateRatio: num,
  activationMean: num,
  activationStd: num,
  /** ReLU family: share of units that output 0 for every sample the epoch's training metrics saw. */
  deadFraction: num,
  /** sigmoid/tanh: share of activations in the flat tails (|tanh| > 0.99, sigmoid < 0.01 or > 0.99). */
  saturatedFraction: num,
  /**
   * Units that are no copy of another (same incoming weights, bias and outgoing weights): fewer
   * than the layer's units is the symmetry problem. Absent in runs recorded before it existed.
   */
  distinctUnits: z.number().int().min(0).optional(),
});
export type LayerDiagnostics = z.infer<typeof LayerDiagnosticsSchema>;

export const HistogramSchema = z.strictObject({
  min: num,
  max: num,
  /** Counts of equal-width bins from min to max. */
  counts: z.array(z.number().int().min(0)).max(1000),
});

/**
 * A look at what the network computes, sent with some epochs (the engine throttles it so a run
 * carries a few dozen): per layer, histograms of W and of the activations on a sample of training
 * rows; for two-feature classification, the predicted class and its confidence (percent) over a
 * grid spanning the data, row-major from the top (highest second feature) down; on the evaluated
 * rows (validation, or training without a validation split) the confusion matrix
 * (counts[actual][predicted]) or, for regression, predicted against true values of every target
 * for a sample of them.
 */
export const NetworkViewSchema = z.strictObject({
  layers: z.array(z.strictObject({ weights: HistogramSchema, activations: HistogramSchema })),
  boundary: z
    .strictObject({
      size: z.number().int().min(2).max(200),
      xRange: z.tuple([num, num]),
      yRange: z.tuple([num, num]),
      classes: z.array(z.number().int().min(0)),
      confidence: z.array(z.number().int().min(0).max(100)),
    })
    .optional(),
  /** `of`: the rows in the split, when `rows` is an evenly spaced sample of them (large training sets). */
  evaluated: z.strictObject({ split: z.enum(['train', 'validation']), rows: z.number().int().min(0), of: z.number().int().min(0).optional() }),
  confusion: z.array(z.array(z.number().int().min(0))).optional(),
  /** Names of the confusion matrix's classes, in label order. */
  classes: z.array(z.string()).optional(),
  /**
   * Regression, in the targets' units: row-major samples × `targets` (absent: 1, views recorded
   * before several targets were sent), with the targets' names when known.
   */
  predictions: z
    .strictObject({
      actual: z.array(num),
      predicted: z.array(num),
      targets: z.number().int().min(1).optional(),
      names: z.array(z.string()).optional(),
    })
    .optional(),
});
export type NetworkView = z.infer<typeof NetworkViewSchema>;

export const EpochEventSchema = z.strictObject({
  /** 0: the initial weights, before any update (its gradient is the first batch's, its updateRatio 0). */
  epoch: z.number().int().min(0),
  epochs: z.number().int().min(1),
  train: SplitMetricsSchema,
  validation: SplitMetricsSchema.optional(),
  learningRate: num,
  /** Seconds since the run started (a resumed run counts from the start of the run it continues). */
  seconds: num,
  /** Seconds of this epoch alone: its training steps and evaluation. Absent in runs recorded before it existed. */
  epochSeconds: num.optional(),
  /**
   * How `train` was measured (TRAIN_METRICS): "running" over the epoch's training steps, or "full",
   * the whole training set after the epoch (always so for epoch 0). Absent in runs recorded before
   * it existed, which were all "full".
   */
  trainMetrics: z.enum(TRAIN_METRICS).optional(),
  layers: z.array(LayerDiagnosticsSchema),
  view: NetworkViewSchema.optional(),
});
export type EpochEvent = z.infer<typeof EpochEventSchema>;

export const RUN_END_STATUSES = ['done', 'stopped-early', 'cancelled', 'failed'] as const;
export type RunEndStatus = (typeof RUN_END_STATUSES)[number];
