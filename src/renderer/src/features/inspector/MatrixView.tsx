import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Tensor } from '../../../../shared/engine/inspect-step';
import { exactValue, formatValue } from './format-value';
import { largestMagnitude, valueColor, valueRgb } from './value-colors';

// One matrix of a step, named as the tutorials name it (W[1], dZ[2]) with its shape. Small ones
// show every number on a tinted cell; large ones (Fashion-MNIST's 128 × 784) a heatmap of the
// whole matrix, the numbers of the chosen row (a unit's weights) or column (a sample) beneath it,
// and any entry on hover.

/** Matrices up to this many rows and columns show every number; larger ones are heatmaps. */
export const NUMBER_ROWS = 12;
export const NUMBER_COLS = 16;
const HEATMAP_WIDTH = 560;
const HEATMAP_HEIGHT = 200;
/** The list of numbers under a heatmap is at least this wide, so a thin column's list still reads. */
const STRIP_MIN_WIDTH = 300;

export interface Cell {
  row: number;
  col: number;
}

interface MatrixViewProps {
  name: string;
  tensor: Tensor;
  /** e.g. "W[1]·A[0] + b[1]"; shown after "=" */
  formula?: ReactNode;
  /** Labels of the columns (dataset rows for activations). */
  colLabels?: string[];
  rowLabel?: string;
  selected?: Cell | null;
  onSelect?: (cell: Cell) => void;
  testId?: string;
}

function Shape({ tensor }: { tensor: Tensor }) {
  return (
    <span className="matrix-shape">
      {tensor.rows} × {tensor.cols}
    </span>
  );
}

function NumberGrid({ name, tensor, colLabels, rowLabel, selected, onSelect }: MatrixViewProps) {
  const scale = largestMagnitude(tensor.values);
  return (
    <table className="matrix-grid">
      {colLabels && (
        <thead>
          <tr>
            <th />
            {colLabels.map((label, j) => (
              <th key={j} className="muted">
                {label}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {Array.from({ length: tensor.rows }, (_, i) => (
          <tr key={i}>
            <th className="muted">{rowLabel ? `${rowLabel}${i + 1}` : i + 1}</th>
            {Array.from({ length: tensor.cols }, (_, j) => {
              const value = tensor.values[i * tensor.cols + j];
              const isSelected = selected?.row === i && selected.col === j;
              return (
                <td
                  key={j}
                  title={`${name}[${i + 1}, ${j + 1}] = ${exactValue(value)}`}
                  data-value={value}
                  className={isSelected ? 'selected' : undefined}
                  style={{ background: valueColor(value, scale) }}
                  onClick={onSelect ? () => onSelect({ row: i, col: j }) : undefined}
                >
                  {formatValue(value)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Heatmap({ name, tensor, selected, onSelect }: MatrixViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Cell | null>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const { rows, cols, values } = tensor;
  // The numbers beneath follow the long side: a unit's incoming weights (a row of W), or one
  // sample's column of a tall activation matrix such as Z[1] (128 × m).
  const byColumn = rows > cols;
  // Listing numbers costs a DOM node each (784 for a row of W[1]): only once asked for.
  const focused = selected ? (byColumn ? selected.col : selected.row) : focus;
  const cellWidth = Math.max(1, Math.min(12, Math.floor(HEATMAP_WIDTH / cols)));
  const width = cols * cellWidth;
  const height = Math.max(12, Math.min(rows * cellWidth, HEATMAP_HEIGHT));
  const rowHeight = height / rows;

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const scale = largestMagnitude(values);
    const image = context.createImageData(cols, rows);
    for (let i = 0; i < rows * cols; i++) image.data.set([...valueRgb(values[i], scale), 255], i * 4);
    const scratch = document.createElement('canvas');
    scratch.width = cols;
    scratch.height = rows;
    scratch.getContext('2d')!.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, width, height);
    context.drawImage(scratch, 0, 0, width, height);
    if (focused === null) return;
    context.strokeStyle = '#1d2733';
    if (byColumn) context.strokeRect(focused * cellWidth + 0.5, 0.5, Math.max(1, cellWidth - 1), height - 1);
    else context.strokeRect(0.5, focused * rowHeight + 0.5, width - 1, Math.max(1, rowHeight - 1));
  }, [values, rows, cols, width, height, rowHeight, cellWidth, focused, byColumn]);

  const cellAt = (event: React.MouseEvent<HTMLCanvasElement>): Cell => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      row: Math.min(rows - 1, Math.floor(((event.clientY - box.top) / box.height) * rows)),
      col: Math.min(cols - 1, Math.floor(((event.clientX - box.left) / box.width) * cols)),
    };
  };
  const hovered = hover ? values[hover.row * cols + hover.col] : undefined;
  const strip = focused === null ? [] : byColumn ? Array.from({ length: rows }, (_, i) => values[i * cols + focused]) : Array.from(values.subarray(focused * cols, (focused + 1) * cols));
  const stripScale = largestMagnitude(strip);
  const cellOf = (k: number): Cell => (byColumn ? { row: k, col: focused! } : { row: focused!, col: k });
  return (
    <div className="heatmap">
      <canvas
        ref={canvas}
        width={width}
        height={height}
        data-testid="matrix-heatmap"
        onMouseMove={(event) => setHover(cellAt(event))}
        onMouseLeave={() => setHover(null)}
        onClick={(event) => {
          const at = cellAt(event);
          setFocus(byColumn ? at.col : at.row);
          onSelect?.(at);
        }}
      />
      <div className="heatmap-hover muted" aria-live="polite">
        {hover && hovered !== undefined
          ? `${name}[${hover.row + 1}, ${hover.col + 1}] = ${exactValue(hovered)}`
          : `Hover for a value; click to list a ${byColumn ? 'column' : 'row'}'s numbers.`}
      </div>
      {focused !== null && (
        <div className="matrix-strip" data-testid="matrix-strip" style={{ maxWidth: Math.max(width, STRIP_MIN_WIDTH) }}>
          <span className="muted">
            {byColumn ? 'column' : 'row'} {focused + 1}:
          </span>
          {strip.map((value, k) => {
            const cell = cellOf(k);
            return (
              <span
                key={k}
                className={selected?.row === cell.row && selected.col === cell.col ? 'selected' : undefined}
                style={{ background: valueColor(value, stripScale) }}
                title={`${name}[${cell.row + 1}, ${cell.col + 1}] = ${exactValue(value)}`}
                onClick={onSelect ? () => onSelect(cell) : undefined}
              >
                {formatValue(value)}
              </span>
            );
          })}
        </div>
      )}
    </div>
  );
}

export function MatrixView(props: MatrixViewProps) {
  const { name, tensor, formula, testId } = props;
  const small = tensor.rows <= NUMBER_ROWS && tensor.cols <= NUMBER_COLS;
  return (
    <figure className="matrix" data-testid={testId} data-rows={tensor.rows} data-cols={tensor.cols}>
      <figcaption>
        <span className="matrix-name">{name}</span>
        {formula && <span className="matrix-formula"> = {formula}</span>} <Shape tensor={tensor} />
      </figcaption>
      {small ? <NumberGrid {...props} /> : <Heatmap {...props} />}
    </figure>
  );
}
