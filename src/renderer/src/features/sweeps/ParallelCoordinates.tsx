import type { SweepMetric } from '../../../../shared/schema/sweep';
import { fitText, parallelLayout, placeAxisNames, thinTicks, type LayoutRun } from './parallel-coordinates';

// Every run as a line across the parameters to the metric, the best runs drawn last and darkest, so
// the settings that lead to good results show as bundles of dark lines. No two labels overlap:
// long axis names take two lines or are shortened (the whole name on hover), and tick labels too
// close to each other or too wide for the gap between axes are left out or shortened.

const WIDTH = 720;
const HEIGHT = 240;
const NAME_CHAR = 7.6;
const TICK_CHAR = 6.4;
const TICK_HEIGHT = 13;
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
  const spacing = (WIDTH - 2 * SIDE) / Math.max(1, axes.length - 1);
  const names = placeAxisNames(
    axes.map((axis) => axis.name),
    spacing,
    NAME_CHAR,
  );
  const TOP = names.some((name) => name.row === 1) ? 46 : 30;
  const minGap = TICK_HEIGHT / (HEIGHT - TOP - BOTTOM);
  // Ticks are written right of their axis, the last axis's left of it: the last two share a gap.
  const tickRoom = (a: number) => (a >= axes.length - 2 && axes.length > 1 ? spacing / 2 : spacing) - 10;
  const x = (i: number) => SIDE + i * spacing;
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
            <text x={x(a)} y={12 + 16 * names[a].row} textAnchor={a === 0 ? 'start' : a === axes.length - 1 ? 'end' : 'middle'} className="pc-name">
              {names[a].text !== names[a].full && <title>{names[a].full}</title>}
              {names[a].text}
            </text>
            {thinTicks(axis.ticks, minGap).map((tick) => (
              <text key={tick.label} x={a === axes.length - 1 ? x(a) - 5 : x(a) + 5} y={y(tick.at) + 4} textAnchor={a === axes.length - 1 ? 'end' : 'start'} className="pc-tick">
                {fitText(tick.label, tickRoom(a), TICK_CHAR)}
              </text>
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}
