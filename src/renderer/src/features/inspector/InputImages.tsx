import { useEffect, useRef } from 'react';
import type { ImageGeometry } from '../../../../shared/data/image-geometry';
import type { Tensor } from '../../../../shared/engine/inspect-step';

// For image datasets, the input columns A[0] as the pictures they are: what the first layer
// reads, pixel for pixel (each image scaled to its own range, so normalized inputs still show).

function ColumnImage({ tensor, column, geometry }: { tensor: Tensor; column: number; geometry: ImageGeometry }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const { height, width, channels } = geometry;
    const value = (f: number) => tensor.values[f * tensor.cols + column];
    let low = Infinity;
    let high = -Infinity;
    for (let f = 0; f < tensor.rows; f++) {
      low = Math.min(low, value(f));
      high = Math.max(high, value(f));
    }
    const span = high - low || 1;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) image.data[4 * p + c] = Math.round((255 * (value(channels === 3 ? 3 * p + c : p) - low)) / span);
      image.data[4 * p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [tensor, column, geometry]);
  return <canvas ref={canvas} width={geometry.width} height={geometry.height} className="input-image" />;
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
