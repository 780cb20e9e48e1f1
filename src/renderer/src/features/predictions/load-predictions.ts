import { builtinAssetUrls } from '../datasets/builtin-assets';
import { runWorkerTask, type ImportProgress, type ImportTask } from '../datasets/worker-task';
import type { PredictionsRequest, PredictionsSource, PredictionTable } from './prediction-table';
import type { ExperimentInput } from '../../../../shared/schema/experiment';

// Starts the predictions worker (see predictions.worker.ts); cancel() stops it at once.

export function loadPredictions(source: PredictionsSource, dataset: ExperimentInput['dataset'], onProgress: (progress: ImportProgress) => void): ImportTask<PredictionTable> {
  const worker = new Worker(new URL('./predictions.worker.ts', import.meta.url), { type: 'module', name: 'predictions' });
  const request: PredictionsRequest = { source, dataset, assetUrls: builtinAssetUrls() };
  return runWorkerTask<PredictionTable>(worker, request, onProgress);
}
