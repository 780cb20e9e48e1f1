import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downsample } from '../../charts/downsample';

// One metric of several runs, overlaid: a line per run in its own colour, named in the legend.
// Each line has its own points because runs differ in length and, on the time axis, in pace.
// Lines are downsampled so twenty long runs still draw quickly. The legend is the page's, shared
// by both charts, in the runs' order.

export interface ComparisonLine {
  key: string;
  label: string;
  color: string;
  /** SVG stroke-dasharray, to tell apart several lines of one run (its layers). */
  dash?: string;
  points: { x: number; y: number }[];
}

const POINTS_PER_LINE = 300;

interface ComparisonChartProps {
  title: string;
  testId: string;
  lines: ComparisonLine[];
  xLabel: string;
  formatX: (x: number) => string;
  formatValue: (value: number) => string;
  yDomain?: [number | 'auto', number | 'auto'];
  /** A log axis (the lines must hold only positive finite values). */
  log?: boolean;
  /** Mouse-over help for the title. */
  help?: string;
}

export function ComparisonChart({ title, testId, lines, xLabel, formatX, formatValue, yDomain = ['auto', 'auto'], log = false, help }: ComparisonChartProps) {
  const drawn = lines.filter((line) => line.points.length > 0);
  return (
    <figure className="chart" data-testid={testId} data-lines={drawn.length}>
      <figcaption title={help}>
        {title} by {xLabel}
      </figcaption>
      {drawn.length === 0 ? (
        <div className="chart-empty" style={{ height: 260 }}>
          No values for this metric.
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <LineChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, 'dataMax']}
              tickFormatter={formatX}
              tick={{ fontSize: 11 }}
              stroke="var(--muted)"
              allowDuplicatedCategory={false}
            />
            <YAxis scale={log ? 'log' : 'auto'} allowDataOverflow={log} domain={yDomain} width={52} tick={{ fontSize: 11 }} tickFormatter={formatValue} stroke="var(--muted)" />
            <Tooltip formatter={(value) => (typeof value === 'number' ? formatValue(value) : String(value))} labelFormatter={(x) => (typeof x === 'number' ? `${xLabel} ${formatX(x)}` : String(x))} isAnimationActive={false} />
            {drawn.map((line) => (
              <Line
                key={line.key}
                data={downsample(line.points, POINTS_PER_LINE)}
                dataKey="y"
                name={line.label}
                stroke={line.color}
                strokeDasharray={line.dash}
                strokeWidth={1.75}
                dot={false}
                isAnimationActive={false}
                type="linear"
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
