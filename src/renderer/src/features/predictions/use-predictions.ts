import { useEffect, useRef, useState } from 'react';
import type { ExperimentInput } from '../../../../shared/schema/experiment';
import type { ImportProgress } from '../datasets/worker-task';
import { loadPredictions } from './load-predictions';
import type { PredictionsSource, PredictionTable } from './prediction-table';

// The predictions table of a source on a dataset, computed in a worker whenever `key` changes
// (null: nothing asked yet); a change or leaving the page stops the previous computation.

export type PredictionsState =
  | { state: 'idle' }
  | { state: 'working'; progress: ImportProgress | null; cancel(): void }
  | { state: 'done'; table: PredictionTable }
  | { state: 'failed'; message: string };

export function usePredictions(key: string | null, request: { source: PredictionsSource; dataset: ExperimentInput['dataset'] } | null): PredictionsState {
  const [state, setState] = useState<{ key: string; value: PredictionsState } | null>(null);
  // The request of the current key (the effect runs again only when the key changes).
  const latest = useRef(request);
  latest.current = request;

  useEffect(() => {
    const asked = latest.current;
    if (key === null || !asked) return;
    let live = true;
    const task = loadPredictions(asked.source, asked.dataset, (progress) => live && setState({ key, value: { state: 'working', progress, cancel } }));
    function cancel() {
      task.cancel();
    }
    setState({ key, value: { state: 'working', progress: null, cancel } });
    task.result.then(
      (table) => live && setState({ key, value: { state: 'done', table } }),
      (error: Error & { cancelled?: boolean }) => live && setState({ key, value: error.cancelled ? { state: 'idle' } : { state: 'failed', message: error.message } }),
    );
    return () => {
      live = false;
      task.cancel();
    };
  }, [key]);

  if (key === null || state?.key !== key) return key === null ? { state: 'idle' } : { state: 'working', progress: null, cancel: () => {} };
  return state.value;
}
