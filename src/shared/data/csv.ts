import { CsvRecords } from './csv-records';
import { describeValue, numberParser, rangeProblem, type NumberFormat } from './csv-values';
import { describeCell } from './number-trouble';
import { parseCsvText } from './csv-parse';
import { sniffHead } from './csv-head';
import { decodeCsvBytes, type CsvDelimiter } from './csv-sniff';
import { ImportError } from './import-error';
import { sniffWithChoices, type CsvReadingChoices } from './import-csv';

// A CSV file as a table of text fields, for reading new rows into a trained model's features
// (`predict`): columns are found by name, in any order, and a one-hot feature "colour=red" is
// rebuilt from the column "colour". Small files only: the table keeps every record.

export interface CsvTable {
  fileName: string;
  /** How the file was read: chosen, or detected where no choice was given. */
  delimiter: CsvDelimiter;
  skipLines: number;
  hasHeader: boolean;
  /** How numbers are written. */
  format: NumberFormat;
  header: string[];
  records: { fields: string[]; row: number }[];
}

/**
 * Reads a CSV file (same encoding checks, delimiter detection and row numbers as an import). The
 * choices are taken, not guessed — a trained model's file is read the way its training file was;
 * without a choice the first row after the skipped lines is the header, which names the columns.
 */
export function readCsvTable(bytes: Uint8Array, fileName: string, choices: CsvReadingChoices = {}): CsvTable {
  const { head, complete } = sniffHead(bytes);
  const sniff = sniffWithChoices(head, fileName, { complete }, choices);
  const { delimiter, skipLines } = sniff;
  const hasHeader = choices.hasHeader ?? true;
  const format = { decimal: sniff.decimal, thousands: sniff.thousands };
  const text = decodeCsvBytes(bytes, fileName, sniff.encoding);
  const reader = new CsvRecords({ fileName, hasHeader, skipLines });
  const records: CsvTable['records'] = [];
  parseCsvText(text, { fileName, delimiter, onRecords: (chunk) => reader.feed(chunk, (fields, row) => records.push({ fields, row })) });
  const header = reader.columnNames();
  // Without a header the first record is data: only a header can stand alone.
  if (records.length === 0) throw new ImportError({ file: fileName }, 'the file has a header row but no data rows');
  return { fileName, delimiter, skipLines, hasHeader, format, header, records };
}

/** Index of a named column, or an error listing the columns there are. */
export function columnIndex(table: CsvTable, name: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) throw new ImportError({ file: table.fileName }, `no column '${name}' in the header (columns: ${table.header.join(', ')})`);
  return index;
}

/**
 * The column and value of a one-hot feature "column=value": either may hold "=" themselves, so the
 * longest prefix that names a column is the column ("link=a=b" is link = "a=b").
 */
function oneHot(header: string[], name: string): { column: number; value: string } | null {
  for (let eq = name.lastIndexOf('='); eq > 0; eq = name.lastIndexOf('=', eq - 1)) {
    const column = header.indexOf(name.slice(0, eq));
    if (column >= 0) return { column, value: name.slice(eq + 1) };
  }
  return null;
}

/**
 * The named features as a row-major rows × features matrix: a feature named like a column is that
 * column's number; "column=value" (one-hot, as imports name them) is 1 where the column holds value.
 */
export function featureMatrix(table: CsvTable, features: string[]): Float64Array {
  const readers = features.map((name) => {
    if (table.header.includes(name)) return { column: table.header.indexOf(name), name, value: null };
    const { column, value } = oneHot(table.header, name) ?? { column: columnIndex(table, name), value: null };
    return { column, name: table.header[column], value };
  });
  const parse = numberParser(table.format);
  const x = new Float64Array(table.records.length * features.length);
  table.records.forEach(({ fields, row }, i) => {
    readers.forEach(({ column, name, value }, k) => {
      const text = fields[column];
      if (value !== null) {
        x[i * features.length + k] = text.trim() === value ? 1 : 0;
        return;
      }
      const number = parse(text);
      if (number === null) throw new ImportError({ file: table.fileName, row, column: name }, `expected a number, found ${describeValue(text)}`);
      const range = rangeProblem(number, text, 'float64');
      if (range) throw new ImportError({ file: table.fileName, row, column: name }, describeCell(text, { kind: range, precision: 'float64' }));
      x[i * features.length + k] = number;
    });
  });
  return x;
}
