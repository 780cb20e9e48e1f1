import { useMemo, useState } from 'react';
import { routeHref } from '../../app/routes';
import { formatAccuracy, formatFigure, formatLoss } from '../../components/format';
import type { ComparedRun } from './compared-run';
import { bestIndex, comparedMetrics, higherIsBetter, summarize, type MetricName, type Split } from './summaries';

// The numbers of compared runs: final, best (with its epoch) and at a chosen epoch, for loss and
// accuracy, the best of each column marked. Any column sorts (click its header; again to reverse);
// hovering a row highlights the run in the charts. Runs that branch from one another (forks,
// continuations) show the epoch up to which they share their history, and with which run.

interface Column {
  id: string;
  label: string;
  metric: MetricName;
  values: (number | undefined)[];
  epochs?: (number | undefined)[];
}

interface SummaryTableProps {
  compared: ComparedRun[];
  split: Split;
  atEpoch: number;
  /** Regression runs: RMSE, R² and MAE in the targets' units in place of loss and accuracy. */
  regression: boolean;
  hovered?: string;
  onHover: (runId: string | undefined) => void;
}

const METRIC_LABELS: Record<MetricName, string> = { loss: 'loss', accuracy: 'accuracy', r2: 'R²', rmse: 'RMSE', mae: 'MAE' };

function formatMetric(metric: MetricName, value: number): string {
  return metric === 'loss' ? formatLoss(value) : metric === 'accuracy' ? formatAccuracy(value) : formatFigure(value);
}

export function SummaryTable({ compared, split, atEpoch, regression, hovered, onHover }: SummaryTableProps) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const columns = useMemo(() => {
    return comparedMetrics(regression).flatMap((metric): Column[] => {
      const summaries = compared.map(({ epochs }) => summarize(epochs.map((record) => record.event), split, metric, atEpoch));
      const label = METRIC_LABELS[metric];
      return [
        { id: `final-${metric}`, label: `Final ${label}`, metric, values: summaries.map((s) => s.final) },
        { id: `best-${metric}`, label: `Best ${label}`, metric, values: summaries.map((s) => s.best?.value), epochs: summaries.map((s) => s.best?.epoch) },
        { id: `at-${metric}`, label: `${label[0].toUpperCase()}${label.slice(1)} at epoch ${atEpoch}`, metric, values: summaries.map((s) => s.atEpoch) },
      ];
    });
  }, [compared, split, atEpoch, regression]);
  const best = columns.map((column) => bestIndex(column.values, column.metric));
  const order = useMemo(() => {
    const indexes = compared.map((_, i) => i);
    const column = sort && (sort.column === 'name' ? undefined : columns.find((c) => c.id === sort.column));
    if (!sort) return indexes;
    const direction = sort.descending ? -1 : 1;
    return indexes.sort((a, b) => {
      if (!column) return direction * compared[a].label.localeCompare(compared[b].label, undefined, { numeric: true });
      const [x, y] = [column.values[a], column.values[b]];
      // Runs without a value go last whichever way the column sorts.
      if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) return Number(x === undefined || Number.isNaN(x)) - Number(y === undefined || Number.isNaN(y));
      return direction * (x - y);
    });
  }, [compared, columns, sort]);
  const sortBy = (column: string, metric?: MetricName) =>
    setSort((current) => (current?.column === column ? { column, descending: !current.descending } : { column, descending: metric !== undefined && higherIsBetter(metric) }));
  const labelOf = new Map(compared.map(({ run, label }) => [run.id, label]));
  const branched = compared.some((entry) => entry.branch);
  const ariaSort = (column: string) => (sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined);
  const arrow = (column: string) => (sort?.column === column ? (sort.descending ? ' ▼' : ' ▲') : '');
  return (
    <div className="compare-scroll compare-table-box">
      <table className="compare-table" data-testid="summary-table">
        <thead>
          <tr>
            <th aria-sort={ariaSort('name')}>
              <button type="button" className="header-sort" data-testid="summary-sort-name" onClick={() => sortBy('name')}>
                Run ({split}){arrow('name')}
              </button>
            </th>
            {branched && (
              <th className="number" title="The last epoch this run shares with another compared run: up to it they are the same run (a fork or continuation and its parent), after it they diverge">
                Common epoch
              </th>
            )}
            {columns.map((column) => (
              <th key={column.id} className="number" aria-sort={ariaSort(column.id)}>
                <button type="button" className="header-sort" data-testid={`summary-sort-${column.id}`} onClick={() => sortBy(column.id, column.metric)}>
                  {column.label}
                  {arrow(column.id)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {order.map((r) => {
            const { run, label, color } = compared[r];
            return (
              <tr
                key={run.id}
                data-testid="summary-row"
                data-run-id={run.id}
                className={hovered === run.id ? 'hot' : undefined}
                onMouseEnter={() => onHover(run.id)}
                onMouseLeave={() => onHover(undefined)}
              >
                <td className="sticky-column">
                  <span className="swatch" style={{ background: color }} />
                  <a href={routeHref({ page: 'runs', id: run.id })}>{label}</a>
                </td>
                {branched && (
                  <td
                    className="number"
                    data-testid="summary-common-epoch"
                    data-value={compared[r].branch?.epoch}
                    title={compared[r].branch && `Shares epochs 1–${compared[r].branch!.epoch} with ${labelOf.get(compared[r].branch!.with)}`}
                  >
                    {compared[r].branch?.epoch ?? '—'}
                  </td>
                )}
                {columns.map((column, c) => {
                  const value = column.values[r];
                  return (
                    <td key={column.id} className={best[c] === r ? 'number best' : 'number'} data-testid={`summary-${column.id}`} data-value={value} data-best={best[c] === r || undefined}>
                      {value === undefined ? '—' : formatMetric(column.metric, value)}
                      {column.epochs?.[r] !== undefined && <span className="when"> epoch {column.epochs[r]}</span>}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
