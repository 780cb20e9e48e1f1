import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/renderer/src/db/database';
import { filterRuns, groupRuns, searchTerms, sortRuns, type RunRow } from '../../../src/renderer/src/components/runs-query';
import { experiment } from './run-fixtures';

function row(id: string, changes: Partial<RunRecord> & { loss?: number }, extra: Partial<RunRow> = {}): RunRow {
  const { loss, ...rest } = changes;
  const run: RunRecord = {
    id,
    name: id,
    createdAt: 0,
    status: 'done',
    experiment,
    datasetName: 'spirals',
    host: 'browser',
    totalEpochs: 5,
    epochsDone: 5,
    ...(loss !== undefined ? { metrics: { train: { loss }, validation: { loss, accuracy: 1 - loss }, seconds: 1 } } : {}),
    ...rest,
  };
  return { run, label: id, ...extra };
}

const rows = [
  row('alpha', { createdAt: 1, loss: 0.5, tags: ['baseline'], experimentId: 'e1' }, { experimentName: 'Iris baseline' }),
  row('beta', { createdAt: 2, loss: 0.2, datasetName: 'iris', status: 'failed' }, { sweepId: 's1', sweepName: 'lr sweep' }),
  row('gamma', { createdAt: 3 }, { sweepId: 's1', sweepName: 'lr sweep' }),
  row('delta', { createdAt: 4, loss: 0.9, experimentId: 'e1' }, { experimentName: 'Iris baseline' }),
];
const ids = (list: RunRow[]) => list.map((r) => r.run.id);

describe('Runs list query', () => {
  it('searches every word across name, dataset, experiment, sweep, status and tags', () => {
    expect(ids(filterRuns(rows, { text: 'iris' }))).toEqual(['alpha', 'beta', 'delta']);
    expect(ids(filterRuns(rows, { text: 'LR   sweep failed' }))).toEqual(['beta']);
    expect(ids(filterRuns(rows, { text: 'baseline alpha' }))).toEqual(['alpha']);
    expect(ids(filterRuns(rows, { text: '' }))).toEqual(['alpha', 'beta', 'gamma', 'delta']);
  });

  it('keeps quoted words together', () => {
    expect(searchTerms('  "Seed  1" lr "open')).toEqual(['seed 1', 'lr', 'open']);
    expect(ids(filterRuns(rows, { text: '"lr sweep"' }))).toEqual(['beta', 'gamma']);
    expect(ids(filterRuns(rows, { text: '"sweep lr"' }))).toEqual([]);
    expect(ids(filterRuns(rows, { text: 'sweep lr' }))).toEqual(['beta', 'gamma']);
  });

  it('filters by status, dataset, experiment, sweep and tag together', () => {
    expect(ids(filterRuns(rows, { text: '', status: 'done', dataset: 'spirals' }))).toEqual(['alpha', 'gamma', 'delta']);
    expect(ids(filterRuns(rows, { text: '', experiment: 'e1' }))).toEqual(['alpha', 'delta']);
    expect(ids(filterRuns(rows, { text: '', sweep: 's1', status: 'done' }))).toEqual(['gamma']);
    expect(ids(filterRuns(rows, { text: '', tag: 'baseline' }))).toEqual(['alpha']);
  });

  it('sorts by any column both ways, runs without a value last either way', () => {
    expect(ids(sortRuns(rows, { key: 'loss', descending: false }))).toEqual(['beta', 'alpha', 'delta', 'gamma']);
    expect(ids(sortRuns(rows, { key: 'loss', descending: true }))).toEqual(['delta', 'alpha', 'beta', 'gamma']);
    expect(ids(sortRuns(rows, { key: 'created', descending: true }))).toEqual(['delta', 'gamma', 'beta', 'alpha']);
    expect(ids(sortRuns(rows, { key: 'name', descending: false }))).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    // Ties (same dataset) keep the newest first.
    expect(ids(sortRuns(rows, { key: 'dataset', descending: false }))).toEqual(['beta', 'delta', 'gamma', 'alpha']);
  });

  it('sorts a regression run by its R² in the accuracy column (both read best high)', () => {
    const regression = (id: string, r2: number) => row(id, { metrics: { train: { loss: 1, r2 }, validation: { loss: 1, r2 }, seconds: 1 } });
    const mixed = [row('classifier', { loss: 0.3 }), regression('fit', 0.9), regression('poor', 0.2), row('none', {})];
    // accuracy 0.7 for the classifier (1 − loss), R² 0.9 and 0.2 for the regressions, none last.
    expect(ids(sortRuns(mixed, { key: 'accuracy', descending: true }))).toEqual(['fit', 'classifier', 'poor', 'none']);
  });

  it('groups by experiment or sweep in the sorted order, runs outside any group last', () => {
    const byExperiment = groupRuns(sortRuns(rows, { key: 'created', descending: true }), 'experiment');
    expect(byExperiment.map((g) => [g.title, ids(g.rows)])).toEqual([
      ['Iris baseline', ['delta', 'alpha']],
      ['Not from a saved experiment', ['gamma', 'beta']],
    ]);
    expect(groupRuns(rows, 'sweep').map((g) => [g.title, g.rows.length])).toEqual([
      ['lr sweep', 2],
      ['Not in a sweep', 2],
    ]);
    expect(groupRuns(rows, 'none')).toHaveLength(1);
  });
});
