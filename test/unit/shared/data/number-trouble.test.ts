import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferColumns } from '../../../../src/shared/data/column-inference';
import { importCsvBytes, type CsvImportChoices } from '../../../../src/shared/data/import-csv';
import { describeCell, describeTrouble, proposedFormat, TroubleCounter, unreadNumber } from '../../../../src/shared/data/number-trouble';

// Cells that look numeric but are not read as numbers: never stored, never one-hot encoded, always said.

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../fixtures/import', name));
const load = (name: string, choices: CsvImportChoices = {}) => importCsvBytes(fixture(name), name, { split: { validation: 0 }, ...choices });
const bytes = (text: string) => new TextEncoder().encode(text);

describe('numbers a dataset cannot store', () => {
  it('refuses 1e309 (overflow), 1e-400 (read as 0) and float64 subnormals at the first, with row and column', () => {
    expect(() => load('overflow.csv', { precision: 'float64' })).toThrow(
      "overflow.csv row 3, column 'x': '1e309' is too large for float64 (float64 holds ±2.2e-308 … ±1.8e308): treat it as missing, or fix the file",
    );
    expect(() => load('overflow.csv', { precision: 'float64', ignore: ['x'] })).toThrow("overflow.csv row 4, column 'w': '1e-400' is too close to zero for float64");
  });

  it('drops or fills them under the missing policy, and the report counts them per column with the first row', () => {
    const { dataset, report } = load('overflow.csv', { precision: 'float64', missing: 'drop' });
    expect(dataset.rows).toBe(3);
    expect(Array.from(dataset.x).every(Number.isFinite)).toBe(true);
    expect(report.numberTrouble.map((t) => describeTrouble(t.column, t))).toEqual([
      "column 'x': 1 value like '1e309' (first at row 3) is too large for float64 (float64 holds ±2.2e-308 … ±1.8e308): treat it as missing, or fix the file",
      "column 'w': 2 values like '1e-400' (first at row 4) are too close to zero for float64 (float64 holds ±2.2e-308 … ±1.8e308): treat them as missing, or fix the file",
    ]);
    const filled = load('overflow.csv', { precision: 'float64', missing: 'mean' });
    expect(filled.dataset.rows).toBe(6);
    expect(filled.report.filled.map((f) => [f.column, f.count])).toEqual([['x', 1], ['w', 2]]);
    expect(Array.from(filled.dataset.x).every(Number.isFinite)).toBe(true);
  });

  it('keeps a file with values float32 cannot hold in float64 instead of turning them into Infinity or 0', () => {
    const { dataset, plan } = load('overflow.csv', { ignore: ['x', 'w'] });
    expect(plan.precision).toBe('float64');
    expect(dataset.x).toBeInstanceOf(Float64Array);
    expect(dataset.x[3 * dataset.features + dataset.featureNames.indexOf('z')]).toBe(1e39);
    // Asked for float32 anyway: refused at the first such value, never stored changed.
    expect(() => load('overflow.csv', { ignore: ['x', 'w'], precision: 'float32' })).toThrow(
      "overflow.csv row 5, column 'z': '1e39' is too large for float32 (float32 holds ±1.2e-38 … ±3.4e38): store the dataset as float64, or treat it as missing",
    );
  });

  it('refuses to normalize values whose statistics would overflow', () => {
    const text = 'x,label\n1e308,a\n1.5e308,b\n-1e308,a\n';
    expect(() => importCsvBytes(bytes(text), 'big.csv', { normalization: 'standardize', precision: 'float64', split: { validation: 0 } })).toThrow(
      "big.csv, column 'x': its values are too large to standardize in float64 (the statistics overflow)",
    );
    expect(() => importCsvBytes(bytes(text), 'big.csv', { normalization: 'minmax', precision: 'float64', split: { validation: 0 } })).toThrow('too large to min-max scale');
  });

  it('a regression target beyond float64 drops its row or stops the import', () => {
    const text = 'x,y\n1,2.5\n2,1e309\n3,4.5\n4,5.5\n';
    expect(() => importCsvBytes(bytes(text), 'r.csv', { task: 'regression' })).toThrow("r.csv row 3, column 'y': '1e309' is too large for float64");
    const { dataset } = importCsvBytes(bytes(text), 'r.csv', { task: 'regression', missing: 'drop', split: { validation: 0 } });
    expect(dataset.target).toMatchObject({ kind: 'values', values: Float64Array.from([2.5, 4.5, 5.5]) });
  });
});

describe('numbers in another format', () => {
  it('detects a decimal comma (and "." thousands) in a ";" file and reads every value', () => {
    const { dataset, plan } = load('decimal-comma.csv', { ignore: ['id'] });
    expect([plan.delimiter, plan.decimal, plan.thousands]).toEqual([';', ',', '.']);
    expect(dataset.featureNames).toEqual(['length', 'weight']);
    expect(Array.from(dataset.x)).toEqual([3.14, 1250.5, 2.5, 980.25, -0.75, 1003, 1000, 12.5].map(Math.fround));
  });

  it('never one-hot encodes numbers written in another format: the column stays numeric and the error proposes the format', () => {
    const wrong = { decimal: '.', thousands: '' } as const;
    const result = () => load('decimal-comma.csv', { ...wrong, ignore: ['id'] });
    expect(result).toThrow(
      "decimal-comma.csv row 2, column 'length': expected a number, found '3,14', which is a number written with decimal comma: choose that number format to read it",
    );
    expect(() => load('decimal-comma.csv', { ...wrong, missing: 'drop', ignore: ['weight'] })).toThrow(
      "decimal-comma.csv: all 4 rows were dropped for missing or unreadable values ('length' 4); choose \"fill\" for those columns or ignore them; column 'length': 4 values like '3,14' (first at row 2) are numbers written with decimal comma: choose that number format to read them",
    );
    expect(() => load('decimal-comma.csv', { ...wrong, missing: 'mean', ignore: ['weight'] })).toThrow(
      "decimal-comma.csv, column 'length': no values in the training rows to fill its missing values from; column 'length': 4 values like '3,14'",
    );
  });

  it('names hexadecimal text instead of one-hot encoding it or dropping rows without a word', () => {
    const { profile } = load('hex.csv', { missing: 'drop', allFeatures: true });
    expect(inferColumns(profile).columns[0]).toMatchObject({ name: 'flags', type: 'numeric', invalid: 3 });
    const { report, dataset } = load('hex.csv', { missing: 'drop', allFeatures: true });
    expect(dataset.featureNames).toEqual(['flags', 'value']);
    expect(report.rowsKept).toBe(1);
    expect(describeTrouble('flags', report.numberTrouble[0])).toBe(
      "column 'flags': 3 values like '0x1A' (first at row 2) are hexadecimal or binary, which is not read as a number: convert the column or ignore it",
    );
  });
});

describe('trouble counting and wording', () => {
  it('counts each kind once per column, apart by format, precision and kind, with the first row and value trimmed', () => {
    const counter = new TroubleCounter();
    counter.add({ kind: 'format', format: { decimal: ',', thousands: '' } }, 2, ' 3,5 ');
    counter.add({ kind: 'format', format: { decimal: ',', thousands: '.' } }, 3, '1.234,5');
    counter.add({ kind: 'format', format: { decimal: ',', thousands: '' } }, 4, '2,5');
    counter.add({ kind: 'overflow', precision: 'float32' }, 5, '1e39');
    counter.add({ kind: 'overflow', precision: 'float64' }, 6, '1e309');
    counter.add({ kind: 'underflow', precision: 'float32' }, 7, '1e-40');
    counter.add({ kind: 'hexadecimal' }, 8, '0x1');
    counter.add({ kind: 'hexadecimal' }, 9, '0x2');
    expect(counter.size).toBe(6);
    expect(counter.list().map((t) => [t.kind, t.count, t.first.row, t.first.value])).toEqual([
      ['format', 2, 2, '3,5'],
      ['format', 1, 3, '1.234,5'],
      ['overflow', 1, 5, '1e39'],
      ['overflow', 1, 6, '1e309'],
      ['underflow', 1, 7, '1e-40'],
      ['hexadecimal', 2, 8, '0x1'],
    ]);
    expect(proposedFormat(counter.list())).toEqual({ decimal: ',', thousands: '' });
    expect(proposedFormat(counter.list().filter((t) => t.kind !== 'format'))).toBeNull();
    // The most frequent format wins, the first seen on a tie.
    const tie = new TroubleCounter();
    tie.add({ kind: 'format', format: { decimal: '.', thousands: ',' } }, 2, '1,234.5');
    tie.add({ kind: 'format', format: { decimal: ',', thousands: '' } }, 3, '3,5');
    expect(proposedFormat(tie.list())).toEqual({ decimal: '.', thousands: ',' });
    tie.add({ kind: 'format', format: { decimal: ',', thousands: '' } }, 4, '4,5');
    expect(proposedFormat(tie.list())).toEqual({ decimal: ',', thousands: '' });
    // Only a format can be proposed, however many other troubles there are.
    const mixed = new TroubleCounter();
    mixed.add({ kind: 'format', format: { decimal: ',', thousands: '' } }, 2, '3,5');
    for (const row of [3, 4, 5]) mixed.add({ kind: 'hexadecimal' }, row, '0x1');
    expect(proposedFormat(mixed.list())).toEqual({ decimal: ',', thousands: '' });
  });

  it('says what reads a value, or nothing for a word', () => {
    const plain = { decimal: '.', thousands: '' } as const;
    expect(unreadNumber('0b101', plain)).toEqual({ kind: 'hexadecimal' });
    expect(unreadNumber('3,5', plain)).toEqual({ kind: 'format', format: { decimal: ',', thousands: '' } });
    expect(unreadNumber('red', plain)).toBeNull();
  });

  it('words counts, long values and each storage fix', () => {
    const first = { row: 12, value: 'x'.repeat(41) };
    expect(describeTrouble('c', { kind: 'hexadecimal', count: 1234, first })).toBe(
      `column 'c': 1,234 values like '${'x'.repeat(40)}…' (first at row 12) are hexadecimal or binary, which is not read as a number: convert the column or ignore it`,
    );
    expect(describeCell(' 1e-40 ', { kind: 'underflow', precision: 'float32' })).toBe(
      "'1e-40' is too close to zero for float32 (float32 holds ±1.2e-38 … ±3.4e38): store the dataset as float64, or treat it as missing",
    );
    expect(describeTrouble('c', { kind: 'overflow', precision: 'float32', count: 2, first: { row: 3, value: '1e39' } })).toBe(
      "column 'c': 2 values like '1e39' (first at row 3) are too large for float32 (float32 holds ±1.2e-38 … ±3.4e38): store the dataset as float64, or treat them as missing",
    );
    expect(describeCell('x'.repeat(40), { kind: 'hexadecimal' })).toBe(`'${'x'.repeat(40)}' is hexadecimal or binary, which is not read as a number: convert the column or ignore it`);
  });
});
