import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';
import { importCsvBytes, type CsvImportChoices } from '../../../../src/shared/data/import-csv';

// CSV files as people have them: where the data starts, how fields are separated, which encoding.
// Each fixture in test/fixtures/import is one shape; the sniff guesses, the import reads it whole.

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../fixtures/import', name));
const load = (name: string, choices: CsvImportChoices = {}) => importCsvBytes(fixture(name), name, { split: { validation: 0 }, ...choices });
const sniff = (name: string) => sniffCsv(fixture(name), name, { complete: true });

describe('where the data starts', () => {
  it("skips scikit-learn's metadata first line (a different field count), and the data has no header", () => {
    expect(sniff('metadata-line.csv')).toMatchObject({ delimiter: ',', skipLines: 1, skipped: ['6,3,small,large'], hasHeader: false, columns: 4 });
    const { dataset, plan } = load('metadata-line.csv');
    expect([plan.skipLines, dataset.rows, dataset.featureNames]).toEqual([1, 6, ['column 1', 'column 2', 'column 3']]);
    expect(dataset.target).toMatchObject({ kind: 'classes', classes: ['large', 'small'] });
  });

  it('finds the header on line 2 below a mostly empty metadata line, and takes an explicit choice over the guess', () => {
    expect(sniff('two-header-lines.csv')).toMatchObject({ skipLines: 1, hasHeader: true, columns: 5 });
    const { dataset } = load('two-header-lines.csv');
    expect(dataset.featureNames).toEqual(['width', 'height', 'depth', 'weight']);
    expect(() => load('two-header-lines.csv', { skipLines: 0, hasHeader: true })).toThrow(
      "two-header-lines.csv row 2, column '6': expected a number, found 'width'",
    );
    const again = load('two-header-lines.csv', { skipLines: 1, hasHeader: true, target: 'weight', task: 'regression' });
    expect(again.dataset.target).toMatchObject({ kind: 'values', names: ['weight'] });
  });

  it('skips every title line above the header, not only the first', () => {
    const text = 'Measurements 2024\nunits: cm\n\nwidth,depth,label\n1,2,a\n3,4,b\n5,6,a\n';
    expect(sniffCsv(new TextEncoder().encode(text), 't.csv', { complete: true })).toMatchObject({ skipLines: 2, skipped: ['Measurements 2024', 'units: cm'], hasHeader: true });
    expect(importCsvBytes(new TextEncoder().encode(text), 't.csv', { split: { validation: 0 } }).dataset.featureNames).toEqual(['width', 'depth']);
  });

  it('makes repeated header names unique and names empty ones by position; a trailing delimiter is no column', () => {
    expect(sniff('header-names.psv')).toMatchObject({ delimiter: '|', hasHeader: true });
    const { dataset, plan } = load('header-names.psv', { target: 'y' });
    expect(plan.columns.map((c) => c.name)).toEqual(['x', 'x (2)', 'column 3', 'y']);
    expect(dataset.featureNames).toEqual(['x', 'x (2)', 'column 3']);
    // One field more or less in the header than below, by a trailing delimiter, is no metadata line.
    for (const text of ['a,b,\n1,2\n3,4\n', 'a,b\n1,2,\n3,4,\n']) expect(sniffCsv(new TextEncoder().encode(text), 'f.csv', { complete: true }).skipLines).toBe(0);
    const trailing = load('trailing-delimiter.csv');
    expect(trailing.plan.columns.map((c) => c.name)).toEqual(['a', 'b', 'label']);
    expect(Array.from(trailing.dataset.x)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('delimiters and encodings', () => {
  it('reads whitespace-separated columns (runs of spaces and tabs)', () => {
    expect(sniff('whitespace.txt')).toMatchObject({ delimiter: 'whitespace', hasHeader: true, columns: 5 });
    const { dataset } = load('whitespace.txt', { task: 'regression' });
    expect(dataset.featureNames).toEqual(['age', 'sex', 'bmi', 'bp']);
    expect(Array.from(dataset.x.slice(0, 4))).toEqual([59, 2, Math.fround(32.1), 101]);
    expect(dataset.target).toMatchObject({ names: ['y'], values: Float64Array.from([151, 75, 141, 206, 135]) });
  });

  it("reads Excel's UTF-16 \"Unicode text\" (tab-separated, either byte order) with its decimal commas", () => {
    for (const name of ['utf16-excel.txt', 'utf16be.txt']) {
      expect(sniff(name)).toMatchObject({ encoding: name === 'utf16be.txt' ? 'utf-16be' : 'utf-16le', bom: true, delimiter: '\t', decimal: ',' });
      const { dataset } = load(name, { target: 'Klasse' });
      expect(dataset.featureNames).toEqual(['Stadt=Graz', 'Stadt=Köln', 'Stadt=München', 'Stadt=Zürich', 'Temperatur']);
      expect(Array.from(dataset.x.slice(0, 5))).toEqual([0, 1, 0, 0, 3.5]);
    }
  });

  it('reads Windows-1252 when the bytes are not UTF-8, and the encoding can be chosen', () => {
    expect(sniff('windows-1252.csv')).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal: ',' });
    expect(load('windows-1252.csv', { categorical: ['city'], target: 'class' }).dataset.featureNames[0]).toBe('city=Köln');
    // Read as UTF-8 on request: the first non-UTF-8 byte stops the import instead of becoming '�'.
    expect(() => load('windows-1252.csv', { encoding: 'utf-8' })).toThrow('the file is not valid UTF-8');
  });

  it('reads a file as Windows-1252 when its first non-ASCII byte comes after the sniffed head', () => {
    const head = new TextEncoder().encode(`city,class\n${'Bonn,a\nKiel,b\n'.repeat(6000)}`);
    const bytes = Uint8Array.from([...head, ...new TextEncoder().encode('M'), 0xfc, ...new TextEncoder().encode('nchen,a\n')]);
    expect(sniffCsv(bytes.subarray(0, 65536), 'late.csv').encoding).toBe('utf-8');
    const { plan, dataset } = importCsvBytes(bytes, 'late.csv', { split: { validation: 0 } });
    expect(plan.encoding).toBe('windows-1252');
    expect(dataset.featureNames).toEqual(['city=Bonn', 'city=Kiel', 'city=München']);
  });

  it('a gzip file sniffs like its decompressed text', () => {
    const text = gunzipSync(fixture('gzipped.csv.gz'));
    expect(sniffCsv(text, 'gzipped.csv.gz', { complete: true })).toMatchObject({ delimiter: ',', hasHeader: true, columns: 3 });
    expect(() => sniff('gzipped.csv.gz')).toThrow('gzipped.csv.gz: the file is gzip-compressed');
  });
});
