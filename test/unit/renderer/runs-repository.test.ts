import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { RunsRepository, type NewRun } from '../../../src/renderer/src/db/runs-repository';
import { epochEvent, experiment, weights } from './run-fixtures';

let db: WorkbenchDatabase;
let repository: RunsRepository;
let counter = 0;

function newRun(id: string, createdAt = 1000): NewRun {
  return { id, name: `run ${id}`, experiment, datasetName: 'spirals', host: 'browser', createdAt };
}

beforeEach(() => {
  db = new WorkbenchDatabase(`test-${++counter}`, { indexedDB, IDBKeyRange });
  repository = new RunsRepository(db);
});
afterEach(async () => {
  await db.delete();
});

describe('RunsRepository', () => {
  it('reads forks with their inherited epochs, and the runs they came from up the chain', async () => {
    await repository.create(newRun('p'));
    await repository.appendEpochs('p', [epochEvent(1), epochEvent(2), epochEvent(3)]);
    await repository.create({ ...newRun('f'), continuedFrom: 'p', resumedFromEpoch: 2 });
    await repository.appendEpochs('f', [epochEvent(3), epochEvent(4)]);
    await repository.create({ ...newRun('g'), continuedFrom: 'f', resumedFromEpoch: 4 });
    await repository.create({ ...newRun('o'), continuedFrom: 'deleted', resumedFromEpoch: 1 });
    const [f, p] = await repository.historiesOfMany(['f', 'p']);
    expect(f.map((record) => `${record.runId}:${record.epoch}`)).toEqual(['p:1', 'p:2', 'f:3', 'f:4']);
    expect(p).toHaveLength(3);
    expect((await repository.withAncestors(['g', 'o'])).map((run) => run.id).sort()).toEqual(['f', 'g', 'o', 'p']);
  });

  it('creates a queued run with the epochs to do taken from the experiment', async () => {
    await repository.create(newRun('a'));
    const run = await repository.get('a');
    expect(run).toMatchObject({ status: 'queued', epochsDone: 0, totalEpochs: 5, datasetName: 'spirals' });
    expect(run?.experiment.training.optimizer).toEqual({ name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });

  it('stores the metric history in epoch order and keeps the last epoch as current metrics', async () => {
    await repository.create(newRun('a'));
    await repository.markStarted('a', 2000);
    await repository.appendEpochs('a', [epochEvent(1), epochEvent(2)]);
    await repository.appendEpochs('a', [epochEvent(3)]);
    const history = await repository.epochs('a');
    expect(history.map((record) => record.epoch)).toEqual([1, 2, 3]);
    expect(history[1].event.train.loss).toBe(0.5);
    const run = await repository.get('a');
    expect(run).toMatchObject({ status: 'running', startedAt: 2000, epochsDone: 3 });
    expect(run?.metrics).toEqual({ train: epochEvent(3).train, validation: epochEvent(3).validation, seconds: epochEvent(3).seconds });
  });

  it('reads a growing history by the epochs added since the last read, also for a run continued from another', async () => {
    await repository.create(newRun('p'));
    await repository.appendEpochs('p', [0, 1, 2, 3].map((epoch) => epochEvent(epoch)));
    await repository.create({ ...newRun('c'), continuedFrom: 'p', resumedFromEpoch: 2 });
    await repository.create(newRun('c2'));
    await repository.appendEpochs('c2', [epochEvent(3), epochEvent(9)]);
    const labels = (history: { runId: string; epoch: number }[]) => history.map((record) => `${record.runId}:${record.epoch}`);

    const first = await repository.historySince('c', undefined);
    expect(labels(first)).toEqual(['p:0', 'p:1', 'p:2']);
    expect(await repository.historySince('c', first)).toBe(first);
    await repository.appendEpochs('c', [epochEvent(3)]);
    const second = await repository.historySince('c', first);
    await repository.appendEpochs('c', [epochEvent(4), epochEvent(5)]);
    const third = await repository.historySince('c', second);
    expect(labels(second)).toEqual(['p:0', 'p:1', 'p:2', 'c:3']);
    expect(labels(third)).toEqual(labels(await repository.history('c')));
    expect(labels(third)).toEqual(['p:0', 'p:1', 'p:2', 'c:3', 'c:4', 'c:5']);
    expect(third[3].event).toEqual(epochEvent(3));
    // A history read before is never changed by a later one.
    expect(first).toHaveLength(3);
    expect(await repository.historySince('c2', [])).toEqual(await repository.history('c2'));
  });

  it('keeps histories of different runs apart, also for ids that share a prefix', async () => {
    await repository.create(newRun('a'));
    await repository.create(newRun('ab'));
    await repository.appendEpochs('a', [epochEvent(1)]);
    await repository.appendEpochs('ab', [epochEvent(1), epochEvent(2)]);
    expect((await repository.epochs('a')).length).toBe(1);
    expect((await repository.epochs('ab')).length).toBe(2);
  });

  it('records the end with final and best weights stored apart from the run', async () => {
    await repository.create(newRun('a'));
    await repository.appendEpochs('a', [epochEvent(1), epochEvent(2)]);
    await repository.finish('a', { status: 'done', bestEpoch: 2, weights, bestWeights: weights }, 3000);
    expect(await repository.get('a')).toMatchObject({ status: 'done', endedAt: 3000, bestEpoch: 2, epochsDone: 2 });
    expect(await repository.weights('a')).toEqual({ runId: 'a', final: weights, best: weights });
  });

  it('never changes the status of a run that has already ended', async () => {
    await repository.create(newRun('a'));
    await repository.finish('a', { status: 'cancelled' }, 3000);
    await repository.finish('a', { status: 'failed', message: 'late' }, 4000);
    await repository.markStarted('a', 5000);
    expect(await repository.get('a')).toMatchObject({ status: 'cancelled', endedAt: 3000 });
    expect((await repository.get('a'))?.message).toBeUndefined();
  });

  it('lists the runs that were queued or running as candidates for recovery', async () => {
    await repository.create(newRun('queued'));
    await repository.create(newRun('running'));
    await repository.create(newRun('done'));
    await repository.markStarted('running', 1);
    await repository.finish('done', { status: 'done' }, 2);
    expect((await repository.activeRunIds()).sort()).toEqual(['queued', 'running']);
  });

  it('marks an abandoned run as interrupted, keeping its epochs, and leaves ended runs alone', async () => {
    await repository.create(newRun('queued'));
    await repository.create(newRun('running'));
    await repository.create(newRun('done'));
    await repository.markStarted('running', 1);
    await repository.appendEpochs('running', [epochEvent(1), epochEvent(2)]);
    await repository.finish('done', { status: 'done' }, 2);

    expect(await repository.markInterrupted('running', 9000)).toBe(true);
    expect(await repository.markInterrupted('queued', 9000)).toBe(true);
    expect(await repository.markInterrupted('done', 9000)).toBe(false);

    expect(await repository.get('running')).toMatchObject({
      status: 'interrupted',
      endedAt: 9000,
      message: 'The app closed during training; 2 of 5 epochs were kept.',
    });
    expect((await repository.epochs('running')).length).toBe(2);
    expect(await repository.get('queued')).toMatchObject({ status: 'interrupted', message: 'The app closed before this run started.' });
    expect(await repository.get('done')).toMatchObject({ status: 'done', endedAt: 2 });
    expect(await repository.activeRunIds()).toEqual([]);
  });

  it('lists runs newest first', async () => {
    await repository.create(newRun('old', 1));
    await repository.create(newRun('new', 3));
    await repository.create(newRun('mid', 2));
    expect((await repository.list()).map((run) => run.id)).toEqual(['new', 'mid', 'old']);
  });

  it('keeps runs across connections to the same database (a page reload)', async () => {
    await repository.create(newRun('a'));
    await repository.appendEpochs('a', [epochEvent(1)]);
    db.close();
    const reopened = new WorkbenchDatabase(db.name, { indexedDB, IDBKeyRange });
    const again = new RunsRepository(reopened);
    expect((await again.get('a'))?.epochsDone).toBe(1);
    expect((await again.epochs('a')).length).toBe(1);
    db = reopened;
  });

  it('deletes a run with its history and weights, leaving other runs whole', async () => {
    await repository.create(newRun('a'));
    await repository.create(newRun('ab'));
    for (const id of ['a', 'ab']) {
      await repository.appendEpochs(id, [epochEvent(1), epochEvent(2)]);
      await repository.finish(id, { status: 'done', weights }, 3000);
    }
    await repository.delete('a');
    expect(await repository.get('a')).toBeUndefined();
    expect(await repository.epochs('a')).toEqual([]);
    expect(await repository.weights('a')).toBeUndefined();
    expect((await repository.epochs('ab')).length).toBe(2);
    expect((await repository.weights('ab'))?.final).toEqual(weights);
  });

  it('keeps each epoch’s look into the network apart from the metric history, and finds the latest', async () => {
    const view = (bins: number) => ({ layers: [], evaluated: { split: 'train' as const, rows: bins }, confusion: [[bins, 0], [0, bins]] });
    await repository.create(newRun('a'));
    await repository.appendEpochs('a', [{ ...epochEvent(1), view: view(1) }, epochEvent(2)]);
    await repository.appendEpochs('a', [{ ...epochEvent(3), view: view(3) }, epochEvent(4)]);
    expect((await repository.epochs('a')).map((record) => 'view' in record.event)).toEqual([false, false, false, false]);
    expect(await repository.latestView('a')).toEqual({ runId: 'a', epoch: 3, view: view(3) });
    expect(await repository.latestView('b')).toBeUndefined();
    await repository.delete('a');
    expect(await repository.latestView('a')).toBeUndefined();
  });

  it('stores no epochs for a run deleted while it was still training', async () => {
    await repository.create(newRun('a'));
    await repository.delete('a');
    await repository.appendEpochs('a', [epochEvent(1)]);
    expect(await repository.epochs('a')).toEqual([]);
    expect(await repository.get('a')).toBeUndefined();
  });

  it('keeps tags trimmed and unique, and notes as written', async () => {
    await repository.create({ ...newRun('a'), experimentId: 'e1' });
    await repository.annotate('a', { tags: [' baseline ', 'lr', '', 'baseline'] });
    await repository.annotate('a', { notes: 'diverges after epoch 40' });
    expect(await repository.get('a')).toMatchObject({ experimentId: 'e1', tags: ['baseline', 'lr'], notes: 'diverges after epoch 40' });
  });
});
