import { useEffect, useRef } from 'react';
import type { Dataset } from '../../../../shared/data/dataset';
import { CLASS_COLORS } from '../datasets/DatasetPreview';
import type { Histogram } from '../../../../shared/nn/histogram';
import type { NetworkView } from '../../../../shared/schema/progress';
import { RegressionPlots } from './RegressionPlots';

// What the network computes at an epoch (live while it trains) or with stored weights: decision
// regions over the plane (two features), the confusion matrix (classification) or predicted
// against true values and residuals per target (regression), and every layer's weight and activation distributions.

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

type Boundary = NonNullable<NetworkView['boundary']>;

function BoundaryCanvas({ boundary, dataset }: { boundary: Boundary; dataset: Dataset | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = 260;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const { size: grid, classes, confidence, xRange, yRange } = boundary;
    const image = context.createImageData(grid, grid);
    for (let cell = 0; cell < grid * grid; cell++) {
      const [r, g, b] = hexToRgb(CLASS_COLORS[classes[cell] % CLASS_COLORS.length]);
      // Pale where the network is unsure, stronger where it is confident.
      const strength = 0.15 + 0.45 * Math.max(0, Math.min(1, (confidence[cell] / 100 - 0.5) * 2));
      image.data.set([255 - (255 - r) * strength, 255 - (255 - g) * strength, 255 - (255 - b) * strength, 255], cell * 4);
    }
    const scratch = document.createElement('canvas');
    scratch.width = grid;
    scratch.height = grid;
    scratch.getContext('2d')!.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(scratch, 0, 0, size, size);
    if (dataset?.features !== 2 || dataset.target.kind !== 'classes') return;
    const labels = dataset.target.labels;
    for (let row = 0; row < dataset.rows; row++) {
      const px = ((dataset.x[2 * row] - xRange[0]) / (xRange[1] - xRange[0])) * size;
      const py = size - ((dataset.x[2 * row + 1] - yRange[0]) / (yRange[1] - yRange[0])) * size;
      context.beginPath();
      context.arc(px, py, dataset.rows > 400 ? 1.6 : 2.5, 0, 2 * Math.PI);
      context.fillStyle = CLASS_COLORS[labels[row] % CLASS_COLORS.length];
      context.fill();
      context.strokeStyle = 'rgba(255,255,255,0.8)';
      context.lineWidth = 0.5;
      context.stroke();
    }
  }, [boundary, dataset]);
  return (
    <figure className="chart boundary" data-testid="decision-boundary" data-cells={boundary.classes.length}>
      <figcaption>Decision regions</figcaption>
      <canvas ref={canvas} width={size} height={size} />
    </figure>
  );
}

function ConfusionMatrix({ classes, counts, rowsLabel }: { classes: string[]; counts: number[][]; rowsLabel: string }) {
  const largest = Math.max(1, ...counts.flat());
  return (
    <figure className="chart confusion" data-testid="confusion-matrix">
      <figcaption>Confusion matrix · {rowsLabel}</figcaption>
      <table>
        <thead>
          <tr>
            <th className="muted">actual ↓ predicted →</th>
            {classes.map((name) => (
              <th key={name}>{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {counts.map((row, actual) => (
            <tr key={actual}>
              <th>{classes[actual]}</th>
              {row.map((count, predicted) => (
                <td
                  key={predicted}
                  data-testid={`confusion-${actual}-${predicted}`}
                  className={actual === predicted ? 'diagonal' : undefined}
                  style={{ background: `rgba(${actual === predicted ? '31,138,91' : '194,59,59'}, ${(0.08 + 0.6 * count / largest).toFixed(2)})` }}
                >
                  {count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function HistogramBars({ histogram, label }: { histogram: Histogram; label: string }) {
  const width = 150;
  const height = 44;
  const largest = Math.max(1, ...histogram.counts);
  const bar = width / histogram.counts.length;
  return (
    <div className="histogram">
      <svg width={width} height={height} role="img" aria-label={label}>
        {histogram.counts.map((count, i) => (
          <rect key={i} x={i * bar} y={height - (count / largest) * height} width={Math.max(1, bar - 1)} height={(count / largest) * height} fill="var(--accent)" fillOpacity={0.7} />
        ))}
      </svg>
      <span className="when">
        {label}: {histogram.min.toPrecision(2)} … {histogram.max.toPrecision(2)}
      </span>
    </div>
  );
}

/** "120 validation rows", or for a sample "10000 of 60000 training rows (evenly spaced)" */
export const evaluatedLabel = ({ rows, split, of }: NetworkView['evaluated']) =>
  `${rows}${of !== undefined ? ` of ${of}` : ''} ${split === 'validation' ? 'validation' : 'training'} rows${of !== undefined ? ' (evenly spaced)' : ''}`;

interface RunEvaluationProps {
  view: NetworkView;
  /** Which epoch or weights the view shows. */
  viewLabel: string;
  /** Class names when the view has none (views from before it carried them), and the regression targets' names. */
  classes?: string[];
  targets?: readonly string[];
  dataset: Dataset | null;
  /** Which rows were evaluated, when "training rows" would not be true (imported weights). */
  rowsLabel?: string;
}

export function RunEvaluation({ view, viewLabel, classes, targets, dataset, rowsLabel = evaluatedLabel(view.evaluated) }: RunEvaluationProps) {
  return (
    <section className="run-evaluation" data-testid="run-evaluation">
      <h3 data-testid="view-label">What the network computes · {viewLabel}</h3>
      <div className="evaluation-row">
        {view.boundary && <BoundaryCanvas boundary={view.boundary} dataset={dataset} />}
        {view.confusion && <ConfusionMatrix classes={view.classes ?? classes ?? view.confusion.map((_, i) => String(i))} counts={view.confusion} rowsLabel={rowsLabel} />}
        {view.predictions && <RegressionPlots predictions={view.predictions} targets={targets} rowsLabel={rowsLabel} />}
      </div>
      <table className="compare-table histograms" data-testid="histograms">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Weights W</th>
            <th>Activations A (sample of training rows)</th>
          </tr>
        </thead>
        <tbody>
          {view.layers.map((layer, l) => (
            <tr key={l}>
              <td>{l + 1}</td>
              <td>
                <HistogramBars histogram={layer.weights} label={`W[${l + 1}]`} />
              </td>
              <td>
                <HistogramBars histogram={layer.activations} label={`A[${l + 1}]`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
