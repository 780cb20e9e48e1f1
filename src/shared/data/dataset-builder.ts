import { CsvRecords } from './csv-records';
import { describeValue, isMissing, numberParser, rangeProblem, sortLabels } from './csv-values';
import type { Dataset, Normalization, Target } from './dataset';
import { GrowableRows } from './growable';
import { ImportError } from './import-error';
import { parseImportPlan, type ImportPlan, type ImportPlanInput, type MissingPolicy } from './import-plan';
import { describeCell, describeTrouble, TroubleCounter, unreadNumber, type NumberTrouble, type TroubleKind } from './number-trouble';
import { fillMissing, type CategoricalFill, type FilledColumn, type NumericFill } from './missing-fill';
import { applyNormalization } from '../schema/normalization';
import { fitNormalization } from './normalize';
import { splitRows } from './split';

// Pass 2 of a CSV import: builds the Dataset while the file streams by, following an ImportPlan.
//
//   const builder = new DatasetBuilder(plan, { expectedRows: profile.rows });
//   await parseCsvStream(bytes, { fileName, delimiter: plan.delimiter, encoding: plan.encoding,
//     onRecords: (records) => builder.add(records) });   // string[][], header record included
//   post(builder.finish());
//
// Memory: the features go straight into one Float32Array (float64 on request) of rows × features;
// no array of rows is kept. Categorical features are one-hot encoded in the plan's category order;
// class labels are collected as text and sorted at the end (numbers numerically), so the class order
// never depends on row order. `finish` then splits (seeded, stratified), fills missing values and
// fits the normalization on the training rows only, and reports what happened to every row.

export interface DroppedColumn {
  column: string;
  /** Rows dropped for a missing value ('', NaN, ?, …) in this column. */
  missing: number;
  /** Rows dropped for an unreadable value (text in a numeric column, a number beyond the storage type, an unknown category). */
  invalid: number;
  /** The first such row, for "see row 812". */
  firstRow: number;
}

export interface ImportReport {
  fileName: string;
  /** Data records read (header and blank lines not counted). */
  rowsRead: number;
  rowsKept: number;
  rowsDropped: number;
  /** Why rows were dropped, per column; a row with two bad cells counts in both columns. */
  dropped: DroppedColumn[];
  /** Missing values filled per column, with the value used. */
  filled: FilledColumn[];
  /**
   * Cells that look numeric but were not read as numbers (another number format, hexadecimal,
   * beyond the storage type), per column and why, whatever happened to their rows.
   */
  numberTrouble: (NumberTrouble & { column: string })[];
  features: number;
  /** Rows per class (classification). */
  classCounts?: { name: string; rows: number }[];
  split: { train: number; validation: number; test: number };
  normalization: Normalization['kind'];
}

export interface ImportResult {
  dataset: Dataset;
  report: ImportReport;
}

export interface BuilderOptions {
  /** Data rows expected (from the profile pass): allocates once instead of growing. */
  expectedRows?: number;
}

type FeatureReader =
  | { kind: 'numeric'; column: number; name: string; feature: number; policy: MissingPolicy }
  | { kind: 'categorical'; column: number; name: string; feature: number; policy: MissingPolicy; index: Map<string, number>; categories: string[] };

type Problem = 'missing' | 'invalid';

/** Classification targets beyond this many classes are almost surely a numeric target or an id. */
export const MAX_CLASSES = 1000;

export class DatasetBuilder {
  readonly plan: ImportPlan;
  private readonly records: CsvRecords;
  private readonly readers: FeatureReader[] = [];
  /** The target column (classification), or every target column in file order (regression). */
  private readonly targetColumns: number[];
  private readonly featureNames: string[] = [];
  private readonly x: GrowableRows<Float32Array> | GrowableRows<Float64Array>;
  private readonly labels: GrowableRows<Int32Array>;
  private readonly values: GrowableRows<Float64Array>;
  private readonly labelIndex = new Map<string, number>();
  private readonly dropped = new Map<string, DroppedColumn>();
  private readonly numericFills: NumericFill[] = [];
  private readonly categoricalFills = new Map<number, CategoricalFill>();
  private readonly parse: (text: string) => number | null;
  private readonly troubles = new Map<string, TroubleCounter>();
  private rowsRead = 0;
  private rowsDropped = 0;
  private headerChecked = false;

  constructor(plan: ImportPlan | ImportPlanInput, options: BuilderOptions = {}) {
    this.plan = parseImportPlan(plan);
    const { columns } = this.plan;
    this.records = new CsvRecords({ fileName: this.plan.fileName, hasHeader: this.plan.hasHeader, skipLines: this.plan.skipLines });
    this.parse = numberParser(this.plan);
    this.targetColumns = columns.flatMap((c, j) => (c.role === 'target' ? [j] : []));
    let feature = 0;
    columns.forEach((c, column) => {
      if (c.role !== 'feature') return;
      const policy = c.missing ?? this.plan.missing;
      if (c.type === 'numeric') {
        this.readers.push({ kind: 'numeric', column, name: c.name, feature, policy });
        this.featureNames.push(c.name);
        if (policy === 'mean' || policy === 'mostFrequent') this.numericFills.push({ kind: 'numeric', column: c.name, feature, how: policy });
        feature++;
      } else {
        const categories = c.categories!;
        this.readers.push({ kind: 'categorical', column, name: c.name, feature, policy, categories, index: new Map(categories.map((v, k) => [v, k])) });
        this.featureNames.push(...categories.map((v) => `${c.name}=${v}`));
        if (policy === 'mean' || policy === 'mostFrequent') this.categoricalFills.set(column, { kind: 'categorical', column: c.name, feature, categories, rows: [] });
        feature += categories.length;
      }
    });
    const expected = options.expectedRows;
    this.x = this.plan.precision === 'float64' ? new GrowableRows(Float64Array, feature, expected) : new GrowableRows(Float32Array, feature, expected);
    this.labels = new GrowableRows(Int32Array, 1, this.plan.task === 'classification' ? expected : 1);
    this.values = new GrowableRows(Float64Array, this.targetColumns.length, this.plan.task === 'regression' ? expected : 1);
  }

  /** Records read so far (for progress next to papaparse's byte cursor). */
  get rows(): number {
    return this.rowsRead;
  }

  /** Feeds parsed records in file order, the header record included when the plan has one. */
  add(chunk: readonly string[][]): void {
    this.records.feed(chunk, (fields, row) => {
      if (!this.headerChecked) this.checkColumns();
      this.rowsRead++;
      this.read(fields, row);
    });
  }

  /** The file must still have the columns the plan was made for (a plan can be reused on a new file). */
  private checkColumns(): void {
    this.headerChecked = true;
    const names = this.records.columnNames();
    const { columns, fileName, hasHeader } = this.plan;
    if (names.length !== columns.length) {
      throw new ImportError({ file: fileName }, `the file has ${names.length} columns, the import plan expects ${columns.length}`);
    }
    if (hasHeader) {
      const j = names.findIndex((name, i) => name !== columns[i].name);
      if (j >= 0) throw new ImportError({ file: fileName, row: this.plan.skipLines + 1 }, `column ${j + 1} is '${names[j]}', the import plan expects '${columns[j].name}'`);
    }
  }

  private fail(row: number, column: string, problem: string): never {
    throw new ImportError({ file: this.plan.fileName, row, column }, problem);
  }

  /** A category by its text, or by its number written canonically ("1.0" is category "1", as profiled). */
  private categoryOf(index: Map<string, number>, text: string): number | undefined {
    const trimmed = text.trim();
    const k = index.get(trimmed);
    if (k !== undefined) return k;
    const number = this.parse(trimmed);
    return number === null ? undefined : index.get(String(number));
  }

  /**
   * Reads a numeric cell into a finite number the storage type holds; otherwise counts why not
   * (when it looks numeric) and returns the problem. Fails when the policy says so.
   */
  private readNumber(text: string, row: number, column: string, policy: MissingPolicy, precision: 'float32' | 'float64', what: string): number | Problem {
    const value = this.parse(text);
    if (value !== null) {
      const range = rangeProblem(value, text, precision);
      if (range === null) return value;
      const trouble: TroubleKind = { kind: range, precision };
      if (policy === 'fail') this.fail(row, column, describeCell(text, trouble));
      this.countTrouble(column, trouble, row, text);
      return 'invalid';
    }
    if (isMissing(text)) {
      if (policy === 'fail') this.fail(row, column, `expected ${what}, found ${describeValue(text)}`);
      return 'missing';
    }
    const trouble = unreadNumber(text, this.plan);
    if (trouble) this.countTrouble(column, trouble, row, text);
    if (policy === 'fail') {
      this.fail(row, column, `expected ${what}, found ${trouble ? describeCell(text, trouble).replace(/ is /, ', which is ') : describeValue(text)}`);
    }
    return 'invalid';
  }

  private countTrouble(column: string, trouble: TroubleKind, row: number, text: string): void {
    let counter = this.troubles.get(column);
    if (!counter) this.troubles.set(column, (counter = new TroubleCounter()));
    counter.add(trouble, row, text);
  }

  private drop(row: number, column: string, problem: Problem): void {
    let entry = this.dropped.get(column);
    if (!entry) {
      entry = { column, missing: 0, invalid: 0, firstRow: row };
      this.dropped.set(column, entry);
    }
    entry[problem]++;
  }

  /** Reads the row's regression targets into a reserved row of values; false when one is missing or unreadable (the row is dropped). */
  private readTargets(fields: string[], row: number): boolean {
    const at = this.values.reserve();
    let keep = true;
    this.targetColumns.forEach((j, i) => {
      const { name } = this.plan.columns[j];
      const text = fields[j];
      if (isMissing(text)) {
        if (this.plan.missing === 'fail') this.fail(row, name, 'expected a target value, found ' + describeValue(text));
        this.drop(row, name, 'missing');
        keep = false;
        return;
      }
      // Targets are stored as float64; a bad one always drops its row unless the policy is to fail
      // (readNumber only tells 'fail' from the rest).
      const value = this.readNumber(text, row, name, this.plan.missing, 'float64', 'a number (regression target)');
      if (typeof value === 'number') this.values.data[at + i] = value;
      else {
        this.drop(row, name, 'invalid');
        keep = false;
      }
    });
    return keep;
  }

  private read(fields: string[], row: number): void {
    let keep = true;
    if (this.plan.task === 'regression') {
      keep = this.readTargets(fields, row);
    } else if (isMissing(fields[this.targetColumns[0]])) {
      const target = this.plan.columns[this.targetColumns[0]];
      const targetText = fields[this.targetColumns[0]];
      if (this.plan.missing === 'fail') this.fail(row, target.name, 'expected a target value, found ' + describeValue(targetText));
      this.drop(row, target.name, 'missing');
      keep = false;
    } else {
      const target = this.plan.columns[this.targetColumns[0]];
      const targetText = fields[this.targetColumns[0]];
      // Numeric labels by value, as the profile counts them: "1.0" and "1" are one class.
      const number = this.parse(targetText);
      const label = number === null || rangeProblem(number, targetText, 'float64') ? targetText.trim() : String(number);
      let index = this.labelIndex.get(label);
      if (index === undefined) {
        if (this.labelIndex.size === MAX_CLASSES) {
          this.fail(row, target.name, `more than ${MAX_CLASSES} distinct target values; for a numeric target choose regression, or choose another target column`);
        }
        index = this.labelIndex.size;
        this.labelIndex.set(label, index);
      }
      const at = this.labels.reserve();
      this.labels.data[at] = index;
    }

    const offset = this.x.reserve();
    const x = this.x.data;
    const pendingCategorical: number[] = [];
    for (const reader of this.readers) {
      const text = fields[reader.column];
      let problem: Problem | null = null;
      if (reader.kind === 'numeric') {
        const value = this.readNumber(text, row, reader.name, reader.policy, this.plan.precision, 'a number');
        if (typeof value === 'number') x[offset + reader.feature] = value;
        else {
          problem = value;
          // To be filled (a dropped row's values are overwritten by the next row).
          x[offset + reader.feature] = NaN;
        }
      } else {
        x.fill(0, offset + reader.feature, offset + reader.feature + reader.categories.length);
        const k = isMissing(text) ? undefined : this.categoryOf(reader.index, text);
        if (k !== undefined) x[offset + reader.feature + k] = 1;
        else problem = isMissing(text) ? 'missing' : 'invalid';
        if (problem && reader.policy === 'fail') {
          const some = reader.categories.slice(0, 5).join(', ') + (reader.categories.length > 5 ? ', …' : '');
          this.fail(row, reader.name, problem === 'missing' ? 'expected a category, found an empty value' : `expected one of its ${reader.categories.length} categories (${some}), found ${describeValue(text)}`);
        }
        // To be filled (fail has thrown; a dropped row never reaches the fills).
        if (problem) pendingCategorical.push(reader.column);
      }
      if (problem && reader.policy === 'drop') {
        this.drop(row, reader.name, problem);
        keep = false;
      }
    }
    if (!keep) {
      this.rowsDropped++;
      return;
    }
    for (const column of pendingCategorical) this.categoricalFills.get(column)!.rows.push(this.x.rows);
    this.x.commit();
    if (this.plan.task === 'regression') this.values.commit();
    else this.labels.commit();
  }

  private target(): Target {
    if (this.plan.task === 'regression') return { kind: 'values', names: this.targetColumns.map((j) => this.plan.columns[j].name), values: this.values.trim() };
    const column = this.plan.columns[this.targetColumns[0]].name;
    const classes = sortLabels(this.labelIndex.keys());
    if (classes.length < 2) {
      throw new ImportError({ file: this.plan.fileName, column }, `the target has only one class ('${classes[0]}'); classification needs at least two`);
    }
    const order = new Map(classes.map((name, k) => [name, k]));
    const remap = Int32Array.from(this.labelIndex.keys(), (name) => order.get(name)!);
    return { kind: 'classes', classes, labels: this.labels.trim().map((label) => remap[label]) };
  }

  /** Values near float64's limits (1e308) can overflow the statistics; no feature may become NaN. */
  private checkStatistics(normalization: Normalization): void {
    if (normalization.kind === 'none') return;
    const spread = normalization.kind === 'minmax' ? normalization.max.map((max, j) => max - normalization.min[j]) : normalization.std.map((std, j) => std + normalization.mean[j]);
    const j = spread.findIndex((v) => !Number.isFinite(v));
    if (j < 0) return;
    const column = this.featureNames[j];
    throw new ImportError({ file: this.plan.fileName, column }, `its values are too large to ${normalization.kind === 'minmax' ? 'min-max scale' : 'standardize'} in float64 (the statistics overflow); rescale the column in the file or choose no normalization`);
  }

  /** A column's error, with why its values were unreadable when they look numeric. */
  private withTroubles<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof ImportError) || error.column === undefined) throw error;
      const { column, file } = error;
      const troubles = this.troubles.get(column)?.list();
      if (!troubles) throw error;
      const why = troubles.map((t) => `; ${describeTrouble(column, t)}`).join('');
      throw new ImportError({ file, column }, `${error.problem}${why}`);
    }
  }

  private numberTrouble(): ImportReport['numberTrouble'] {
    return [...this.troubles].flatMap(([column, counter]) => counter.list().map((t) => ({ ...t, column })));
  }

  /** Builds the dataset: split, fills and normalization from the training rows, and the report. */
  finish(): ImportResult {
    const { fileName } = this.plan;
    // An empty file has no column names (that error first); without a header every record is a data row.
    this.records.columnNames();
    if (this.rowsRead === 0) throw new ImportError({ file: fileName }, 'the file has a header row but no data rows');
    const rows = this.x.rows;
    const dropped = [...this.dropped.values()];
    if (rows === 0) {
      const why = dropped.map((d) => `'${d.column}' ${d.missing + d.invalid}`).join(', ');
      const troubles = this.numberTrouble().map((t) => `; ${describeTrouble(t.column, t)}`).join('');
      throw new ImportError({ file: fileName }, `all ${this.rowsRead} rows were dropped for missing or unreadable values (${why}); choose "fill" for those columns or ignore them${troubles}`);
    }
    const target = this.target();
    const x = this.x.trim();
    const { validation, test, seed } = this.plan.split;
    const split = validation + test > 0 ? splitRows(target, rows, { validation, test, seed }) : undefined;
    const trainRows = split?.train ?? Int32Array.from({ length: rows }, (_, i) => i);
    const features = this.featureNames.length;
    const filled = this.withTroubles(() => fillMissing(fileName, x, features, rows, [...this.numericFills, ...this.categoricalFills.values()], trainRows));
    const normalization = fitNormalization(x, features, trainRows, this.plan.normalization);
    this.checkStatistics(normalization);
    applyNormalization(x, features, normalization);

    const dataset: Dataset = {
      name: this.plan.name,
      featureNames: this.featureNames,
      rows,
      features,
      x,
      target,
      normalization,
      ...(split ? { split } : {}),
    };
    let classCounts: ImportReport['classCounts'];
    if (target.kind === 'classes') {
      const counts = new Array<number>(target.classes.length).fill(0);
      for (const label of target.labels) counts[label]++;
      classCounts = target.classes.map((name, k) => ({ name, rows: counts[k] }));
    }
    const report: ImportReport = {
      fileName,
      rowsRead: this.rowsRead,
      rowsKept: rows,
      rowsDropped: this.rowsDropped,
      dropped,
      filled,
      numberTrouble: this.numberTrouble(),
      features,
      ...(classCounts ? { classCounts } : {}),
      split: { train: trainRows.length, validation: split?.validation.length ?? 0, test: split?.test?.length ?? 0 },
      normalization: normalization.kind,
    };
    return { dataset, report };
  }
}
