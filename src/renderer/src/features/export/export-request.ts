import type { ExportDType } from '../../../../shared/export/portable-model';
import type { ExportFormat } from '../../../../shared/export/export-formats';
import type { ExportVerification } from '../../../../shared/export/verify-export';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';

// What the page asks the export worker for, and what it gets back.

export type ExportSplit = 'validation' | 'train' | 'test';

export interface ExportRequest {
  weights: WeightsFile;
  experiment: Experiment;
  format: ExportFormat;
  dtype: ExportDType;
  split: ExportSplit;
  fileName: string;
  /** Absolute URLs of the built-in datasets' files and of ONNX Runtime's wasm, all on the app's own origin. */
  assetUrls: Record<string, string>;
  onnxWasmUrl: string;
}

export interface ExportResult {
  bytes: Uint8Array;
  verification: ExportVerification;
  /** The runtime or reader that read the file back ("onnxruntime-web 1.30.0"). */
  reader: string;
  /** safetensors: the PyTorch code that loads the file. */
  snippet?: string;
}
