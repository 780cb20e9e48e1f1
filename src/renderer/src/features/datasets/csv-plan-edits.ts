import { inferTask, type CsvProfile } from '../../../../shared/data/column-inference';
import { categoriesOf, ImportPlanSchema, type ImportColumn, type ImportPlan } from '../../../../shared/data/import-plan';

// The wizard's edits of an import plan, one column at a time. Each returns a new plan that keeps the
// plan's invariants the builder relies on: a categorical feature carries its categories (in the
// profile's sorted order), choosing a new target demotes the old one to a feature and re-infers
// the task from the new target's values; adding a target makes a multi-output regression. Whatever is still wrong (no feature, a regression on
// text) is for `planProblems` to say before anything is built.

type ColumnRole = ImportColumn['role'];
type ColumnType = ImportColumn['type'];

/** A categorical feature gets its categories; any other column drops them. */
function withCategories(column: ImportColumn, profile: CsvProfile, j: number): ImportColumn {
  const { categories: _dropped, ...rest } = column;
  return column.role === 'feature' && column.type === 'categorical' ? { ...rest, categories: column.categories ?? categoriesOf(profile, j) } : rest;
}

/**
 * `alsoTarget`: the column becomes one more target of a multi-output regression (the others stay
 * targets); otherwise a new target replaces the old one(s).
 */
export function setColumnRole(plan: ImportPlan, profile: CsvProfile, j: number, role: ColumnRole, { alsoTarget = false } = {}): ImportPlan {
  let task = plan.task;
  const columns = plan.columns.map((column, k) => {
    if (k === j) return withCategories({ ...column, role }, profile, k);
    if (role === 'target' && !alsoTarget && column.role === 'target') return withCategories({ ...column, role: 'feature' }, profile, k);
    return column;
  });
  if (role === 'target') task = alsoTarget ? 'regression' : plan.columns[j].type === 'categorical' ? 'classification' : inferTask(profile.columns[j]);
  // The last of several targets left as one: its own values say the task again.
  const targets = columns.flatMap((c, k) => (c.role === 'target' ? [k] : []));
  if (role !== 'target' && plan.columns[j].role === 'target' && targets.length === 1) {
    task = columns[targets[0]].type === 'categorical' ? 'classification' : inferTask(profile.columns[targets[0]]);
  }
  return { ...plan, columns, task };
}

export function setColumnType(plan: ImportPlan, profile: CsvProfile, j: number, type: ColumnType): ImportPlan {
  const columns = plan.columns.map((column, k) => (k === j ? withCategories({ ...column, type, categories: undefined }, profile, k) : column));
  // Text cannot be regressed on: a target turned categorical makes the task classification.
  const task = columns[j].role === 'target' && type === 'categorical' ? 'classification' : plan.task;
  return { ...plan, columns, task };
}

/** Per-column missing-value policy; `undefined` follows the plan's policy. */
export function setColumnMissing(plan: ImportPlan, j: number, missing: ImportColumn['missing']): ImportPlan {
  const columns = plan.columns.map((column, k) => {
    if (k !== j) return column;
    const { missing: _old, ...rest } = column;
    return missing ? { ...rest, missing } : rest;
  });
  return { ...plan, columns };
}

/** What keeps the plan from being built, in sentences; empty when it can be built. */
export function planProblems(plan: ImportPlan): string[] {
  const parsed = ImportPlanSchema.safeParse(plan);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => issue.message))];
}
