import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { createRunRecorder } from '../../../src/renderer/src/db/run-recorder';
import { RunsRepository } from '../../../src/renderer/src/db/runs-repository';
import { continuation } from '../../../src/renderer/src/features/runs/continuation';
import { checkpointToJson } from '../../../src/shared/nn/checkpoint-json';
import { createRng } from '../../../src/shared/nn/rng';
import type { CheckpointFile } from '../../../src/shared/schema/checkpoint';
import { epochEvent, experiment, weights } from './run-fixtures';

// A run's latest checkpoint in IndexedDB (schema v5): stored after the epochs it covers, replaced
// only by a later one, deleted with the run; a v4 database opens as v5 with everything kept; and
// "Continue training" goes on from the checkpoint with the epochs counted on.

const options = { indexedDB, IDBKeyRange };
let counter = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});
function open(name = `checkpoints-${++counter}`): WorkbenchDatabase {
  const db = new WorkbenchDatabase(name, options);
  opened.push(db);
  return db;
}

/** A checkpoint of the fixture experiment (2 → 8 → 1) at `epoch`. */
function checkpoint(epoch: number): CheckpointFile {
  const tensors = () => [new Float64Array(16), new Float64Array(8), new Float64Array(8), new Float64Array(1)];
  return checkpointToJson(
    {
      epoch,
      seconds: epoch / 10,
      parameters: tensors(),
      optimizer: { name: 'adam', steps: epoch * 3, arrays: { m: tensors(), v: tensors() } },
      rng: { shuffle: createRng(1).state(), dropout: createRng(2).state() },
      order: Int32Array.from([2, 0, 1]),
      best: null,
      epochsWithoutImprovement: 0,
    },
    { experiment, inputs: 2 },
  );
}

const run = { id: 'r', name: 'r', experiment, datasetName: 'spirals', host: 'browser' as const, createdAt: 0 };

describe('run checkpoints', () => {
  it('keeps the latest checkpoint, ignores an older one, and deletes it with the run', async () => {
    const repository = new RunsRepository(open());
    await repository.create(run);
    await repository.saveCheckpoint('r', checkpoint(2));
    await repository.saveCheckpoint('r', checkpoint(4));
    await repository.saveCheckpoint('r', checkpoint(3));
    expect((await repository.checkpoint('r'))?.checkpoint.epoch).toBe(4);
    await repository.saveCheckpoint('gone', checkpoint(1));
    expect(await repository.checkpoint('gone')).toBeUndefined();
    await repository.delete('r');
    expect(await repository.checkpoint('r')).toBeUndefined();
  });

  it('the recorder stores a checkpoint with or after the epochs that came before it, never before them', async () => {
    const repository = new RunsRepository(open());
    await repository.create(run);
    const order: string[] = [];
    const append = repository.appendEpochs.bind(repository);
    repository.appendEpochs = async (id, events) => {
      order.push(`epochs ${events.map((e) => e.epoch).join(',')}`);
      return append(id, events);
    };
    const save = repository.saveCheckpoint.bind(repository);
    repository.saveCheckpoint = async (id, file) => {
      order.push(`checkpoint ${file.epoch}`);
      return save(id, file);
    };
    const recorder = createRunRecorder(repository, 'r', { minIntervalMs: 10_000 });
    for (const epoch of [1, 2, 3]) recorder.epoch(epochEvent(epoch));
    recorder.checkpoint(checkpoint(3));
    recorder.epoch(epochEvent(4));
    await recorder.end({ status: 'done', weights });
    // Epoch 1's write is in flight while the rest arrive: they follow in one transaction, epochs first.
    expect(order).toEqual(['epochs 1', 'epochs 2,3,4', 'checkpoint 3']);
    expect((await repository.checkpoint('r'))?.checkpoint.epoch).toBe(3);
  });

  it('a v4 database opens (as v6) with its runs, epochs and weights, and takes checkpoints', async () => {
    const name = `migration-${++counter}`;
    const old = new Dexie(name, options);
    old.version(1).stores({ runs: 'id, createdAt, status', epochs: '[runId+epoch]', runWeights: 'runId' });
    old.version(2).stores({ datasets: 'id, createdAt, name', datasetData: 'datasetId' });
    old.version(3).stores({ experiments: 'id, updatedAt', runViews: '[runId+epoch]' });
    old.version(4).stores({ sweeps: 'id, createdAt, status', sweepRuns: '[sweepId+index], sweepId, runId, status' });
    await old.table('runs').add({ ...run, status: 'interrupted', totalEpochs: 5, epochsDone: 2 });
    await old.table('epochs').bulkAdd([1, 2].map((epoch) => ({ runId: 'r', epoch, event: epochEvent(epoch) })));
    await old.table('runWeights').add({ runId: 'r', final: weights });
    old.close();

    const db = open(name);
    const repository = new RunsRepository(db);
    expect(db.verno).toBe(6);
    expect(await repository.get('r')).toMatchObject({ status: 'interrupted', epochsDone: 2 });
    expect((await repository.epochs('r')).map((e) => e.epoch)).toEqual([1, 2]);
    expect((await repository.weights('r'))?.final).toEqual(weights);
    expect(await repository.checkpoint('r')).toBeUndefined();
    await repository.saveCheckpoint('r', checkpoint(2));
    expect((await repository.checkpoint('r'))?.checkpoint.epoch).toBe(2);
  });

  it('a continued run counts on from the checkpoint and its history starts with the parent’s epochs up to it', async () => {
    const repository = new RunsRepository(open());
    await repository.create(run);
    await repository.appendEpochs('r', [0, 1, 2, 3].map((epoch) => epochEvent(epoch)));
    await repository.create({ ...run, id: 'c', continuedFrom: 'r', resumedFromEpoch: 2 });
    expect(await repository.get('c')).toMatchObject({ epochsDone: 2, totalEpochs: 5 });
    await repository.appendEpochs('c', [3, 4, 5].map((epoch) => epochEvent(epoch)));
    expect((await repository.history('c')).map((e) => `${e.runId}:${e.epoch}`)).toEqual(['r:0', 'r:1', 'r:2', 'c:3', 'c:4', 'c:5']);
  });
});

describe('continuation', () => {
  const record = (status: 'interrupted' | 'done', epochsDone: number, extra = {}) => ({ ...run, status, totalEpochs: 5, epochsDone, ...extra });

  it('an interrupted run goes on to its planned end from the checkpoint', () => {
    const next = continuation(record('interrupted', 3), checkpoint(2), undefined);
    expect(next).toMatchObject({ experiment: { training: { epochs: 5 } }, title: 'Train epochs 3–5 from the checkpoint of epoch 2: the same weights as one run of 5 epochs' });
    expect('resume' in next && next.resume?.epoch).toBe(2);
  });

  it('a finished run trains as many epochs again; a continued one as many as its own leg', () => {
    expect(continuation(record('done', 5), checkpoint(5), weights)).toMatchObject({ experiment: { training: { epochs: 10 } } });
    expect(continuation(record('done', 8, { totalEpochs: 8, resumedFromEpoch: 5 }), checkpoint(8), weights)).toMatchObject({ experiment: { training: { epochs: 11 } } });
  });

  it('without a checkpoint, from the final weights (and says the optimizer starts afresh), else not at all', () => {
    const next = continuation(record('done', 5), undefined, weights);
    expect(next).toMatchObject({ initialWeights: weights, experiment: { training: { epochs: 5 } } });
    expect('title' in next && next.title).toMatch(/no checkpoint, so the optimizer starts afresh/);
    expect(continuation(record('interrupted', 3), undefined, undefined)).toEqual({ unavailable: 'This run has neither a checkpoint nor final weights' });
  });
});
