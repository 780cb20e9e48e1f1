import { ColumnProfiler, inferColumns, inferTask, MAX_TRACKED_VALUES, type CsvProfile } from './column-inference';
import type { DecimalMark, ThousandsSeparator } from './csv-values';
import { InvalidUtf8Error, parseCsvStream, parseCsvText } from './csv-parse';
import { sniffHead } from './csv-head';
import { decodeCsvBytes, sniffCsv, type CsvDelimiter, type CsvEncoding, type CsvSniff, type SniffOptions } from './csv-sniff';
import { DatasetBuilder, type ImportResult } from './dataset-builder';
import { ImportError } from './import-error';
import { categoriesOf, parseImportPlan, suggestImportPlan, type ImportPlan, type MissingPolicy } from './import-plan';
import type { Task } from './dataset';
import type { NormalizationKind } from './normalize';

// The whole pipeline on a file already in memory (the CLI, built-in datasets, tests): sniff, profile
// (pass 1), suggested plan + the caller's choices, build (pass 2). Both passes stream over the text
// in chunks, as the app's worker does over a File, so they exercise the same code.
//
// The app's worker runs the same steps itself on a File:
//   sniffCsv(the file's head, csv-head.ts) → Papa.parse(file, {chunk}) into ColumnProfiler → inferColumns →
//   suggestImportPlan → (user edits the plan) → Papa.parse(file, {chunk}) into DatasetBuilder → finish().

/** How to read the file, where it differs from what was detected (the wizard's and the CLI's overrides). */
export interface CsvReadingChoices {
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  /** Lines before the data and its header (a metadata line, a title). */
  skipLines?: number;
  hasHeader?: boolean;
  /** How numbers are written; detected when absent. */
  decimal?: DecimalMark;
  thousands?: ThousandsSeparator;
}

/** Choices by column name, applied on top of the suggested plan. */
export interface CsvImportChoices extends CsvReadingChoices {
  name?: string;
  target?: string;
  /** Several target columns: a multi-output regression (instead of `target`). */
  targets?: string[];
  task?: Task;
  /** Columns left out. */
  ignore?: string[];
  /** Columns read as categories (one-hot) even when their values are numbers. */
  categorical?: string[];
  /** Columns that must be features (e.g. a column the inference suggested ignoring). */
  features?: string[];
  /** Every column but the target and `ignore` is a feature, whatever the inference suggested (the CLI). */
  allFeatures?: boolean;
  missing?: MissingPolicy;
  normalization?: NormalizationKind;
  split?: { validation?: number; test?: number; seed?: number };
  precision?: 'float32' | 'float64';
}

export interface CsvImport extends ImportResult {
  sniff: CsvSniff;
  profile: CsvProfile;
  plan: ImportPlan;
}

function column(plan: ImportPlan, name: string): number {
  const j = plan.columns.findIndex((c) => c.name === name);
  if (j < 0) throw new ImportError({ file: plan.fileName }, `no column '${name}' in the header (columns: ${plan.columns.map((c) => c.name).join(', ')})`);
  return j;
}

/** The suggested plan with the caller's choices applied, validated (the reading choices are in the sniff already). */
function applyChoices(plan: ImportPlan, profile: CsvProfile, choices: CsvImportChoices): ImportPlan {
  const columns = plan.columns.map((c) => ({ ...c }));
  const next = { ...plan, columns };
  const targets = choices.targets ?? (choices.target !== undefined ? [choices.target] : undefined);
  if (targets !== undefined) {
    const chosen = targets.map((name) => column(next, name));
    for (const c of columns) if (c.role === 'target') c.role = 'feature';
    for (const t of chosen) columns[t].role = 'target';
    // The suggested task was for the suggested target; several targets are a multi-output regression.
    next.task = chosen.length > 1 ? 'regression' : inferTask(profile.columns[chosen[0]]);
  }
  if (choices.allFeatures) for (const c of columns) if (c.role === 'ignore') c.role = 'feature';
  for (const name of choices.features ?? []) columns[column(next, name)].role = 'feature';
  for (const name of choices.ignore ?? []) columns[column(next, name)].role = 'ignore';
  for (const name of choices.categorical ?? []) columns[column(next, name)].type = 'categorical';
  columns.forEach((c, j) => {
    if (c.role !== 'feature' || c.type !== 'categorical' || c.categories) return;
    if (profile.columns[j].overflow) {
      throw new ImportError({ file: plan.fileName, column: c.name }, `more than ${MAX_TRACKED_VALUES} distinct values, too many to one-hot encode; ignore the column`);
    }
    c.categories = categoriesOf(profile, j);
  });
  if (choices.task) next.task = choices.task;
  if (choices.name) next.name = choices.name;
  if (choices.missing) next.missing = choices.missing;
  if (choices.normalization) next.normalization = choices.normalization;
  if (choices.precision) next.precision = choices.precision;
  if (choices.split) next.split = { ...next.split, ...choices.split };
  return parseImportPlan(next);
}

/**
 * A CSV file to import in two streamed passes: its first bytes for sniffing, and its bytes from
 * the start (read twice), decompressed already when the file is gzipped. The CLI streams from
 * disk; tests and built-in datasets use bytes already in memory (`importCsvBytes`).
 */
export interface CsvSource {
  fileName: string;
  /** The file's head to sniff (`sniffHead`, `readSniffHead`). */
  head: Uint8Array;
  /** `head` is the whole file. */
  complete: boolean;
  bytes(): AsyncIterable<Uint8Array>;
}

/** The sniff of a file's head with the caller's reading choices in place of the guesses. */
export function sniffWithChoices(head: Uint8Array, fileName: string, options: SniffOptions, choices: CsvReadingChoices): CsvSniff {
  const { encoding, delimiter, skipLines } = choices;
  const sniff = sniffCsv(head, fileName, { ...options, ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}), ...(skipLines !== undefined ? { skipLines } : {}) });
  // A chosen decimal mark drops a guessed separator that would clash with it; a chosen separator
  // that is the guessed decimal mark ("1,500" declared fifteen hundred) makes the other mark the decimal.
  const otherMark = sniff.decimal === ',' ? '.' : ',';
  return {
    ...sniff,
    hasHeader: choices.hasHeader ?? sniff.hasHeader,
    decimal: choices.decimal ?? (choices.thousands === sniff.decimal ? otherMark : sniff.decimal),
    thousands: choices.thousands ?? (choices.decimal && choices.decimal === sniff.thousands ? '' : sniff.thousands),
  };
}

/** The suggested plan for a profiled file, with the caller's choices applied. */
function planFor(reading: CsvSniff, profile: CsvProfile, choices: CsvImportChoices): ImportPlan {
  return applyChoices(suggestImportPlan(reading, profile, inferColumns(profile)), profile, choices);
}

/**
 * Profiles a file (pass 1) with the reading choices. A file guessed to be UTF-8 from its head that
 * turns out not to be further on is read again as Windows-1252 (what such files nearly always are),
 * rather than refused after the user chose nothing.
 */
export async function profileCsv(
  source: Pick<CsvSource, 'fileName' | 'head' | 'complete'>,
  bytes: () => AsyncIterable<Uint8Array>,
  options: SniffOptions,
  choices: CsvReadingChoices,
): Promise<{ sniff: CsvSniff; profile: CsvProfile }> {
  const { fileName } = source;
  const sniff = sniffWithChoices(source.head, fileName, { ...options, complete: source.complete }, choices);
  const profiler = new ColumnProfiler({ fileName, hasHeader: sniff.hasHeader, skipLines: sniff.skipLines, format: sniff });
  try {
    await parseCsvStream(bytes(), { fileName, delimiter: sniff.delimiter, encoding: sniff.encoding, onRecords: (rows) => profiler.add(rows) });
  } catch (error) {
    if (error instanceof InvalidUtf8Error && !choices.encoding) return profileCsv(source, bytes, options, { ...choices, encoding: 'windows-1252' });
    throw error;
  }
  return { sniff, profile: profiler.profile() };
}

/** Sniff, profile (pass 1), suggested plan with the caller's choices, build (pass 2). */
export async function importCsv(source: CsvSource, choices: CsvImportChoices = {}): Promise<CsvImport> {
  const { fileName } = source;
  const { sniff, profile } = await profileCsv(source, () => source.bytes(), {}, choices);
  const read = (onRecords: (rows: string[][]) => void) => parseCsvStream(source.bytes(), { fileName, delimiter: sniff.delimiter, encoding: sniff.encoding, onRecords });
  const plan = planFor(sniff, profile, choices);
  const builder = new DatasetBuilder(plan, { expectedRows: profile.rows });
  await read((rows) => builder.add(rows));
  return { ...builder.finish(), sniff, profile, plan };
}

/** The same steps, synchronously, on a file's bytes already in memory (decoded once, parsed twice). */
export function importCsvBytes(bytes: Uint8Array, fileName: string, choices: CsvImportChoices = {}): CsvImport {
  const { head, complete } = sniffHead(bytes);
  const sniffFor = (reading: CsvReadingChoices) => sniffWithChoices(head, fileName, { complete }, reading);
  let sniff = sniffFor(choices);
  let text: string;
  try {
    text = decodeCsvBytes(bytes, fileName, sniff.encoding);
  } catch (error) {
    // As in `profileCsv`: guessed UTF-8 that is not, further on, is read as Windows-1252.
    if (!(error instanceof InvalidUtf8Error) || choices.encoding) throw error;
    sniff = sniffFor({ ...choices, encoding: 'windows-1252' });
    text = decodeCsvBytes(bytes, fileName, sniff.encoding);
  }
  const read = (onRecords: (rows: string[][]) => void) => parseCsvText(text, { fileName, delimiter: sniff.delimiter, onRecords });
  const profiler = new ColumnProfiler({ fileName, hasHeader: sniff.hasHeader, skipLines: sniff.skipLines, format: sniff });
  read((rows) => profiler.add(rows));
  const profile = profiler.profile();
  const plan = planFor(sniff, profile, choices);
  const builder = new DatasetBuilder(plan, { expectedRows: profile.rows });
  read((rows) => builder.add(rows));
  return { ...builder.finish(), sniff, profile, plan };
}
