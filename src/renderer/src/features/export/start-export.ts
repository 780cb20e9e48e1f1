import onnxWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url&no-inline';
import { builtinAssetUrls } from '../datasets/builtin-assets';
import { runWorkerTask, type ImportProgress, type ImportTask } from '../datasets/worker-task';
import type { ExportRequest, ExportResult } from './export-request';

// Starts the export worker (see export.worker.ts); cancel() stops it at once.

export function startExport(request: Omit<ExportRequest, 'assetUrls' | 'onnxWasmUrl'>, onProgress: (progress: ImportProgress) => void): ImportTask<ExportResult> {
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'export' });
  const full: ExportRequest = { ...request, assetUrls: builtinAssetUrls(), onnxWasmUrl: new URL(onnxWasm, document.baseURI).href };
  return runWorkerTask<ExportResult>(worker, full, onProgress);
}
