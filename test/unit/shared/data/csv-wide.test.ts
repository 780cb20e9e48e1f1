import { describe, expect, it } from 'vitest';
import { featureMatrix, readCsvTable } from '../../../../src/shared/data/csv';
import { MAX_SNIFF_BYTES, sniffHead } from '../../../../src/shared/data/csv-head';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';
import { importCsvBytes } from '../../../../src/shared/data/import-csv';

// Wide files — gene expression, bag of words: thousands of columns, a header line longer than
// the sniff's first 64 KiB — import like any other (csv-head.ts grows the head to hold rows).

const COLUMNS = 12_000;
const ROWS = 20;
/** Column j of row i, a number with two decimals that is exact in neither float32 nor float64. */
const value = (i: number, j: number) => ((i * 7919 + j * 104_729) % 1000) / 100 - 5;

/** A semicolon-separated file with a header of long names, decimal commas and a class in the last column. */
function wideCsv(): string {
  const header = [...Array.from({ length: COLUMNS }, (_, j) => `ENSG${String(j).padStart(11, '0')}`), 'tissue'];
  const rows = Array.from({ length: ROWS }, (_, i) => [...Array.from({ length: COLUMNS }, (_, j) => value(i, j).toFixed(2).replace('.', ',')), i % 3 ? 'liver' : 'brain'].join(';'));
  return `${header.join(';')}\n${rows.join('\n')}\n`;
}

const bytes = new TextEncoder().encode(wideCsv());

describe('a CSV file wider than the first 64 KiB', () => {
  it('is sniffed from a head that holds its header and rows', () => {
    // 12,000 names of 15 characters and their delimiters, then 'tissue': three times 64 KiB.
    expect(bytes.indexOf(0x0a)).toBe(192_006);
    const { head, complete } = sniffHead(bytes);
    expect([head.length, complete]).toEqual([1 << 20, false]);
    const sniff = sniffCsv(head, 'wide.csv', { complete });
    expect(sniff).toMatchObject({ delimiter: ';', decimal: ',', thousands: '', skipLines: 0, hasHeader: true, columns: COLUMNS + 1 });
    // Every whole line of the 1 MiB head: the header and 12 rows.
    expect(sniff.preview.length).toBe(13);
    expect(sniff.preview[0][0]).toBe('ENSG00000000000');
    expect(sniff.preview[1].slice(0, 2)).toEqual([value(0, 0).toFixed(2).replace('.', ','), value(0, 1).toFixed(2).replace('.', ',')]);
  });

  it('imports every column and row, numbers as written', () => {
    const { dataset, plan } = importCsvBytes(bytes, 'wide.csv', { target: 'tissue', split: { validation: 0 }, precision: 'float64' });
    expect([dataset.rows, dataset.features, plan.delimiter, plan.decimal]).toEqual([ROWS, COLUMNS, ';', ',']);
    expect(dataset.featureNames.at(-1)).toBe(`ENSG${String(COLUMNS - 1).padStart(11, '0')}`);
    expect([dataset.x[0], dataset.x[COLUMNS - 1], dataset.x[(ROWS - 1) * COLUMNS + 5]]).toEqual([
      Number(value(0, 0).toFixed(2)),
      Number(value(0, COLUMNS - 1).toFixed(2)),
      Number(value(ROWS - 1, 5).toFixed(2)),
    ]);
    expect(dataset.target).toMatchObject({ kind: 'classes', classes: ['brain', 'liver'] });
  });

  it('is read by name for predictions', () => {
    const table = readCsvTable(bytes, 'wide.csv');
    expect([table.delimiter, table.format.decimal, table.header.length, table.records.length]).toEqual([';', ',', COLUMNS + 1, ROWS]);
    const x = featureMatrix(table, ['ENSG00000011999', 'ENSG00000000001']);
    expect(Array.from(x.subarray(0, 2))).toEqual([Number(value(0, 11_999).toFixed(2)), Number(value(0, 1).toFixed(2))]);
  });

  it('is refused, saying how far it was read, when its first line does not end within 16 MiB', () => {
    const endless = new TextEncoder().encode(`${'x,'.repeat(MAX_SNIFF_BYTES / 2)}y\n1\n`);
    expect(() => importCsvBytes(endless, 'endless.csv', { delimiter: ',' })).toThrow(
      'endless.csv: no complete line of values in the first 16,777,216 bytes; a first line is read up to 16 MiB to see how the file is written',
    );
  });
});
