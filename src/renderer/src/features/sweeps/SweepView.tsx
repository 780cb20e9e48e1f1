import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useEffect, useMemo, useState } from 'react';
import { defaultMetric } from '../../../../shared/engine/successive-halving';
import { rankRuns, reportedMetrics, summarizeCombinations, type Ranking } from '../../../../shared/engine/sweep-summary';
import { SWEEP_METRICS, type SweepMetric } from '../../../../shared/schema/sweep';
import { navigate, routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import { compareRoute } from '../../app/compare-route';
import type { SweepRecord, SweepRunRecord } from '../../db/database';
import { formatSetting } from '../../components/format';
import { AttachRunFiles } from './AttachRunFiles';
import { ImportedSweepNote } from './ImportedSweepNote';
import { ParallelCoordinates } from './ParallelCoordinates';
import { SweepProgressPanel } from './SweepProgressPanel';
import { SweepScatter } from './SweepScatter';

// One sweep: its progress with pause/resume/cancel, then its results — ranked by a chosen metric,
// filterable, a scatter chart of the metric against each parameter, mean ± std across seeds —
// and the way to the best run on the Runs page. Values read to four significant digits everywhere.
// The filter applies once typing pauses, and the charts redraw only when what they show changes.

const METRIC_LABELS: Record<SweepMetric, string> = {
  trainLoss: 'train loss',
  trainAccuracy: 'train accuracy',
  trainMae: 'train MAE',
  trainRmse: 'train RMSE',
  trainR2: 'train R²',
  validationLoss: 'validation loss',
  validationAccuracy: 'validation accuracy',
  validationMae: 'validation MAE',
  validationRmse: 'validation RMSE',
  validationR2: 'validation R²',
};

// Four significant digits, without trailing zeros (0.8, not 0.8000).
const formatMetric = (metric: SweepMetric) => (value: number) => (/Accuracy$/.test(metric) ? `${(100 * value).toFixed(1)}%` : formatSetting(value));
const formatValue = formatSetting;
const FILTER_DELAY_MS = 250;
const describeConfig = (run: SweepRunRecord) => [...Object.entries(run.config).map(([k, v]) => `${k} ${formatValue(v)}`), `seed ${run.experiment.training.seed}`].join(', ');

const statusLabel = (run: SweepRunRecord) => (run.prunedAt !== undefined ? `halved at ${run.prunedAt}` : run.status);

function matches(run: SweepRunRecord, filter: string): boolean {
  const text = `${describeConfig(run)} ${statusLabel(run)}`.toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((token) => text.includes(token));
}

/** The filter box keeps its own text, so a keystroke redraws the box alone; the view gets the text once typing pauses. */
function FilterBox({ onApply }: { onApply: (text: string) => void }) {
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => onApply(text), FILTER_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, onApply]);
  return (
    <label className="sweep-filter">
      Filter
      <input data-testid="sweep-filter" placeholder="e.g. width 32 done" value={text} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}

const Scatters = memo(SweepScatters);

function SweepScatters({ sweep, varied, shown, metric, which }: { sweep: SweepRecord; varied: string[]; shown: SweepRunRecord[]; metric: SweepMetric; which: Ranking['which'] }) {
  const format = formatMetric(metric);
  return (
    <>
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
      <ParallelCoordinates
        parameters={varied}
        metric={metric}
        metricLabel={METRIC_LABELS[metric]}
        runs={shown.flatMap((run) => {
          const value = run[which]?.[metric];
          return value !== undefined && Number.isFinite(value) ? [{ config: run.config, value, label: `${describeConfig(run)}: ${format(value)}` }] : [];
        })}
      />
    </>
  );
}

export function SweepView({ sweep }: { sweep: SweepRecord }) {
  const { sweeps, sweepRunner } = useServices();
  const runs = useLiveQuery(() => sweeps.runs(sweep.id), [sweep.id], []);
  const metrics = reportedMetrics(runs, SWEEP_METRICS);
  const [chosen, setChosen] = useState<SweepMetric | null>(null);
  const [which, setWhich] = useState<Ranking['which']>('final');
  const [appliedFilter, setAppliedFilter] = useState('');
  const metric = chosen && metrics.includes(chosen) ? chosen : runs.some((run) => run.final) ? defaultMetric(runs) : 'trainLoss';
  const ranking: Ranking = { metric, which };
  const format = formatMetric(metric);
  const ranked = useMemo(() => rankRuns(runs, ranking), [runs, metric, which]);
  const shown = useMemo(() => ranked.filter((run) => matches(run, appliedFilter)), [ranked, appliedFilter]);
  const trained = ranked.filter((run) => run.runId && run[which]?.[metric] !== undefined);
  const best = trained[0];
  const [topK, setTopK] = useState('5');
  const asked = Math.max(2, Math.floor(Number(topK)) || 5);
  const top = trained.slice(0, asked);
  const parameters = Object.keys(sweep.definition.parameters);
  // A parameter given one value is the same in every run: charting the metric against it says nothing.
  const distinct = (parameter: string) => new Set(runs.map((run) => JSON.stringify(run.config[parameter]))).size;
  // Kept as one array while the runs stay the same: the memoized charts take it.
  const varied = useMemo(
    () => Object.keys(sweep.definition.parameters).filter((parameter) => new Set(runs.map((run) => JSON.stringify(run.config[parameter]))).size > 1),
    [runs, sweep.definition.parameters],
  );
  const fixed = runs.length > 0 ? parameters.filter((parameter) => distinct(parameter) === 1) : [];
  const repeats = sweep.definition.repeats;
  const combinations = useMemo(() => (repeats > 1 ? summarizeCombinations(runs, ranking) : []), [runs, metric, which, repeats]);
  const active = sweep.status === 'running' || sweep.status === 'paused';

  async function remove() {
    if (!window.confirm(`Delete the sweep “${sweep.name}”? Its runs stay on the Runs page.`)) return;
    await sweeps.delete(sweep.id);
    navigate({ page: 'sweeps' });
  }
  const cancelled = runs.some((run) => run.status === 'cancelled');

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
          {(sweep.status === 'paused' || (sweep.status === 'cancelled' && cancelled && !sweep.imported)) && (
            <button
              type="button"
              data-testid="sweep-resume"
              title={sweep.status === 'cancelled' ? 'Trains the cancelled runs again, from their start' : undefined}
              onClick={() => void sweepRunner.resume(sweep.id)}
            >
              Resume
            </button>
          )}
          {active && (
            <button type="button" data-testid="sweep-cancel" onClick={() => void sweepRunner.cancel(sweep.id)}>
              Cancel
            </button>
          )}
          <span className="compare-top">
            <button
              type="button"
              data-testid="sweep-compare-top"
              disabled={top.length < 2}
              title={sweep.imported && top.length < 2 ? 'Imported runs open and compare once their weights folder is attached (below)' : undefined}
              onClick={() => navigate(compareRoute(top.map((run) => run.runId!)))}
            >
              Compare top{top.length < asked && top.length >= 2 ? ` ${top.length}` : ''}
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

      <SweepProgressPanel sweep={sweep} runs={runs} />
      {top.length < asked && trained.length >= 2 && (
        <p className="muted" data-testid="sweep-compare-short">
          Compare top {asked}: only {trained.length} runs have a {METRIC_LABELS[metric]} yet, so {top.length} are compared.
        </p>
      )}
      {sweep.imported && <ImportedSweepNote sweep={sweep} imported={runs.length} />}
      {sweep.imported && <AttachRunFiles sweep={sweep} />}

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
        <FilterBox onApply={setAppliedFilter} />
      </div>

      {fixed.length > 0 && (
        <p className="muted" data-testid="sweep-fixed">
          Same in every run: {fixed.map((parameter) => `${parameter} ${formatValue(runs[0].config[parameter])}`).join(', ')}
        </p>
      )}

      {varied.length > 0 && <Scatters sweep={sweep} varied={varied} shown={shown} metric={metric} which={which} />}

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
            Runs by {METRIC_LABELS[metric]} ({which === 'final' ? 'final epoch' : 'best epoch'}){appliedFilter && ` · ${shown.length} of ${runs.length} match`}
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
