import type { DatasetRecord } from '../../db/database';
import type { NewDataset } from '../../db/datasets-repository';
import { requestPersistentStorage } from '../../db/storage-usage';
import { datasetBuffers } from './worker-replies';
import { runWorkerTask, type ImportProgress } from './worker-task';

// Saving an import: in a worker (see dataset-save.worker.ts). The numbers are transferred, not
// copied, so a big dataset is never held twice by the app; the caller's copy is gone afterwards,
// and after a failed save (a full disk) the import is built again. The first saved dataset is also
// the moment to ask the browser to keep the app's data. Progress counts the blocks of rows written.

export async function saveDataset(dataset: NewDataset, onProgress: (progress: ImportProgress) => void = () => {}): Promise<DatasetRecord> {
  const worker = new Worker(new URL('./dataset-save.worker.ts', import.meta.url), { type: 'module', name: 'dataset-save' });
  const record = await runWorkerTask<DatasetRecord>(worker, dataset, onProgress, datasetBuffers(dataset.dataset)).result;
  void requestPersistentStorage();
  return record;
}
