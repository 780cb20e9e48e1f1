import { useEffect, useRef } from 'react';
import type { Tensor } from '../../../../shared/engine/inspect-step';

// For image datasets, the input columns A[0] as the pictures they are: what the first layer
// reads, pixel for pixel (each image scaled to its own range, so normalized inputs still show).

export interface ImageGeometry {
  side: number;
  channels: 1 | 3;
}

/** The image shape behind a dataset's feature names (IDX "pixelY_X", image folders "Y_X" or "Y_X_r"), or null. */
export function imageGeometry(featureNames: readonly string[]): ImageGeometry | null {
  const count = featureNames.length;
  const last = featureNames[count - 1] ?? '';
  const match = /^(?:pixel)?(\d+)_(\d+)(_[rgb])?$/.exec(last);
  if (!match) return null;
  const side = Number(match[1]) + 1;
  const channels = match[3] ? 3 : 1;
  return side === Number(match[2]) + 1 && side * side * channels === count ? { side, channels } : null;
}

function ColumnImage({ tensor, column, geometry }: { tensor: Tensor; column: number; geometry: ImageGeometry }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const { side, channels } = geometry;
    const value = (f: number) => tensor.values[f * tensor.cols + column];
    let low = Infinity;
    let high = -Infinity;
    for (let f = 0; f < tensor.rows; f++) {
      low = Math.min(low, value(f));
      high = Math.max(high, value(f));
    }
    const span = high - low || 1;
    const image = context.createImageData(side, side);
    for (let p = 0; p < side * side; p++) {
      for (let c = 0; c < 3; c++) image.data[4 * p + c] = Math.round((255 * (value(channels === 3 ? 3 * p + c : p) - low)) / span);
      image.data[4 * p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [tensor, column, geometry]);
  return <canvas ref={canvas} width={geometry.side} height={geometry.side} className="input-image" />;
}

/** At most this many columns are drawn (a mini-batch of 64 would be a wall of pictures). */
const SHOWN = 16;

export function InputImages({ tensor, rows, geometry }: { tensor: Tensor; rows: number[]; geometry: ImageGeometry }) {
  return (
    <figure className="input-images" data-testid="input-images">
      <figcaption>A[0] as images{rows.length > SHOWN ? ` (the first ${SHOWN} of ${rows.length})` : ''}</figcaption>
      <div>
        {rows.slice(0, SHOWN).map((row, column) => (
          <span key={column} className="input-image-cell">
            <ColumnImage tensor={tensor} column={column} geometry={geometry} />
            <span className="muted">#{row}</span>
          </span>
        ))}
      </div>
    </figure>
  );
}
