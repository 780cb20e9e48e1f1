import type { Dataset } from '../../../../shared/data/dataset';
import { DatasetSpecSchema, type ExperimentInput } from '../../../../shared/schema/experiment';
import { WorkbenchDatabase } from '../../db/database';
import { DatasetsRepository } from '../../db/datasets-repository';
import { fetchBuiltinDataset } from './fetch-builtin-dataset';
import { createDatasetLoader } from './load-dataset';

// The dataset an experiment names, read inside a Web Worker (a stored image set can be hundreds
// of MB: never on the page's thread, never copied across). `assetUrls`: the shipped datasets'
// addresses, which only the page can resolve (builtinAssetUrls).

export function loadDatasetInWorker(spec: ExperimentInput['dataset'], assetUrls: Record<string, string>, onProgress?: (read: number, blocks: number) => void): Promise<Dataset> {
  const load = createDatasetLoader(new DatasetsRepository(new WorkbenchDatabase()), (id) => fetchBuiltinDataset(id, assetUrls));
  return load(DatasetSpecSchema.parse(spec), onProgress);
}
