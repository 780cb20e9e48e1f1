import { describe, expect, it } from 'vitest';
import { predictionColumns } from '../../../src/renderer/src/features/predictions/prediction-columns';
import { orderRows, WORST_FIRST } from '../../../src/renderer/src/features/predictions/prediction-order';
import type { PredictionTable } from '../../../src/renderer/src/features/predictions/prediction-table';

// Which columns the predictions table shows for each kind of data, and which rows in what order.

function classTable(classes: number, features: number, rows = 5): PredictionTable {
  const outputs = classes === 2 ? 1 : classes;
  return {
    datasetName: 't',
    featureNames: Array.from({ length: features }, (_, j) => `f${j}`),
    classes: Array.from({ length: classes }, (_, k) => `class ${k}`),
    outputs,
    loss: 'categoricalCrossEntropy',
    lossOrigin: 'experiment',
    splits: [{ name: 'train', rows: Int32Array.from({ length: rows }, (_, i) => i) }],
    A: new Float64Array(rows * outputs),
    rowLoss: Float64Array.from([0.5, NaN, 2, 0.1, 2]),
    predicted: Int32Array.from([0, 1, 1, 0, 0]),
    labels: Int32Array.from([0, 1, 0, 0, 1]),
    inputs: Float32Array.from({ length: rows * features }, (_, i) => (i * 7) % 5),
  };
}

const ids = (table: PredictionTable) => predictionColumns(table).map((column) => column.id);

describe('predictions table columns', () => {
  it('put A beside Y for one output, and the verdict before ten class columns', () => {
    expect(ids(classTable(2, 2))).toEqual(['row', 'input:0', 'input:1', 'target', 'A:0', 'prediction', 'loss', 'result']);
    expect(ids(classTable(10, 2))).toEqual(['row', 'input:0', 'input:1', 'target', 'prediction', 'loss', 'result', ...Array.from({ length: 10 }, (_, i) => `A:${i}`)]);
  });

  it('summarize many features and many classes in one cell each', () => {
    const wide = classTable(20, 30);
    expect(ids(wide)).toEqual(['row', 'inputs', 'target', 'prediction', 'loss', 'result', 'A']);
    const cell = predictionColumns(wide).find((column) => column.id === 'inputs')!.cell(1);
    expect(cell.content).toBe('0 2 4 1 3 0 2 4 1 3 0 2 4 1 3 0 2 4 1 3 0 2 4 1 3 0 2 4 1 3'.split(' ').join('  '));
    expect(cell.title?.split('\n')[0]).toBe('f0 = 0');
    const pixels = predictionColumns(classTable(10, 784)).find((column) => column.id === 'inputs')!.cell(0);
    expect(String(pixels.content).split('  ')).toHaveLength(41);
    expect(pixels.title?.split('\n').at(-1)).toBe('… and 744 more');
  });

  it('show Y and A per regression target, without a verdict', () => {
    const table: PredictionTable = { ...classTable(2, 1), classes: undefined, predicted: undefined, labels: undefined, targetNames: ['price'], targets: Float64Array.from([1, 2, 3, 4, 5]), loss: 'mse' };
    expect(ids(table)).toEqual(['row', 'input:0', 'target:0', 'A:0', 'loss']);
  });
});

describe('predictions table rows', () => {
  const table = classTable(2, 1);
  const rows = table.splits[0].rows;

  it('list the worst first, a diverged (NaN) row on top, ties in row order', () => {
    expect(Array.from(orderRows(table, rows, WORST_FIRST))).toEqual([1, 2, 4, 0, 3]);
    expect(Array.from(orderRows(table, rows, { ...WORST_FIRST, descending: false }))).toEqual([3, 0, 2, 4, 1]);
  });

  it('keep only the mistakes, and sort by any column', () => {
    expect(Array.from(orderRows(table, rows, { ...WORST_FIRST, mistakesOnly: true }))).toEqual([2, 4]);
    expect(Array.from(orderRows(table, rows, { column: 'target', descending: false, mistakesOnly: false }))).toEqual([0, 2, 3, 1, 4]);
    expect(Array.from(orderRows(table, rows, { column: 'input:0', descending: true, mistakesOnly: false }))).toEqual([2, 4, 1, 3, 0]);
  });
});
