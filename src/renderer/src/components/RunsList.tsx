import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { navigate, routeHref } from '../app/routes';
import { useServices } from '../app/services';
import type { RunRecord, RunStatus } from '../db/database';
import { downloadText } from '../files/download';
import { compareRoute } from '../app/compare-route';
import { formatAccuracy, formatEta, formatFigure, formatLoss, formatWhen, isActive, messageHeadline, STATUS_LABELS } from './format';
import { metricsCsv } from './metrics-csv';
import { runLabels } from './run-labels';
import { filterRuns, groupRuns, shownMetrics, sortRuns, type Grouping, type RunRow, type RunsFilter, type Sort, type SortKey } from './runs-query';
import { StatusBadge } from './StatusBadge';

// Every stored run, with the numbers that tell them apart: search, filters, sorting by any column,
// groups by experiment or sweep, and a tick box per run to compare or delete a selection. Only the
// rows in view are in the page (a thousand runs scroll as fast as ten), and a tick re-renders one
// row, not the list.

type Filters = Omit<RunsFilter, 'text'>;
type Item = { kind: 'group'; key: string; title: string; rows: RunRow[]; collapsed: boolean } | { kind: 'run'; key: string; row: RunRow };

const COLUMNS: { key: SortKey; label: string; number?: boolean }[] = [
  { key: 'name', label: 'Run' },
  { key: 'dataset', label: 'Dataset' },
  { key: 'status', label: 'Status' },
  { key: 'epochs', label: 'Epochs', number: true },
  { key: 'loss', label: 'Loss', number: true },
  { key: 'accuracy', label: 'Accuracy / R²', number: true },
  { key: 'created', label: 'Created' },
];
/** Metrics read best high-to-low (accuracy, newest) or low-to-high (loss, names) on the first click. */
const FIRST_DESCENDING: ReadonlySet<SortKey> = new Set(['accuracy', 'created', 'epochs']);
const ROW_HEIGHT = 37;

interface RunRowProps {
  row: RunRow;
  index: number;
  checked: boolean;
  current: boolean;
  onToggle: (id: string) => void;
  onCancel: (id: string) => void;
  measure: (element: HTMLElement | null) => void;
}

const RunRowView = memo(function RunRowView({ row: { run, label }, index, checked, current, onToggle, onCancel, measure }: RunRowProps) {
  const split = shownMetrics(run);
  // Runs without a validation split show their training metrics, marked as such.
  const note = run.metrics && !run.metrics.validation ? <span className="split-note">train</span> : null;
  const eta = run.status === 'running' ? formatEta(run) : undefined;
  return (
    <tr ref={measure} data-index={index} className={current ? 'selected' : undefined} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <td>
        <input type="checkbox" aria-label={`Select ${label}`} data-testid="run-select" checked={checked} onChange={() => onToggle(run.id)} />
      </td>
      <td className="run-name-cell" title={label}>
        <a href={routeHref({ page: 'runs', id: run.id })} data-testid="run-name">
          {label}
        </a>
        {run.tags?.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </td>
      <td className="muted">{run.datasetName}</td>
      <td title={run.message}>
        <StatusBadge status={run.status} />
        {isActive(run.status) && (
          <div className="row-progress" data-testid="row-progress">
            <div className="progress">
              <div className="progress-bar" style={{ width: `${Math.min(100, (run.epochsDone / run.totalEpochs) * 100)}%` }} />
            </div>
            {eta && <span className="when">{eta}</span>}
            <button type="button" className="link-button" data-testid="row-cancel" onClick={() => onCancel(run.id)}>
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
      <td className="number" data-testid="run-row-loss" data-value={split?.loss}>
        {split ? formatLoss(split.loss) : '—'}
        {note}
      </td>
      <td className="number" data-testid="run-row-accuracy" data-value={split?.accuracy ?? split?.r2}>
        {split?.accuracy !== undefined ? formatAccuracy(split.accuracy) : split?.r2 !== undefined ? `R² ${formatFigure(split.r2)}` : '—'}
        {note}
      </td>
      <td className="when-cell">{formatWhen(run.createdAt)}</td>
    </tr>
  );
});

/** A tick box that can show "some of these" (a DOM property only, so it is set after render). */
function GroupCheckbox({ label, testId, state, onChange }: { label: string; testId: string; state: 'all' | 'some' | 'none'; onChange: (checked: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return <input ref={ref} type="checkbox" aria-label={label} title={label} data-testid={testId} data-state={state} checked={state === 'all'} onChange={(event) => onChange(event.target.checked)} />;
}

function selectionState(rows: readonly RunRow[], chosen: ReadonlySet<string>): 'all' | 'some' | 'none' {
  const count = rows.reduce((sum, row) => sum + (chosen.has(row.run.id) ? 1 : 0), 0);
  return count === 0 ? 'none' : count === rows.length ? 'all' : 'some';
}

function options<T extends string>(values: Iterable<[T, string] | undefined>): [T, string][] {
  const seen = new Map<T, string>();
  for (const value of values) if (value && !seen.has(value[0])) seen.set(value[0], value[1]);
  return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
}

function FilterSelect({ label, testId, value, choices, onChange }: { label: string; testId: string; value?: string; choices: [string, string][]; onChange: (value: string | undefined) => void }) {
  if (choices.length < 2 && !value) return null;
  return (
    <label>
      {label}
      <select data-testid={testId} value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">any</option>
        {choices.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function RunsList({ runs, selectedId, title = 'Runs' }: { runs: RunRecord[]; selectedId?: string; title?: string }) {
  const { runs: repository, launcher, experiments, sweeps } = useServices();
  const experimentRecords = useLiveQuery(() => experiments.list(), [], []);
  const sweepRecords = useLiveQuery(() => sweeps.list(), [], []);
  const sweepOf = useLiveQuery(() => sweeps.sweepOfRuns(), [], new Map<string, string>());

  // Labels change only when runs come or go or experiments are renamed, not at every epoch.
  const identity = runs.map((run) => run.id).join(',');
  const experimentNames = useMemo(() => new Map(experimentRecords.map((record) => [record.id, record.name])), [experimentRecords]);
  const labels = useMemo(() => {
    const byId = new Map<string, string>();
    const names = runLabels(runs.map((run) => ({ base: (run.experimentId && experimentNames.get(run.experimentId)) || run.name, experiment: run.experiment, createdAt: run.createdAt })));
    runs.forEach((run, i) => byId.set(run.id, names[i]));
    return byId;
    // `identity` stands for `runs` here: their ids and order, not their live metrics.
  }, [identity, experimentNames]);
  const rows = useMemo(() => {
    const sweepNames = new Map(sweepRecords.map((sweep) => [sweep.id, sweep.name]));
    return runs.map((run): RunRow => {
      const sweepId = sweepOf.get(run.id);
      return {
        run,
        label: labels.get(run.id) ?? run.name,
        experimentName: run.experimentId ? experimentNames.get(run.experimentId) : undefined,
        sweepId,
        sweepName: sweepId ? sweepNames.get(sweepId) : undefined,
      };
    });
  }, [runs, labels, experimentNames, sweepRecords, sweepOf]);

  const [text, setText] = useState('');
  // The box echoes each key at once; the list follows when React has time (typing never waits for it).
  const query = useDeferredValue(text);
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<Sort>({ key: 'created', descending: true });
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const shown = useMemo(() => sortRuns(filterRuns(rows, { ...filters, text: query }), sort), [rows, filters, query, sort]);
  const groups = useMemo(() => groupRuns(shown, grouping), [shown, grouping]);
  const items = useMemo(
    () =>
      groups.flatMap((group): Item[] => {
        const runItems = group.rows.map((row): Item => ({ kind: 'run', key: row.run.id, row }));
        if (grouping === 'none') return runItems;
        const closed = collapsed.has(group.key);
        return [{ kind: 'group', key: `group:${group.key}`, title: group.title, rows: group.rows, collapsed: closed }, ...(closed ? [] : runItems)];
      }),
    [groups, grouping, collapsed],
  );

  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  // Stable, so a memoized row re-renders only when its own tick changes.
  const toggle = useCallback(
    (id: string) =>
      setChosen((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const cancel = useCallback((id: string) => launcher.cancel(id), [launcher]);
  const setMany = (targets: readonly RunRow[], on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      for (const { run } of targets) {
        if (on) next.add(run.id);
        else next.delete(run.id);
      }
      return next;
    });
  // Runs deleted meanwhile drop out of the selection. Compared in the order they were made, so a baseline comes before its variants.
  const picked = runs
    .filter((run) => chosen.has(run.id))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((run) => run.id);
  const hiddenPicked = picked.length - shown.reduce((sum, row) => sum + (chosen.has(row.run.id) ? 1 : 0), 0);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => items[index].key,
    overscan: 12,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const paddingTop = virtualItems[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualItems.at(-1)?.end ?? 0);

  const choices = useMemo(
    () => ({
      status: options(rows.map(({ run }) => [run.status, STATUS_LABELS[run.status]] as [RunStatus, string])),
      dataset: options(rows.map(({ run }) => [run.datasetName, run.datasetName] as [string, string])),
      experiment: options(rows.map((row) => (row.run.experimentId && row.experimentName ? [row.run.experimentId, row.experimentName] : undefined))),
      sweep: options(rows.map((row) => (row.sweepId && row.sweepName ? [row.sweepId, row.sweepName] : undefined))),
      tag: options(rows.flatMap(({ run }) => (run.tags ?? []).map((tag) => [tag, tag] as [string, string]))),
    }),
    [rows],
  );
  const setFilter = (key: keyof Filters) => (value: string | undefined) => setFilters((current) => ({ ...current, [key]: value }));
  const filtering = Boolean(query.trim()) || Object.values(filters).some(Boolean);

  function sortBy(key: SortKey) {
    setSort((current) => (current.key === key ? { key, descending: !current.descending } : { key, descending: FIRST_DESCENDING.has(key) }));
  }

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
    const histories = await Promise.all(shown.map(async ({ run }) => ({ run, epochs: await repository.epochs(run.id) })));
    downloadText('runs-metrics.csv', metricsCsv(histories), 'text/csv');
  }

  const allState = selectionState(shown, chosen);
  return (
    <section className="panel runs-list" data-testid="runs-list-panel">
      <header className="list-header">
        <h2>{title}</h2>
        <div className="actions">
          <button type="button" data-testid="compare-selected" disabled={picked.length < 2} title="Tick two or more runs" onClick={() => navigate(compareRoute(picked))}>
            Compare{picked.length ? ` ${picked.length}` : ''}
          </button>
          <button type="button" data-testid="delete-selected" disabled={picked.length === 0} onClick={() => void deleteChosen()}>
            Delete{picked.length ? ` ${picked.length}` : ''}
          </button>
          <button type="button" data-testid="export-metrics-csv" title={`Every epoch of the ${shown.length} runs shown`} onClick={() => void exportCsv()}>
            Metrics CSV
          </button>
        </div>
      </header>
      <div className="runs-toolbar">
        <label className="runs-search">
          Search
          <input type="search" data-testid="runs-search" placeholder='name, dataset, experiment, sweep, tag, status; "seed 1" as a phrase' value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <FilterSelect label="Status" testId="runs-filter-status" value={filters.status} choices={choices.status} onChange={setFilter('status')} />
        <FilterSelect label="Dataset" testId="runs-filter-dataset" value={filters.dataset} choices={choices.dataset} onChange={setFilter('dataset')} />
        <FilterSelect label="Experiment" testId="runs-filter-experiment" value={filters.experiment} choices={choices.experiment} onChange={setFilter('experiment')} />
        <FilterSelect label="Sweep" testId="runs-filter-sweep" value={filters.sweep} choices={choices.sweep} onChange={setFilter('sweep')} />
        <FilterSelect label="Tag" testId="runs-filter-tag" value={filters.tag} choices={choices.tag} onChange={setFilter('tag')} />
        <label>
          Group by
          <select data-testid="runs-group" value={grouping} onChange={(event) => setGrouping(event.target.value as Grouping)}>
            <option value="none">nothing</option>
            <option value="experiment">experiment</option>
            <option value="sweep">sweep</option>
          </select>
        </label>
      </div>
      <p className="runs-count muted" data-testid="runs-count" data-shown={shown.length} data-total={runs.length} data-selected={picked.length} data-query={query}>
        {filtering ? `${shown.length} of ${runs.length} runs match` : `${runs.length} run${runs.length === 1 ? '' : 's'}`}
        {picked.length > 0 && ` · ${picked.length} selected`}
        {hiddenPicked > 0 && ` (${hiddenPicked} hidden by the filter)`}
        {picked.length > 0 && (
          <button type="button" className="link-button" data-testid="clear-selection" onClick={() => setChosen(new Set())}>
            Clear selection
          </button>
        )}
      </p>
      <div className="runs-scroll" ref={scroller}>
        <table data-testid="runs-list" data-rows={shown.length}>
          <thead>
            <tr>
              <th>
                <GroupCheckbox
                  label={`Select the ${shown.length} run${shown.length === 1 ? '' : 's'} shown`}
                  testId="runs-select-all"
                  state={shown.length ? allState : 'none'}
                  onChange={(on) => setMany(shown, on)}
                />
              </th>
              {COLUMNS.map((column) => (
                <th key={column.key} className={column.number ? 'number' : undefined} aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                  <button type="button" className="header-sort" data-testid={`runs-sort-${column.key}`} onClick={() => sortBy(column.key)}>
                    {column.label}
                    {sort.key === column.key && <span aria-hidden="true">{sort.descending ? ' ▼' : ' ▲'}</span>}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
            {virtualItems.map((virtual) => {
              const item = items[virtual.index];
              if (item.kind === 'run') {
                return (
                  <RunRowView
                    key={item.key}
                    row={item.row}
                    index={virtual.index}
                    checked={chosen.has(item.row.run.id)}
                    current={item.row.run.id === selectedId}
                    onToggle={toggle}
                    onCancel={cancel}
                    measure={virtualizer.measureElement}
                  />
                );
              }
              return (
                <tr key={item.key} ref={virtualizer.measureElement} data-index={virtual.index} className="group-row" data-testid="run-group" data-title={item.title} data-runs={item.rows.length}>
                  <td>
                    <GroupCheckbox label={`Select the ${item.rows.length} runs of ${item.title}`} testId="group-select" state={selectionState(item.rows, chosen)} onChange={(on) => setMany(item.rows, on)} />
                  </td>
                  <td colSpan={COLUMNS.length}>
                    <button
                      type="button"
                      className="link-button group-toggle"
                      aria-expanded={!item.collapsed}
                      data-testid="group-toggle"
                      onClick={() =>
                        setCollapsed((current) => {
                          const next = new Set(current);
                          if (!next.delete(item.key.slice('group:'.length))) next.add(item.key.slice('group:'.length));
                          return next;
                        })
                      }
                    >
                      {item.collapsed ? '▸' : '▾'} {item.title}
                    </button>
                    <span className="muted"> · {item.rows.length} run{item.rows.length === 1 ? '' : 's'}</span>
                  </td>
                </tr>
              );
            })}
            {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
          </tbody>
        </table>
        {shown.length === 0 && (
          <p className="muted empty-filter" data-testid="runs-none-match">
            No run matches. {filtering && 'Clear the search or a filter to see more.'}
          </p>
        )}
      </div>
    </section>
  );
}
