import { builtinDataset } from '../../../../shared/data/builtin-datasets';
import type { BuiltinLoadRequest } from './builtin-dataset-loader';
import { createReplies, datasetBuffers } from './worker-replies';

// Loads a shipped built-in dataset (Iris, breast cancer, the Fashion-MNIST subset) off the UI
// thread: fetch its files from the app's own assets, gunzip and parse them with the shared catalogue.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

async function load({ id, urls }: BuiltinLoadRequest): Promise<void> {
  const builtin = builtinDataset(id);
  if (builtin.kind !== 'asset') throw new Error(`'${id}' is generated, not loaded from files`);
  const dataset = await builtin.load(async (fileName) => {
    const url = urls[fileName];
    if (!url) throw new Error(`The app was built without the file ${fileName} of the built-in dataset '${builtin.name}'.`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Could not load ${fileName} of the built-in dataset '${builtin.name}' (HTTP ${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  });
  replies.done(dataset, datasetBuffers(dataset));
}

self.onmessage = ({ data }: MessageEvent<BuiltinLoadRequest>) => {
  load(data).catch((error: unknown) => replies.fail(error));
};
