import { useState } from 'react';
import { FIGURE_HELP } from '../../components/figure-help';
import { formatFigure } from '../../components/format';
import { ComparisonChart } from './ComparisonChart';
import { DASHES, gradientLines, type GradientRun } from './gradient-lines';

// The compared runs' gradient norms per layer, overlaid on a log axis, for every layer or one: a
// run whose early layers get gradients orders of magnitude below another's shows it at a glance.

export function GradientComparison({ runs, byTime, xLabel, formatX }: { runs: GradientRun[]; byTime: boolean; xLabel: string; formatX: (x: number) => string }) {
  const [layer, setLayer] = useState<number | 'all'>('all');
  const layers = Math.max(0, ...runs.flatMap((run) => run.events.map((event) => event.layers.length)));
  return (
    <div className="gradient-comparison">
      <label className="compare-layer">
        Layer
        <select data-testid="compare-gradient-layer" value={String(layer)} onChange={(event) => setLayer(event.target.value === 'all' ? 'all' : Number(event.target.value))}>
          <option value="all">all (dashes tell the layers apart)</option>
          {Array.from({ length: layers }, (_, l) => (
            <option key={l} value={l}>
              layer {l + 1}
            </option>
          ))}
        </select>
      </label>
      <ComparisonChart
        title="Gradient norm ‖dW‖ per layer (log)"
        testId="compare-gradient-chart"
        lines={gradientLines(runs, layer, byTime)}
        xLabel={xLabel}
        formatX={formatX}
        formatValue={formatFigure}
        log
        help={FIGURE_HELP.gradientNorm}
      />
      {layer === 'all' && layers > 1 && (
        <ul className="dash-legend" data-testid="gradient-dash-legend">
          {Array.from({ length: layers }, (_, l) => (
            <li key={l}>
              <svg width="28" height="8" aria-hidden>
                <line x1="0" y1="4" x2="28" y2="4" stroke="var(--muted)" strokeWidth="1.75" strokeDasharray={DASHES[l % DASHES.length]} />
              </svg>
              layer {l + 1}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
