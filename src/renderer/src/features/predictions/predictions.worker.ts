import { loadDatasetInWorker } from '../datasets/worker-dataset-loader';
import { createReplies } from '../datasets/worker-replies';
import { computePredictions } from './compute-predictions';
import { tableBuffers, type PredictionsRequest } from './prediction-table';

// The predictions of one network on one dataset, off the UI thread: the dataset is read here
// (a stored image set can be hundreds of MB), every row goes through the network, and only the
// table travels to the page, its arrays transferred rather than copied.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

async function predictions({ source, dataset: spec, assetUrls }: PredictionsRequest): Promise<void> {
  replies.progress({ phase: 'Loading the dataset', done: 0, total: 1 });
  const dataset = await loadDatasetInWorker(spec, assetUrls);
  const table = computePredictions(source, dataset, (done, total) => replies.progress({ phase: 'Predicting', done, total }));
  replies.done(table, tableBuffers(table));
}

self.onmessage = ({ data }: MessageEvent<PredictionsRequest>) => {
  predictions(data).catch((error: unknown) => replies.fail(error));
};
