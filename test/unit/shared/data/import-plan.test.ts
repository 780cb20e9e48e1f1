import { describe, expect, it } from 'vitest';
import { ColumnProfiler, inferColumns } from '../../../../src/shared/data/column-inference';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';
import { ImportPlanSchema, importPlanProblems, parseImportPlan, suggestImportPlan, type ImportPlanInput } from '../../../../src/shared/data/import-plan';

// An import plan is checked before anything is built: each problem in the words the wizard shows
// under its control, with the field for a schema problem; defaults filled in; and the suggested plan
// named after its file, with categories only where one-hot encoding needs them.

const plan = (edit: Partial<ImportPlanInput> = {}): ImportPlanInput => ({
  fileName: 'people.csv',
  name: 'people',
  delimiter: ',',
  hasHeader: true,
  columns: [
    { name: 'age', type: 'numeric', role: 'feature' },
    { name: 'city', type: 'categorical', role: 'feature', categories: ['Lyon', 'Paris'] },
    { name: 'bought', type: 'categorical', role: 'target' },
  ],
  task: 'classification',
  ...edit,
});
const roles = (...list: ('feature' | 'target' | 'ignore')[]) => list.map((role, j) => ({ name: `c${j}`, type: 'numeric' as const, role }));

describe('import plan checks', () => {
  it('fills the defaults of a plan that builds', () => {
    expect(importPlanProblems(plan())).toEqual([]);
    expect(parseImportPlan(plan())).toMatchObject({
      encoding: 'utf-8', skipLines: 0, decimal: '.', thousands: '', missing: 'fail', normalization: 'none',
      split: { validation: 0.2, test: 0, seed: 0 }, precision: 'float32',
    });
  });

  it('names each problem that keeps a plan from building', () => {
    expect(importPlanProblems(plan({ columns: roles('feature', 'target', 'target') }))).toEqual([
      "classification has one target column (2 chosen: 'c1', 'c2'); several are a multi-output regression",
    ]);
    // Several numeric targets are a multi-output regression.
    expect(importPlanProblems(plan({ columns: roles('feature', 'target', 'target'), task: 'regression' }))).toEqual([]);
    expect(importPlanProblems(plan({ columns: roles('feature', 'ignore'), task: 'regression' }))).toEqual(['choose a target column']);
    expect(importPlanProblems(plan({ columns: roles('ignore', 'target') }))).toEqual(['choose at least one feature column']);
    expect(importPlanProblems(plan({ task: 'regression' }))).toEqual(["regression needs a numeric target; 'bought' is categorical"]);
    expect(importPlanProblems(plan({ columns: [{ name: 'city', type: 'categorical', role: 'feature' }, ...roles('target')] }))).toEqual([
      "categorical feature 'city' needs its list of categories",
    ]);
    expect(importPlanProblems(plan({ decimal: ',', thousands: ',' }))).toEqual(["the thousands separator cannot be the decimal mark (',')"]);
    expect(importPlanProblems(plan({ split: { validation: 0.5, test: 0.5 } }))).toEqual(['validation and test fractions must leave rows for training']);
    expect(importPlanProblems(plan({ split: { validation: 0.5, test: 0.4 } }))).toEqual([]);
  });

  it('points each problem of the exported schema at its field, for a form to mark', () => {
    const pathsOf = (edit: Partial<ImportPlanInput>) => ImportPlanSchema.safeParse(plan(edit)).error?.issues.map((i) => i.path);
    expect(pathsOf({ columns: roles('feature', 'target', 'target') })).toEqual([['columns']]);
    expect(pathsOf({ columns: roles('feature', 'ignore'), task: 'regression' })).toEqual([['columns']]);
    expect(pathsOf({ columns: roles('ignore', 'target') })).toEqual([['columns']]);
    expect(pathsOf({ task: 'regression' })).toEqual([['task']]);
    expect(pathsOf({ columns: [...roles('target'), { name: 'city', type: 'categorical', role: 'feature' }] })).toEqual([['columns', 1, 'categories']]);
    expect(pathsOf({ decimal: ',', thousands: ',' })).toEqual([['thousands']]);
    expect(pathsOf({ split: { validation: 0.5, test: 0.5 } })).toEqual([['split']]);
  });

  it("names the plan 'import plan' in its error when its file name is missing or not text", () => {
    for (const fileName of [42, '', undefined]) {
      expect(() => parseImportPlan({ ...plan({ task: 'regression' }), fileName } as unknown as ImportPlanInput), String(fileName)).toThrow(/^import plan: /);
    }
  });

  it('puts the field before a schema problem, and takes a seed up to 2³² − 1', () => {
    expect(importPlanProblems(plan({ split: { validation: 0.95 } }))).toEqual([expect.stringMatching(/^split\.validation: /)]);
    expect(importPlanProblems(plan({ split: { seed: 2 ** 32 - 1 } }))).toEqual([]);
    expect(importPlanProblems(plan({ split: { seed: 2 ** 32 } }))).toEqual([expect.stringMatching(/^split\.seed: /)]);
  });

  it('accepts every encoding and delimiter the sniff names, and no other', () => {
    for (const encoding of ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const) expect(parseImportPlan(plan({ encoding })).encoding).toBe(encoding);
    for (const delimiter of [',', ';', '\t', '|', 'whitespace'] as const) expect(parseImportPlan(plan({ delimiter })).delimiter).toBe(delimiter);
    expect(importPlanProblems(plan({ encoding: '' as never }))).toEqual([expect.stringMatching(/^encoding: /)]);
    expect(importPlanProblems(plan({ delimiter: '' as never }))).toEqual([expect.stringMatching(/^delimiter: /)]);
  });

  it('accepts every normalization and precision, and skipped lines above the data', () => {
    for (const normalization of ['none', 'minmax', 'standardize'] as const) expect(parseImportPlan(plan({ normalization })).normalization).toBe(normalization);
    for (const precision of ['float32', 'float64'] as const) expect(parseImportPlan(plan({ precision })).precision).toBe(precision);
    expect(parseImportPlan(plan({ skipLines: 2 })).skipLines).toBe(2);
    expect(importPlanProblems(plan({ skipLines: -1 }))).toEqual([expect.stringMatching(/^skipLines: /)]);
  });

  it('throws the problems as one message naming the file, or "import plan" without one', () => {
    expect(() => parseImportPlan(plan({ decimal: ',', thousands: ',' }))).toThrow("people.csv: the thousands separator cannot be the decimal mark (',')");
    expect(() => parseImportPlan(plan({ fileName: '', decimal: ',', thousands: ',' }))).toThrow(/^import plan: /);
    expect(() => parseImportPlan(plan({ decimal: ',', thousands: ',', split: { validation: 0.6, test: 0.4 } }))).toThrow(
      "people.csv: the thousands separator cannot be the decimal mark (','); validation and test fractions must leave rows for training",
    );
  });
});

describe('suggested import plan', () => {
  const suggest = (text: string, fileName: string) => {
    const profiler = new ColumnProfiler({ fileName, hasHeader: true });
    profiler.add(text.trim().split('\n').map((line) => line.split(',')));
    const profile = profiler.profile();
    return suggestImportPlan(sniffCsv(new TextEncoder().encode(text), fileName, { complete: true }), profile, inferColumns(profile));
  };
  const TEXT = 'x,colour,y\n1,red,a\n2,blue,b\n3,red,a\n';

  it('is named after the file without its last extension, or the whole name when nothing else is left', () => {
    expect(suggest(TEXT, 'iris.data.csv').name).toBe('iris.data');
    expect(suggest(TEXT, '.csv').name).toBe('.csv');
    expect(suggest(TEXT, 'measurements').name).toBe('measurements');
  });

  it('keeps float64 when any column holds a value float32 cannot (1e39), float32 otherwise', () => {
    expect(suggest(TEXT, 'f.csv').precision).toBe('float32');
    expect(suggest('x,z,y\n1,1e39,a\n2,3,b\n3,4,a\n', 'f.csv').precision).toBe('float64');
  });

  it('lists categories for categorical features only, not for the target', () => {
    expect(suggest(TEXT, 'f.csv').columns).toEqual([
      { name: 'x', type: 'numeric', role: 'feature' },
      { name: 'colour', type: 'categorical', role: 'feature', categories: ['blue', 'red'] },
      { name: 'y', type: 'categorical', role: 'target' },
    ]);
  });
});
