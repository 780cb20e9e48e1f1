import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downsample } from './downsample';

// A metric over epochs, one line per series (train, validation…). Lines are drawn without
// animation: during training the data changes several times a second and an animation would
// never settle. The x axis spans the whole run from the start, so the curve visibly grows.

export interface Series {
  key: string;
  label: string;
  color: string;
}

export type EpochRow = { epoch: number } & Record<string, number | undefined>;

interface MetricChartProps {
  title: string;
  testId: string;
  rows: EpochRow[];
  series: Series[];
  totalEpochs: number;
  yDomain?: [number | 'auto', number | 'auto'];
  formatValue: (value: number) => string;
  height?: number;
}

const MAX_POINTS = 600;

export function MetricChart({ title, testId, rows, series, totalEpochs, yDomain = [0, 'auto'], formatValue, height = 220 }: MetricChartProps) {
  const points = downsample(rows, MAX_POINTS);
  const shown = series.filter((s) => rows.some((row) => row[s.key] !== undefined));
  return (
    <figure className="chart" data-testid={testId} data-points={points.length} data-first-epoch={rows[0]?.epoch} data-last-epoch={rows.at(-1)?.epoch}>
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <div className="chart-empty" style={{ height }}>
          Waiting for the first epoch…
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={[0, Math.max(1, totalEpochs)]}
              allowDecimals={false}
              tick={{ fontSize: 11 }}
              stroke="var(--muted)"
            />
            <YAxis domain={yDomain} width={48} tick={{ fontSize: 11 }} tickFormatter={formatValue} stroke="var(--muted)" />
            <Tooltip
              formatter={(value) => (typeof value === 'number' ? formatValue(value) : String(value))}
              labelFormatter={(epoch) => `epoch ${epoch}`}
              isAnimationActive={false}
            />
            <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
            {shown.map((s) => (
              <Line
                key={s.key}
                type="linear"
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeWidth={1.75}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
