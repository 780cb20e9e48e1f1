import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../../src/shared/data/dataset';
import { WorkbenchDatabase, type DatasetSource } from '../../../src/renderer/src/db/database';
import { DatasetsRepository } from '../../../src/renderer/src/db/datasets-repository';
import { RunsRepository } from '../../../src/renderer/src/db/runs-repository';
import { experiment } from './run-fixtures';

let db: WorkbenchDatabase;
let repository: DatasetsRepository;
let counter = 0;
let ids = 0;

const source: DatasetSource = {
  kind: 'idx',
  imagesFile: 'images.idx',
  labelsFile: 'labels.idx',
  report: { images: 5, height: 1, width: 2 },
};

function classification(name = 'tiny'): Dataset {
  return {
    name,
    featureNames: ['a', 'b'],
    rows: 5,
    features: 2,
    x: Float32Array.from([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]),
    target: { kind: 'classes', classes: ['no', 'yes'], labels: Int32Array.from([0, 1, 1, 0, 1]) },
    normalization: { kind: 'minmax', min: [0, 1], max: [4, 5] },
    split: { train: Int32Array.from([0, 1, 2]), validation: Int32Array.from([3]), test: Int32Array.from([4]) },
  };
}

beforeEach(() => {
  db = new WorkbenchDatabase(`datasets-${++counter}`, { indexedDB, IDBKeyRange });
  repository = new DatasetsRepository(db, () => 1000 + ids, () => `id-${++ids}`);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

describe('DatasetsRepository', () => {
  it('stores a dataset and loads it back with identical numbers, split and normalization', async () => {
    const record = await repository.save({ dataset: classification(), source });
    expect(record).toMatchObject({
      name: 'tiny',
      rows: 5,
      features: 2,
      task: 'classification',
      classes: [{ name: 'no', rows: 2 }, { name: 'yes', rows: 3 }],
      split: { train: 3, validation: 1, test: 1 },
      dtype: 'float32',
      bytes: 5 * 2 * 4 + 5 * 4,
    });
    const loaded = await repository.load(record.id);
    expect(loaded.x).toBeInstanceOf(Float32Array);
    expect(Array.from(loaded.x)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(loaded.target).toEqual({ kind: 'classes', classes: ['no', 'yes'], labels: Int32Array.from([0, 1, 1, 0, 1]) });
    expect(Array.from(loaded.split!.validation)).toEqual([3]);
    expect(Array.from(loaded.split!.test!)).toEqual([4]);
    expect(loaded.normalization).toEqual({ kind: 'minmax', min: [0, 1], max: [4, 5] });
    expect(loaded.featureNames).toEqual(['a', 'b']);
  });

  it('keeps float64 regression targets exactly and stores only the bytes of a view', async () => {
    const big = new Float64Array(10);
    big.set([1.1, 2.2, 3.3], 4);
    const dataset: Dataset = {
      name: 'prices',
      featureNames: ['size'],
      rows: 3,
      features: 1,
      x: big.subarray(4, 7),
      target: { kind: 'values', names: ['price'], values: Float64Array.from([0.1, 0.2, 0.30000000000000004]) },
      normalization: { kind: 'none' },
    };
    const record = await repository.save({ dataset, source });
    expect(record).toMatchObject({ task: 'regression', targetNames: ['price'], dtype: 'float64', bytes: 3 * 8 + 3 * 8 });
    expect(record.split).toBeUndefined();
    const loaded = await repository.load(record.id);
    expect(Array.from(loaded.x)).toEqual([1.1, 2.2, 3.3]);
    expect(loaded.target).toEqual({ kind: 'values', names: ['price'], values: Float64Array.from([0.1, 0.2, 0.30000000000000004]) });
    expect(loaded.split).toBeUndefined();
  });

  it('numbers a repeated name instead of storing two datasets nobody can tell apart', async () => {
    await repository.save({ dataset: classification('iris'), source });
    const second = await repository.save({ dataset: classification('iris'), source });
    const third = await repository.save({ dataset: classification('  iris '), source });
    expect([second.name, third.name]).toEqual(['iris (2)', 'iris (3)']);
    expect((await repository.list()).map((d) => d.name)).toEqual(['iris (3)', 'iris (2)', 'iris']);
  });

  it('renames, refusing an empty name or one already taken', async () => {
    const a = await repository.save({ dataset: classification('a'), source });
    await repository.save({ dataset: classification('b'), source });
    await repository.rename(a.id, '  flowers ');
    expect((await repository.get(a.id))?.name).toBe('flowers');
    await expect(repository.rename(a.id, '   ')).rejects.toThrow('A dataset needs a name.');
    await expect(repository.rename(a.id, 'b')).rejects.toThrow("Another dataset is already called 'b'.");
    await repository.rename(a.id, 'flowers');
    expect((await repository.load(a.id)).name).toBe('flowers');
  });

  it('deletes a dataset with its numbers; runs trained on it keep their records and loading it says it is gone', async () => {
    const record = await repository.save({ dataset: classification(), source });
    const runs = new RunsRepository(db);
    const onStored = { ...experiment, dataset: { stored: record.id } };
    await runs.create({ id: 'r1', name: 'run', experiment: onStored, datasetName: 'tiny', host: 'browser', createdAt: 1 });
    await runs.create({ id: 'r2', name: 'other', experiment, datasetName: 'spirals', host: 'browser', createdAt: 2 });
    expect(await repository.runsUsing(record.id)).toBe(1);

    await repository.delete(record.id);
    expect(await repository.list()).toEqual([]);
    expect(await db.datasetData.count()).toBe(0);
    expect((await runs.get('r1'))?.experiment.dataset).toEqual({ stored: record.id });
    await expect(repository.load(record.id)).rejects.toThrow('The dataset this experiment was trained on has been deleted; pick another dataset.');
  });

  it('leaves nothing behind when the disk is full halfway through, and says so', async () => {
    await repository.save({ dataset: classification('kept'), source });
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    vi.spyOn(db.datasetData, 'add').mockRejectedValueOnce(quota);
    await expect(repository.save({ dataset: classification('big'), source })).rejects.toThrow(
      "Could not save the dataset 'big': there is not enough storage space left for it. Nothing was saved.",
    );
    expect((await repository.list()).map((d) => d.name)).toEqual(['kept']);
    expect(await db.datasetData.count()).toBe(1);
  });
});
