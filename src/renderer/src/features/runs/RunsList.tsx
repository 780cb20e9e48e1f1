import { routeHref } from '../../app/routes';
import type { RunRecord } from '../../db/database';
import { formatAccuracy, formatLoss, formatWhen } from './format';
import { StatusBadge } from './StatusBadge';

// Every stored run, newest first, with the numbers that tell them apart.

export function RunsList({ runs, selectedId }: { runs: RunRecord[]; selectedId?: string }) {
  return (
    <section className="panel runs-list">
      <h2>Runs</h2>
      <table data-testid="runs-list">
        <thead>
          <tr>
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
            return (
              <tr key={run.id} className={run.id === selectedId ? 'selected' : undefined} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
                <td title={run.name}>
                  <a href={routeHref({ page: 'runs', id: run.id })}>{run.name}</a>
                  <span className="when">{formatWhen(run.createdAt)}</span>
                </td>
                <td>
                  <StatusBadge status={run.status} />
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
