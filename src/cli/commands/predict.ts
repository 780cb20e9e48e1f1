import { basename } from 'node:path';
import Papa from 'papaparse';
import { columnIndex, featureMatrix, readCsvTable } from '../../shared/data/csv';
import { FORMULA_CELL } from '../../shared/data/csv-formulas';
import { predict } from '../../shared/nn/weights-json';
import type { WeightsFile } from '../../shared/schema/weights';
import { parseCommandArgs } from '../args';
import { readBytes } from '../files';
import { loadWeightsFile } from '../load-weights';
import { checkOutputFile, writeOutputFile } from '../output-paths';

// predict <weights.json> <data.csv> [--out predictions.csv]: reads the feature columns the weights
// were trained on (by name, in any order; other columns are ignored; a one-hot feature "colour=red"
// is rebuilt from the column "colour"), applies the stored normalization and writes one row per
// input row. Classification: the predicted class and one probability column per class; regression:
// one column per target. When the CSV also holds the training target column, the accuracy is
// reported on stderr.

function header(file: WeightsFile): string[] {
  return file.output.task === 'classification' ? ['prediction', ...file.output.classes.map((c) => `p_${c}`)] : file.output.targets;
}

/** Output activations as per-class probabilities (a single sigmoid unit gives P(class 1)). */
function probabilities(outputs: number[]): number[] {
  return outputs.length === 1 ? [1 - outputs[0], outputs[0]] : outputs;
}

function reportAccuracy(csvName: string, targetValues: string[], predicted: string[]): void {
  const correct = predicted.filter((name, i) => name === targetValues[i].trim()).length;
  const percent = ((100 * correct) / predicted.length).toFixed(2);
  process.stderr.write(`accuracy on ${csvName}: ${percent}% (${correct}/${predicted.length})\n`);
}

export async function predictCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('predict', args, ['weights.json', 'data.csv'], ['out']);
  const [weightsPath, csvPath] = positionals;
  if (options.out !== undefined) checkOutputFile(options.out, 'predictions file');
  const file = loadWeightsFile(weightsPath);
  const table = readCsvTable(readBytes(csvPath, 'CSV file'), basename(csvPath));
  const rows = table.records.length;
  const result = predict(file, featureMatrix(table, file.input.features), rows);

  const lines: (string | number)[][] = result.outputs.map((outputs, i) => (result.classes ? [result.classes[i], ...probabilities(outputs)] : outputs));
  // Class and column names come from the training CSV: any that a spreadsheet would run as a formula is neutralized.
  const csv = `${Papa.unparse([header(file), ...lines], { newline: '\n', escapeFormulae: FORMULA_CELL })}\n`;
  if (options.out) {
    writeOutputFile(options.out, csv, 'predictions file');
    process.stderr.write(`${rows} predictions written to ${options.out}\n`);
  } else {
    process.stdout.write(csv);
  }

  const dataset = file.experiment?.dataset;
  if (result.classes && dataset && 'csv' in dataset && table.header.includes(dataset.target)) {
    const target = columnIndex(table, dataset.target);
    reportAccuracy(table.fileName, table.records.map((r) => r.fields[target]), result.classes);
  }
  return 0;
}
