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

/** The in-memory dataset an experiment's spec names. */
export function resolveDataset(spec: DatasetSpec): Dataset {
  if ('synthetic' in spec) return resolveSyntheticDataset(spec);
  throw new Error('Only the built-in datasets can be trained in this version; imported datasets come with dataset import.');
}
