import { predictClasses, RegressionAccumulator } from '../nn/metrics';
import { normalizationInverse } from '../schema/normalization';
import { createRng } from '../nn/rng';
import { parseWeights, predict } from '../nn/weights-json';
import type { WeightsFile } from '../schema/weights';
import type { ExportFormat } from './export-formats';
import { readNpz } from './npz';
import type { ExportDType } from './portable-model';
import { readSafetensors } from './safetensors';

// Proving an export: the written bytes are read back through the format's own runtime or reader
// (ONNX Runtime for ONNX, handed in by the host: onnxruntime-node in the CLI, onnxruntime-web in
// the app; the npz, safetensors and weights JSON readers for the others), run on rows of data,
// and compared with the workbench's own predictions for the same raw rows.

/**
 * Largest disagreement allowed, relative to max(1, |workbench output|). float32 sums of a few
 * hundred terms round to about 1e-6 here; 1e-4 leaves room for wide layers and is still orders of
 * magnitude below what a real mistake (a wrong activation, transposed weights, a missed
 * normalization) does to the outputs. float64 files compute in float64 and must agree to 1e-9.
 */
export const EXPORT_TOLERANCE: Record<ExportDType, number> = { float32: 1e-4, float64: 1e-9 };

/** Runs an ONNX model on raw feature rows (rows × features, row-major); returns rows × outputs. */
export type OnnxRunner = (model: Uint8Array, x: Float32Array | Float64Array, rows: number, features: number) => Promise<ArrayLike<number>>;

/** Raw feature rows (in the order of `input.features`) to verify on, with their targets when known. */
export interface VerificationData {
  /** What the rows are, for the report: "iris.csv (150 rows)", "validation split". */
  source: string;
  rows: number;
  /** rows × features, row-major, not normalized. */
  x: Float64Array;
  /** Classification: the class index of each row. */
  labels?: Int32Array;
  /** Regression: rows × targets, row-major. */
  values?: Float64Array;
}

/** Accuracy, or (regression, in the targets' units) R² and RMSE averaged over targets. */
export type Score = { accuracy: number } | { r2: number; rmse: number };

export interface ExportVerification {
  format: ExportFormat;
  dtype: ExportDType;
  source: string;
  rows: number;
  /** Largest |exported − workbench| over every output of every row. */
  maxAbsDifference: number;
  tolerance: number;
  agrees: boolean;
  /** Scores of both on the data's targets; absent without targets. */
  workbench?: Score;
  exported?: Score;
  /** Classification: rows whose predicted class differs (a near tie can flip within rounding). */
  classChanges?: number;
  /** Regression outputs mapped back from scaled targets (the tolerance scales with them). */
  scaled?: boolean;
}

/** Deterministic rows spread over the range the network was trained on, for when no data is given. */
export function probeData(file: WeightsFile, rows = 64): VerificationData {
  const features = file.input.features.length;
  const normalization = file.input.normalization;
  const rng = createRng(23);
  const x = new Float64Array(rows * features);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) {
      const u = 2 * rng.next() - 1;
      x[i * features + j] =
        normalization.kind === 'standardize'
          ? normalization.mean[j] + 2 * u * normalization.std[j]
          : normalization.kind === 'minmax'
            ? normalization.min[j] + ((u + 1) / 2) * (normalization.max[j] - normalization.min[j])
            : u;
    }
  }
  const range = normalization.kind === 'none' ? 'in [-1, 1] (the weights record no input range)' : 'spread over the training range';
  return { source: `${rows} probe rows ${range}`, rows, x };
}

/** Outputs (rows × outputs, row-major) of the exported bytes, through the format's reader. */
async function exportedOutputs(
  bytes: Uint8Array,
  format: ExportFormat,
  dtype: ExportDType,
  fileName: string,
  data: VerificationData,
  features: number,
  runOnnx: OnnxRunner,
): Promise<ArrayLike<number>> {
  if (format === 'onnx') return runOnnx(bytes, dtype === 'float32' ? Float32Array.from(data.x) : data.x, data.rows, features);
  const readBack =
    format === 'npz' ? readNpz(bytes, fileName) : format === 'safetensors' ? readSafetensors(bytes, fileName) : parseWeights(new TextDecoder().decode(bytes));
  return predict(readBack, data.x, data.rows).outputs.flat();
}

function score(file: WeightsFile, outputs: ArrayLike<number>, width: number, data: VerificationData): { score?: Score; classes?: Int32Array } {
  const rows = data.rows;
  const columns = new Float64Array(width * rows);
  for (let j = 0; j < rows; j++) for (let i = 0; i < width; i++) columns[i * rows + j] = outputs[j * width + i];
  if (file.output.task === 'classification') {
    const classes = new Int32Array(rows);
    predictClasses(columns, width, rows, classes);
    if (!data.labels) return { classes };
    let correct = 0;
    for (let j = 0; j < rows; j++) if (classes[j] === data.labels[j]) correct++;
    return { classes, score: { accuracy: correct / rows } };
  }
  if (!data.values) return {};
  const y = new Float64Array(width * rows);
  const means = new Float64Array(width);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < width; i++) {
      y[i * rows + j] = data.values[j * width + i];
      means[i] += data.values[j * width + i] / rows;
    }
  }
  const accumulator = new RegressionAccumulator(means);
  accumulator.add(columns, y, rows);
  const { r2, rmse } = accumulator.averaged();
  return { score: { r2, rmse } };
}

/** Reads `bytes` back as `format` and compares its predictions on `data` with the workbench's. */
export async function verifyExport(
  file: WeightsFile,
  bytes: Uint8Array,
  options: { format: ExportFormat; dtype: ExportDType; fileName: string; data: VerificationData; runOnnx: OnnxRunner },
): Promise<ExportVerification> {
  const { format, fileName, data, runOnnx } = options;
  const dtype = format === 'json' ? 'float64' : options.dtype;
  const features = file.input.features.length;
  const width = file.layers[file.layers.length - 1].b.length;
  const reference = predict(file, data.x, data.rows).outputs.flat();
  const exported = await exportedOutputs(bytes, format, dtype, fileName, data, features, runOnnx);
  if (exported.length !== reference.length) {
    throw new Error(`${fileName}: the export gave ${exported.length} outputs for ${data.rows} rows; ${reference.length} expected`);
  }
  const tolerance = EXPORT_TOLERANCE[dtype];
  // Rounding is judged on the network's own outputs: a target scaling multiplies them (and their
  // rounding) by its scale on the way to the targets' units.
  const scaling = file.output.task === 'regression' ? file.output.scaling : undefined;
  const units = scaling ? normalizationInverse(scaling, width) : undefined;
  let maxAbsDifference = 0;
  let agrees = true;
  for (let k = 0; k < reference.length; k++) {
    const difference = Math.abs(exported[k] - reference[k]);
    const scale = units ? units.scale[k % width] : 1;
    const output = units ? (reference[k] - units.shift[k % width]) / scale : reference[k];
    // NaN never compares as within tolerance, so an export that yields NaN disagrees.
    if (!(difference / scale <= tolerance * Math.max(1, Math.abs(output)))) agrees = false;
    maxAbsDifference = Math.max(maxAbsDifference, Number.isNaN(difference) ? Infinity : difference);
  }
  const ours = score(file, reference, width, data);
  const theirs = score(file, exported, width, data);
  const verification: ExportVerification = { format, dtype, source: data.source, rows: data.rows, maxAbsDifference, tolerance, agrees, ...(units ? { scaled: true } : {}) };
  if (ours.score && theirs.score) Object.assign(verification, { workbench: ours.score, exported: theirs.score });
  if (ours.classes && theirs.classes) verification.classChanges = ours.classes.filter((c, j) => c !== theirs.classes![j]).length;
  return verification;
}

function formatScore(value: Score): string {
  return 'accuracy' in value ? `accuracy ${(100 * value.accuracy).toFixed(2)}%` : `R² ${value.r2.toFixed(6)}, RMSE ${value.rmse.toPrecision(6)}`;
}

/** The verification as lines a person reads (the CLI prints them; the dialog shows the same figures). */
export function describeVerification(v: ExportVerification, reader: string): string[] {
  const lines = [
    `read back with ${reader} on ${v.source}: max |difference| ${v.maxAbsDifference.toExponential(2)} vs the workbench's predictions (allowed ${v.tolerance.toExponential(0)} × max(1, |output|)${v.scaled ? ' × the target scale, the outputs being in target units' : ''})`,
  ];
  if (v.workbench && v.exported) lines.push(`workbench ${formatScore(v.workbench)}, export ${formatScore(v.exported)}`);
  if (v.classChanges) lines.push(`${v.classChanges} of ${v.rows} rows change class (near ties)`);
  if (!v.agrees) lines.push(`the export DISAGREES with the workbench beyond ${v.dtype} rounding`);
  return lines;
}
