import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { rankRuns, reportedMetrics, summarizeCombinations, type Ranking } from '../../../../shared/engine/sweep-summary';
import { SWEEP_METRICS, type SweepMetric } from '../../../../shared/schema/sweep';
import { navigate, routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import { compareRoute } from '../compare/compare-route';
import type { SweepRecord, SweepRunRecord } from '../../db/database';
import { defaultConcurrency } from '../../host/browser-host';
import { ParallelCoordinates } from './ParallelCoordinates';
import { SweepScatter } from './SweepScatter';
import { formatEta, sweepProgress } from './sweep-progress';

// One sweep: its progress with pause/resume/cancel, then its results — ranked by a chosen metric,
// filterable, a scatter chart of the metric against each parameter, mean ± std across seeds —
// and the way to the best run on the Runs page.

const METRIC_LABELS: Record<SweepMetric, string> = {
  trainLoss: 'train loss',
  trainAccuracy: 'train accuracy',
  trainMae: 'train MAE',
  trainR2: 'train R²',
  validationLoss: 'validation loss',
  validationAccuracy: 'validation accuracy',
  validationMae: 'validation MAE',
  validationR2: 'validation R²',
};

const formatMetric = (metric: SweepMetric) => (value: number) => (/Accuracy$/.test(metric) ? `${(100 * value).toFixed(1)}%` : value.toPrecision(4));
const formatValue = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));
const describeConfig = (run: SweepRunRecord) => [...Object.entries(run.config).map(([k, v]) => `${k} ${formatValue(v)}`), `seed ${run.experiment.training.seed}`].join(', ');

const statusLabel = (run: SweepRunRecord) => (run.prunedAt !== undefined ? `halved at ${run.prunedAt}` : run.status);

function matches(run: SweepRunRecord, filter: string): boolean {
  const text = `${describeConfig(run)} ${statusLabel(run)}`.toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((token) => text.includes(token));
}

export function SweepView({ sweep }: { sweep: SweepRecord }) {
  const { sweeps, sweepRunner } = useServices();
  const runs = useLiveQuery(() => sweeps.runs(sweep.id), [sweep.id], []);
  const metrics = reportedMetrics(runs, SWEEP_METRICS);
  const [chosen, setChosen] = useState<SweepMetric | null>(null);
  const [which, setWhich] = useState<Ranking['which']>('final');
  const [filter, setFilter] = useState('');
  const metric = chosen && metrics.includes(chosen) ? chosen : (metrics.find((m) => m === 'validationLoss') ?? metrics[0] ?? 'trainLoss');
  const ranking: Ranking = { metric, which };
  const format = formatMetric(metric);
  const ranked = useMemo(() => rankRuns(runs, ranking), [runs, metric, which]);
  const shown = ranked.filter((run) => matches(run, filter));
  const trained = ranked.filter((run) => run.runId && run[which]?.[metric] !== undefined);
  const best = trained[0];
  const [topK, setTopK] = useState('5');
  const top = trained.slice(0, Math.max(2, Math.min(20, Number(topK) || 5)));
  const progress = sweepProgress(runs, defaultConcurrency());
  const parameters = Object.keys(sweep.definition.parameters);
  // A parameter given one value is the same in every run: charting the metric against it says nothing.
  const distinct = (parameter: string) => new Set(runs.map((run) => JSON.stringify(run.config[parameter]))).size;
  const varied = parameters.filter((parameter) => distinct(parameter) > 1);
  const fixed = runs.length > 0 ? parameters.filter((parameter) => distinct(parameter) === 1) : [];
  const repeats = sweep.definition.repeats;
  const combinations = useMemo(() => (repeats > 1 ? summarizeCombinations(runs, ranking) : []), [runs, metric, which, repeats]);
  const active = sweep.status === 'running' || sweep.status === 'paused';

  async function remove() {
    if (!window.confirm(`Delete the sweep “${sweep.name}”? Its runs stay on the Runs page.`)) return;
    await sweeps.delete(sweep.id);
    navigate({ page: 'sweeps' });
  }
  const percent = progress.total ? (100 * progress.done) / progress.total : 0;

  return (
    <div className="panel sweep-view" data-testid="sweep-view" data-status={sweep.status}>
      <header className="sweep-header">
        <div>
          <h2 data-testid="sweep-title">{sweep.name}</h2>
          <p className="muted">
            {sweep.total} runs · {sweep.combinations} combination{sweep.combinations === 1 ? '' : 's'} × {repeats} seed{repeats === 1 ? '' : 's'} ·{' '}
            {sweep.definition.method.name === 'grid' ? 'grid' : `random (${sweep.definition.method.samples} samples)`}
            {sweep.definition.halving && ` · halving at ${sweep.definition.halving.at.join(', ')} epochs`}
            {sweep.imported ? ' · imported results' : ''}
          </p>
        </div>
        <div className="sweep-actions">
          {sweep.status === 'running' && (
            <button type="button" data-testid="sweep-pause" onClick={() => void sweepRunner.pause(sweep.id)}>
              Pause
            </button>
          )}
          {sweep.status === 'paused' && (
            <button type="button" data-testid="sweep-resume" onClick={() => void sweepRunner.resume(sweep.id)}>
              Resume
            </button>
          )}
          {active && (
            <button type="button" data-testid="sweep-cancel" onClick={() => void sweepRunner.cancel(sweep.id)}>
              Cancel
            </button>
          )}
          <span className="compare-top">
            <button type="button" data-testid="sweep-compare-top" disabled={top.length < 2} onClick={() => navigate(compareRoute(top.map((run) => run.runId!)))}>
              Compare top
            </button>
            <input aria-label="How many of the best runs to compare" data-testid="sweep-compare-k" inputMode="numeric" value={topK} onChange={(e) => setTopK(e.target.value)} />
          </span>
          {!active && (
            <button type="button" data-testid="sweep-delete" title="Removes the sweep; its runs stay on the Runs page" onClick={() => void remove()}>
              Delete
            </button>
          )}
          <button type="button" className="primary" data-testid="sweep-open-best" disabled={!best} onClick={() => best && navigate({ page: 'runs', id: best.runId })}>
            Open best run
          </button>
        </div>
      </header>

      <div className="sweep-progress" data-testid="sweep-progress" data-done={progress.done} data-total={progress.total}>
        <div className="sweep-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
          <div style={{ width: `${percent}%` }} />
        </div>
        <p>
          <strong>
            {progress.done}/{progress.total}
          </strong>{' '}
          runs ended
          {progress.running > 0 && ` · ${progress.running} training`}
          {progress.failed > 0 && ` · ${progress.failed} failed`}
          {' · '}
          <span data-testid="sweep-status">{active ? (sweep.status === 'paused' ? 'paused' : formatEta(progress.eta)) : sweep.status}</span>
        </p>
      </div>

      <div className="sweep-controls">
        <label>
          Rank by
          <select data-testid="sweep-metric" value={metric} onChange={(e) => setChosen(e.target.value as SweepMetric)}>
            {(metrics.length ? metrics : [metric]).map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          At
          <select data-testid="sweep-which" value={which} onChange={(e) => setWhich(e.target.value as Ranking['which'])}>
            <option value="final">final epoch</option>
            <option value="best">best epoch</option>
          </select>
        </label>
        <label className="sweep-filter">
          Filter
          <input data-testid="sweep-filter" placeholder="e.g. width 32 done" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      </div>

      {fixed.length > 0 && (
        <p className="muted" data-testid="sweep-fixed">
          Same in every run: {fixed.map((parameter) => `${parameter} ${formatValue(runs[0].config[parameter])}`).join(', ')}
        </p>
      )}

      {varied.length > 0 && (
        <div className="sweep-scatters">
          {varied.map((parameter) => (
            <SweepScatter
              key={parameter}
              parameter={parameter}
              values={sweep.definition.parameters[parameter]}
              metricLabel={METRIC_LABELS[metric]}
              formatValue={format}
              points={shown.flatMap((run) => {
                const y = run[which]?.[metric];
                const x = run.config[parameter];
                return y !== undefined && Number.isFinite(y) && (typeof x === 'number' || typeof x === 'string') ? [{ x, y, label: describeConfig(run) }] : [];
              })}
            />
          ))}
        </div>
      )}

      {varied.length > 0 && (
        <ParallelCoordinates
          parameters={varied}
          metric={metric}
          metricLabel={METRIC_LABELS[metric]}
          runs={shown.flatMap((run) => {
            const value = run[which]?.[metric];
            return value !== undefined && Number.isFinite(value) ? [{ config: run.config, value, label: `${describeConfig(run)}: ${format(value)}` }] : [];
          })}
        />
      )}

      {combinations.length > 0 && (
        <div className="sweep-table-scroll">
          <table className="sweep-table" data-testid="sweep-seeds">
            <caption>Across seeds: {METRIC_LABELS[metric]} mean ± standard deviation</caption>
            <thead>
              <tr>
                {parameters.map((p) => (
                  <th key={p}>{p}</th>
                ))}
                <th>mean ± std</th>
                <th>min … max</th>
                <th>seeds</th>
              </tr>
            </thead>
            <tbody>
              {combinations.map((c) => (
                <tr key={c.configKey}>
                  {parameters.map((p) => (
                    <td key={p}>{formatValue(c.config[p])}</td>
                  ))}
                  <td className="number">{c.mean !== undefined ? `${format(c.mean)} ± ${format(c.std!)}` : '—'}</td>
                  <td className="number">{c.min !== undefined ? `${format(c.min)} … ${format(c.max!)}` : '—'}</td>
                  <td className="number">
                    {c.count}/{c.total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="sweep-table-scroll">
        <table className="sweep-table" data-testid="sweep-results">
          <caption>
            Runs by {METRIC_LABELS[metric]} ({which === 'final' ? 'final epoch' : 'best epoch'}){filter && ` · ${shown.length} of ${runs.length} match`}
          </caption>
          <thead>
            <tr>
              <th>#</th>
              {parameters.map((p) => (
                <th key={p}>{p}</th>
              ))}
              <th>seed</th>
              <th>{METRIC_LABELS[metric]}</th>
              <th>status</th>
              <th>epochs</th>
              <th>seconds</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((run, rank) => {
              const value = run[which]?.[metric];
              return (
                <tr key={run.index} data-testid="sweep-result-row" data-status={run.status} title={run.message}>
                  <td className="number">{rank + 1}</td>
                  {parameters.map((p) => (
                    <td key={p}>{formatValue(run.config[p])}</td>
                  ))}
                  <td className="number">{run.experiment.training.seed}</td>
                  <td className="number" data-testid="sweep-result-metric">
                    {value !== undefined ? format(value) : '—'}
                  </td>
                  <td>{run.runId ? <a href={routeHref({ page: 'runs', id: run.runId })}>{statusLabel(run)}</a> : statusLabel(run)}</td>
                  <td className="number">{run.epochs ?? ''}</td>
                  <td className="number">{run.seconds !== undefined ? run.seconds.toFixed(1) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
