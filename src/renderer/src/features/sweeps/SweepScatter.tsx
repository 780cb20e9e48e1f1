import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ParameterValues } from '../../../../shared/schema/sweep';
import { formatSetting } from '../../components/format';

// The metric against one parameter, a dot per run: numbers on a numeric axis (logarithmic when the
// values span a decade or more, as learning rates do) with a tick at each value when there are few,
// names as categories.

export interface ScatterPoint {
  x: number | string;
  y: number;
  label: string;
}

interface SweepScatterProps {
  parameter: string;
  values: ParameterValues;
  metricLabel: string;
  points: ScatterPoint[];
  formatValue: (value: number) => string;
}

function logScale(points: ScatterPoint[], values: ParameterValues): boolean {
  if (!Array.isArray(values) && values.scale === 'log') return true;
  const xs = points.map((p) => p.x).filter((x): x is number => typeof x === 'number' && x > 0);
  return xs.length === points.length && xs.length > 1 && Math.max(...xs) / Math.min(...xs) >= 10;
}

/** Up to this many distinct values are ticked where they are, not at round numbers between them. */
const FEW_VALUES = 6;

/** Ticks of a log axis over many values (recharts' own log ticks repeat): the powers of ten between them. */
function powersOfTen(xs: number[]): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(xs[0])); e <= Math.ceil(Math.log10(xs.at(-1)!)); e++) ticks.push(Number((10 ** e).toPrecision(1)));
  return ticks;
}

export function SweepScatter({ parameter, values, metricLabel, points, formatValue }: SweepScatterProps) {
  const numeric = points.every((p) => typeof p.x === 'number');
  const log = numeric && logScale(points, values);
  const xs = numeric ? [...new Set(points.map((p) => p.x as number))].sort((a, b) => a - b) : [];
  const few = xs.length > 0 && xs.length <= FEW_VALUES;
  const ticks = few ? xs : log ? powersOfTen(xs) : undefined;
  return (
    <figure className="chart sweep-scatter" data-testid={`sweep-scatter-${parameter}`} data-points={points.length}>
      <figcaption>
        {metricLabel} vs {parameter}
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            name={parameter}
            type={numeric ? 'number' : 'category'}
            scale={log ? 'log' : 'auto'}
            domain={log ? [ticks![0], ticks!.at(-1)!] : numeric ? ['auto', 'auto'] : undefined}
            ticks={ticks}
            tickFormatter={numeric ? formatSetting : undefined}
            padding={log || few ? { left: 16, right: 16 } : undefined}
            allowDuplicatedCategory={false}
            tick={{ fontSize: 11 }}
            stroke="var(--muted)"
          />
          <YAxis dataKey="y" name={metricLabel} width={52} domain={['auto', 'auto']} tick={{ fontSize: 11 }} tickFormatter={formatValue} stroke="var(--muted)" />
          <Tooltip
            isAnimationActive={false}
            content={({ payload }) => {
              const point = payload?.[0]?.payload as ScatterPoint | undefined;
              return point ? (
                <div className="chart-tooltip">
                  {point.label}
                  <br />
                  {metricLabel}: <strong>{formatValue(point.y)}</strong>
                </div>
              ) : null;
            }}
          />
          <Scatter data={points} fill="var(--accent)" fillOpacity={0.75} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
