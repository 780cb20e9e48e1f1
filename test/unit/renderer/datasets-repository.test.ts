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
      // float32 features, int32 labels, int32 split indices
      bytes: 5 * 2 * 4 + 5 * 4 + 5 * 4,
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
    expect([await db.datasetData.count(), await db.datasetChunks.count()]).toEqual([0, 0]);
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

  it('leaves nothing behind when the disk fills up at the last chunk', async () => {
    const small = new DatasetsRepository(db, () => 1, () => `small-${++ids}`, 24);
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const add = db.datasetChunks.add.bind(db.datasetChunks);
    let calls = 0;
    vi.spyOn(db.datasetChunks, 'add').mockImplementation((chunk) => (++calls === 3 ? Promise.reject(quota) : add(chunk)) as ReturnType<typeof add>);
    await expect(small.save({ dataset: pixels(7), source })).rejects.toThrow('there is not enough storage space left for it. Nothing was saved.');
    expect([await db.datasets.count(), await db.datasetData.count(), await db.datasetChunks.count()]).toEqual([0, 0, 0]);
  });
});

/** `rows` images of 4 pixels, each an 8-bit level k / 255, with 3 classes. */
function pixels(rows: number): Dataset {
  return {
    name: 'pixels',
    featureNames: ['p0', 'p1', 'p2', 'p3'],
    rows,
    features: 4,
    x: Float32Array.from({ length: rows * 4 }, (_, i) => ((i * 37) % 256) / 255),
    target: { kind: 'classes', classes: ['a', 'b', 'c'], labels: Int32Array.from({ length: rows }, (_, i) => i % 3) },
    normalization: { kind: 'none' },
  };
}

describe('datasets stored in chunks', () => {
  // 4 levels (4 bytes) + a label (4 bytes) a row: chunks of 24 bytes hold 3 rows.
  const chunked = () => new DatasetsRepository(db, () => 1, () => `chunked-${++ids}`, 24);

  it.each([[6, 2], [7, 3], [0, 0]])('%i rows go into %i chunks of 8-bit levels, with progress both ways, and load back bit for bit', async (rows, chunks) => {
    const repository = chunked();
    const dataset = pixels(rows);
    const saved: string[] = [];
    const record = await repository.save({ dataset, source }, (written, total) => saved.push(`${written}/${total}`));
    expect(saved).toEqual(Array.from({ length: chunks + 1 }, (_, i) => `${i}/${chunks}`));
    expect(record.bytes).toBe(rows * (4 + 4));
    expect(await db.datasetChunks.count()).toBe(chunks);
    expect((await db.datasetData.get(record.id))?.layout).toEqual({ rowsPerChunk: 3, chunks, x: 'levels' });

    const read: string[] = [];
    const loaded = await repository.load(record.id, (done, total) => read.push(`${done}/${total}`));
    expect(read).toEqual(saved);
    expect(loaded.x).toEqual(dataset.x);
    expect(loaded.target).toEqual(dataset.target);
  });

  it('says a dataset with a missing chunk is damaged instead of training on zeros', async () => {
    const repository = chunked();
    const record = await repository.save({ dataset: pixels(7), source });
    await db.datasetChunks.delete([record.id, 1]);
    await expect(repository.load(record.id)).rejects.toThrow("The stored dataset 'pixels' is damaged (block 2 of 3 is missing); import it again.");
  });

  it('reads the first rows of each class from the chunks holding them: the rows and bits of the whole set, read no further', async () => {
    const repository = chunked();
    const dataset = pixels(20);
    const record = await repository.save({ dataset, source });
    const read = vi.spyOn(db.datasetChunks, 'get');
    // Labels run 0, 1, 2, 0, …: two of each class are rows 0–5, the first two chunks of seven.
    const { samples, counts, chunksRead, chunks } = await repository.loadClassSamples(record.id, 2);
    expect(read.mock.calls.map(([key]) => key)).toEqual([
      [record.id, 0],
      [record.id, 1],
    ]);
    expect([chunksRead, chunks]).toEqual([2, 7]);
    expect(counts).toEqual([7, 7, 6]);
    expect(samples.x).toEqual(dataset.x.slice(0, 6 * 4));
    expect(samples.target).toEqual({ kind: 'classes', classes: ['a', 'b', 'c'], labels: Int32Array.from([0, 1, 2, 0, 1, 2]) });
  });

  it('says a dataset is damaged when a chunk holding a sample row is missing, and gone when it was deleted', async () => {
    const repository = chunked();
    const record = await repository.save({ dataset: pixels(20), source });
    await db.datasetChunks.delete([record.id, 1]);
    await expect(repository.loadClassSamples(record.id, 2)).rejects.toThrow("The stored dataset 'pixels' is damaged (block 2 of 7 is missing); import it again.");
    await db.datasetChunks.put({ datasetId: record.id, index: 1, x: new ArrayBuffer(5), labels: new ArrayBuffer(12) });
    await expect(repository.loadClassSamples(record.id, 2)).rejects.toThrow(
      "The stored dataset 'pixels' is damaged (block 2 of 7: expected 12 bytes of features and 12 of targets, found 5 and 12); import it again.",
    );
    await repository.delete(record.id);
    await expect(repository.loadClassSamples(record.id, 2)).rejects.toThrow('has been deleted');
  });

  it('deletes every chunk of a dataset and only those', async () => {
    const repository = chunked();
    const kept = await repository.save({ dataset: pixels(4), source });
    const gone = await repository.save({ dataset: pixels(7), source });
    await repository.delete(gone.id);
    expect((await db.datasetChunks.toArray()).map((c) => [c.datasetId, c.index])).toEqual([
      [kept.id, 0],
      [kept.id, 1],
    ]);
    expect((await repository.load(kept.id)).x).toEqual(pixels(4).x);
  });
});
