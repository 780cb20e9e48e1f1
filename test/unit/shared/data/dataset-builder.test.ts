import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../../../src/shared/data/dataset-builder';
import type { ImportPlanInput } from '../../../../src/shared/data/import-plan';

// Pass 2 of a CSV import on records given directly: how each kind of cell is read, dropped, filled
// or refused, and what the report says.

const numeric = (name: string, role: 'feature' | 'target' = 'feature') => ({ name, type: 'numeric' as const, role });
const categorical = (name: string, categories: string[], role: 'feature' | 'target' = 'feature') => ({ name, type: 'categorical' as const, role, categories });

function build(plan: Partial<ImportPlanInput> & Pick<ImportPlanInput, 'columns'>, records: string[][]) {
  const builder = new DatasetBuilder({ fileName: 'f.csv', name: 'f', delimiter: ',', hasHeader: true, task: 'classification', split: { validation: 0 }, ...plan });
  builder.add([plan.columns.map((c) => c.name), ...records]);
  return builder.finish();
}

describe('DatasetBuilder cells', () => {
  it('reads a category by its text trimmed, or by its number written another way', () => {
    const { dataset } = build({ columns: [categorical('n', ['1', '2', 'x']), { name: 'y', type: 'categorical', role: 'target' }] }, [
      ['1.0', 'a'],
      [' 2 ', 'b'],
      [' x', 'a'],
    ]);
    expect(Array.from(dataset.x)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('trims class labels and reads numeric ones by value', () => {
    const { dataset, report } = build({ columns: [numeric('x'), { name: 'y', type: 'categorical', role: 'target' }] }, [
      ['1', ' a'],
      ['2', 'a '],
      ['3', 'b'],
    ]);
    expect(dataset.target).toEqual({ kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from([0, 0, 1]) });
    expect(report.classCounts).toEqual([{ name: 'a', rows: 2 }, { name: 'b', rows: 1 }]);
    // A label beyond float64 is a name, not Infinity.
    const big = build({ columns: [numeric('x'), { name: 'y', type: 'categorical', role: 'target' }] }, [['1', '1e309'], ['2', '1e308']]);
    expect(big.dataset.target).toMatchObject({ classes: ['1e+308', '1e309'] });
  });

  it('accepts exactly 1000 classes', () => {
    const records = Array.from({ length: 1000 }, (_, i) => [String(i), `c${i}`]);
    const { dataset } = build({ columns: [numeric('x'), { name: 'y', type: 'categorical', role: 'target' }] }, records);
    expect(dataset.target.kind === 'classes' && dataset.target.classes.length).toBe(1000);
  });

  it('refuses a missing or unknown category under fail, listing at most five categories', () => {
    const columns = [categorical('c', ['a', 'b', 'c', 'd', 'e', 'f']), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    expect(() => build({ columns }, [['a', '0'], ['z', '1']])).toThrow("f.csv row 3, column 'c': expected one of its 6 categories (a, b, c, d, e, …), found 'z'");
    expect(() => build({ columns }, [['a', '0'], ['', '1']])).toThrow("f.csv row 3, column 'c': expected a category, found an empty value");
    const five = [categorical('c', ['a', 'b', 'c', 'd', 'e']), columns[1]];
    expect(() => build({ columns: five }, [['z', '0']])).toThrow("expected one of its 5 categories (a, b, c, d, e), found 'z'");
  });

  it('drops a row with an unknown category under drop, counting it as unreadable', () => {
    const columns = [categorical('c', ['a', 'b']), numeric('v'), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    const { dataset, report } = build({ columns, missing: 'drop' }, [
      ['a', '1', '0'],
      ['z', '2', '1'],
      ['', '3', '1'],
      ['b', '4', '1'],
    ]);
    expect(Array.from(dataset.x)).toEqual([1, 0, 1, 0, 1, 4]);
    expect(report.dropped).toEqual([{ column: 'c', missing: 1, invalid: 1, firstRow: 3 }]);
    expect([report.rowsRead, report.rowsKept, report.rowsDropped]).toEqual([4, 2, 2]);
  });

  it('reads several regression targets, dropping a row whose target is missing or unreadable', () => {
    const columns = [numeric('x'), numeric('p', 'target'), numeric('q', 'target')];
    const { dataset, report } = build({ columns, task: 'regression', missing: 'drop' }, [
      ['1', '10', '100'],
      ['2', '', '200'],
      ['3', '30', 'abc'],
      ['4', '40', '400'],
    ]);
    expect(dataset.target).toEqual({ kind: 'values', names: ['p', 'q'], values: Float64Array.from([10, 100, 40, 400]) });
    expect(Array.from(dataset.x)).toEqual([1, 4]);
    expect(report.dropped).toEqual([
      { column: 'p', missing: 1, invalid: 0, firstRow: 3 },
      { column: 'q', missing: 0, invalid: 1, firstRow: 4 },
    ]);
    expect(report.classCounts).toBeUndefined();
    expect(() => build({ columns, task: 'regression' }, [['1', '10', '100'], ['2', 'NA', '200']])).toThrow("f.csv row 3, column 'p': expected a target value, found 'NA'");
    // Under mean (a policy for features), a bad target still drops its row.
    expect(build({ columns, task: 'regression', missing: 'mean' }, [['1', '10', '100'], ['2', '?', '200'], ['3', '30', '1e999']]).dataset.rows).toBe(1);
  });

  it('drops a classification row whose target is missing, and refuses it under fail', () => {
    const columns = [numeric('x'), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    const { dataset, report } = build({ columns, missing: 'mean' }, [['1', 'a'], ['2', 'NA'], ['3', 'b']]);
    expect(dataset.rows).toBe(2);
    expect(report.dropped).toEqual([{ column: 'y', missing: 1, invalid: 0, firstRow: 3 }]);
    expect(() => build({ columns }, [['1', 'a'], ['2', ' ']])).toThrow("f.csv row 3, column 'y': expected a target value, found an empty value");
  });

  it('stores float64 when the plan says so, and keeps a numeric feature to fill as NaN until filled', () => {
    const columns = [numeric('x'), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    const { dataset, report } = build({ columns, precision: 'float64', missing: 'mean' }, [['0.1', 'a'], ['', 'b'], ['0.3', 'a']]);
    expect(dataset.x).toBeInstanceOf(Float64Array);
    expect(Array.from(dataset.x)).toEqual([0.1, (0.1 + 0.3) / 2, 0.3]);
    expect(report.filled).toEqual([{ column: 'x', count: 1, value: '0.2' }]);
  });

  it('refuses a header-only file, and checks column names only when there is a header', () => {
    const columns = [numeric('x'), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    expect(() => build({ columns }, [])).toThrow('f.csv: the file has a header row but no data rows');
    const headerless = new DatasetBuilder({ fileName: 'f.csv', name: 'f', delimiter: ',', hasHeader: false, columns, task: 'classification', split: { validation: 0 } });
    headerless.add([['1', 'a'], ['2', 'b']]);
    expect(headerless.rows).toBe(2);
    expect(headerless.finish().dataset.rows).toBe(2);
    expect(() => new DatasetBuilder({ fileName: 'f.csv', name: 'f', delimiter: ',', hasHeader: false, columns, task: 'classification' }).finish()).toThrow('f.csv: the file is empty');
  });
});
