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
    // The start is written at once; the burst arrives while it is in flight and goes into one write, with the end.
    expect(append.mock.calls.map(([, events]) => events.length)).toEqual([200]);
  });

  it('writes an epoch at once when the last write is older than the interval, else holds it until then or the end', async () => {
    let clock = 0;
    const append = vi.spyOn(repository, 'appendEpochs');
    const recorder = createRunRecorder(repository, 'r', { minIntervalMs: 1000, now: () => clock });
    const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
    recorder.epoch(epochEvent(1));
    await settled();
    clock = 1500;
    recorder.epoch(epochEvent(2));
    await settled();
    clock = 1700;
    recorder.epoch(epochEvent(3)); // due 800 ms later
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(append.mock.calls.map(([, events]) => events.map((e) => e.epoch))).toEqual([[1], [2]]);
    await recorder.end({ status: 'done' });
    expect(append.mock.calls.map(([, events]) => events.map((e) => e.epoch))).toEqual([[1], [2], [3]]);
    expect((await repository.get('r'))?.epochsDone).toBe(3);
  });

  it('keeps one write in flight: what arrives meanwhile goes into the next, and the end follows it at once with the epochs left', async () => {
    let clock = 0;
    const writes: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const record = repository.record.bind(repository);
    vi.spyOn(repository, 'record').mockImplementation(async (id, batch) => {
      writes.push(`${batch.epochs.map((event) => event.epoch).join(',')}${batch.end ? ` end ${batch.end.result.status}` : ''}`);
      // The first write is slow, as on a busy machine: nothing else may be sent meanwhile.
      if (writes.length === 1) await held;
      return record(id, batch);
    });
    const recorder = createRunRecorder(repository, 'r', { minIntervalMs: 100, now: () => clock });
    recorder.started();
    recorder.epoch(epochEvent(1));
    for (let epoch = 2; epoch <= 5000; epoch++) {
      clock += 1; // far past the interval by the end: still one write in flight
      recorder.epoch(epochEvent(epoch, 5000));
    }
    const ended = recorder.end({ status: 'cancelled', bestEpoch: 5000, weights });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes).toEqual(['']);
    release();
    await ended;
    expect(writes).toEqual(['', `${Array.from({ length: 5000 }, (_, i) => i + 1).join(',')} end cancelled`]);
    expect(await repository.get('r')).toMatchObject({ status: 'cancelled', epochsDone: 5000 });
    expect((await repository.epochs('r')).length).toBe(5000);
    expect((await repository.weights('r'))?.final).toEqual(weights);
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
