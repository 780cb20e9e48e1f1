import type { BuiltinLoadRequest } from './builtin-dataset-loader';
import { fetchBuiltinDataset } from './fetch-builtin-dataset';
import { createReplies, datasetBuffers } from './worker-replies';

// Loads a shipped built-in dataset (Iris, breast cancer, the Fashion-MNIST subset) off the UI
// thread: fetch its files from the app's own assets, gunzip and parse them with the shared catalogue.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

async function load({ id, urls }: BuiltinLoadRequest): Promise<void> {
  const dataset = await fetchBuiltinDataset(id, urls);
  replies.done(dataset, datasetBuffers(dataset));
}

self.onmessage = ({ data }: MessageEvent<BuiltinLoadRequest>) => {
  load(data).catch((error: unknown) => replies.fail(error));
};
