import { pickClassSamples } from '../../../../shared/data/class-samples';
import type { BuiltinLoadRequest } from './builtin-dataset-loader';
import { fetchBuiltinDataset } from './fetch-builtin-dataset';
import { createReplies, datasetBuffers } from './worker-replies';

// Loads a shipped built-in dataset (Iris, breast cancer, the Fashion-MNIST subset) off the UI
// thread: fetch its files from the app's own assets, gunzip and parse them with the shared catalogue.
// For thumbnails only the rows shown are sent back: the page never holds the whole set.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

async function load({ id, urls, samplesPerClass }: BuiltinLoadRequest): Promise<void> {
  const dataset = await fetchBuiltinDataset(id, urls);
  if (samplesPerClass === undefined) {
    replies.done(dataset, datasetBuffers(dataset));
    return;
  }
  const samples = pickClassSamples(dataset, samplesPerClass);
  replies.done(samples, datasetBuffers(samples.samples));
}

self.onmessage = ({ data }: MessageEvent<BuiltinLoadRequest>) => {
  load(data).catch((error: unknown) => replies.fail(error));
};
