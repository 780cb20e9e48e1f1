import { basename } from 'node:path';
import Papa from 'papaparse';
import { columnIndex, featureMatrix, readCsvTable, type CsvTable } from '../../shared/data/csv';
import { FORMULA_CELL } from '../../shared/data/csv-formulas';
import { numberParser } from '../../shared/data/csv-values';
import { RegressionAccumulator } from '../../shared/nn/metrics';
import { predict } from '../../shared/nn/weights-json';
import { csvTargets } from '../../shared/schema/experiment';
import type { WeightsFile } from '../../shared/schema/weights';
import { parseCommandArgs } from '../args';
import { readBytes } from '../files';
import { loadWeightsFile } from '../load-weights';
import { checkOutputFile, writeOutputFile } from '../output-paths';
import { describeReading, modelRowsReading, READING_OPTIONS } from '../csv-reading';

// predict <weights.json> <data.csv> [--out predictions.csv] [reading options]: reads the CSV the way
// the training file was read (its header line, separators, number format; see csv-reading.ts) and
// the feature columns the weights were trained on (by name, in any order; other columns are
// ignored; a one-hot feature "colour=red" is rebuilt from the column "colour"), applies the stored
// normalization and writes one row per
// input row. Classification: the predicted class and one probability column per class; regression:
// one column per target, in the targets' units (a scaling used in training is undone). When the
// CSV also holds the training target columns, the accuracy (or R², RMSE and MAE) is reported on
// stderr.

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

/** R², RMSE and MAE per target of the predictions (in the targets' units) against the CSV's target columns. */
function reportRegression(table: CsvTable, targets: string[], outputs: number[][]): void {
  const columns = targets.map((name) => columnIndex(table, name));
  const rows = outputs.length;
  const a = new Float64Array(targets.length * rows);
  const y = new Float64Array(targets.length * rows);
  const means = new Float64Array(targets.length);
  const parseNumber = numberParser(table.format);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < targets.length; i++) {
      const value = parseNumber(table.records[j].fields[columns[i]]);
      if (value === null) {
        process.stderr.write(`no R² on ${table.fileName}: row ${table.records[j].row}, column '${targets[i]}' is not a number\n`);
        return;
      }
      y[i * rows + j] = value;
      a[i * rows + j] = outputs[j][i];
      means[i] += value / rows;
    }
  }
  const accumulator = new RegressionAccumulator(means);
  accumulator.add(a, y, rows);
  accumulator.perTarget().forEach((m, i) => {
    process.stderr.write(`${targets[i]} on ${table.fileName}: R² ${m.r2.toFixed(4)}, RMSE ${m.rmse.toPrecision(5)}, MAE ${m.mae.toPrecision(5)} (${rows} rows)\n`);
  });
}

export async function predictCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('predict', args, ['weights.json', 'data.csv'], ['out', ...READING_OPTIONS]);
  const [weightsPath, csvPath] = positionals;
  if (options.out !== undefined) checkOutputFile(options.out, 'predictions file');
  const file = loadWeightsFile(weightsPath);
  const reading = modelRowsReading('predict', file.experiment?.dataset, options);
  const table = readCsvTable(readBytes(csvPath, 'CSV file'), basename(csvPath), reading);
  process.stderr.write(`${describeReading(table)}\n`);
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
  const targets = dataset && 'csv' in dataset ? csvTargets(dataset) : [];
  if (targets.length === 0 || !targets.every((name) => table.header.includes(name))) return 0;
  if (result.classes) {
    const target = columnIndex(table, targets[0]);
    reportAccuracy(table.fileName, table.records.map((r) => r.fields[target]), result.classes);
  } else {
    reportRegression(table, targets, result.outputs);
  }
  return 0;
}
