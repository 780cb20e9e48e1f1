import type { PredictionTable } from './prediction-table';

// Which rows the table lists and in what order: the rows of one split, optionally only the
// mistakes, sorted by any column (the loss, worst first, by default). Ties keep the dataset's row
// order, so a sort is repeatable.

/** 'row', 'loss', 'target', 'prediction', 'result', 'input:j' (feature j), 'A:i' (output i), 'target:i' (regression target i). */
export type SortColumn = string;

export interface RowOrder {
  column: SortColumn;
  descending: boolean;
  mistakesOnly: boolean;
}

export const WORST_FIRST: RowOrder = { column: 'loss', descending: true, mistakesOnly: false };

export const isMistake = (table: PredictionTable, row: number) => table.predicted !== undefined && table.labels !== undefined && table.predicted[row] !== table.labels[row];

/** The sort key of a dataset row for a column; class columns sort by class index. */
export function sortValue(table: PredictionTable, column: SortColumn, row: number): number {
  const [kind, index] = column.split(':');
  const i = Number(index);
  switch (kind) {
    case 'row':
      return row;
    case 'loss':
      return table.rowLoss[row];
    case 'prediction':
      return table.predicted?.[row] ?? table.A[row * table.outputs];
    case 'result':
      return isMistake(table, row) ? 0 : 1;
    case 'target':
      if (table.labels) return table.labels[row];
      return table.targets![row * table.targetNames!.length + (index === undefined ? 0 : i)];
    case 'input':
      return table.inputs ? table.inputs[row * table.featureNames.length + i] : row;
    case 'A':
      return table.A[row * table.outputs + i];
    default:
      throw new Error(`unknown column ${column}`);
  }
}

/** The dataset rows of `rows` to list, in order. */
export function orderRows(table: PredictionTable, rows: Int32Array, { column, descending, mistakesOnly }: RowOrder): Int32Array {
  const listed = mistakesOnly ? rows.filter((row) => isMistake(table, row)) : rows.slice();
  const keys = new Float64Array(table.rowLoss.length);
  for (const row of listed) keys[row] = sortValue(table, column, row);
  const sign = descending ? -1 : 1;
  // NaN (a diverged row) sorts as the largest value, so "worst first" shows it on top.
  const key = (row: number) => (Number.isNaN(keys[row]) ? Infinity : keys[row]);
  return listed.sort((a, b) => sign * (key(a) - key(b)) || a - b);
}
