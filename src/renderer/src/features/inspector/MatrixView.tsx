import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Tensor } from '../../../../shared/engine/inspect-step';
import { exactValue, formatValue } from './format-value';
import { largestMagnitude, valueColor, valueRgb } from './value-colors';

// One matrix of a step, named as the tutorials name it (W[1], dZ[2]) with its shape. Small ones
// show every number on a tinted cell; large ones (Fashion-MNIST's 128 × 784) a heatmap of the
// whole matrix, the numbers of the chosen row (unit) beneath it, and any entry on hover.

/** Matrices up to this many entries show every number. */
export const NUMBERS_UP_TO = 144;
const HEATMAP_WIDTH = 560;

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
  const [row, setRow] = useState(0);
  const focusRow = selected?.row ?? row;
  const { rows, cols, values } = tensor;
  const cell = Math.max(1, Math.min(12, Math.floor(HEATMAP_WIDTH / cols)));
  const width = cols * cell;
  const height = Math.min(rows * cell, 360);
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
    context.strokeStyle = '#1d2733';
    context.strokeRect(0.5, focusRow * rowHeight + 0.5, width - 1, Math.max(1, rowHeight - 1));
  }, [values, rows, cols, width, height, rowHeight, focusRow]);

  const cellAt = (event: React.MouseEvent<HTMLCanvasElement>): Cell => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      row: Math.min(rows - 1, Math.floor(((event.clientY - box.top) / box.height) * rows)),
      col: Math.min(cols - 1, Math.floor(((event.clientX - box.left) / box.width) * cols)),
    };
  };
  const hovered = hover ? values[hover.row * cols + hover.col] : undefined;
  const strip = values.subarray(focusRow * cols, (focusRow + 1) * cols);
  const stripScale = largestMagnitude(strip);
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
          setRow(at.row);
          onSelect?.(at);
        }}
      />
      <div className="heatmap-hover muted" aria-live="polite">
        {hover && hovered !== undefined ? `${name}[${hover.row + 1}, ${hover.col + 1}] = ${exactValue(hovered)}` : 'Hover for a value; click a row to list its numbers.'}
      </div>
      <div className="matrix-strip" data-testid="matrix-strip">
        <span className="muted">row {focusRow + 1}:</span>
        {Array.from(strip, (value, j) => (
          <span
            key={j}
            className={selected?.row === focusRow && selected.col === j ? 'selected' : undefined}
            style={{ background: valueColor(value, stripScale) }}
            title={`${name}[${focusRow + 1}, ${j + 1}] = ${exactValue(value)}`}
            onClick={onSelect ? () => onSelect({ row: focusRow, col: j }) : undefined}
          >
            {formatValue(value)}
          </span>
        ))}
      </div>
    </div>
  );
}

export function MatrixView(props: MatrixViewProps) {
  const { name, tensor, formula, testId } = props;
  const small = tensor.rows * tensor.cols <= NUMBERS_UP_TO;
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
