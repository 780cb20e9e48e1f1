import { columnIndex, featureMatrix, type CsvTable } from '../data/csv';
import { describeValue, parseNumber } from '../data/csv-values';
import { ImportError } from '../data/import-error';
import type { WeightsFile } from '../schema/weights';
import type { VerificationData } from './verify-export';

// Rows of a CSV file to verify an export on: the weights' feature columns (by name, as `predict`
// reads them), and the targets when the file has them — the experiment's target column for
// classification, every target column by name for regression — so both accuracies (or R²) can
// be compared. A file without them still checks the predictions themselves.

export function verificationDataFromCsv(table: CsvTable, file: WeightsFile): VerificationData {
  const rows = table.records.length;
  const data: VerificationData = { source: `${table.fileName} (${rows} rows)`, rows, x: featureMatrix(table, file.input.features) };
  if (file.output.task === 'classification') {
    const spec = file.experiment?.dataset;
    const target = spec && 'csv' in spec && 'target' in spec ? spec.target : undefined;
    if (target === undefined || !table.header.includes(target)) return data;
    const column = columnIndex(table, target);
    const classes = file.output.classes;
    data.labels = Int32Array.from(table.records, ({ fields, row }) => {
      const label = classes.indexOf(fields[column].trim());
      if (label < 0) throw new ImportError({ file: table.fileName, row, column: target }, `${describeValue(fields[column])} is not one of the classes the network knows (${classes.join(', ')})`);
      return label;
    });
    return data;
  }
  const targets = file.output.targets;
  if (!targets.every((name) => table.header.includes(name))) return data;
  const columns = targets.map((name) => columnIndex(table, name));
  data.values = new Float64Array(rows * targets.length);
  table.records.forEach(({ fields, row }, i) => {
    columns.forEach((column, k) => {
      const value = parseNumber(fields[column]);
      if (value === null) throw new ImportError({ file: table.fileName, row, column: targets[k] }, `expected a number, found ${describeValue(fields[column])}`);
      data.values![i * targets.length + k] = value;
    });
  });
  return data;
}
