import type { Dataset } from '../../../../shared/data/dataset';
import { WorkbenchDatabase } from '../../db/database';
import { DatasetsRepository } from '../../db/datasets-repository';
import type { SamplesRequest } from './dataset-samples';
import { createReplies, datasetBuffers } from './worker-replies';

// The first few rows of each class of a stored dataset, for thumbnails: the whole dataset (60,000
// images can be 188 MB) is read here, and only the handful of rows shown travels to the page.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));
const repository = new DatasetsRepository(new WorkbenchDatabase());

async function samples({ id, perClass }: SamplesRequest): Promise<void> {
  const dataset = await repository.load(id);
  if (dataset.target.kind !== 'classes') throw new Error(`'${dataset.name}' has no classes to show images of`);
  const { classes, labels } = dataset.target;
  const taken = classes.map(() => 0);
  const rows: number[] = [];
  labels.forEach((label, row) => {
    if (taken[label] < perClass) {
      taken[label]++;
      rows.push(row);
    }
  });
  const x = new Float32Array(rows.length * dataset.features);
  rows.forEach((row, i) => x.set(dataset.x.subarray(row * dataset.features, (row + 1) * dataset.features), i * dataset.features));
  const subset: Dataset = {
    name: dataset.name,
    featureNames: [],
    rows: rows.length,
    features: dataset.features,
    x,
    target: { kind: 'classes', classes, labels: Int32Array.from(rows, (row) => labels[row]) },
    normalization: dataset.normalization,
  };
  replies.done(subset, datasetBuffers(subset));
}

self.onmessage = ({ data }: MessageEvent<SamplesRequest>) => {
  samples(data).catch((error: unknown) => replies.fail(error));
};
