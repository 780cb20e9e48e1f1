import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { NetworkView } from '../../../../shared/schema/progress';
import { formatFigure } from '../../components/format';

// A regression's predictions against the true values, per target, in the targets' own units: the
// scatter with the diagonal y = x a perfect fit would lie on, and the residuals (predicted − true)
// against the prediction, where a pattern (a funnel, a curve) shows what the network misses.

type Predictions = NonNullable<NetworkView['predictions']>;

/** The (true, predicted) pairs of each target: the view stores them row-major, samples × targets. */
export function targetPairs(predictions: Predictions, fallbackNames: readonly string[] = []): { name: string; actual: number[]; predicted: number[] }[] {
  const targets = predictions.targets ?? 1;
  return Array.from({ length: targets }, (_, i) => {
    const pick = (values: number[]) => values.filter((_, k) => k % targets === i);
    return { name: predictions.names?.[i] ?? fallbackNames[i] ?? (targets === 1 ? 'value' : `target ${i + 1}`), actual: pick(predictions.actual), predicted: pick(predictions.predicted) };
  });
}

const axis = { tick: { fontSize: 11 }, domain: ['auto', 'auto'] as [string, string], tickFormatter: formatFigure };

function TargetPlots({ name, actual, predicted, rowsLabel }: { name: string; actual: number[]; predicted: number[]; rowsLabel: string }) {
  const points = actual.map((value, k) => ({ actual: value, predicted: predicted[k], residual: predicted[k] - value }));
  const low = Math.min(...actual, ...predicted);
  const high = Math.max(...actual, ...predicted);
  return (
    <>
      <figure className="chart" data-testid="predicted-vs-true" data-target={name} data-points={points.length}>
        <figcaption>
          Predicted vs true {name} · {rowsLabel}
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" />
            <XAxis dataKey="actual" type="number" name={`true ${name}`} {...axis} />
            <YAxis dataKey="predicted" type="number" name={`predicted ${name}`} width={52} {...axis} />
            <ReferenceLine segment={[{ x: low, y: low }, { x: high, y: high }]} stroke="var(--muted)" strokeDasharray="4 3" ifOverflow="extendDomain" />
            <Tooltip isAnimationActive={false} formatter={(value) => (typeof value === 'number' ? formatFigure(value) : String(value))} />
            <Scatter data={points} fill="var(--accent)" fillOpacity={0.6} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="residuals" data-target={name} data-points={points.length}>
        <figcaption>
          Residuals of {name} (predicted − true) · {rowsLabel}
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" />
            <XAxis dataKey="predicted" type="number" name={`predicted ${name}`} {...axis} />
            <YAxis dataKey="residual" type="number" name="residual" width={52} {...axis} />
            <ReferenceLine y={0} stroke="var(--muted)" strokeDasharray="4 3" />
            <Tooltip isAnimationActive={false} formatter={(value) => (typeof value === 'number' ? formatFigure(value) : String(value))} />
            <Scatter data={points} fill="#e8743b" fillOpacity={0.6} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </figure>
    </>
  );
}

export function RegressionPlots({ predictions, targets, rowsLabel }: { predictions: Predictions; targets?: readonly string[]; rowsLabel: string }) {
  return (
    <>
      {targetPairs(predictions, targets).map((pair) => (
        <TargetPlots key={pair.name} {...pair} rowsLabel={rowsLabel} />
      ))}
    </>
  );
}
