import { z } from 'zod';
import { ExperimentSchema } from './experiment';
import { isUnsafeKey } from './unsafe-keys';

// Sweep JSON: a public format (documented in README, "Sweeps"). A base experiment, the parameters
// to vary (each by a dotted path into the experiment or by a friendly alias), how to combine them
// (a full grid or seeded random samples), how many seeds each combination runs with, and an
// optional successive-halving schedule that stops the worst half early.

/** zod 4's number refuses NaN and ±Infinity itself ("expected number, received Infinity"). */
const finite = z.number();

/** Shorthands for what people sweep most; each is explained where it is applied (sweep-plan.ts). */
export const PARAMETER_ALIASES = [
  'learningRate',
  'optimizer',
  'batchSize',
  'epochs',
  'l2',
  'seed',
  'init',
  'width',
  'depth',
  'activation',
  'dropout',
] as const;
export type ParameterAlias = (typeof PARAMETER_ALIASES)[number];

/** `model.layers[0].units`, `training.optimizer.learningRate`: names and [index] steps. */
const PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$/;

export const isParameterName = (name: string): boolean =>
  (PARAMETER_ALIASES as readonly string[]).includes(name) ||
  (PATH_PATTERN.test(name) && /^(dataset|model|training)[.[]/.test(name) && !unsafeStep(name));

/** A step of a parameter path that would reach a prototype (`model.__proto__.x`). */
export const unsafeStep = (name: string): string | undefined => name.split(/[.[\]]/).find(isUnsafeKey);

/** Any JSON value an experiment field can take: a number, a name, a flag, or an object like an activation spec. */
const ParameterValueSchema: z.ZodType<unknown> = z.union([finite, z.string(), z.boolean(), z.record(z.string(), z.unknown())]);

export const ParameterRangeSchema = z
  .strictObject({
    min: finite,
    max: finite,
    /** Evenly spaced values from min to max inclusive (on a log axis for scale "log"); random search samples continuously without it. */
    steps: z.number().int('expected a whole number').min(2, 'expected at least 2 steps').max(10_000).optional(),
    scale: z.enum(['linear', 'log']).default('linear'),
    /** Round to whole numbers; inferred from the parameter (units, batch size, epochs, seeds, width, depth) when absent. */
    integer: z.boolean().optional(),
  })
  .refine((range) => range.max >= range.min, { message: 'expected max ≥ min', path: ['max'] })
  .refine((range) => range.scale !== 'log' || range.min > 0, { message: 'a log range needs min > 0', path: ['min'] });
export type ParameterRange = z.infer<typeof ParameterRangeSchema>;

export const ParameterValuesSchema = z.union([
  z.array(ParameterValueSchema).min(1, 'expected at least one value').max(10_000),
  ParameterRangeSchema,
]);
export type ParameterValues = z.infer<typeof ParameterValuesSchema>;

export const SweepMethodSchema = z.union([
  z.literal('grid').transform(() => ({ name: 'grid' as const })),
  z.strictObject({ name: z.literal('grid') }),
  z.strictObject({
    name: z.literal('random'),
    samples: z.number().int('expected a whole number').min(1, 'expected a number ≥ 1').max(100_000, 'expected at most 100000'),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  }),
]);
export type SweepMethod = z.infer<typeof SweepMethodSchema>;

/** Metrics a sweep can rank by: the flat names runs report (trainLoss, validationAccuracy, …). */
export const SWEEP_METRICS = [
  'trainLoss',
  'trainAccuracy',
  'trainMae',
  'trainRmse',
  'trainR2',
  'validationLoss',
  'validationAccuracy',
  'validationMae',
  'validationRmse',
  'validationR2',
] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

export const HalvingSchema = z
  .strictObject({
    /** Epochs at which the worse half of the configurations stops, in increasing order. */
    at: z.array(z.number().int('expected a whole number').min(1)).min(1, 'expected at least one epoch'),
    /**
     * What "worse" means, measured at each rung (the mean over a configuration's seeds). When
     * absent: validationLoss (trainLoss without validation); for regression validationRmse
     * (trainRmse), in the targets' units, which runs with different target scalings share.
     */
    metric: z.enum(SWEEP_METRICS).optional(),
  })
  .refine((halving) => halving.at.every((epoch, i) => i === 0 || epoch > halving.at[i - 1]), {
    message: 'expected increasing epochs',
    path: ['at'],
  });
export type Halving = z.infer<typeof HalvingSchema>;

export const SweepSchema = z.strictObject({
  name: z.string().max(200).optional(),
  experiment: ExperimentSchema,
  parameters: z
    .record(z.string(), ParameterValuesSchema)
    // Checked here rather than as the record's key schema so the message names the key itself.
    .superRefine((parameters, ctx) => {
      for (const name of Object.keys(parameters).filter((key) => !isParameterName(key))) {
        const unsafe = unsafeStep(name);
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: unsafe
            ? `'${unsafe}' cannot be a step of a parameter path: it names an object's prototype, not a field of the experiment`
            : `expected an alias (${PARAMETER_ALIASES.join(', ')}) or a path into the experiment such as training.optimizer.learningRate or model.layers[0].units`,
        });
      }
    })
    .default({}),
  method: SweepMethodSchema.default({ name: 'grid' }),
  /** Runs per combination, with training seeds experiment.training.seed + 0, 1, 2, … */
  repeats: z.number().int('expected a whole number').min(1, 'expected a number ≥ 1').max(1000, 'expected at most 1000').default(1),
  /** Checked against each run's epochs when the sweep is planned (an epochs parameter may change them). */
  halving: HalvingSchema.optional(),
});
/** A parsed sweep with every default filled in. */
export type Sweep = z.infer<typeof SweepSchema>;
export type SweepInput = z.input<typeof SweepSchema>;
