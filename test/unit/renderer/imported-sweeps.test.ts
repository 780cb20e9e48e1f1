import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { SweepsRepository } from '../../../src/renderer/src/db/sweeps-repository';
import { importResults } from '../../../src/renderer/src/features/sweeps/import-results';
import { mergeImported } from '../../../src/renderer/src/features/sweeps/imported-sweeps';
import { describeIndexes } from '../../../src/renderer/src/features/sweeps/ImportedSweepNote';
import { planSweep } from '../../../src/shared/engine/sweep-plan';
import { SweepSchema } from '../../../src/shared/schema/sweep';
import type { SweepResultLine } from '../../../src/shared/schema/sweep-result';
import { importedRun } from '../../../src/renderer/src/features/sweeps/attach-run-files';
import { epochEvent, experiment, weights } from './run-fixtures';

const plan = planSweep(SweepSchema.parse({ name: 'lr', experiment, parameters: { learningRate: [0.1, 0.01, 0.001], width: [4, 8] } }));
const line = (index: number, status: SweepResultLine['status'] = 'done'): SweepResultLine => {
  const run = plan.runs[index];
  return { format: 'nn-workbench.sweep-result', version: 1, sweep: plan.sweepId, runs: plan.runs.length, index, key: run.key, configKey: run.configKey, config: run.config, repeat: run.repeat, experiment: run.experiment, status, epochs: 5, final: { trainLoss: index }, seconds: 1 };
};
const file = (indexes: number[], status?: SweepResultLine['status']) => indexes.map((i) => JSON.stringify(line(i, status))).join('\n');

let db: WorkbenchDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

async function importInto(sweeps: SweepsRepository, text: string, name: string, id: string) {
  const incoming = importResults(text, name, { id, createdAt: 1 });
  return sweeps.saveImported(incoming, (existing) => mergeImported(existing, incoming));
}

describe('imported sweeps', () => {
  it('shows the whole planned sweep from one shard, and another shard or the same file again updates it', async () => {
    db = new WorkbenchDatabase('imported-sweeps', { indexedDB, IDBKeyRange });
    const sweeps = new SweepsRepository(db);
    const first = await importInto(sweeps, file([0, 2, 4]), 'shard-1.jsonl', 'a');
    expect(await sweeps.get(first)).toMatchObject({ total: 6, missing: [1, 3, 5], name: 'lr (imported from shard-1.jsonl, 3 of 6 runs missing)' });
    // The same file again: still one sweep, nothing doubled.
    expect(await importInto(sweeps, file([0, 2, 4]), 'shard-1.jsonl', 'b')).toBe(first);
    expect((await sweeps.runs(first)).map((run) => run.index)).toEqual([0, 2, 4]);
    // The other shard, with run 2 failed there: the finished copy of run 2 is kept.
    expect(await importInto(sweeps, `${file([1, 3, 5])}\n${JSON.stringify(line(2, 'failed'))}`, 'shard-2.jsonl', 'c')).toBe(first);
    expect(await sweeps.list()).toHaveLength(1);
    const merged = await sweeps.get(first);
    expect(merged).toMatchObject({ total: 6, missing: [], combinations: 6, importedFiles: ['shard-1.jsonl', 'shard-2.jsonl'], name: 'lr (imported from shard-1.jsonl, shard-2.jsonl)' });
    expect(merged?.definition.parameters).toEqual({ learningRate: [0.1, 0.01, 0.001], width: [4, 8] });
    expect((await sweeps.runs(first)).map((run) => [run.index, run.status, run.sweepId])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 'done', first]));
  });

  it('keeps runs attached from the weights folder when the same results come again, and drops a changed one’s link', async () => {
    db = new WorkbenchDatabase('imported-sweeps', { indexedDB, IDBKeyRange });
    const sweeps = new SweepsRepository(db);
    const id = await importInto(sweeps, file([0, 1]), 'results.jsonl', 'a');
    const [first, second] = await sweeps.runs(id);
    const record = (runId: string, index: number) => importedRun({ run: index === 0 ? first : second }, { id: runId, now: 1, sweepName: 'lr' })!;
    await sweeps.attachRuns(id, [
      { index: 0, run: record('r0', 0), epochs: [epochEvent(1)], weights },
      { index: 1, run: record('r1', 1), epochs: [], weights },
    ]);
    expect((await sweeps.runs(id)).map((run) => run.runId)).toEqual(['r0', 'r1']);
    // Attached again: the same run ids, the history replaced.
    await sweeps.attachRuns(id, [{ index: 0, run: record('r0', 0), epochs: [epochEvent(1), epochEvent(2)], weights }]);
    expect(await db.runs.count()).toBe(2);
    expect((await db.epochs.toArray()).map((row) => [row.runId, row.epoch])).toEqual([['r0', 1], ['r0', 2]]);
    // Run 1 trained again elsewhere with another result: its link goes, run 0's stays.
    expect(await importInto(sweeps, `${JSON.stringify(line(0))}\n${JSON.stringify({ ...line(1), final: { trainLoss: 0.5 } })}`, 'results.jsonl', 'b')).toBe(id);
    expect((await sweeps.runs(id)).map((run) => run.runId)).toEqual(['r0', undefined]);
  });

  it('writes missing runs as short ranges of run numbers', () => {
    expect(describeIndexes([4, 0, 1, 2, 7, 8])).toBe('1–3, 5, 8–9');
    expect(describeIndexes([0, 2, 4, 6], 2)).toBe('1, 3 and 2 more ranges');
  });
});
