import type { CSSProperties, ReactNode } from 'react';
import { PixelImage } from '../../components/PixelImage';
import { formatNumber } from './format-number';
import { isMistake, type SortColumn } from './prediction-order';
import type { PredictionTable } from './prediction-table';

// The columns of the predictions table for one network and dataset, in reading order: the row,
// what went in (picture, feature values, or a summary of many), the target Y beside the output A,
// the prediction, the row's loss and whether it was right. Wide data stays narrow: more than
// MAX_FEATURE_COLUMNS features become one summary cell, more than MAX_CLASS_COLUMNS classes one
// "top 3" cell; every value is in the cell's tooltip.

export const MAX_FEATURE_COLUMNS = 4;
export const MAX_CLASS_COLUMNS = 12;
const MAX_TARGET_COLUMNS = 4;
/** A column wide enough for its text (about 8.5 px a character of the bold header), within bounds. */
const widthFor = (text: string, min: number, max: number) => Math.min(max, Math.max(min, Math.ceil(8.5 * text.length) + 16));
/** Feature values listed in a summary cell's tooltip. */
const TOOLTIP_FEATURES = 40;

export interface Column {
  /** Sort key; null for a column that does not sort. */
  key: SortColumn | null;
  /** `data-column` of the cells (the sort key, or a name). */
  id: string;
  header: string;
  /** Second header line (the A index of a class column). */
  sub?: string;
  title: string;
  width: number;
  numeric?: boolean;
  cell(row: number): { content: ReactNode; title?: string; style?: CSSProperties; className?: string };
}

function inputColumns(table: PredictionTable): Column[] {
  const { featureNames, inputs, image } = table;
  const features = featureNames.length;
  if (image) {
    const { width, height, channels } = image.geometry;
    return [
      {
        key: null,
        id: 'image',
        header: 'Input',
        title: `The image the network was given (${width}×${height}${channels === 3 ? ' RGB' : ''})`,
        width: 44,
        cell: (row) => ({ content: <PixelImage pixels={image.pixels} offset={row * features} width={width} height={height} channels={channels} scale={1} displayWidth={30} /> }),
      },
    ];
  }
  if (!inputs) return [];
  if (features <= MAX_FEATURE_COLUMNS) {
    return featureNames.map((name, j) => ({
      key: `input:${j}`,
      id: `input:${j}`,
      header: name,
      title: `Input ${name}, in the units of the data file`,
      width: widthFor(name, 64, 110),
      numeric: true,
      cell: (row) => ({ content: formatNumber(inputs[row * features + j]) }),
    }));
  }
  return [
    {
      key: null,
      id: 'inputs',
      header: `Inputs (${features} features)`,
      title: 'The features in the units of the data file; hover a cell for the values',
      width: 250,
      // Only the first values fit in the cell and its tooltip: 784 would be formatted for nothing on every scroll.
      cell: (row) => {
        const shown = Math.min(features, TOOLTIP_FEATURES);
        const values = Array.from({ length: shown }, (_, j) => formatNumber(inputs[row * features + j]));
        const listed = values.map((value, j) => `${featureNames[j]} = ${value}`);
        if (features > shown) listed.push(`… and ${features - shown} more`);
        return { content: values.join('  ') + (features > shown ? '  …' : ''), title: listed.join('\n'), className: 'summary' };
      },
    },
  ];
}

/** Probability shading of a class cell: stronger for values near 1. */
const shade = (p: number) => ({ background: `rgba(47, 111, 222, ${(Math.min(1, Math.max(0, p)) * 0.45).toFixed(3)})` });

function classColumns(table: PredictionTable, classes: string[]): { target: Column; output: Column[]; prediction: Column } {
  const { A, outputs, labels, predicted } = table;
  const longest = classes.reduce((a, b) => (b.length > a.length ? b : a), '');
  const target: Column = {
    key: 'target',
    id: 'target',
    header: 'Y',
    title: 'The target: the class of the row',
    width: widthFor(longest, 48, 150),
    cell: (row) => ({ content: classes[labels![row]] }),
  };
  const prediction: Column = {
    key: 'prediction',
    id: 'prediction',
    header: 'Prediction',
    title: outputs === 1 ? `${classes[1]} when A ≥ 0.5, else ${classes[0]}` : 'The class with the largest A',
    width: widthFor(longest.length > 'Prediction'.length ? longest : 'Prediction', 48, 150),
    cell: (row) => ({ content: classes[predicted![row]], className: isMistake(table, row) ? 'wrong' : undefined }),
  };
  let output: Column[];
  if (outputs === 1) {
    output = [
      {
        key: 'A:0',
        id: 'A:0',
        header: 'A',
        title: `The network's output: the probability of ${classes[1]}`,
        width: 80,
        numeric: true,
        // Fixed decimals read best against a 0/1 target; the tooltip has every digit.
        cell: (row) => ({ content: A[row].toFixed(4), title: String(A[row]) }),
      },
    ];
  } else if (outputs <= MAX_CLASS_COLUMNS) {
    output = classes.map((name, i) => ({
      key: `A:${i}`,
      id: `A:${i}`,
      header: name,
      sub: `A[${i}]`,
      title: `A[${i}]: the network's probability of ${name}`,
      width: widthFor(name, 52, 90),
      numeric: true,
      cell: (row) => {
        const p = A[row * outputs + i];
        return { content: p.toFixed(2), title: `p(${name}) = ${p}`, style: shade(p), className: labels![row] === i ? 'target-class' : undefined };
      },
    }));
  } else {
    output = [
      {
        key: null,
        id: 'A',
        header: 'A (top 3)',
        title: "The network's three most probable classes; hover for all",
        width: 260,
        cell: (row) => {
          const order = Array.from({ length: outputs }, (_, i) => i).sort((a, b) => A[row * outputs + b] - A[row * outputs + a]);
          const text = (i: number) => `${classes[i]} ${A[row * outputs + i].toFixed(2)}`;
          return { content: order.slice(0, 3).map(text).join(' · '), title: order.map(text).join('\n'), className: 'summary' };
        },
      },
    ];
  }
  return { target, output, prediction };
}

function valueColumns(table: PredictionTable, names: string[]): Column[] {
  const { A, targets, outputs } = table;
  const count = names.length;
  if (count > MAX_TARGET_COLUMNS) {
    const summary = (label: string, values: Float64Array, id: string): Column => ({
      key: null,
      id,
      header: `${label} (${count} values)`,
      title: label === 'Y' ? 'The targets' : "The network's outputs",
      width: 220,
      cell: (row) => {
        const texts = names.map((name, i) => `${name} = ${formatNumber(values[row * count + i])}`);
        return { content: texts.join('  '), title: texts.join('\n'), className: 'summary' };
      },
    });
    return [summary('Y', targets!, 'target'), summary('A', A, 'A')];
  }
  return names.flatMap((name, i): Column[] => [
    {
      key: `target:${i}`,
      id: `target:${i}`,
      header: count === 1 ? 'Y' : `Y ${name}`,
      title: `The target ${name}`,
      width: 84,
      numeric: true,
      cell: (row) => ({ content: formatNumber(targets![row * count + i]) }),
    },
    {
      key: `A:${i}`,
      id: `A:${i}`,
      header: count === 1 ? 'A' : `A ${name}`,
      title: `The network's prediction of ${name}, in its units (a target scaling used in training undone)`,
      width: 84,
      numeric: true,
      cell: (row) => ({ content: formatNumber(A[row * outputs + i]), title: String(A[row * outputs + i]) }),
    },
  ]);
}

const lossColumn = (table: PredictionTable): Column => ({
  key: 'loss',
  id: 'loss',
  header: 'Loss',
  title: 'The loss of this row alone, as training computes it',
  width: 80,
  numeric: true,
  cell: (row) => ({ content: formatNumber(table.rowLoss[row]), title: String(table.rowLoss[row]) }),
});

const resultColumn = (table: PredictionTable): Column => ({
  key: 'result',
  id: 'result',
  header: '✓/✗',
  title: 'Right or wrong',
  width: 44,
  cell: (row) => (isMistake(table, row) ? { content: '✗', className: 'wrong', title: 'wrong' } : { content: '✓', className: 'right', title: 'right' }),
});

/** `inspectRow`: opens the step inspector on a row; the row numbers become links to it. */
export function predictionColumns(table: PredictionTable, inspectRow?: (row: number) => void): Column[] {
  const rowCell = (row: number): ReturnType<Column['cell']> =>
    inspectRow
      ? {
          content: (
            <button type="button" className="link-button" onClick={() => inspectRow(row)} data-testid="inspect-row">
              {row}
            </button>
          ),
          title: `Row ${row} of the dataset (from 0): open the step inspector on it`,
        }
      : { content: row };
  const first: Column[] = [
    { key: 'row', id: 'row', header: 'Row', title: 'Row of the dataset, counted from 0', width: 58, numeric: true, cell: rowCell },
    ...inputColumns(table),
  ];
  if (!table.classes) return [...first, ...valueColumns(table, table.targetNames ?? []), lossColumn(table)];
  const { target, output, prediction } = classColumns(table, table.classes);
  // One output sits beside Y; many class columns come after the verdict, which so stays in view.
  if (table.outputs === 1) return [...first, target, ...output, prediction, lossColumn(table), resultColumn(table)];
  return [...first, target, prediction, lossColumn(table), resultColumn(table), ...output];
}
