import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readCsvTable } from '../../shared/data/csv';
import { verificationDataFromCsv } from '../../shared/export/csv-verification-data';
import { pytorchSnippet } from '../../shared/export/safetensors';
import { describeModel, EXPORT_DTYPES, portableModel, type ExportDType } from '../../shared/export/portable-model';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, writeExport, type ExportFormat } from '../../shared/export/export-formats';
import { describeVerification, probeData, verifyExport, type OnnxRunner } from '../../shared/export/verify-export';
import { UsageError, parseCommandArgs } from '../args';
import { readBytes } from '../files';
import { loadWeightsFile } from '../load-weights';
import { checkOutputFile } from '../output-paths';
import { onnxRuntimeNode } from '../onnxruntime-node';
import { describeReading, modelRowsReading, READING_OPTIONS } from '../csv-reading';

// export <weights.json> --format onnx|npz|safetensors|json --out file [--verify data.csv] [--dtype float32|float64]
// Writes the file next to its destination, reads it back from disk through the format's own
// runtime or reader, compares its predictions with the workbench's on the CSV's rows (or on probe
// rows spread over the training range), and only then moves it into place: an export that
// disagrees is reported and never left behind. The figures go to stderr; for safetensors the
// PyTorch code that loads the file goes to stdout.

function choice<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined || !allowed.includes(value as T)) {
    throw new UsageError(`export: --${option} must be one of ${allowed.join(', ')}${value === undefined ? '' : `, not '${value}'`}.`);
  }
  return value as T;
}

function sizeLabel(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

export async function exportCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('export', args, ['weights.json'], ['format', 'out', 'verify', 'dtype', ...READING_OPTIONS]);
  const format: ExportFormat = choice('format', options.format, EXPORT_FORMAT_NAMES);
  if (!options.out) throw new UsageError('export: --out <file> is required.');
  const [weightsPath] = positionals;
  checkOutputFile(options.out, 'export file');
  const file = loadWeightsFile(weightsPath);
  const dtype: ExportDType = choice('dtype', options.dtype, EXPORT_DTYPES, 'float32');
  if (format === 'json' && options.dtype) throw new UsageError('export: --dtype does not apply to json, which keeps every trained number exactly.');
  if (dtype === 'float64' && file.experiment?.training.dtype === 'float32') {
    throw new Error(`${weightsPath}: the network was trained in float32 (experiment.training.dtype); a float64 export would only widen the same float32 numbers. Export it as float32.`);
  }
  const reading = modelRowsReading('export', file.experiment?.dataset, options);
  if (!options.verify && READING_OPTIONS.some((name) => options[name] !== undefined)) throw new UsageError('export: the reading options (--header-line, --delimiter, …) describe the --verify CSV; give --verify data.csv.');
  let data = probeData(file);
  if (options.verify) {
    const table = readCsvTable(readBytes(options.verify, 'CSV file'), basename(options.verify), reading);
    process.stderr.write(`${describeReading(table)}\n`);
    data = verificationDataFromCsv(table, file);
  }

  const onnx = format === 'onnx' ? await onnxRuntimeNode() : undefined;
  const runOnnx: OnnxRunner = onnx?.run ?? (() => Promise.reject(new Error('ONNX Runtime is only used for ONNX files')));
  const reader = onnx?.name ?? `the workbench's ${EXPORT_FORMATS[format].label} reader`;
  const out = options.out;
  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  try {
    const bytes = writeExport(file, format, dtype);
    try {
      writeFileSync(partial, bytes);
    } catch (error) {
      throw new Error(`Cannot write the export file '${out}': ${(error as Error).message}.`);
    }
    const verification = await verifyExport(file, new Uint8Array(readFileSync(partial)), { format, dtype, fileName: basename(out), data, runOnnx });
    const lines = describeVerification(verification, reader);
    if (!verification.agrees) throw new Error(`${out} was not written: ${lines.join('; ')}.`);
    renameSync(partial, out);
    const size = sizeLabel(bytes.length);
    const model = portableModel(file, format === 'json' ? 'float64' : dtype);
    process.stderr.write(`wrote ${out}: ${EXPORT_FORMATS[format].label}, ${format === 'json' ? 'float64' : dtype}, ${describeModel(model)}, ${size}\n`);
    if (!options.verify) process.stderr.write('(no --verify data.csv given: checked on probe rows; give your own rows to compare accuracies)\n');
    for (const line of lines) process.stderr.write(`${line}\n`);
    if (format === 'safetensors') process.stdout.write(`${pytorchSnippet(model, basename(out))}\n`);
  } finally {
    rmSync(partial, { force: true });
  }
  return 0;
}
