import { useEffect, useMemo, useState } from 'react';
import type { Dataset } from '../../../../shared/data/dataset';
import { DatasetSpecSchema, type ExperimentInput } from '../../../../shared/schema/experiment';
import { useServices } from '../../app/services';
import { loadBuiltinDataset } from './builtin-dataset-loader';
import { resolveDataset } from './builtin-datasets';
import { createDatasetLoader } from './load-dataset';

// The dataset an experiment names, for views that need its numbers (the editor's checks, a run's
// evaluation): generated ones at once, shipped and imported ones loaded from their store in the
// background. `null` while loading or when it cannot be had, with the reason in `error`.

export interface DatasetState {
  dataset: Dataset | null;
  loading: boolean;
  error?: string;
}

export function useDataset(spec: ExperimentInput['dataset'] | undefined): DatasetState {
  const { datasets } = useServices();
  const load = useMemo(() => createDatasetLoader(datasets, loadBuiltinDataset), [datasets]);
  const written = JSON.stringify(spec ?? null);
  const parsed = useMemo(() => (spec ? DatasetSpecSchema.safeParse(spec) : null), [written]);
  // What is loaded: a stored dataset's rows as stored. Its `normalize` is applied per run by the
  // engine (prepareRun), so choosing another reloads nothing.
  const key = parsed?.success && 'stored' in parsed.data ? `stored:${parsed.data.stored}` : written;
  const generated = useMemo((): DatasetState | null => {
    if (!parsed?.success) return { dataset: null, loading: false };
    if (!('synthetic' in parsed.data)) return null;
    try {
      return { dataset: resolveDataset(parsed.data), loading: false };
    } catch (error) {
      return { dataset: null, loading: false, error: error instanceof Error ? error.message : String(error) };
    }
  }, [parsed]);
  const [loaded, setLoaded] = useState<{ key: string; state: DatasetState } | null>(null);

  useEffect(() => {
    if (generated || !parsed?.success) return;
    let current = true;
    load(parsed.data).then(
      (dataset) => current && setLoaded({ key, state: { dataset, loading: false } }),
      (error: unknown) => current && setLoaded({ key, state: { dataset: null, loading: false, error: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      current = false;
    };
  }, [key, generated, load]);

  if (generated) return generated;
  return loaded?.key === key ? loaded.state : { dataset: null, loading: true };
}
