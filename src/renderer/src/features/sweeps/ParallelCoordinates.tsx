import type { SweepMetric } from '../../../../shared/schema/sweep';
import { parallelLayout, type LayoutRun } from './parallel-coordinates';

// Every run as a line across the parameters to the metric, the best runs drawn last and darkest, so
// the settings that lead to good results show as bundles of dark lines.

const WIDTH = 720;
const HEIGHT = 240;
const TOP = 30;
const BOTTOM = 16;
const SIDE = 24;

/** From a pale orange (worst) to the accent blue (best). */
function shade(quality: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * quality);
  return `rgb(${mix(240, 47)}, ${mix(170, 111)}, ${mix(110, 222)})`;
}

export function ParallelCoordinates({ parameters, runs, metric, metricLabel }: { parameters: string[]; runs: LayoutRun[]; metric: SweepMetric; metricLabel: string }) {
  if (runs.length === 0) return null;
  const { axes, lines } = parallelLayout(parameters, runs, metric, metricLabel);
  const x = (i: number) => SIDE + (i * (WIDTH - 2 * SIDE)) / Math.max(1, axes.length - 1);
  const y = (at: number) => TOP + (1 - at) * (HEIGHT - TOP - BOTTOM);
  const ordered = [...lines].sort((a, b) => a.quality - b.quality);
  return (
    <figure className="chart parallel-coordinates" data-testid="sweep-parallel" data-lines={lines.length}>
      <figcaption>Parallel coordinates · darker blue = better {metricLabel}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Each run across ${parameters.join(', ')} to ${metricLabel}`}>
        {ordered.map((line, i) => (
          <polyline key={i} points={line.points.map((at, a) => `${x(a)},${y(at)}`).join(' ')} fill="none" stroke={shade(line.quality)} strokeWidth={1.5} strokeOpacity={0.85}>
            <title>{line.label}</title>
          </polyline>
        ))}
        {axes.map((axis, a) => (
          <g key={axis.name} className="pc-axis">
            <line x1={x(a)} x2={x(a)} y1={y(1)} y2={y(0)} stroke="var(--muted)" />
            {/* The outer names hang inwards so they are never cut at the edges. */}
            <text x={x(a)} y={12} textAnchor={a === 0 ? 'start' : a === axes.length - 1 ? 'end' : 'middle'} className="pc-name">
              {axis.name}
            </text>
            {axis.ticks.map((tick) => (
              <text key={tick.label} x={a === axes.length - 1 ? x(a) - 5 : x(a) + 5} y={y(tick.at) + 4} textAnchor={a === axes.length - 1 ? 'end' : 'start'} className="pc-tick">
                {tick.label}
              </text>
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}
