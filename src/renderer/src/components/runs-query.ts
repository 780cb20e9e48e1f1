import type { RunRecord, RunStatus } from '../db/database';
import { STATUS_LABELS } from './format';

// What the Runs list shows of a thousand runs: the ones that match a search and filters, in the
// order of any column, optionally grouped by experiment or sweep. Pure, so it is tested apart from
// the table and recomputed only when the runs or the query change.

export interface RunRow {
  run: RunRecord;
  /** The name that tells it apart from its siblings (run-labels.ts). */
  label: string;
  experimentName?: string;
  sweepId?: string;
  sweepName?: string;
}

export const SORT_KEYS = ['name', 'dataset', 'status', 'epochs', 'loss', 'accuracy', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  descending: boolean;
}
export type Grouping = 'none' | 'experiment' | 'sweep';

export interface RunsFilter {
  /**
   * Words that must all appear in the run's name, dataset, experiment, sweep, status or tags;
   * "quoted words" must appear together ("seed 1" rather than any seed and any 1).
   */
  text: string;
  status?: RunStatus;
  dataset?: string;
  experiment?: string;
  sweep?: string;
  tag?: string;
}

/** The metrics a run's row shows: validation when it has a validation split, else training. */
export const shownMetrics = (run: RunRecord) => run.metrics?.validation ?? run.metrics?.train;

function searchText(row: RunRow): string {
  const { run } = row;
  return [row.label, run.datasetName, row.experimentName, row.sweepName, STATUS_LABELS[run.status], run.status, ...(run.tags ?? [])]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** The search's terms: quoted phrases whole, other words one by one, lower case. */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [, phrase, word] of text.toLowerCase().matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = (phrase ?? word).trim().replace(/\s+/g, ' ');
    if (term) terms.push(term);
  }
  return terms;
}

export function filterRuns(rows: readonly RunRow[], filter: RunsFilter): RunRow[] {
  const words = searchTerms(filter.text);
  return rows.filter(
    (row) =>
      (!filter.status || row.run.status === filter.status) &&
      (!filter.dataset || row.run.datasetName === filter.dataset) &&
      (!filter.experiment || row.run.experimentId === filter.experiment) &&
      (!filter.sweep || row.sweepId === filter.sweep) &&
      (!filter.tag || (row.run.tags ?? []).includes(filter.tag)) &&
      (words.length === 0 || words.every((word) => searchText(row).includes(word))),
  );
}

/** The value a column sorts by; undefined (no metric yet) sorts last in either direction. */
function sortValue(row: RunRow, key: SortKey): string | number | undefined {
  switch (key) {
    case 'name':
      return row.label.toLowerCase();
    case 'dataset':
      return row.run.datasetName.toLowerCase();
    case 'status':
      return STATUS_LABELS[row.run.status];
    case 'epochs':
      return row.run.epochsDone;
    case 'loss':
      return finite(shownMetrics(row.run)?.loss);
    case 'accuracy': {
      // A regression run has no accuracy: its R² (also best high) takes the column's place.
      const metrics = shownMetrics(row.run);
      return finite(metrics?.accuracy ?? metrics?.r2);
    }
    case 'created':
      return row.run.createdAt;
  }
}

const finite = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value : undefined);

const collator = new Intl.Collator(undefined, { numeric: true });

export function sortRuns(rows: readonly RunRow[], { key, descending }: Sort): RunRow[] {
  const keyed = rows.map((row) => ({ row, value: sortValue(row, key) }));
  keyed.sort((a, b) => {
    if (a.value === undefined || b.value === undefined) return a.value === b.value ? 0 : a.value === undefined ? 1 : -1;
    const order = typeof a.value === 'number' ? a.value - (b.value as number) : collator.compare(a.value, b.value as string);
    // Ties keep the newest first, whatever the direction, so the order is stable between renders.
    return (descending ? -order : order) || b.row.run.createdAt - a.row.run.createdAt;
  });
  return keyed.map(({ row }) => row);
}

export interface RunGroup {
  key: string;
  title: string;
  rows: RunRow[];
}

/** Groups in the order their first row appears (so the sort decides), runs outside any group last. */
export function groupRuns(rows: readonly RunRow[], grouping: Grouping): RunGroup[] {
  if (grouping === 'none') return [{ key: 'all', title: 'All runs', rows: [...rows] }];
  const groups = new Map<string, RunGroup>();
  const outside: RunRow[] = [];
  for (const row of rows) {
    const key = grouping === 'experiment' ? row.run.experimentId : row.sweepId;
    if (!key) {
      outside.push(row);
      continue;
    }
    const title = (grouping === 'experiment' ? row.experimentName : row.sweepName) ?? '(deleted)';
    const group = groups.get(key) ?? groups.set(key, { key, title, rows: [] }).get(key)!;
    group.rows.push(row);
  }
  const rest = grouping === 'experiment' ? 'Not from a saved experiment' : 'Not in a sweep';
  return [...groups.values(), ...(outside.length ? [{ key: '', title: rest, rows: outside }] : [])];
}
