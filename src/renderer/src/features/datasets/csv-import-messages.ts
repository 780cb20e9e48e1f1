import type { CsvInference, CsvProfile } from '../../../../shared/data/column-inference';
import type { CsvSniff } from '../../../../shared/data/csv-sniff';
import type { ImportResult } from '../../../../shared/data/dataset-builder';
import type { ImportPlan } from '../../../../shared/data/import-plan';
import { runWorkerTask, type ImportProgress, type ImportTask } from './worker-task';

// What the page and the CSV import worker say to each other, and the calls the wizard makes.

export interface CsvInspectRequest {
  type: 'inspect';
  file: File;
  /** Overrides the header guess (the column names, and so the profile, depend on it). */
  hasHeader?: boolean;
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
  sniff: CsvSniff;
  profile: CsvProfile;
  inference: CsvInference;
  /** The suggested plan the wizard starts from. */
  plan: ImportPlan;
}

const createWorker = () => new Worker(new URL('./csv-import.worker.ts', import.meta.url), { type: 'module', name: 'csv-import' });

export function inspectCsv(file: File, hasHeader: boolean | undefined, onProgress: (progress: ImportProgress) => void): ImportTask<CsvInspection> {
  const request: CsvInspectRequest = { type: 'inspect', file, ...(hasHeader === undefined ? {} : { hasHeader }) };
  return runWorkerTask(createWorker(), request, onProgress);
}

export function buildCsvDataset(file: File, plan: ImportPlan, expectedRows: number, onProgress: (progress: ImportProgress) => void): ImportTask<ImportResult> {
  const request: CsvBuildRequest = { type: 'build', file, plan, expectedRows };
  return runWorkerTask(createWorker(), request, onProgress);
}
