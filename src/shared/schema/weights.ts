import { z } from 'zod';
import { ACTIVATION_NAMES } from './names';
import { ExperimentSchema } from './experiment';

// Weights JSON v1: the public export format (documented in README). Shapes follow the tutorials:
// layer l has W of n_l rows × n_{l-1} columns and b of n_l, so `W @ x + b` works in numpy as
// written. Structural checks (shapes chain, sizes) live in src/shared/nn/weights-json.ts.

export const WEIGHTS_FORMAT = 'nn-workbench.weights';
export const WEIGHTS_VERSION = 1;

/** zod 4's number refuses NaN and ±Infinity itself ("expected number, received Infinity"). */
const finite = z.number();

export const WeightsLayerSchema = z.strictObject({
  W: z.array(z.array(finite)),
  b: z.array(finite),
  activation: z.strictObject({ name: z.enum(ACTIVATION_NAMES), slope: finite.optional() }),
  /** false: the layer has no bias; b is written as zeros so `W @ x + b` still works. */
  bias: z.literal(false).optional(),
});

export const NormalizationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('minmax'), min: z.array(finite), max: z.array(finite) }),
  z.strictObject({ kind: z.literal('standardize'), mean: z.array(finite), std: z.array(finite) }),
]);

export const WeightsFileSchema = z.strictObject({
  format: z.literal(WEIGHTS_FORMAT),
  version: z.literal(WEIGHTS_VERSION),
  layers: z.array(WeightsLayerSchema).min(1),
  input: z.strictObject({ features: z.array(z.string()), normalization: NormalizationSchema }),
  output: z.union([
    z.strictObject({ task: z.literal('classification'), classes: z.array(z.string()).min(2) }),
    z.strictObject({
      task: z.literal('regression'),
      targets: z.array(z.string()).min(1),
      /**
       * The network was trained on scaled targets (fitted on the training rows); its raw output
       * maps back to the target's units as output · std + mean (standardize) or
       * output · (max − min) + min (minmax). Absent: the raw output is in the target's units.
       */
      scaling: NormalizationSchema.optional(),
    }),
  ]),
  experiment: ExperimentSchema.optional(),
  metrics: z.record(z.string(), z.number()).optional(),
});
export type WeightsFile = z.infer<typeof WeightsFileSchema>;
