import type { Dataset } from '../../../../shared/data/dataset';
import { PixelImage } from '../../components/PixelImage';

// A grid per class of the first few imported images, drawn from the dataset's own pixel features,
// so what the user sees is exactly what the network will be given (size, crop, grayscale).

const PER_CLASS = 8;

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
              <PixelImage key={row} pixels={dataset.x} offset={row * dataset.features} width={side} height={side} channels={channels} scale={255} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
