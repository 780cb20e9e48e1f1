import { gunzipIfNeeded, idxClassNames, idxDataset, parseIdx, type IdxArray } from '../../../../shared/data/idx';
import { splitRows } from '../../../../shared/data/split';
import type { IdxImportRequest, IdxImportResult } from './idx-import-messages';
import { createReplies, datasetBuffers } from './worker-replies';

// MNIST-format IDX files (raw or gzipped) into a dataset, off the UI thread: decompress, check the
// headers, tell the images file from the labels file, scale pixels to [0, 1], split with a seed.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

async function read(file: File, step: number): Promise<IdxArray> {
  replies.progress({ phase: `Reading ${file.name}`, done: step, total: 4 });
  const bytes = await gunzipIfNeeded(new Uint8Array(await file.arrayBuffer()), file.name);
  return parseIdx(bytes, file.name);
}

async function importIdx({ files, name, classes, validation, test, seed }: IdxImportRequest): Promise<void> {
  let [images, labels] = [await read(files[0], 0), await read(files[1], 1)];
  let [imagesFile, labelsFile] = [files[0].name, files[1].name];
  if (images.dims.length === 1 && labels.dims.length !== 1) {
    [images, labels] = [labels, images];
    [imagesFile, labelsFile] = [labelsFile, imagesFile];
  }
  replies.progress({ phase: 'Converting pixels', done: 2, total: 4 });
  const dataset = idxDataset(images, labels, {
    imagesFile,
    labelsFile,
    name,
    classes: idxClassNames([imagesFile, labelsFile], classes === 'auto' ? undefined : classes),
  });
  if (validation + test > 0) dataset.split = splitRows(dataset.target, dataset.rows, { validation, test, seed });
  replies.progress({ phase: 'Converting pixels', done: 4, total: 4 });
  const result: IdxImportResult = { dataset, imagesFile, labelsFile, height: images.dims[1], width: images.dims[2] };
  replies.done(result, datasetBuffers(dataset));
}

self.onmessage = ({ data }: MessageEvent<IdxImportRequest>) => {
  importIdx(data).catch((error: unknown) => replies.fail(error));
};
