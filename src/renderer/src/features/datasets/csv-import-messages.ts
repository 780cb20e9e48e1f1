import type { CsvInference, CsvProfile } from '../../../../shared/data/column-inference';
import type { CsvSniff } from '../../../../shared/data/csv-sniff';
import type { ImportResult } from '../../../../shared/data/dataset-builder';
import type { CsvReadingChoices } from '../../../../shared/data/import-csv';
import type { ImportPlan } from '../../../../shared/data/import-plan';
import { runWorkerTask, type ImportProgress, type ImportTask } from './worker-task';

// What the page and the CSV import worker say to each other, and the calls the wizard makes.

export interface CsvInspectRequest {
  type: 'inspect';
  file: File;
  /** Overrides the guesses (header, number format): the column names and the profile depend on them. */
  reading: CsvReadingChoices;
}

export interface CsvBuildRequest {
  type: 'build';
  file: File;
  plan: ImportPlan;
  /** Data rows counted by the inspection, so the feature matrix is allocated once. */
  expectedRows: number;
}

export type CsvImportRequest = CsvInspectRequest | CsvBuildRequest;

export interface CsvInspection {
  /** What was detected, with the user's reading choices in place. */
  sniff: CsvSniff;
  profile: CsvProfile;
  inference: CsvInference;
  /** The suggested plan the wizard starts from. */
  plan: ImportPlan;
  /** The file is gzip-compressed (and was decompressed while read). */
  gzip: boolean;
}

const createWorker = () => new Worker(new URL('./csv-import.worker.ts', import.meta.url), { type: 'module', name: 'csv-import' });

export function inspectCsv(file: File, reading: CsvReadingChoices, onProgress: (progress: ImportProgress) => void): ImportTask<CsvInspection> {
  const request: CsvInspectRequest = { type: 'inspect', file, reading };
  return runWorkerTask(createWorker(), request, onProgress);
}

export function buildCsvDataset(file: File, plan: ImportPlan, expectedRows: number, onProgress: (progress: ImportProgress) => void): ImportTask<ImportResult> {
  const request: CsvBuildRequest = { type: 'build', file, plan, expectedRows };
  return runWorkerTask(createWorker(), request, onProgress);
}
