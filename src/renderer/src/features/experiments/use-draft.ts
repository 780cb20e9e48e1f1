import { useEffect, useMemo, useState } from 'react';
import type { Dataset } from '../../../../shared/data/dataset';
import { useDataset } from '../datasets/use-dataset';
import { checkDraft, fitOutputLayer, type DraftCheck, type ExperimentDraft } from './experiment-draft';

// A draft as both experiment views hold it: the dataset it names (loaded in the background when
// stored), its check against that dataset, and an output layer refitted whenever another dataset
// arrives — so the quick form and the editor cannot drift apart in what they accept.

export interface DraftState extends DraftCheck {
  draft: ExperimentDraft;
  setDraft: (update: ExperimentDraft | ((current: ExperimentDraft) => ExperimentDraft)) => void;
  dataset: Dataset | null;
  loading: boolean;
}

export function useDraft(initial: ExperimentDraft | (() => ExperimentDraft)): DraftState {
  const [draft, setDraft] = useState<ExperimentDraft>(initial);
  const { dataset, loading, error } = useDataset(draft.dataset);
  const check = useMemo(
    () => checkDraft(draft, dataset, loading ? 'loading the dataset…' : (error ?? 'the dataset could not be loaded')),
    [draft, dataset, loading, error],
  );

  // A newly chosen (or newly loaded) dataset gets an output layer that fits it.
  useEffect(() => {
    if (dataset) setDraft((current) => fitOutputLayer(current, dataset));
  }, [dataset]);

  return { draft, setDraft, dataset, loading, ...check };
}
