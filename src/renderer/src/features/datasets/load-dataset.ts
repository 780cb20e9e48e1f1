import type { Dataset } from '../../../../shared/data/dataset';
import type { DatasetSpec } from '../../../../shared/schema/experiment';
import type { DatasetsRepository } from '../../db/datasets-repository';
import { resolveDataset } from './builtin-datasets';

// The dataset an experiment names, wherever it lives: generated from a seed, shipped with the app
// (`{"stored": "builtin/iris"}`), or imported into the database (`{"stored": "<id>"}`).

/** `stored` ids of the shipped datasets carry this prefix; imported datasets have UUIDs. */
export const BUILTIN_PREFIX = 'builtin/';

export const builtinSpec = (id: string): DatasetSpec => ({ stored: `${BUILTIN_PREFIX}${id}` });

/** `onProgress`: blocks of an imported dataset's rows read so far (see DatasetsRepository.load). */
export type LoadDataset = (spec: DatasetSpec, onProgress?: (read: number, blocks: number) => void) => Promise<Dataset>;

export function createDatasetLoader(datasets: Pick<DatasetsRepository, 'load'>, loadBuiltin: (id: string) => Promise<Dataset>): LoadDataset {
  return async (spec, onProgress) => {
    if ('stored' in spec) {
      return spec.stored.startsWith(BUILTIN_PREFIX) ? loadBuiltin(spec.stored.slice(BUILTIN_PREFIX.length)) : datasets.load(spec.stored, onProgress);
    }
    return resolveDataset(spec);
  };
}
