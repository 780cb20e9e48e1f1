import { verificationDataFromDataset } from '../../../../shared/export/dataset-verification-data';
import { portableModel } from '../../../../shared/export/portable-model';
import { pytorchSnippet } from '../../../../shared/export/safetensors';
import { EXPORT_FORMATS, writeExport } from '../../../../shared/export/export-formats';
import { verifyExport, type OnnxRunner } from '../../../../shared/export/verify-export';
import { chooseRows } from '../../../../shared/engine/prepare';
import { WorkbenchDatabase } from '../../db/database';
import { DatasetsRepository } from '../../db/datasets-repository';
import { createReplies } from '../datasets/worker-replies';
import { fetchBuiltinDataset } from '../datasets/fetch-builtin-dataset';
import { createDatasetLoader } from '../datasets/load-dataset';
import type { ExportRequest, ExportResult, ExportSplit } from './export-request';
import { onnxRuntimeWeb } from './onnxruntime-web';

// An export, off the UI thread: load the run's dataset, write the file, read it back through the
// format's runtime or reader on the chosen split and compare with the workbench's predictions.
// The page gets the bytes and the figures and decides, with the user, whether to save.

/** Rows verified at most: enough for every figure to mean something, quick on any split. */
const MAX_ROWS = 20_000;

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

function splitRows(request: ExportRequest, dataset: Parameters<typeof chooseRows>[1]): { rows: Int32Array; label: string } {
  const { trainRows, validationRows } = chooseRows(request.experiment, dataset);
  const chosen: Record<ExportSplit, Int32Array | undefined> = { train: trainRows, validation: validationRows, test: dataset.split?.test };
  const rows = chosen[request.split];
  if (!rows?.length) throw new Error(`${dataset.name} has no ${request.split} rows for this run`);
  const kept = rows.length > MAX_ROWS ? rows.subarray(0, MAX_ROWS) : rows;
  const count = rows.length > MAX_ROWS ? `the first ${MAX_ROWS.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')}` : rows.length.toLocaleString('en-US');
  return { rows: kept, label: `the ${request.split} split of ${dataset.name} (${count} rows)` };
}

async function exportRun(request: ExportRequest): Promise<void> {
  const { weights, format, dtype, fileName } = request;
  replies.progress({ phase: 'Loading the dataset', done: 0, total: 1 });
  const load = createDatasetLoader(new DatasetsRepository(new WorkbenchDatabase()), (id) => fetchBuiltinDataset(id, request.assetUrls));
  const dataset = await load(request.experiment.dataset);
  const { rows, label } = splitRows(request, dataset);
  const data = verificationDataFromDataset(dataset, rows, weights, label);
  replies.progress({ phase: `Writing the ${EXPORT_FORMATS[format].label} file`, done: 0, total: 1 });
  const bytes = writeExport(weights, format, dtype);
  let reader = `the workbench's ${EXPORT_FORMATS[format].label} reader`;
  let runOnnx: OnnxRunner = () => Promise.reject(new Error('ONNX Runtime is only used for ONNX files'));
  if (format === 'onnx') {
    replies.progress({ phase: 'Loading ONNX Runtime', done: 0, total: 1 });
    const runtime = await onnxRuntimeWeb(request.onnxWasmUrl);
    reader = runtime.name;
    runOnnx = runtime.run;
  }
  replies.progress({ phase: `Reading it back with ${reader}`, done: 0, total: 1 });
  const verification = await verifyExport(weights, bytes, { format, dtype, fileName, data, runOnnx });
  const result: ExportResult = { bytes, verification, reader };
  if (format === 'safetensors') result.snippet = pytorchSnippet(portableModel(weights, dtype), fileName);
  replies.done(result, [bytes.buffer as ArrayBuffer]);
}

self.onmessage = ({ data }: MessageEvent<ExportRequest>) => {
  exportRun(data).catch((error: unknown) => replies.fail(error));
};
