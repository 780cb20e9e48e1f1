import { memo, useEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { downsample } from '../../charts/downsample';
import { niceTicks } from '../../charts/nice-ticks';

// One metric of several runs, overlaid: a line per run in its own colour. Drawn as plain SVG paths
// rather than with recharts, whose per-line bookkeeping grows with the square of the number of
// lines (a hundred runs took seconds to draw). Each line has its own points because runs differ
// in length and, on the time axis, in pace; they are downsampled so long runs draw quickly. The
// chart is memoized: hovering a run elsewhere (the page marks its line with a class, see
// ComparePage) or typing never redraws it. The tooltip lists the runs at the pointer best first,
// as many as fit, and says how many more there are. A line is a plain record, so other overlays
// (per-layer gradient norms, …) can add lines with the same fields.

export interface ComparisonLine {
  key: string;
  label: string;
  color: string;
  /** The run the line belongs to, when a run has several lines (its layers): hovering the run highlights them all. */
  run?: string;
  /** SVG stroke-dasharray, to tell apart several lines of one run (its layers). */
  dash?: string;
  points: { x: number; y: number }[];
  /** Drawn thin and under the others ("colour the best N, grey the rest"). */
  muted?: boolean;
  /** A point to mark on the line: where a forked run branches from the runs it shares epochs with. */
  marker?: { x: number; y: number; label: string };
}

const POINTS_PER_LINE = 300;
const TOOLTIP_ROWS = 12;
const HEIGHT = 260;
const MARGIN = { top: 8, right: 16, bottom: 24, left: 52 };

/** The class the page uses to find a run's line when the run is hovered elsewhere. */
export const lineClass = (key: string) => `compare-line line-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

interface ComparisonChartProps {
  title: string;
  testId: string;
  lines: ComparisonLine[];
  xLabel: string;
  formatX: (x: number) => string;
  formatValue: (value: number) => string;
  /** Whether a higher value is better (accuracy): the tooltip lists the best run first. */
  higherIsBetter?: boolean;
  /** Fixed ends of the value axis (accuracy: 0 to 1); by default the data's range. */
  yDomain?: [number, number];
  /** A logarithmic value axis (the lines must hold only positive values). */
  log?: boolean;
  /** Mouse-over help for the title. */
  help?: string;
}

/** Ticks of a log axis: the powers of ten the values span (with the ends when they span less than one). */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) ticks.push(Number((10 ** e).toPrecision(1)));
  return ticks.length >= 2 ? ticks : [min, max];
}

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** The point of a line (sorted by x) nearest to x, or undefined when x is outside the line. */
function nearest(points: readonly { x: number; y: number }[], x: number, slack: number) {
  if (points.length === 0 || x < points[0].x - slack || x > points[points.length - 1].x + slack) return undefined;
  let low = 0;
  let high = points.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (points[middle].x <= x) low = middle;
    else high = middle;
  }
  return Math.abs(points[low].x - x) <= Math.abs(points[high].x - x) ? points[low] : points[high];
}

export const ComparisonChart = memo(function ComparisonChart({ title, testId, lines, xLabel, formatX, formatValue, higherIsBetter = false, yDomain, log = false, help }: ComparisonChartProps) {
  const [box, width] = useWidth<HTMLDivElement>();
  const [pointer, setPointer] = useState<number | null>(null);
  // Greyed lines first, so the coloured ones are drawn over them.
  const drawn = useMemo(
    () =>
      lines
        .filter((line) => line.points.length > 0)
        .sort((a, b) => Number(Boolean(b.muted)) - Number(Boolean(a.muted)))
        .map((line) => ({ ...line, points: downsample(line.points, POINTS_PER_LINE) })),
    [lines],
  );
  const scale = useMemo(() => {
    let xMax = 0;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const line of drawn) {
      for (const { x, y } of line.points) {
        if (x > xMax) xMax = x;
        if (Number.isFinite(y) && (!log || y > 0)) {
          if (y < yMin) yMin = y;
          if (y > yMax) yMax = y;
        }
      }
    }
    const [low, high] = yDomain ?? [yMin, yMax];
    const yTicks = log ? logTicks(low, high) : niceTicks(low, high, 5);
    // Positions on a log axis are those of the logarithms.
    const f = log ? Math.log10 : (v: number) => v;
    const yLow = f(Math.min(low, yTicks[0] ?? low));
    const yHigh = f(Math.max(high, yTicks.at(-1) ?? high));
    const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const xHigh = xMax || 1;
    return {
      xTicks: niceTicks(0, xHigh, Math.max(2, Math.floor(plotWidth / 80))),
      yTicks,
      xHigh,
      x: (x: number) => MARGIN.left + (x / xHigh) * plotWidth,
      y: (y: number) => MARGIN.top + (yHigh === yLow ? 0.5 : 1 - (f(y) - yLow) / (yHigh - yLow)) * plotHeight,
      invertX: (px: number) => ((px - MARGIN.left) / plotWidth) * xHigh,
    };
  }, [drawn, width, yDomain, log]);
  const paths = useMemo(
    () =>
      drawn.map((line) => {
        let d = '';
        let pen = false;
        for (const { x, y } of line.points) {
          // A non-finite value (a diverged run) breaks the line instead of drawing it off the chart.
          if (!Number.isFinite(y) || (log && y <= 0)) {
            pen = false;
            continue;
          }
          d += `${pen ? 'L' : 'M'}${scale.x(x).toFixed(1)},${scale.y(y).toFixed(1)}`;
          pen = true;
        }
        return d;
      }),
    [drawn, scale, log],
  );

  const tooltip = useMemo(() => {
    if (pointer === null) return null;
    const slack = scale.xHigh / 200;
    const entries = drawn.flatMap((line) => {
      const point = nearest(line.points, pointer, slack);
      return point && Number.isFinite(point.y) ? [{ key: line.key, label: line.label, color: line.color, x: point.x, value: point.y }] : [];
    });
    entries.sort((a, b) => (higherIsBetter ? b.value - a.value : a.value - b.value));
    return { x: entries[0]?.x ?? pointer, entries };
  }, [pointer, drawn, scale, higherIsBetter]);

  function move(event: MouseEvent<SVGSVGElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = scale.invertX(event.clientX - rect.left);
    setPointer(x < 0 || x > scale.xHigh * 1.01 ? null : x);
  }

  const plotBottom = HEIGHT - MARGIN.bottom;
  return (
    <figure className="chart comparison-chart" data-testid={testId} data-lines={drawn.length}>
      <figcaption title={help}>
        {title} by {xLabel}
      </figcaption>
      {drawn.length === 0 ? (
        <div className="chart-empty" style={{ height: HEIGHT }}>
          No values for this metric.
        </div>
      ) : (
        <div className="comparison-plot" ref={box}>
          {width > 0 && (
            <svg width={width} height={HEIGHT} role="img" aria-label={`${title} of ${drawn.length} runs by ${xLabel}`} onMouseMove={move} onMouseLeave={() => setPointer(null)}>
              {scale.yTicks.map((tick) => (
                <g key={`y${tick}`} className="chart-tick">
                  <line x1={MARGIN.left} x2={width - MARGIN.right} y1={scale.y(tick)} y2={scale.y(tick)} stroke="var(--grid)" />
                  <text x={MARGIN.left - 6} y={scale.y(tick) + 4} textAnchor="end">
                    {formatValue(tick)}
                  </text>
                </g>
              ))}
              {scale.xTicks.map((tick) => (
                <text key={`x${tick}`} className="chart-tick" x={scale.x(tick)} y={plotBottom + 16} textAnchor="middle">
                  {formatX(tick)}
                </text>
              ))}
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={plotBottom} y2={plotBottom} stroke="var(--muted)" />
              {drawn.map((line, i) => (
                <g key={line.key} className={line.muted ? `${lineClass(line.run ?? line.key)} muted-line` : lineClass(line.run ?? line.key)}>
                  <path d={paths[i]} fill="none" stroke={line.color} strokeDasharray={line.dash} strokeWidth={line.muted ? 1 : 1.75} strokeLinejoin="round" />
                  {line.marker && Number.isFinite(line.marker.y) && (
                    <circle className="branch-marker" data-testid="branch-marker" data-x={line.marker.x} cx={scale.x(line.marker.x)} cy={scale.y(line.marker.y)} r={4} fill="var(--panel, #fff)" stroke={line.color} strokeWidth={2}>
                      <title>{`${line.label}: ${line.marker.label}`}</title>
                    </circle>
                  )}
                </g>
              ))}
              {tooltip && <line className="chart-cursor" x1={scale.x(tooltip.x)} x2={scale.x(tooltip.x)} y1={MARGIN.top} y2={plotBottom} stroke="var(--muted)" strokeDasharray="3 3" />}
            </svg>
          )}
          {tooltip && tooltip.entries.length > 0 && (
            <div
              className="chart-tooltip compare-tooltip"
              data-testid="compare-tooltip"
              data-entries={tooltip.entries.length}
              // On the side of the pointer with more room.
              style={scale.x(tooltip.x) > width / 2 ? { right: width - scale.x(tooltip.x) + 12 } : { left: scale.x(tooltip.x) + 12 }}
            >
              <strong>
                {xLabel} {formatX(tooltip.x)}
              </strong>
              <ol>
                {tooltip.entries.slice(0, TOOLTIP_ROWS).map((entry) => (
                  <li key={entry.key} data-testid="compare-tooltip-entry" data-value={entry.value}>
                    <span className="swatch" style={{ background: entry.color }} />
                    <span className="tooltip-name">{entry.label}</span>
                    <span className="number">{formatValue(entry.value)}</span>
                  </li>
                ))}
              </ol>
              {tooltip.entries.length > TOOLTIP_ROWS && <p className="muted">and {tooltip.entries.length - TOOLTIP_ROWS} more runs</p>}
            </div>
          )}
        </div>
      )}
    </figure>
  );
});
