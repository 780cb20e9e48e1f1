import Papa from 'papaparse';
import type { Dataset, Target, Task } from './dataset';

// A small numeric CSV reader shared by the CLI and (later) the app's importer: a header row, numeric
// feature columns, one target column. Errors are meant for people, so every one names the file, the
// row (counted like the lines of a simple file: the header is row 1) and the column.

export interface CsvOptions {
  /** Used in messages and as the dataset name. */
  fileName: string;
  /** Header name of the target column. */
  target: string;
  /** Inferred from the target column when absent (see `inferTask`). */
  task?: Task;
}

/** Integer targets with at most this many distinct values are read as class labels. */
const MAX_INTEGER_CLASSES = 20;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict decimal parsing: unlike Number(), rejects '', hex, 'Infinity' and stray text. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : null;
}

/** The header's most frequent candidate delimiter (papaparse's own guess fails on short files). */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best)).d;
}

const describe = (value: string) => (value.trim() === '' ? 'an empty value' : `'${value}'`);

/** Classification when the target has text, or few distinct integers; otherwise regression. */
export function inferTask(values: string[]): Task {
  const numbers = values.map(parseNumber);
  if (numbers.some((n) => n === null)) return 'classification';
  const integers = numbers.every((n) => Number.isInteger(n));
  return integers && new Set(numbers).size <= MAX_INTEGER_CLASSES ? 'classification' : 'regression';
}

function classTarget(values: string[], fileName: string, column: string): Target {
  const distinct = [...new Set(values.map((v) => v.trim()))];
  // Numeric labels sort as numbers (2 before 10), names alphabetically, so the order never depends on row order.
  const numeric = distinct.every((v) => parseNumber(v) !== null);
  const classes = distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  if (classes.length < 2) {
    throw new Error(`${fileName}, column '${column}': the target has only one class ('${classes[0]}'); classification needs at least two`);
  }
  const index = new Map(classes.map((name, i) => [name, i]));
  return { kind: 'classes', classes, labels: Int32Array.from(values, (v) => index.get(v.trim())!) };
}

/** A parsed CSV file: trimmed header names and the data records with their row numbers. */
export interface CsvTable {
  fileName: string;
  header: string[];
  records: { fields: string[]; row: number }[];
}

export function readCsvTable(text: string, fileName: string): CsvTable {
  if (text.includes('\u0000')) {
    throw new Error(`${fileName} is not a text CSV file (it contains NUL bytes: binary data or UTF-16 text)`);
  }
  const body = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(body, { delimiter: detectDelimiter(body), skipEmptyLines: false });
  const problem = parsed.errors[0];
  if (problem) throw new Error(`${fileName} row ${(problem.row ?? 0) + 1}: ${problem.message}`);

  // Keep each record's 1-based row number before dropping blank lines, so messages point at the file.
  const records = parsed.data
    .map((fields, i) => ({ fields, row: i + 1 }))
    .filter(({ fields }) => !(fields.length === 1 && fields[0].trim() === ''));
  if (records.length === 0) throw new Error(`${fileName} is empty`);
  const [headerRecord, ...dataRecords] = records;
  const header = headerRecord.fields.map((name) => name.trim());
  if (dataRecords.length === 0) throw new Error(`${fileName} has a header row but no data rows`);

  const seen = new Set<string>();
  header.forEach((name, j) => {
    if (name === '') throw new Error(`${fileName} row ${headerRecord.row}: column ${j + 1} has an empty name`);
    if (seen.has(name)) throw new Error(`${fileName} row ${headerRecord.row}: column '${name}' appears twice in the header`);
    seen.add(name);
  });
  for (const { fields, row } of dataRecords) {
    if (fields.length !== header.length) {
      throw new Error(`${fileName} row ${row}: expected ${header.length} fields like the header, found ${fields.length}`);
    }
  }
  return { fileName, header, records: dataRecords };
}

/** Index of a named column, or an error listing the columns there are. */
export function columnIndex(table: CsvTable, name: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) throw new Error(`${table.fileName}: no column '${name}' in the header (columns: ${table.header.join(', ')})`);
  return index;
}

/** The given columns as a row-major rows × columns matrix of numbers. */
export function numericMatrix(table: CsvTable, columns: number[]): Float64Array {
  const x = new Float64Array(table.records.length * columns.length);
  table.records.forEach(({ fields, row }, i) => {
    columns.forEach((j, k) => {
      const value = parseNumber(fields[j]);
      if (value === null) {
        throw new Error(`${table.fileName} row ${row}, column '${table.header[j]}': expected a number, found ${describe(fields[j])}`);
      }
      x[i * columns.length + k] = value;
    });
  });
  return x;
}

/** Reads every column except `target` as a numeric feature, and `target` as classes or values. */
export function readCsvDataset(text: string, { fileName, target, task }: CsvOptions): Dataset {
  const table = readCsvTable(text, fileName);
  const targetColumn = columnIndex(table, target);
  if (table.header.length < 2) throw new Error(`${fileName}: no feature columns besides the target '${target}'`);
  const featureColumns = table.header.map((_, j) => j).filter((j) => j !== targetColumn);
  const x = numericMatrix(table, featureColumns);
  const rows = table.records.length;

  const targetValues = table.records.map(({ fields, row }) => {
    if (fields[targetColumn].trim() === '') {
      throw new Error(`${fileName} row ${row}, column '${target}': expected a target value, found an empty value`);
    }
    return fields[targetColumn];
  });
  let datasetTarget: Target;
  if ((task ?? inferTask(targetValues)) === 'classification') {
    datasetTarget = classTarget(targetValues, fileName, target);
  } else {
    const values = new Float64Array(rows);
    targetValues.forEach((text, i) => {
      const value = parseNumber(text);
      if (value === null) {
        throw new Error(`${fileName} row ${table.records[i].row}, column '${target}': expected a number (regression target), found ${describe(text)}`);
      }
      values[i] = value;
    });
    datasetTarget = { kind: 'values', names: [target], values };
  }

  return {
    name: fileName.replace(/\.[^.]*$/, ''),
    featureNames: featureColumns.map((j) => table.header[j]),
    rows,
    features: featureColumns.length,
    x,
    target: datasetTarget,
    normalization: { kind: 'none' },
  };
}
