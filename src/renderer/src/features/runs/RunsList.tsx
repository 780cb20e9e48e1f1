import { useState } from 'react';
import { navigate, routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import type { RunRecord } from '../../db/database';
import { downloadText } from '../../files/download';
import { compareRoute } from '../compare/compare-route';
import { formatAccuracy, formatEta, formatLoss, formatWhen, isActive, messageHeadline } from './format';
import { metricsCsv } from './metrics-csv';
import { StatusBadge } from './StatusBadge';

// Every stored run, newest first, with the numbers that tell them apart: the queue (queued,
// training with progress and time left, and how each ended, with the reason), a tick box per run
// to compare a selection, and the whole metric history as CSV.

export function RunsList({ runs, selectedId, title = 'Runs' }: { runs: RunRecord[]; selectedId?: string; title?: string }) {
  const { runs: repository, launcher } = useServices();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  // Compared in the order they were made, so a baseline comes before its variants.
  const picked = runs
    .filter((run) => chosen.has(run.id))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((run) => run.id);
  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function deleteChosen() {
    if (!window.confirm(`Delete ${picked.length} run${picked.length === 1 ? '' : 's'} with their history and weights?`)) return;
    for (const id of picked) {
      // A run still training is stopped first, so nothing keeps writing to it.
      if (runs.some((run) => run.id === id && isActive(run.status))) launcher.cancel(id);
      await repository.delete(id);
    }
    setChosen(new Set());
  }

  async function exportCsv() {
    const histories = await Promise.all(runs.map(async (run) => ({ run, epochs: await repository.epochs(run.id) })));
    downloadText('runs-metrics.csv', metricsCsv(histories), 'text/csv');
  }

  return (
    <section className="panel runs-list">
      <header className="list-header">
        <h2>{title}</h2>
        <div className="actions">
          <button type="button" data-testid="compare-selected" disabled={picked.length < 2} title="Tick two or more runs" onClick={() => navigate(compareRoute(picked))}>
            Compare{picked.length ? ` ${picked.length}` : ''}
          </button>
          <button type="button" data-testid="delete-selected" disabled={picked.length === 0} onClick={() => void deleteChosen()}>
            Delete{picked.length ? ` ${picked.length}` : ''}
          </button>
          <button type="button" data-testid="export-metrics-csv" onClick={() => void exportCsv()}>
            Metrics CSV
          </button>
        </div>
      </header>
      <table data-testid="runs-list">
        <thead>
          <tr>
            <th aria-label="Select" />
            <th>Run</th>
            <th>Status</th>
            <th className="number">Epochs</th>
            <th className="number">Val. loss</th>
            <th className="number">Val. accuracy</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            // Runs without a validation split show their training metrics, marked as such.
            const split = run.metrics?.validation ?? run.metrics?.train;
            const note = run.metrics && !run.metrics.validation ? <span className="split-note">train</span> : null;
            const eta = run.status === 'running' ? formatEta(run) : undefined;
            return (
              <tr key={run.id} className={run.id === selectedId ? 'selected' : undefined} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
                <td>
                  <input type="checkbox" aria-label={`Select ${run.name}`} data-testid="run-select" checked={chosen.has(run.id)} onChange={() => toggle(run.id)} />
                </td>
                <td title={run.name}>
                  <a href={routeHref({ page: 'runs', id: run.id })}>{run.name}</a>
                  <span className="when">
                    {formatWhen(run.createdAt)}
                    {run.tags?.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                </td>
                <td title={run.message}>
                  <StatusBadge status={run.status} />
                  {isActive(run.status) && (
                    <div className="row-progress" data-testid="row-progress">
                      <div className="progress">
                        <div className="progress-bar" style={{ width: `${Math.min(100, (run.epochsDone / run.totalEpochs) * 100)}%` }} />
                      </div>
                      {eta && <span className="when">{eta}</span>}
                      <button type="button" className="link-button" data-testid="row-cancel" onClick={() => launcher.cancel(run.id)}>
                        Cancel
                      </button>
                    </div>
                  )}
                  {(run.status === 'failed' || run.status === 'interrupted') && run.message && (
                    <span className="row-reason" data-testid="row-reason">
                      {messageHeadline(run.message)}
                    </span>
                  )}
                </td>
                <td className="number">
                  {run.epochsDone} / {run.totalEpochs}
                </td>
                <td className="number" data-testid="run-row-loss">
                  {split ? formatLoss(split.loss) : '—'}
                  {note}
                </td>
                <td className="number" data-testid="run-row-accuracy" data-value={split?.accuracy}>
                  {split?.accuracy !== undefined ? formatAccuracy(split.accuracy) : '—'}
                  {note}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
