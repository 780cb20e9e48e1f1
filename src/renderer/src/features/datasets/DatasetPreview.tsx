import type { Dataset } from '../../../../shared/data/dataset';

// A 2-D dataset as a small scatter plot, one colour per class: seeing the spirals is the quickest
// way to understand why a straight line cannot separate them.

export const CLASS_COLORS = ['#2f6fde', '#e8743b', '#2a9d6f', '#9b5de5', '#d64561', '#8a6d3b'];

export function DatasetPreview({ dataset, size = 120 }: { dataset: Dataset; size?: number }) {
  if (dataset.features !== 2 || dataset.target.kind !== 'classes') return null;
  const { x, rows } = dataset;
  const labels = dataset.target.labels;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let row = 0; row < rows; row++) {
    minX = Math.min(minX, x[2 * row]);
    maxX = Math.max(maxX, x[2 * row]);
    minY = Math.min(minY, x[2 * row + 1]);
    maxY = Math.max(maxY, x[2 * row + 1]);
  }
  // Same scale on both axes, so circles stay round.
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const pad = 6;
  const scale = (size - 2 * pad) / span;
  const offsetX = pad + ((size - 2 * pad) - (maxX - minX) * scale) / 2;
  const offsetY = pad + ((size - 2 * pad) - (maxY - minY) * scale) / 2;
  const radius = rows > 400 ? 1.4 : rows > 50 ? 2 : 4;
  return (
    <svg className="dataset-preview" width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`${dataset.name}: ${rows} points`}>
      {Array.from({ length: rows }, (_, row) => (
        <circle
          key={row}
          cx={offsetX + (x[2 * row] - minX) * scale}
          cy={size - (offsetY + (x[2 * row + 1] - minY) * scale)}
          r={radius}
          fill={CLASS_COLORS[labels[row] % CLASS_COLORS.length]}
          fillOpacity={0.8}
        />
      ))}
    </svg>
  );
}
