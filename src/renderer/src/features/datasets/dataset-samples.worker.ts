import { WorkbenchDatabase } from '../../db/database';
import { DatasetsRepository } from '../../db/datasets-repository';
import type { SamplesRequest } from './dataset-samples';
import { createReplies, datasetBuffers } from './worker-replies';

// The first few rows of each class of a stored dataset, for thumbnails: only the stored chunks up
// to the one holding the last of them are read (for Fashion-MNIST's 60,000 images, the first of
// twelve), and only those rows travel to the page.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));
const repository = new DatasetsRepository(new WorkbenchDatabase());

async function samples({ id, perClass }: SamplesRequest): Promise<void> {
  const result = await repository.loadClassSamples(id, perClass);
  replies.done(result, datasetBuffers(result.samples));
}

self.onmessage = ({ data }: MessageEvent<SamplesRequest>) => {
  samples(data).catch((error: unknown) => replies.fail(error));
};
