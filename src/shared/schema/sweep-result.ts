import { z } from 'zod';
import { ExperimentSchema } from './experiment';
import { RUN_END_STATUSES } from './progress';

// One line of a sweep's results file (JSON Lines): everything needed to rank, chart and repeat a
// run without opening anything else. Shards of the same sweep write lines with the same `sweep`
// id and run keys, which is how `merge` knows they belong together.

const metrics = z.record(z.string(), z.number());

export const SweepResultLineSchema = z.strictObject({
  format: z.literal('nn-workbench.sweep-result'),
  version: z.literal(1),
  /** Id of the sweep definition (see sweep-plan.ts). */
  sweep: z.string().min(1),
  /** Runs in the whole sweep, across all shards. */
  runs: z.number().int().min(1),
  index: z.number().int().min(0),
  key: z.string().min(1),
  configKey: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  repeat: z.number().int().min(0),
  experiment: ExperimentSchema,
  status: z.enum(RUN_END_STATUSES),
  message: z.string().optional(),
  /** Stopped by successive halving at the given epoch budget. */
  prunedAt: z.number().int().min(1).optional(),
  epochs: z.number().int().min(0),
  bestEpoch: z.number().int().min(0).optional(),
  /** Metrics of the weights the run ended with (trainLoss, validationAccuracy, …). */
  final: metrics.optional(),
  /** Metrics at bestEpoch (lowest validation loss, or train loss without validation). */
  best: metrics.optional(),
  /** Wall-clock seconds of this run (all its rungs under successive halving). */
  seconds: z.number().min(0),
  /** Weights JSON written for this run, when asked for. */
  weights: z.string().optional(),
  /** Its epoch events (JSON lines, as the engine reported them), written beside the weights. */
  history: z.string().optional(),
});
export type SweepResultLine = z.infer<typeof SweepResultLineSchema>;
