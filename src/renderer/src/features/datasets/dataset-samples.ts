import type { Dataset } from '../../../../shared/data/dataset';
import { runWorkerTask } from './worker-task';

// A few rows per class of a stored dataset, read in a worker (see dataset-samples.worker.ts).

export interface SamplesRequest {
  id: string;
  perClass: number;
}

export function loadSamples(id: string, perClass = 8): Promise<Dataset> {
  const worker = new Worker(new URL('./dataset-samples.worker.ts', import.meta.url), { type: 'module', name: 'dataset-samples' });
  const request: SamplesRequest = { id, perClass };
  return runWorkerTask<Dataset>(worker, request, () => {}).result;
}
