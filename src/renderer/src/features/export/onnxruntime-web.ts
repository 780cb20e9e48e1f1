import { onnxRunner } from '../../../../shared/export/onnx-runner';
import type { OnnxRunner } from '../../../../shared/export/verify-export';

// ONNX Runtime Web, the runtime the app checks ONNX exports with. Imported only when an ONNX file
// is verified (its WebAssembly is 14 MB). The wasm comes from the app's own origin (the build copies
// it beside the other assets; the page passes its URL), never from a CDN, and runs on this worker's
// thread alone: the model is small, and one thread needs neither nested workers nor shared memory.

export async function onnxRuntimeWeb(wasmUrl: string): Promise<{ run: OnnxRunner; name: string }> {
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = { wasm: wasmUrl };
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  return { run: onnxRunner(ort), name: `onnxruntime-web ${ort.env.versions.web ?? ''}`.trim() };
}
