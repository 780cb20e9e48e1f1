import { onnxRunner } from '../shared/export/onnx-runner';
import type { OnnxRunner } from '../shared/export/verify-export';

// ONNX Runtime for Node, the reader `export` checks ONNX files with. Imported only when an ONNX
// file is verified: its native library is large, and no other command needs it.

export async function onnxRuntimeNode(): Promise<{ run: OnnxRunner; name: string }> {
  const ort = await import('onnxruntime-node');
  return { run: onnxRunner(ort), name: `onnxruntime-node ${ort.env.versions.node ?? ''}`.trim() };
}
