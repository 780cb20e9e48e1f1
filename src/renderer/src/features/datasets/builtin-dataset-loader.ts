import type { Dataset } from '../../../../shared/data/dataset';
import { builtinAssetUrls } from './builtin-assets';
import { runWorkerTask } from './worker-task';

// Loading a shipped built-in dataset in a worker (see builtin-dataset.worker.ts).

export interface BuiltinLoadRequest {
  id: string;
  /** Asset file name → absolute URL. */
  urls: Record<string, string>;
}

export function loadBuiltinDataset(id: string): Promise<Dataset> {
  const worker = new Worker(new URL('./builtin-dataset.worker.ts', import.meta.url), { type: 'module', name: 'builtin-dataset' });
  const request: BuiltinLoadRequest = { id, urls: builtinAssetUrls() };
  return runWorkerTask<Dataset>(worker, request, () => {}).result;
}
