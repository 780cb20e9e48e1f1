import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { EpochEvent, LayerDiagnostics } from '../../../../shared/schema/progress';
import { downsample } from '../../charts/downsample';
import { runColor } from '../compare/run-colors';
import { formatFigure } from '../../components/format';
import { FIGURE_HELP } from '../../components/figure-help';
import { networkWarnings } from '../../../../shared/engine/network-health';

// A view into the network while it learns: per layer, the gradient norm and the update/weight
// ratio over epochs on log scales (vanishing and exploding gradients show as lines far apart or
// running away), the latest unit health with what each figure means, and warnings in plain words.
// From epoch 0 (the initial weights) on, in runs that record it.

const MAX_POINTS = 400;

type Figure = 'gradientNorm' | 'updateRatio';

function rows(events: readonly EpochEvent[], figure: Figure): Record<string, number | undefined>[] {
  return downsample(events, MAX_POINTS).map((event) => {
    const row: Record<string, number | undefined> = { epoch: event.epoch };
    // A log axis cannot show 0 (no update yet) or NaN: leave those points out.
    event.layers.forEach((layer, l) => {
      const value = layer[figure];
      row[`l${l + 1}`] = value > 0 && Number.isFinite(value) ? value : undefined;
    });
    return row;
  });
}

const exponent = (value: number) => value.toExponential(0);

function LayerChart({ title, testId, events, figure, layers }: { title: string; testId: string; events: readonly EpochEvent[]; figure: Figure; layers: number }) {
  const drawable = events.some((event) => event.layers.some((layer) => layer[figure] > 0 && Number.isFinite(layer[figure])));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption title={FIGURE_HELP[figure]}>{title}</figcaption>
      {!drawable && (
        <p className="muted chart-note" data-testid={`${testId}-empty`}>
          Nothing to draw: every value so far is exactly 0 or not a number, which a log scale cannot show.
        </p>
      )}
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows(events, figure)} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={{ fontSize: 11 }} stroke="var(--muted)" />
          <YAxis scale="log" domain={['auto', 'auto']} allowDataOverflow width={48} tick={{ fontSize: 11 }} tickFormatter={exponent} stroke="var(--muted)" />
          <Tooltip formatter={(value) => (typeof value === 'number' ? formatFigure(value) : String(value))} labelFormatter={(epoch) => (epoch === 0 ? 'epoch 0 (initial weights)' : `epoch ${epoch}`)} isAnimationActive={false} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          {Array.from({ length: layers }, (_, l) => (
            <Line key={l} type="linear" dataKey={`l${l + 1}`} name={`layer ${l + 1}`} stroke={runColor(l)} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

const share = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : formatFigure(value));

/** A column heading whose tooltip says what the figure is, over what it is measured and what healthy looks like. */
function HelpHeading({ label, help }: { label: string; help: string }) {
  return (
    <th className="number">
      <abbr className="figure-help" title={help} data-testid="figure-help">
        {label}
      </abbr>
    </th>
  );
}

function LayerTable({ experiment, layers }: { experiment: Experiment; layers: LayerDiagnostics[] }) {
  return (
    <table className="compare-table" data-testid="layer-health">
      <thead>
        <tr>
          <th>Layer</th>
          <HelpHeading label="‖W‖" help={FIGURE_HELP.weightNorm} />
          <HelpHeading label="‖dW‖" help={FIGURE_HELP.gradientNorm} />
          <HelpHeading label="update / weight" help={FIGURE_HELP.updateRatio} />
          <HelpHeading label="activation mean ± std" help={FIGURE_HELP.activations} />
          <HelpHeading label="dead" help={FIGURE_HELP.dead} />
          <HelpHeading label="saturated" help={FIGURE_HELP.saturated} />
        </tr>
      </thead>
      <tbody>
        {layers.map((layer, l) => {
          const spec = experiment.model.layers[l]?.activation;
          const units = experiment.model.layers[l]?.units ?? 0;
          const copies = layer.distinctUnits !== undefined && l < layers.length - 1 && layer.distinctUnits < units;
          return (
            <tr key={l}>
              <td>
                {l + 1} · {units} {typeof spec === 'string' ? spec : spec?.name}
                {copies && (
                  <span className="symmetry-note" data-testid="symmetric-units">
                    {' '}
                    · {layer.distinctUnits === 1 ? 'all identical' : `${layer.distinctUnits} distinct`}
                  </span>
                )}
              </td>
              <td className="number">{formatFigure(layer.weightNorm)}</td>
              <td className="number">{formatFigure(layer.gradientNorm)}</td>
              <td className="number">{formatFigure(layer.updateRatio)}</td>
              <td className="number">
                {formatFigure(layer.activationMean)} ± {formatFigure(layer.activationStd)}
              </td>
              <td className="number">{share(layer.deadFraction)}</td>
              <td className="number">{share(layer.saturatedFraction)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function NetworkHealth({ experiment, events }: { experiment: Experiment; events: readonly EpochEvent[] }) {
  const last = events.at(-1);
  if (!last || last.layers.length === 0) return null;
  const warnings = networkWarnings(experiment, events);
  return (
    <section className="network-health" data-testid="network-health">
      <h3>Inside the network · {last.epoch === 0 ? 'epoch 0 (initial weights, before any update)' : `epoch ${last.epoch}`}</h3>
      {warnings.length > 0 ? (
        <ul className="health-warnings" data-testid="health-warnings">
          {warnings.map((warning, i) => (
            <li key={i} data-kind={warning.kind}>
              {warning.text}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="health-ok">
          No sign of the classic failures: no copied units (symmetry), no zero, vanishing or exploding gradients, no dead ReLUs or saturated units.
        </p>
      )}
      <div className="charts">
        <LayerChart title="Gradient norm ‖dW‖ per layer (log)" testId="gradient-chart" events={events} figure="gradientNorm" layers={last.layers.length} />
        <LayerChart title="Update / weight ratio per layer (log; ~1e-3 is healthy)" testId="update-chart" events={events} figure="updateRatio" layers={last.layers.length} />
      </div>
      <LayerTable experiment={experiment} layers={last.layers} />
    </section>
  );
}
