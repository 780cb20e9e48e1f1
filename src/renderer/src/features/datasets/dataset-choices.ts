import { useLiveQuery } from 'dexie-react-hooks';
import { BUILTIN_DATASETS } from '../../../../shared/data/builtin-datasets';
import type { Normalization } from '../../../../shared/data/dataset';
import { useServices } from '../../app/services';
import type { DatasetRecord } from '../../db/database';
import { BUILTIN_PREFIX } from './load-dataset';

// Every dataset a run can be trained on, grouped for a select: generated from a seed, shipped with
// the app, imported by the user. A shipped or imported dataset is described by its shape alone,
// so a form can show it without loading a single number.

export interface StoredDatasetOption {
  /** The `stored` id of the experiment's dataset spec. */
  id: string;
  label: string;
  rows: number;
  features: number;
  /** Classes (classification), or 0 for regression. */
  classes: number;
  /** Regression targets (0 for classification). */
  targets: number;
  /** The dataset brings its own validation split. */
  hasSplit: boolean;
  /** How its features are stored: normalized when imported, or in the file's units ('none'). */
  storedNormalization: Normalization['kind'];
  /** The experiment's `normalize` when it is picked: a shipped set whose features need it. */
  recommendedNormalization?: Exclude<Normalization['kind'], 'none'>;
}

export const SHIPPED_DATASETS: StoredDatasetOption[] = BUILTIN_DATASETS.flatMap((builtin) =>
  builtin.kind === 'asset'
    ? [
        {
          id: `${BUILTIN_PREFIX}${builtin.id}`,
          label: builtin.name,
          rows: builtin.shape.rows,
          features: builtin.shape.features,
          classes: builtin.shape.classes,
          targets: 0,
          // Only the Fashion-MNIST subset ships with a split (its test images).
          hasSplit: builtin.id === 'fashion-mnist-subset',
          storedNormalization: 'none' as const,
          ...(builtin.recommendedNormalization ? { recommendedNormalization: builtin.recommendedNormalization } : {}),
        },
      ]
    : [],
);

export function importedOption(record: DatasetRecord): StoredDatasetOption {
  return {
    id: record.id,
    label: record.name,
    rows: record.rows,
    features: record.features,
    classes: record.classes?.length ?? 0,
    targets: record.targetNames?.length ?? 0,
    hasSplit: record.split !== undefined && record.split.validation > 0,
    storedNormalization: record.normalization.kind,
  };
}

/** The imported datasets, newest first (empty while loading). */
export function useImportedDatasets(): StoredDatasetOption[] {
  const { datasets } = useServices();
  return useLiveQuery(async () => (await datasets.list()).map(importedOption), [], []);
}

/** "150 rows × 4 features · 3 classes · its own validation split". */
export function describeOption(option: StoredDatasetOption): string {
  const kind = option.classes > 0 ? `${option.classes} classes` : `regression (${option.targets} target${option.targets === 1 ? '' : 's'})`;
  return `${option.rows.toLocaleString('en-US')} rows × ${option.features.toLocaleString('en-US')} features · ${kind}${option.hasSplit ? ' · its own validation split' : ''}`;
}
