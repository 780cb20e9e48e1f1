import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchDatabase, type DatasetRecord } from '../../../src/renderer/src/db/database';
import { DatasetsRepository } from '../../../src/renderer/src/db/datasets-repository';

// The v6 upgrade: datasets stored by v5 (all rows in one value) open as chunks with the same
// numbers, their size recounted as stored; the runs, and numbers no dataset describes, as before.

const options = { indexedDB, IDBKeyRange };
let counter = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const record = (id: string, extra: Partial<DatasetRecord>): DatasetRecord => ({
  id,
  name: id,
  createdAt: 1,
  source: { kind: 'idx', imagesFile: 'i', labelsFile: 'l', report: { images: 3, height: 1, width: 2 } },
  rows: 3,
  features: 2,
  task: 'classification',
  normalization: { kind: 'none' },
  dtype: 'float32',
  bytes: 0,
  ...extra,
});

/** A database as v5 left it, with one image set, one regression table and stray numbers. */
async function v5Database(name: string): Promise<void> {
  const old = new Dexie(name, options);
  old.version(1).stores({ runs: 'id, createdAt, status', epochs: '[runId+epoch]', runWeights: 'runId' });
  old.version(2).stores({ datasets: 'id, createdAt, name', datasetData: 'datasetId' });
  old.version(3).stores({ experiments: 'id, updatedAt', runViews: '[runId+epoch]' });
  old.version(4).stores({ sweeps: 'id, createdAt, status', sweepRuns: '[sweepId+index], sweepId, runId, status' });
  old.version(5).stores({ runCheckpoints: 'runId' });
  await old.table('datasets').bulkAdd([
    record('images', { classes: [{ name: 'a', rows: 2 }, { name: 'b', rows: 1 }], split: { train: 2, validation: 1, test: 0 }, bytes: 36 }),
    record('prices', { task: 'regression', targetNames: ['price'], dtype: 'float64', bytes: 72 }),
  ]);
  await old.table('datasetData').bulkAdd([
    {
      datasetId: 'images',
      featureNames: ['p0', 'p1'],
      x: Float32Array.from([0, 1, 128 / 255, 3 / 255, 1, 0]).buffer,
      labels: Int32Array.from([0, 1, 0]).buffer,
      split: { train: Int32Array.from([0, 2]).buffer, validation: Int32Array.from([1]).buffer },
    },
    { datasetId: 'prices', featureNames: ['a', 'b'], x: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]).buffer, values: Float64Array.from([1.5, -2, 1e-300]).buffer },
    { datasetId: 'stray', featureNames: ['x'], x: new Float32Array(3).buffer, labels: new Int32Array(3).buffer },
  ]);
  await old.table('runs').add({ id: 'r', name: 'run', createdAt: 1, status: 'done' });
  old.close();
}

describe('the v6 upgrade', () => {
  it('moves every v5 dataset into chunks with the same numbers and counts its stored size', async () => {
    const name = `upgrade-${++counter}`;
    await v5Database(name);
    const db = new WorkbenchDatabase(name, options);
    opened.push(db);
    const repository = new DatasetsRepository(db);

    const images = await repository.load('images');
    expect(db.verno).toBe(6);
    expect(images.x).toEqual(Float32Array.from([0, 1, 128 / 255, 3 / 255, 1, 0]));
    expect(images.target).toEqual({ kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from([0, 1, 0]) });
    expect(Array.from(images.split!.validation)).toEqual([1]);
    const prices = await repository.load('prices');
    expect(prices.x).toEqual(Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
    expect(prices.target).toEqual({ kind: 'values', names: ['price'], values: Float64Array.from([1.5, -2, 1e-300]) });

    // Pixels as bytes (6) + labels (12) + split (12); the floats as they were (48 + 24).
    expect((await db.datasets.toArray()).map((d) => [d.id, d.bytes])).toEqual([
      ['images', 30],
      ['prices', 72],
    ]);
    expect((await db.datasetData.get('images'))?.layout).toEqual({ rowsPerChunk: expect.any(Number), chunks: 1, x: 'levels' });
    expect(await db.datasetData.get('images')).not.toHaveProperty('x');
    expect((await db.datasetData.toCollection().primaryKeys()).sort()).toEqual(['images', 'prices']);
    expect((await db.datasetChunks.toArray()).map((c) => c.datasetId).sort()).toEqual(['images', 'prices']);
    expect(await db.runs.get('r')).toMatchObject({ status: 'done' });
  });
});
