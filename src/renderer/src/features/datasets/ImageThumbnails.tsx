import { useEffect, useRef } from 'react';
import type { Dataset } from '../../../../shared/data/dataset';

// A grid per class of the first few imported images, drawn from the dataset's own pixel features,
// so what the user sees is exactly what the network will be given (size, crop, grayscale).

const PER_CLASS = 8;

function Thumbnail({ dataset, row, side, channels }: { dataset: Dataset; row: number; side: number; channels: 1 | 3 }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(side, side);
    const offset = row * dataset.features;
    for (let p = 0; p < side * side; p++) {
      for (let c = 0; c < 3; c++) image.data[4 * p + c] = Math.round(255 * dataset.x[offset + (channels === 3 ? 3 * p + c : p)]);
      image.data[4 * p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [dataset, row, side, channels]);
  return <canvas ref={canvas} width={side} height={side} className="thumbnail" />;
}

/** `counts`: images per class when `dataset` holds only some of them (a stored dataset's samples). */
export function ImageThumbnails({ dataset, side, channels, counts }: { dataset: Dataset; side: number; channels: 1 | 3; counts?: number[] }) {
  if (dataset.target.kind !== 'classes') return null;
  const { classes, labels } = dataset.target;
  const rowsOf = classes.map(() => [] as number[]);
  const counted = classes.map(() => 0);
  labels.forEach((label, row) => {
    counted[label]++;
    if (rowsOf[label].length < PER_CLASS) rowsOf[label].push(row);
  });
  const shown = counts ?? counted;
  return (
    <div className="thumbnail-classes" data-testid="image-thumbnails">
      {classes.map((name, k) => (
        <div key={name} className="thumbnail-class" data-testid="thumbnail-class" data-class={name} data-count={shown[k]}>
          <p>
            <strong>{name}</strong> <span className="muted">{shown[k].toLocaleString('en-US')} images</span>
          </p>
          <div className="thumbnail-row">
            {rowsOf[k].map((row) => (
              <Thumbnail key={row} dataset={dataset} row={row} side={side} channels={channels} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
