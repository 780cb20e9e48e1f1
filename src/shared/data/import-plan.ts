import { z } from 'zod';
import { MAX_TRACKED_VALUES, type CsvInference, type CsvProfile } from './column-inference';
import { DECIMAL_MARKS, sortLabels, THOUSANDS_SEPARATORS } from './csv-values';
import { CSV_DELIMITERS, CSV_ENCODINGS, type CsvSniff } from './csv-sniff';
import { ImportError } from './import-error';

// The user's choices for one CSV import, as plain JSON: the import wizard edits it, the dataset
// builder follows it, the app stores it with the dataset (so an import can be repeated), and the
// CLI's experiment JSON carries the same options. `suggestImportPlan` fills it from the sniff and
// the inference; validation (zod) catches plans that cannot build before a byte is read twice.

/**
 * What to do with a missing or unreadable value:
 * - `fail`: stop at the first one with its row and column (the CLI's default),
 * - `drop`: drop the row (counted per column in the report),
 * - `mean`: numeric columns get the mean of the training rows; categorical ones the most frequent,
 * - `mostFrequent`: the most frequent value of the training rows, for either type.
 * A missing target always drops the row: there is nothing honest to fill it with.
 */
export const MISSING_POLICIES = ['fail', 'drop', 'mean', 'mostFrequent'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

export const ImportColumnSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['numeric', 'categorical']),
  role: z.enum(['feature', 'target', 'ignore']),
  /** One-hot order of a categorical feature; values outside it are treated like missing ones. */
  categories: z.array(z.string()).max(MAX_TRACKED_VALUES).optional(),
  /** Overrides the plan's `missing` for this column. */
  missing: z.enum(MISSING_POLICIES).optional(),
});
export type ImportColumn = z.infer<typeof ImportColumnSchema>;

const fraction = z.number().min(0).max(0.9);

/** The plan's fields with their defaults; `ImportPlanSchema` adds the checks that make it buildable. */
export const ImportPlanFieldsSchema = z.strictObject({
    fileName: z.string().min(1),
    /** Dataset name shown in the app; the file name without extension by default. */
    name: z.string().min(1).max(200),
    delimiter: z.enum(CSV_DELIMITERS),
    encoding: z.enum(CSV_ENCODINGS).default('utf-8'),
    /** Lines before the data and its header, left out (a metadata line, a title). */
    skipLines: z.number().int().min(0).max(1_000_000).default(0),
    hasHeader: z.boolean(),
    /** How numbers are written: '3.14' or '3,14', and a thousands separator ('1,234.5', '1.234,5'), or none. */
    decimal: z.enum(DECIMAL_MARKS).default('.'),
    thousands: z.enum(THOUSANDS_SEPARATORS).default(''),
    /** One entry per column of the file, in file order. */
    columns: z.array(ImportColumnSchema).min(1),
    task: z.enum(['classification', 'regression']),
    missing: z.enum(MISSING_POLICIES).default('fail'),
    normalization: z.enum(['none', 'minmax', 'standardize']).default('none'),
    /** Fractions held out (stratified by class for classification) with this seed. */
    split: z.strictObject({ validation: fraction.default(0.2), test: fraction.default(0), seed: z.number().int().min(0).max(2 ** 32 - 1).default(0) }).prefault({}),
    /** Storage of the features: float32 (the app; half the memory) or float64 (exact, the CLI's small files). */
    precision: z.enum(['float32', 'float64']).default('float32'),
});

export const ImportPlanSchema = ImportPlanFieldsSchema.superRefine((plan, ctx) => {
    const targets = plan.columns.filter((c) => c.role === 'target');
    if (targets.length === 0) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'choose a target column' });
    if (targets.length > 1 && plan.task === 'classification') {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: `classification has one target column (${targets.length} chosen: ${targets.map((c) => `'${c.name}'`).join(', ')}); several are a multi-output regression` });
    }
    if (!plan.columns.some((c) => c.role === 'feature')) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'choose at least one feature column' });
    }
    const text = targets.find((c) => c.type === 'categorical');
    if (text && plan.task === 'regression') {
      ctx.addIssue({ code: 'custom', path: ['task'], message: `regression needs a numeric target; '${text.name}' is categorical` });
    }
    plan.columns.forEach((c, j) => {
      if (c.role === 'feature' && c.type === 'categorical' && !c.categories?.length) {
        ctx.addIssue({ code: 'custom', path: ['columns', j, 'categories'], message: `categorical feature '${c.name}' needs its list of categories` });
      }
    });
    if (plan.decimal === plan.thousands) {
      ctx.addIssue({ code: 'custom', path: ['thousands'], message: `the thousands separator cannot be the decimal mark ('${plan.decimal}')` });
    }
    if (plan.split.validation + plan.split.test >= 1) {
      ctx.addIssue({ code: 'custom', path: ['split'], message: 'validation and test fractions must leave rows for training' });
    }
  });
export type ImportPlan = z.infer<typeof ImportPlanSchema>;
export type ImportPlanInput = z.input<typeof ImportPlanSchema>;

/** Validates a plan, with defaults filled in; the problems become one readable ImportError. */
export function parseImportPlan(plan: ImportPlanInput): ImportPlan {
  const parsed = ImportPlanSchema.safeParse(plan);
  if (parsed.success) return parsed.data;
  const file = typeof plan.fileName === 'string' && plan.fileName ? plan.fileName : 'import plan';
  throw new ImportError({ file }, importPlanProblems(plan).join('; '));
}

/** What keeps a plan from building, as sentences for the wizard; empty when it can be built. */
export function importPlanProblems(plan: ImportPlanInput): string[] {
  const parsed = ImportPlanSchema.safeParse(plan);
  return parsed.success ? [] : parsed.error.issues.map((i) => (i.path.length && i.code !== 'custom' ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** Sorted distinct values of a profiled column, for a column the user switches to categorical. */
export function categoriesOf(profile: CsvProfile, column: number): string[] {
  return sortLabels(profile.columns[column].counts.keys());
}

/**
 * The plan the wizard opens with: every suggestion taken, missing values refused until the user
 * picks a policy. It may not be buildable yet (e.g. every column suggested as ignored): show
 * `importPlanProblems` next to the controls.
 */
export function suggestImportPlan(sniff: CsvSniff, profile: CsvProfile, inference: CsvInference): ImportPlan {
  return ImportPlanFieldsSchema.parse({
    fileName: profile.fileName,
    name: profile.fileName.replace(/\.[^.]*$/, '') || profile.fileName,
    delimiter: sniff.delimiter,
    encoding: sniff.encoding,
    skipLines: sniff.skipLines,
    hasHeader: sniff.hasHeader,
    decimal: sniff.decimal,
    thousands: sniff.thousands,
    // Values float32 cannot hold (1e39, 1e-39) keep the dataset in float64 rather than change them.
    ...(profile.columns.some((c) => c.trouble32.length > 0) ? { precision: 'float64' } : {}),
    columns: inference.columns.map((c) => ({
      name: c.name,
      type: c.type,
      role: c.role,
      ...(c.categories && c.role === 'feature' ? { categories: c.categories } : {}),
    })),
    task: inference.task,
  });
}
