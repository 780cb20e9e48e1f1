import { CsvRecords, type CsvRecordOptions } from './csv-records';
import { isMissing, numberParser, PLAIN_NUMBERS, rangeProblem, sortLabels, type NumberFormat } from './csv-values';
import { TroubleCounter, unreadNumber, type NumberTrouble } from './number-trouble';
import { ValueCounter } from './value-counter';
import type { Task } from './dataset';
import { ImportError } from './import-error';

// Pass 1 of a CSV import: stream every record through a ColumnProfiler (constant memory per column:
// counts, a capped set of distinct values, numeric range), then `inferColumns` turns the profile into
// suggestions the user reviews: numeric or categorical, feature / target / ignore, and the task.
// The profile's counts are exactly what the import summary shows before anything is built.

/** Distinct values remembered per column; beyond this a column is free text or an id, not categories. */
export const MAX_TRACKED_VALUES = 1000;
/** More categories than this are suggested as ignored: one-hot would add that many features. */
export const MAX_SUGGESTED_CATEGORIES = 50;
/** Integer targets with at most this many distinct values are suggested as classes. */
export const MAX_INTEGER_CLASSES = 20;

export interface ColumnProfile {
  name: string;
  /** Values that parse as numbers float64 can hold. */
  numeric: number;
  /** Empty fields and missing markers ('', NaN, NA, N/A, ?, null, None). */
  missing: number;
  /** Other text (`numberLike` included). */
  text: number;
  firstMissing?: { row: number; value: string };
  firstText?: { row: number; value: string };
  /**
   * Cells that look numeric but are not numbers float64 can hold: text that reads as a number in
   * another format ('3,14' with a decimal point chosen; counted in `text` too), hexadecimal or
   * binary text ('0x1A'; in `text`), numbers beyond float64 (1e309, 1e-400, subnormals; in neither).
   */
  trouble: NumberTrouble[];
  /** Numbers float64 holds but float32 storage would not (overflow, underflow). */
  trouble32: NumberTrouble[];
  /**
   * Value → count for up to MAX_TRACKED_VALUES distinct values (missing markers excluded): numbers
   * by value in ascending order, written canonically ("1.0" counts as "1"), then trimmed texts.
   */
  counts: Map<string, number>;
  /** More distinct values than were tracked. */
  overflow: boolean;
  min: number;
  max: number;
  /** Every numeric value is a whole number. */
  integers: boolean;
}

export interface CsvProfile {
  fileName: string;
  columns: ColumnProfile[];
  /** Data records (blank lines and the header not counted). */
  rows: number;
  /** Row number of the last record, for progress and messages. */
  lastRow: number;
}

const emptyProfile = (name: string): ColumnProfile => ({
  name,
  numeric: 0,
  missing: 0,
  text: 0,
  trouble: [],
  trouble32: [],
  counts: new Map(),
  overflow: false,
  min: Infinity,
  max: -Infinity,
  integers: true,
});

export interface ProfilerOptions extends CsvRecordOptions {
  /** How numbers are written; a decimal point without thousands separators by default. */
  format?: NumberFormat;
}

/** Feed it parsed chunks in file order (`add`), then read `profile()`. */
export class ColumnProfiler {
  private readonly records: CsvRecords;
  private readonly fileName: string;
  private readonly format: NumberFormat;
  private readonly parse: (text: string) => number | null;
  private columns: ColumnProfile[] = [];
  private counters: ValueCounter[] = [];
  private troubles: TroubleCounter[] = [];
  private troubles32: TroubleCounter[] = [];
  private rows = 0;

  constructor(options: ProfilerOptions) {
    this.records = new CsvRecords(options);
    this.fileName = options.fileName;
    this.format = options.format ?? PLAIN_NUMBERS;
    this.parse = numberParser(this.format);
  }

  add(chunk: readonly string[][]): void {
    this.records.feed(chunk, (fields, row) => {
      if (this.columns.length === 0) {
        this.columns = this.records.columnNames().map(emptyProfile);
        this.counters = this.columns.map(() => new ValueCounter(MAX_TRACKED_VALUES));
        this.troubles = this.columns.map(() => new TroubleCounter());
        this.troubles32 = this.columns.map(() => new TroubleCounter());
      }
      this.rows++;
      for (let j = 0; j < fields.length; j++) this.count(j, fields[j], row);
    });
  }

  private count(j: number, field: string, row: number): void {
    const column = this.columns[j];
    const counter = this.counters[j];
    // Numbers first: they are most cells, and no missing marker reads as a number.
    const number = this.parse(field);
    const problem = number === null ? null : rangeProblem(number, field, 'float64');
    if (number !== null && problem === null) {
      const problem32 = rangeProblem(number, field, 'float32');
      if (problem32) this.troubles32[j].add({ kind: problem32, precision: 'float32' }, row, field);
      column.numeric++;
      if (number < column.min) column.min = number;
      if (number > column.max) column.max = number;
      if (column.integers && !Number.isInteger(number)) column.integers = false;
      counter.addNumber(number);
    } else if (problem) {
      this.troubles[j].add({ kind: problem, precision: 'float64' }, row, field);
    } else if (isMissing(field)) {
      column.missing++;
      column.firstMissing ??= { row, value: field };
    } else {
      const value = field.trim();
      column.text++;
      column.firstText ??= { row, value };
      counter.addText(value);
      const trouble = unreadNumber(value, this.format);
      if (trouble) this.troubles[j].add(trouble, row, value);
    }
  }

  /** The profile so far; throws the empty / header-only errors when there are no data rows. */
  profile(): CsvProfile {
    // An empty file has no column names (that error first).
    this.records.columnNames();
    if (this.rows === 0) {
      throw new ImportError({ file: this.fileName }, 'the file has a header row but no data rows');
    }
    this.columns.forEach((column, j) => {
      column.counts = this.counters[j].counts();
      column.overflow = this.counters[j].overflow;
      column.trouble = this.troubles[j].list();
      column.trouble32 = this.troubles32[j].list();
    });
    // A data row has been read, so the columns were made on the first one (a header keeps a name at least).
    return { fileName: this.fileName, columns: this.columns, rows: this.rows, lastRow: this.records.row };
  }
}

export type ColumnType = 'numeric' | 'categorical';
export type ColumnRole = 'feature' | 'target' | 'ignore';

export interface ColumnInference {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Why the role was suggested, for a tooltip ("all 150 values distinct: an id"). */
  reason: string;
  /** Missing markers plus, for a numeric column, non-numeric text. */
  missing: number;
  /** Non-numeric text and numbers beyond float64 in a numeric column (counted in `missing` as well). */
  invalid: number;
  /** Distinct non-missing values, or null when more than MAX_TRACKED_VALUES. */
  distinct: number | null;
  /** Sorted categories (categorical columns with tracked values); the one-hot order. */
  categories?: string[];
}

export interface CsvInference {
  columns: ColumnInference[];
  task: Task;
  /** Index of the suggested target column. */
  target: number;
}

const TARGET_NAME = /^(target|label|labels|class|classes|y|outcome|species|diagnosis)$/i;
const ID_NAME = /^(id|index|idx|row|unnamed.*)$/i;
/** Row numbers are told from data only in files long enough for a coincidence to be unlikely. */
const MIN_ROWS_FOR_ID = 20;

/** Cells of a column that look numeric without being read as numbers (see `ColumnProfile.trouble`). */
export const troubleCount = (c: ColumnProfile) => c.trouble.reduce((n, t) => n + t.count, 0);
const beyondRange = (c: ColumnProfile) => c.trouble.reduce((n, t) => n + (t.kind === 'overflow' || t.kind === 'underflow' ? t.count : 0), 0);

function typeOf(c: ColumnProfile): ColumnType {
  // Stray words in a mostly numeric column are bad values, not categories; so are numbers in
  // another format or beyond float64: such a column stays numeric with those cells unreadable,
  // never one-hot encoded on their text.
  // An all-missing column has nothing to say; numeric keeps it from needing categories.
  const numberish = troubleCount(c);
  const words = c.text - (numberish - beyondRange(c));
  return words <= c.numeric + numberish ? 'numeric' : 'categorical';
}

function ignoreReason(c: ColumnProfile, type: ColumnType, rows: number): string | null {
  const distinct = c.counts.size;
  if (c.numeric + c.text + beyondRange(c) === 0) return 'no values';
  if (!c.overflow && distinct === 1) return 'a single value in every row';
  if (type === 'numeric' && c.integers && !c.overflow && distinct === rows && ID_NAME.test(c.name)) return `all ${rows} values distinct: an id`;
  const numbersRows = type === 'numeric' && c.integers && !c.overflow && distinct === rows && rows >= MIN_ROWS_FOR_ID;
  if (numbersRows && c.min === 1 && c.max === rows) return 'numbers the rows 1…n: an id';
  if (numbersRows && c.min === 0 && c.max === rows - 1) return 'numbers the rows 0…n-1: an id';
  if (type === 'categorical' && (c.overflow || distinct > MAX_SUGGESTED_CATEGORIES)) {
    return `${c.overflow ? `more than ${MAX_TRACKED_VALUES}` : distinct} distinct texts: names or free text, not categories`;
  }
  return null;
}

/** Classification for text or few distinct integers; regression otherwise. */
export function inferTask(column: ColumnProfile): Task {
  if (typeOf(column) === 'categorical') return 'classification';
  return column.integers && !column.overflow && column.counts.size <= MAX_INTEGER_CLASSES ? 'classification' : 'regression';
}

export function inferColumns(profile: CsvProfile): CsvInference {
  const types = profile.columns.map(typeOf);
  const ignore = profile.columns.map((c, j) => ignoreReason(c, types[j], profile.rows));
  // The target: a conventional name, else the last column that is not ignored.
  let target = profile.columns.findIndex((c, j) => TARGET_NAME.test(c.name) && ignore[j] === null);
  if (target < 0) target = profile.columns.findLastIndex((_, j) => ignore[j] === null);
  if (target < 0) target = profile.columns.length - 1;

  const columns = profile.columns.map((c, j): ColumnInference => {
    const role: ColumnRole = j === target ? 'target' : ignore[j] !== null ? 'ignore' : 'feature';
    const reason =
      role === 'target'
        ? TARGET_NAME.test(c.name) ? `named '${c.name}'` : 'the last usable column'
        : (ignore[j] ?? (types[j] === 'numeric' ? 'numbers' : `${c.counts.size} categories`));
    const invalid = types[j] === 'numeric' ? c.text + beyondRange(c) : 0;
    return {
      name: c.name,
      type: types[j],
      role,
      reason,
      missing: c.missing + invalid,
      invalid,
      distinct: c.overflow ? null : c.counts.size,
      ...(types[j] === 'categorical' && !c.overflow ? { categories: sortLabels(c.counts.keys()) } : {}),
    };
  });
  return { columns, task: inferTask(profile.columns[target]), target };
}
