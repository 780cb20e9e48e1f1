import type { Dataset } from '../../../../shared/data/dataset';
import { runWorkerTask, type ImportProgress, type ImportTask } from './worker-task';

// What the page and the IDX import worker say to each other.

export interface IdxImportRequest {
  /** The two files in any order: the worker tells images (3 dimensions) from labels (1). */
  files: [File, File];
  name: string;
  /** Class names: automatic (Fashion-MNIST's when a file name says so), Fashion-MNIST's, or digits. */
  classes: 'auto' | 'fashion-mnist' | 'digits';
  validation: number;
  test: number;
  seed: number;
}

export interface IdxImportResult {
  dataset: Dataset;
  imagesFile: string;
  labelsFile: string;
  height: number;
  width: number;
}

export function importIdx(request: IdxImportRequest, onProgress: (progress: ImportProgress) => void): ImportTask<IdxImportResult> {
  const worker = new Worker(new URL('./idx-import.worker.ts', import.meta.url), { type: 'module', name: 'idx-import' });
  return runWorkerTask(worker, request, onProgress);
}
