import type { Dataset } from '../../../../shared/data/dataset';
import type { ImageBackground, ImageColor, ImageImportReport } from '../../../../shared/data/image-dataset-builder';
import type { FolderFile } from './folder-files';
import { runWorkerTask, type ImportProgress, type ImportTask } from './worker-task';

// What the page and the image import worker say to each other.

export interface ImageImportRequest {
  name: string;
  /** Class names in label order, and the image files of each (from `listImageFolder`). */
  classes: { name: string; files: FolderFile[] }[];
  size: number;
  color: ImageColor;
  background: ImageBackground;
  split: { validation: number; test: number; seed: number };
}

export interface ImageImportResult {
  dataset: Dataset;
  report: ImageImportReport;
}

export function importImages(request: ImageImportRequest, onProgress: (progress: ImportProgress) => void): ImportTask<ImageImportResult> {
  const worker = new Worker(new URL('./image-import.worker.ts', import.meta.url), { type: 'module', name: 'image-import' });
  return runWorkerTask(worker, request, onProgress);
}
