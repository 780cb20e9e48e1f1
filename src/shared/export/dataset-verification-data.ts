import type { Dataset } from '../data/dataset';
import { normalizationInverse } from '../schema/normalization';
import type { WeightsFile } from '../schema/weights';
import type { VerificationData } from './verify-export';

// Rows of a dataset the app holds, to verify an export on: the features back in the units of the
// user's file (a dataset keeps them normalized; exports take raw features), and the targets, the
// class labels mapped by name onto the weights' classes.

export function verificationDataFromDataset(dataset: Dataset, rows: Int32Array, file: WeightsFile, source: string): VerificationData {
  const features = dataset.features;
  const { scale, shift } = normalizationInverse(dataset.normalization, features);
  const x = new Float64Array(rows.length * features);
  rows.forEach((row, i) => {
    for (let j = 0; j < features; j++) x[i * features + j] = dataset.x[row * features + j] * scale[j] + shift[j];
  });
  const data: VerificationData = { source, rows: rows.length, x };
  const target = dataset.target;
  if (target.kind === 'classes' && file.output.task === 'classification') {
    const classes = file.output.classes;
    const index = target.classes.map((name) => classes.indexOf(name));
    const unknown = target.classes.find((_, k) => index[k] < 0);
    if (unknown !== undefined) throw new Error(`${dataset.name} has the class '${unknown}', which the network does not know (${classes.join(', ')})`);
    data.labels = Int32Array.from(rows, (row) => index[target.labels[row]]);
  } else if (target.kind === 'values' && file.output.task === 'regression') {
    const width = target.names.length;
    data.values = new Float64Array(rows.length * width);
    rows.forEach((row, i) => data.values!.set(target.values.subarray(row * width, (row + 1) * width), i * width));
  }
  return data;
}
