import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { navigate, routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import type { EpochRecord, RunRecord } from '../../db/database';
import { formatAccuracy, formatLoss } from '../runs/format';
import { RunsList } from '../runs/RunsList';
import { compareRoute } from './compare-route';
import { ComparisonChart, type ComparisonLine } from './ComparisonChart';
import { GradientComparison } from './GradientComparison';
import { distinguishingNames, hyperparameterRows } from './hyperparameters';
import { runColor } from './run-colors';
import { bestIndex, summarize, type MetricName, type Split } from './summaries';

// Runs side by side: loss, accuracy and per-layer gradient norms overlaid (by epoch or by time),
// the final, best and at-epoch numbers with the best of each column marked, and every hyperparameter with what
// differs highlighted.

interface Compared {
  run: RunRecord;
  /** The run's name, with what sets it apart when names repeat. */
  label: string;
  epochs: EpochRecord[];
  color: string;
}

function lines(compared: Compared[], split: Split, metric: MetricName, byTime: boolean): ComparisonLine[] {
  return compared.map(({ run, label, epochs, color }) => ({
    key: run.id,
    label,
    color,
    points: epochs.flatMap(({ epoch, event }) => {
      const y = event[split]?.[metric];
      return y === undefined ? [] : [{ x: byTime ? event.seconds : epoch, y }];
    }),
  }));
}

function SummaryTable({ compared, split, atEpoch }: { compared: Compared[]; split: Split; atEpoch: number }) {
  const metrics: MetricName[] = ['loss', 'accuracy'];
  const summaries = metrics.map((metric) => compared.map(({ epochs }) => summarize(epochs.map((record) => record.event), split, metric, atEpoch)));
  const columns = metrics.flatMap((metric, m) => {
    const format = metric === 'loss' ? formatLoss : formatAccuracy;
    return [
      { id: `final-${metric}`, label: `Final ${metric}`, values: summaries[m].map((s) => s.final), metric, format, epochs: undefined },
      { id: `best-${metric}`, label: `Best ${metric}`, values: summaries[m].map((s) => s.best?.value), metric, format, epochs: summaries[m].map((s) => s.best?.epoch) },
      { id: `at-${metric}`, label: `${metric[0].toUpperCase()}${metric.slice(1)} at epoch ${atEpoch}`, values: summaries[m].map((s) => s.atEpoch), metric, format, epochs: undefined },
    ];
  });
  const best = columns.map((column) => bestIndex(column.values, column.metric));
  return (
    <div className="compare-scroll">
      <table className="compare-table" data-testid="summary-table">
        <thead>
          <tr>
            <th>Run ({split})</th>
            {columns.map((column) => (
              <th key={column.id} className="number">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {compared.map(({ run, label, color }, r) => (
            <tr key={run.id} data-testid="summary-row" data-run-id={run.id}>
              <td>
                <span className="swatch" style={{ background: color }} />
                <a href={routeHref({ page: 'runs', id: run.id })}>{label}</a>
              </td>
              {columns.map((column, c) => {
                const value = column.values[r];
                return (
                  <td key={column.id} className={best[c] === r ? 'number best' : 'number'} data-testid={`summary-${column.id}`} data-value={value} data-best={best[c] === r || undefined}>
                    {value === undefined ? '—' : column.format(value)}
                    {column.epochs?.[r] !== undefined && <span className="when"> epoch {column.epochs[r]}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HyperparameterTable({ compared }: { compared: Compared[] }) {
  const [diffOnly, setDiffOnly] = useState(true);
  const rows = hyperparameterRows(compared.map(({ run }) => run.experiment));
  const shown = diffOnly ? rows.filter((row) => row.differs) : rows;
  return (
    <section className="panel">
      <header className="list-header">
        <h2>Hyperparameters</h2>
        <label className="checkbox">
          <input type="checkbox" data-testid="diff-only" checked={diffOnly} onChange={(event) => setDiffOnly(event.target.checked)} />
          differences only
        </label>
      </header>
      <div className="compare-scroll">
        <table className="compare-table" data-testid="hyperparameter-table">
          <thead>
            <tr>
              <th>Setting</th>
              {compared.map(({ run, label, color }) => (
                <th key={run.id}>
                  <span className="swatch" style={{ background: color }} />
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.path} className={row.differs ? 'differs' : undefined} data-testid="hp-row" data-path={row.path} data-differs={row.differs}>
                <td>
                  <code>{row.path}</code>
                </td>
                {row.values.map((value, i) => (
                  <td key={i}>{value}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="muted">These runs were trained with identical settings.</p>}
    </section>
  );
}

export function ComparePage({ runIds }: { runIds: string[] }) {
  const { runs } = useServices();
  const [split, setSplit] = useState<Split>('validation');
  const [byTime, setByTime] = useState(false);
  const [atEpoch, setAtEpoch] = useState('');
  const key = runIds.join(',');
  const compared = useLiveQuery(async () => {
    const records = await Promise.all(runIds.map((id) => runs.get(id)));
    const found = records.filter((run): run is RunRecord => run !== undefined);
    const labels = distinguishingNames(
      found.map((run) => run.name),
      found.map((run) => run.experiment),
    );
    return Promise.all(found.map(async (run, i) => ({ run, label: labels[i], epochs: await runs.epochs(run.id), color: runColor(i) })));
  }, [key]);
  const allRuns = useLiveQuery(() => runs.list(), []);

  if (runIds.length < 2) {
    return (
      <section className="page" data-testid="compare-page">
        <header className="page-header">
          <h1>Compare</h1>
          <p className="muted">Tick two or more runs (up to twenty read well) and press Compare.</p>
        </header>
        {allRuns && <RunsList runs={allRuns} />}
      </section>
    );
  }
  if (!compared) return null;
  const longest = Math.max(1, ...compared.map(({ run }) => run.epochsDone));
  const epoch = Number(atEpoch) >= 1 ? Math.floor(Number(atEpoch)) : longest;
  const hasValidation = compared.some(({ run }) => run.metrics?.validation);
  const shownSplit: Split = hasValidation ? split : 'train';
  const xLabel = byTime ? 'time' : 'epoch';
  // Seconds with as many decimals as a short run needs; whole epochs.
  const formatX = byTime ? (x: number) => `${Number(x.toPrecision(2))} s` : (x: number) => String(Math.round(x));

  return (
    <section className="page compare-page" data-testid="compare-page" data-runs={compared.length}>
      <header className="page-header compare-header">
        <h1>Compare {compared.length} runs</h1>
        <div className="compare-controls">
          <label>
            Split
            <select data-testid="compare-split" value={shownSplit} onChange={(event) => setSplit(event.target.value as Split)} disabled={!hasValidation}>
              <option value="validation">validation</option>
              <option value="train">train</option>
            </select>
          </label>
          <label>
            X axis
            <select data-testid="compare-x" value={xLabel} onChange={(event) => setByTime(event.target.value === 'time')}>
              <option value="epoch">epoch</option>
              <option value="time">time</option>
            </select>
          </label>
          <label>
            At epoch
            <input data-testid="compare-at-epoch" inputMode="numeric" placeholder={String(longest)} value={atEpoch} onChange={(event) => setAtEpoch(event.target.value)} />
          </label>
        </div>
      </header>
      {compared.length < runIds.length && <p className="muted">{runIds.length - compared.length} of the runs in this link no longer exist.</p>}
      <div className="panel">
        <ul className="compare-legend">
          {compared.map(({ run, label, color }) => (
            <li key={run.id}>
              <span className="swatch" style={{ background: color }} />
              {label}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${run.name} from the comparison`}
                onClick={() => navigate(compareRoute(runIds.filter((id) => id !== run.id)))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div className="charts">
          <ComparisonChart title={`Loss (${shownSplit})`} testId="compare-loss-chart" lines={lines(compared, shownSplit, 'loss', byTime)} xLabel={xLabel} formatX={formatX} formatValue={formatLoss} />
          <ComparisonChart
            title={`Accuracy (${shownSplit})`}
            testId="compare-accuracy-chart"
            lines={lines(compared, shownSplit, 'accuracy', byTime)}
            xLabel={xLabel}
            formatX={formatX}
            formatValue={(v) => `${Math.round(v * 100)}%`}
            yDomain={[0, 1]}
          />
          <GradientComparison
            runs={compared.map(({ run, label, color, epochs }) => ({ key: run.id, label, color, events: epochs.map((record) => record.event) }))}
            byTime={byTime}
            xLabel={xLabel}
            formatX={formatX}
          />
        </div>
        <SummaryTable compared={compared} split={shownSplit} atEpoch={epoch} />
      </div>
      <HyperparameterTable compared={compared} />
    </section>
  );
}
