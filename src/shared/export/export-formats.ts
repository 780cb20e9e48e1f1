import { serializeWeights } from '../nn/weights-json';
import type { WeightsFile } from '../schema/weights';
import { exportNpz } from './npz';
import { exportOnnx } from './onnx';
import { portableModel, type ExportDType } from './portable-model';
import { exportSafetensors } from './safetensors';

// The formats a trained network can be exported to, by name (the CLI's --format, the dialog's
// list), and the bytes of each.

export const EXPORT_FORMATS = {
  onnx: { label: 'ONNX', extension: 'onnx', mime: 'application/octet-stream' },
  npz: { label: 'NumPy .npz', extension: 'npz', mime: 'application/zip' },
  safetensors: { label: 'safetensors', extension: 'safetensors', mime: 'application/octet-stream' },
  json: { label: 'weights JSON', extension: 'weights.json', mime: 'application/json' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** The file's bytes in a format (json is always float64: it keeps every trained number exactly). */
export function writeExport(file: WeightsFile, format: ExportFormat, dtype: ExportDType): Uint8Array {
  if (format === 'json') return new TextEncoder().encode(serializeWeights(file));
  const model = portableModel(file, dtype);
  if (format === 'onnx') return exportOnnx(model);
  return format === 'npz' ? exportNpz(model) : exportSafetensors(model);
}
