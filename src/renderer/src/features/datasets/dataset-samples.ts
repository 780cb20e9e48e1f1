import type { ClassSamples } from '../../../../shared/data/class-samples';
import { runWorkerTask } from './worker-task';

// A few rows per class of a stored dataset, read in a worker (see dataset-samples.worker.ts).

export interface SamplesRequest {
  id: string;
  perClass: number;
}

/** The rows picked, and how many of the dataset's stored chunks were read to find them. */
export type StoredSamples = ClassSamples & { chunksRead: number; chunks: number };

export function loadSamples(id: string, perClass = 8): Promise<StoredSamples> {
  const worker = new Worker(new URL('./dataset-samples.worker.ts', import.meta.url), { type: 'module', name: 'dataset-samples' });
  const request: SamplesRequest = { id, perClass };
  return runWorkerTask<StoredSamples>(worker, request, () => {}).result;
}
