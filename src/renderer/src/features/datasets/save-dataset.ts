import type { DatasetRecord } from '../../db/database';
import type { NewDataset } from '../../db/datasets-repository';
import { requestPersistentStorage } from '../../db/storage-usage';
import { runWorkerTask } from './worker-task';

// Saving an import: in a worker (see dataset-save.worker.ts), with the numbers copied to it rather
// than transferred, so a failed save (a full disk) leaves the import on screen to try again. The
// first saved dataset is also the moment to ask the browser to keep the app's data.

export async function saveDataset(dataset: NewDataset): Promise<DatasetRecord> {
  const worker = new Worker(new URL('./dataset-save.worker.ts', import.meta.url), { type: 'module', name: 'dataset-save' });
  const record = await runWorkerTask<DatasetRecord>(worker, dataset, () => {}).result;
  void requestPersistentStorage();
  return record;
}
