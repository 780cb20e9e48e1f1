import type { Dataset } from '../../../../shared/data/dataset';
import { resolveSyntheticDataset } from '../../../../shared/data/synthetic';
import type { DatasetSpec } from '../../../../shared/schema/experiment';
import { SYNTHETIC_DATASET_NAMES, type SyntheticDatasetName } from '../../../../shared/schema/names';

// The datasets every install has, generated from a seed on demand (nothing to download or store).

export const BUILTIN_DATASETS: Record<SyntheticDatasetName, { label: string; description: string }> = {
  xor: { label: 'XOR', description: 'The four rows of the XOR truth table: the classic problem a single layer cannot solve.' },
  circles: { label: 'Circles', description: 'One ring inside another: separable only by a curved boundary.' },
  moons: { label: 'Moons', description: 'Two interleaving half circles.' },
  spirals: { label: 'Two spirals', description: 'Two arms winding around each other: hard, needs depth or width.' },
  blobs: { label: 'Blobs', description: 'Three Gaussian clusters: an easy multi-class problem.' },
};

export const BUILTIN_DATASET_NAMES = SYNTHETIC_DATASET_NAMES;

/**
 * A generated dataset, at once (the forms draw it while the user types). Stored and shipped
 * datasets load asynchronously through `createDatasetLoader` (load-dataset.ts).
 */
export function resolveDataset(spec: DatasetSpec): Dataset {
  if ('synthetic' in spec) return resolveSyntheticDataset(spec);
  if ('stored' in spec) throw new Error('A stored dataset has to be loaded from the database first.');
  throw new Error('Experiments in the app read files imported on the Datasets page; import the file there and pick it from the list (file paths work in the CLI).');
}
