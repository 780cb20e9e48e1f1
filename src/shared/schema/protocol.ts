import { z } from 'zod';
import { CheckpointFileSchema } from './checkpoint';
import { ExperimentSchema } from './experiment';
import { EpochEventSchema, RUN_END_STATUSES } from './progress';
import { NormalizationSchema, WeightsFileSchema } from './weights';

// One message protocol for every training process: the Electron utility process and the browser's
// Web Worker both receive TrainerRequest and send TrainerEvent. Validated on both sides of every
// boundary. Datasets travel as typed arrays (structured clone / transfer), never as JSON arrays.

const runId = z.string().min(1).max(100);

export const DatasetMessageSchema = z.strictObject({
  name: z.string(),
  featureNames: z.array(z.string()),
  rows: z.number().int().min(1),
  features: z.number().int().min(1),
  x: z.union([z.instanceof(Float32Array), z.instanceof(Float64Array)]),
  target: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('classes'), classes: z.array(z.string()).min(2), labels: z.instanceof(Int32Array) }),
    z.strictObject({ kind: z.literal('values'), names: z.array(z.string()).min(1), values: z.instanceof(Float64Array) }),
  ]),
  normalization: NormalizationSchema,
  split: z
    .strictObject({
      train: z.instanceof(Int32Array),
      validation: z.instanceof(Int32Array),
      test: z.instanceof(Int32Array).optional(),
    })
    .optional(),
})
  // Types alone let a message claim 10 rows and carry 3 values, which a kernel would read past.
  .superRefine((dataset, ctx) => {
    const { rows, features, target } = dataset;
    const expect = (actual: number, expected: number, path: PropertyKey[], what: string) => {
      if (actual !== expected) ctx.addIssue({ code: 'custom', path, message: `${actual} ${what}, expected ${expected}` });
    };
    expect(dataset.x.length, rows * features, ['x'], `values for ${rows} rows × ${features} features`);
    expect(dataset.featureNames.length, features, ['featureNames'], 'names');
    if (target.kind === 'classes') {
      expect(target.labels.length, rows, ['target', 'labels'], 'labels');
      if (target.labels.some((label) => label < 0 || label >= target.classes.length)) {
        ctx.addIssue({ code: 'custom', path: ['target', 'labels'], message: `a label outside 0…${target.classes.length - 1}` });
      }
    } else {
      expect(target.values.length, rows * target.names.length, ['target', 'values'], `values for ${rows} rows × ${target.names.length} targets`);
    }
    const { normalization } = dataset;
    for (const [key, values] of Object.entries(normalization).filter(([key]) => key !== 'kind')) {
      expect((values as number[]).length, features, ['normalization', key], 'values');
    }
    for (const [key, indexes] of Object.entries(dataset.split ?? {})) {
      if ((indexes as Int32Array).some((row) => row < 0 || row >= rows)) {
        ctx.addIssue({ code: 'custom', path: ['split', key], message: `a row index outside 0…${rows - 1}` });
      }
    }
  });

export const TrainerRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    runId,
    experiment: ExperimentSchema,
    dataset: DatasetMessageSchema,
    /** Continue training from these weights instead of initializing. */
    initialWeights: WeightsFileSchema.optional(),
    /** Go on from this checkpoint (exact continuation, or a fork when the experiment differs). */
    resume: CheckpointFileSchema.optional(),
    /**
     * Helper threads the run's large float32 matrix products may use (wasm backend), granted by
     * the host when the run has the machine to itself; absent or 0: one thread.
     */
    kernelHelpers: z.number().int().min(0).max(15).optional(),
  }),
  z.strictObject({ type: z.literal('cancel'), runId }),
]);
export type TrainerRequest = z.infer<typeof TrainerRequestSchema>;
export type StartRunRequest = Extract<TrainerRequest, { type: 'start' }>;

export const RunResultSchema = z.strictObject({
  status: z.enum(RUN_END_STATUSES),
  /** Why a run failed or stopped early, in words a user can act on. */
  message: z.string().optional(),
  /** Epoch whose weights are `bestWeights` (lowest validation loss, or train loss without validation). */
  bestEpoch: z.number().int().min(0).optional(),
  weights: WeightsFileSchema.optional(),
  bestWeights: WeightsFileSchema.optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

export const TrainerEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('started'), runId }),
  z.strictObject({ type: z.literal('epoch'), runId, event: EpochEventSchema }),
  /** The run's latest checkpoint, now and then and at its end (after the epochs it covers). */
  z.strictObject({ type: z.literal('checkpoint'), runId, checkpoint: CheckpointFileSchema }),
  z.strictObject({ type: z.literal('end'), runId, result: RunResultSchema }),
]);
export type TrainerEvent = z.infer<typeof TrainerEventSchema>;

/** Describe the first problem zod found, naming the field, for logs and error messages. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : '(message)';
  return `${where}: ${issue.message}`;
}
