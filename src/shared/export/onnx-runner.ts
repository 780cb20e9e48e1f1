import { ONNX_INPUT, ONNX_OUTPUT } from './onnx';
import type { OnnxRunner } from './verify-export';

// Running an exported ONNX model with ONNX Runtime, whichever host's package it is
// (onnxruntime-node in the CLI, onnxruntime-web in the app): both share this API, of which only
// the part used here is named, so src/shared depends on neither package.

export interface OnnxRuntime {
  InferenceSession: {
    create(model: Uint8Array): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
      release(): Promise<void>;
    }>;
  };
  Tensor: new (type: 'float32' | 'float64', data: Float32Array | Float64Array, dims: number[]) => unknown;
}

export function onnxRunner(ort: OnnxRuntime): OnnxRunner {
  return async (model, x, rows, features) => {
    const session = await ort.InferenceSession.create(model);
    try {
      const input = new ort.Tensor(x instanceof Float32Array ? 'float32' : 'float64', x, [rows, features]);
      const result = await session.run({ [ONNX_INPUT]: input });
      return result[ONNX_OUTPUT].data as Float32Array | Float64Array;
    } finally {
      await session.release();
    }
  };
}
