import { ONNX_INPUT, ONNX_OUTPUT } from '../shared/export/onnx';
import type { OnnxRunner } from '../shared/export/verify-export';

// ONNX Runtime for Node, the reader `export` checks ONNX files with. Imported only when an ONNX
// file is verified: its native library is large, and no other command needs it.

export async function onnxRuntimeNode(): Promise<{ run: OnnxRunner; name: string }> {
  const ort = await import('onnxruntime-node');
  const run: OnnxRunner = async (model, x, rows, features) => {
    const session = await ort.InferenceSession.create(model);
    try {
      const input = new ort.Tensor(x instanceof Float32Array ? 'float32' : 'float64', x, [rows, features]);
      const result = await session.run({ [ONNX_INPUT]: input });
      return result[ONNX_OUTPUT].data as Float32Array | Float64Array;
    } finally {
      await session.release();
    }
  };
  return { run, name: `onnxruntime-node ${ort.env.versions.node ?? ''}`.trim() };
}
