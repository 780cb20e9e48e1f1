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
    const big = build({ columns: [numeric('x'), { name: 'y', type: 'categorical', role: 'target' }] }, [['1', '1e309'], ['2', '1e308'], ['3', '1.0e-310']]);
    // A label float64 cannot hold is kept as written, not as Infinity or a rounded subnormal.
    expect(big.dataset.target).toMatchObject({ classes: ['1.0e-310', '1e+308', '1e309'] });
  });

  it('matches a text that is no number only by its text, even to a category a hand-written plan names "null"', () => {
    const columns = [categorical('c', ['null', 'a']), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    expect(() => build({ columns }, [['a', '0'], ['zzz', '1']])).toThrow("f.csv row 3, column 'c': expected one of its 2 categories (null, a), found 'zzz'");
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

  it('clears the one-hot of a dropped row before the next row takes its place', () => {
    const columns = [numeric('v'), categorical('c', ['a', 'b']), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    const { dataset } = build({ columns, missing: 'drop' }, [
      ['1', 'a', '0'],
      ['x', 'b', '1'],
      ['2', 'a', '1'],
    ]);
    expect(Array.from(dataset.x)).toEqual([1, 1, 0, 2, 1, 0]);
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
    expect(() => build({ columns, task: 'regression' }, [['1', '10', 'abc']])).toThrow("f.csv row 2, column 'q': expected a number (regression target), found 'abc'");
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

  it('names the first column that differs from the plan, the first one too', () => {
    const columns = [numeric('x'), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
    expect(() => build({ columns }, [])).toThrow('f.csv: the file has a header row but no data rows');
    const builder = new DatasetBuilder({ fileName: 'f.csv', name: 'f', delimiter: ',', hasHeader: true, columns, task: 'classification' });
    expect(() => builder.add([['z', 'y'], ['1', 'a']])).toThrow("f.csv row 1: column 1 is 'z', the import plan expects 'x'");
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

describe('DatasetBuilder finish', () => {
  const columns = [numeric('u'), numeric('v'), { name: 'y', type: 'categorical' as const, role: 'target' as const }];
  const records = Array.from({ length: 10 }, (_, i) => [String(i), String(2 * i), i % 2 ? 'a' : 'b']);

  it('min-max scales from the training rows', () => {
    const { dataset } = build({ columns, normalization: 'minmax' }, records);
    expect(dataset.normalization).toMatchObject({ kind: 'minmax', min: [0, 0], max: [9, 18] });
    expect(Array.from(dataset.x.subarray(18))).toEqual([1, 1]);
  });

  it('splits only when a validation or test fraction is asked for', () => {
    expect(build({ columns, split: { validation: 0, test: 0 } }, records).dataset.split).toBeUndefined();
    const both = build({ columns, split: { validation: 0.2, test: 0.2, seed: 1 } }, records);
    expect([both.dataset.split!.train.length, both.dataset.split!.validation.length, both.dataset.split!.test!.length]).toEqual([6, 2, 2]);
    expect(both.report.split).toEqual({ train: 6, validation: 2, test: 2 });
  });

  it('names every column that dropped rows, and every kind of unreadable number, when all rows are dropped', () => {
    const bad = [
      ['0x1A', '?', 'a'],
      ['3,5', 'NA', 'b'],
    ];
    expect(() => build({ columns, missing: 'drop' }, bad)).toThrow(
      `f.csv: all 2 rows were dropped for missing or unreadable values ('u' 2, 'v' 2); choose "fill" for those columns or ignore them; column 'u': 1 value like '0x1A' (first at row 2) is hexadecimal or binary, which is not read as a number: convert the column or ignore it; column 'u': 1 value like '3,5' (first at row 3) is a number written with decimal comma: choose that number format to read it`,
    );
  });

  it('says why a column has nothing to fill from, with why its values were unreadable, once', () => {
    const bad = [
      ['0x1A', '1', 'a'],
      ['3,5', '2', 'b'],
      ['?', '3', 'a'],
    ];
    let error: unknown;
    try {
      build({ columns, missing: 'mean' }, bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      column: 'u',
      message:
        "f.csv, column 'u': no values in the training rows to fill its missing values from; column 'u': 1 value like '0x1A' (first at row 2) is hexadecimal or binary, which is not read as a number: convert the column or ignore it; column 'u': 1 value like '3,5' (first at row 3) is a number written with decimal comma: choose that number format to read it",
    });
    // A column whose values were only missing: the fill's own message.
    expect(() => build({ columns, missing: 'mean' }, [['?', '1', 'a'], ['', '2', 'b']])).toThrow(/^f\.csv, column 'u': no values in the training rows to fill its missing values from$/);
  });
});
