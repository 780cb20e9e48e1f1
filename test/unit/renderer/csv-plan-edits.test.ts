import { describe, expect, it } from 'vitest';
import { ColumnProfiler, inferColumns } from '../../../src/shared/data/column-inference';
import { suggestImportPlan } from '../../../src/shared/data/import-plan';
import { planProblems, setColumnMissing, setColumnRole, setColumnType } from '../../../src/renderer/src/features/datasets/csv-plan-edits';

const rows = [
  ['city', 'rooms', 'size', 'price', 'year'],
  ['Oslo', '3', '71.5', '410.5', '2001'],
  ['Bergen', '2', '', '305.25', '2002'],
  ['Oslo', '4', '90', '520.75', '2001'],
  ['Bergen', '3', '80.5', '390.5', '2003'],
];

function start() {
  const profiler = new ColumnProfiler({ fileName: 'homes.csv', hasHeader: true });
  profiler.add(rows);
  const profile = profiler.profile();
  const inference = inferColumns(profile);
  const sniff = { encoding: 'utf-8' as const, bom: false, delimiter: ',' as const, skipLines: 0, skipped: [], hasHeader: true, decimal: '.' as const, thousands: '' as const, columns: 5, preview: rows };
  return { profile, plan: suggestImportPlan(sniff, profile, inference) };
}

describe('import plan edits', () => {
  it('choosing a new target demotes the old one to a feature and infers the task from the new one', () => {
    const { profile, plan } = start();
    expect(plan.columns.map((c) => c.role)).toEqual(['feature', 'feature', 'feature', 'feature', 'target']);
    const edited = setColumnRole(plan, profile, 3, 'target');
    expect(edited.columns.map((c) => c.role)).toEqual(['feature', 'feature', 'feature', 'target', 'feature']);
    expect(edited.task).toBe('regression');
    expect(setColumnRole(edited, profile, 0, 'target').task).toBe('classification');
    expect(planProblems(edited)).toEqual([]);
  });

  it('a column made categorical gets its categories in sorted order, and loses them when numeric again', () => {
    const { profile, plan } = start();
    const categorical = setColumnType(plan, profile, 1, 'categorical');
    expect(categorical.columns[1]).toEqual({ name: 'rooms', type: 'categorical', role: 'feature', categories: ['2', '3', '4'] });
    expect(setColumnType(categorical, profile, 1, 'numeric').columns[1]).toEqual({ name: 'rooms', type: 'numeric', role: 'feature' });
    // An ignored categorical column needs no categories; a feature again, it gets them back.
    const ignored = setColumnRole(plan, profile, 0, 'ignore');
    expect(ignored.columns[0].categories).toBeUndefined();
    expect(setColumnRole(ignored, profile, 0, 'feature').columns[0].categories).toEqual(['Bergen', 'Oslo']);
  });

  it('a categorical target forces classification; a plan without features or with two problems says so', () => {
    const { profile, plan } = start();
    const regression = setColumnRole(plan, profile, 3, 'target');
    expect(setColumnType(regression, profile, 3, 'categorical').task).toBe('classification');
    let none = plan;
    for (const j of [0, 1, 2, 3]) none = setColumnRole(none, profile, j, 'ignore');
    expect(planProblems(none)).toEqual(['choose at least one feature column']);
    expect(planProblems({ ...regression, task: 'regression', columns: regression.columns.map((c, j) => (j === 0 ? { ...c, role: 'target' as const } : c)) })).toEqual([
      "regression needs a numeric target; 'city' is categorical",
    ]);
    expect(planProblems({ ...regression, task: 'classification', columns: regression.columns.map((c, j) => (j === 2 ? { ...c, role: 'target' as const } : c)) })).toEqual([
      "classification has one target column (2 chosen: 'size', 'price'); several are a multi-output regression",
    ]);
  });

  it('adds a numeric target to a regression (multi-output) and drops back to one target by choosing one', () => {
    const { profile, plan } = start();
    const price = setColumnRole(plan, profile, 3, 'target');
    const both = setColumnRole(price, profile, 2, 'target', { alsoTarget: true });
    expect(both.columns.map((c) => c.role)).toEqual(['feature', 'feature', 'target', 'target', 'feature']);
    expect(both.task).toBe('regression');
    expect(planProblems(both)).toEqual([]);
    // Choosing a target the ordinary way replaces every other.
    expect(setColumnRole(both, profile, 1, 'target').columns.map((c) => c.role)).toEqual(['feature', 'target', 'feature', 'feature', 'feature']);
  });

  it('sets and clears a per-column missing-value policy', () => {
    const { plan } = start();
    const dropped = setColumnMissing(plan, 2, 'drop');
    expect(dropped.columns[2].missing).toBe('drop');
    expect('missing' in setColumnMissing(dropped, 2, undefined).columns[2]).toBe(false);
  });
});
