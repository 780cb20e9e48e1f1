import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { createRunRecorder } from '../../../src/renderer/src/db/run-recorder';
import { RunsRepository } from '../../../src/renderer/src/db/runs-repository';
import { epochEvent, experiment, weights } from './run-fixtures';

let db: WorkbenchDatabase;
let repository: RunsRepository;
let counter = 0;

beforeEach(async () => {
  db = new WorkbenchDatabase(`recorder-${++counter}`, { indexedDB, IDBKeyRange });
  repository = new RunsRepository(db);
  await repository.create({ id: 'r', name: 'r', experiment, datasetName: 'spirals', host: 'browser', createdAt: 0 });
});
afterEach(async () => {
  await db.delete();
});

describe('createRunRecorder', () => {
  it('stores every epoch of a burst and the end, in a few transactions', async () => {
    const append = vi.spyOn(repository, 'appendEpochs');
    const recorder = createRunRecorder(repository, 'r', { minIntervalMs: 50 });
    recorder.started();
    for (let epoch = 1; epoch <= 200; epoch++) recorder.epoch(epochEvent(epoch, 200));
    await recorder.end({ status: 'done', bestEpoch: 200, weights });

    expect((await repository.epochs('r')).map((record) => record.epoch)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await repository.get('r')).toMatchObject({ status: 'done', epochsDone: 200, bestEpoch: 200 });
    expect((await repository.weights('r'))?.final).toEqual(weights);
    // The first epoch is written at once, the other 199 arrived within the interval: one more write.
    expect(append.mock.calls.map(([, events]) => events.length)).toEqual([1, 199]);
  });

  it('writes an epoch at once when the last write is older than the interval, else holds it until then or the end', async () => {
    let clock = 0;
    const append = vi.spyOn(repository, 'appendEpochs');
    const recorder = createRunRecorder(repository, 'r', { minIntervalMs: 1000, now: () => clock });
    recorder.epoch(epochEvent(1));
    clock = 1500;
    recorder.epoch(epochEvent(2));
    clock = 1700;
    recorder.epoch(epochEvent(3)); // due 800 ms later
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(append.mock.calls.map(([, events]) => events.map((e) => e.epoch))).toEqual([[1], [2]]);
    await recorder.end({ status: 'done' });
    expect(append.mock.calls.map(([, events]) => events.map((e) => e.epoch))).toEqual([[1], [2], [3]]);
    expect((await repository.get('r'))?.epochsDone).toBe(3);
  });

  it('reports a failed write and keeps saving later events', async () => {
    const errors: unknown[] = [];
    vi.spyOn(repository, 'markStarted').mockRejectedValueOnce(new Error('QuotaExceededError'));
    const recorder = createRunRecorder(repository, 'r', { onWriteError: (error) => errors.push(error) });
    recorder.started();
    recorder.epoch(epochEvent(1));
    await recorder.end({ status: 'cancelled' });
    expect(errors.map((error) => (error as Error).message)).toEqual(['QuotaExceededError']);
    expect(await repository.get('r')).toMatchObject({ status: 'cancelled', epochsDone: 1 });
  });
});
