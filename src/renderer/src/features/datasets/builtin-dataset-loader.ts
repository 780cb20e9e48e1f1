import type { ClassSamples } from '../../../../shared/data/class-samples';
import type { Dataset } from '../../../../shared/data/dataset';
import { builtinAssetUrls } from './builtin-assets';
import { runWorkerTask } from './worker-task';

// Loading a shipped built-in dataset in a worker (see builtin-dataset.worker.ts).

export interface BuiltinLoadRequest {
  id: string;
  /** Asset file name → absolute URL. */
  urls: Record<string, string>;
  /** Only the first this many rows of each class (thumbnails), not the whole dataset. */
  samplesPerClass?: number;
}

function inWorker<T>(request: BuiltinLoadRequest): Promise<T> {
  const worker = new Worker(new URL('./builtin-dataset.worker.ts', import.meta.url), { type: 'module', name: 'builtin-dataset' });
  return runWorkerTask<T>(worker, request, () => {}).result;
}

export function loadBuiltinDataset(id: string): Promise<Dataset> {
  return inWorker({ id, urls: builtinAssetUrls() });
}

/** The first `perClass` rows of each class: the worker loads the whole set, only those rows reach the page. */
export function loadBuiltinSamples(id: string, perClass = 8): Promise<ClassSamples> {
  return inWorker({ id, urls: builtinAssetUrls(), samplesPerClass: perClass });
}
