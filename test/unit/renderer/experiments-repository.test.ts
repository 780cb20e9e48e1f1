import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { ExperimentsRepository } from '../../../src/renderer/src/db/experiments-repository';
import { RunsRepository } from '../../../src/renderer/src/db/runs-repository';
import { experiment } from './run-fixtures';

let db: WorkbenchDatabase;
let repository: ExperimentsRepository;
let clock = 0;
let ids = 0;
let counter = 0;

beforeEach(() => {
  db = new WorkbenchDatabase(`experiments-${++counter}`, { indexedDB, IDBKeyRange });
  clock = 1000;
  repository = new ExperimentsRepository(db, () => clock, () => `e${++ids}`);
});
afterEach(async () => {
  await db.delete();
});

describe('ExperimentsRepository', () => {
  it('creates, updates and lists experiments, most recently edited first', async () => {
    const first = await repository.create({ name: 'spirals baseline', experiment });
    clock = 2000;
    const second = await repository.create({ name: 'moons', notes: 'try relu', experiment });
    expect(second).toMatchObject({ name: 'moons', notes: 'try relu', createdAt: 2000, updatedAt: 2000 });
    clock = 3000;
    await repository.update(first.id, { notes: 'lr 0.01 works' });
    expect((await repository.list()).map((record) => record.name)).toEqual(['spirals baseline', 'moons']);
    expect(await repository.get(first.id)).toMatchObject({ notes: 'lr 0.01 works', createdAt: 1000, updatedAt: 3000 });
  });

  it('keeps a draft that is not valid yet exactly as written', async () => {
    const draft = { ...experiment, training: { ...experiment.training, epochs: Number.NaN } };
    const record = await repository.create({ name: 'draft', experiment: draft });
    expect((await repository.get(record.id))?.experiment.training.epochs).toBeNaN();
  });

  it('clones an experiment into an independent copy', async () => {
    const source = await repository.create({ name: 'base', notes: 'n', experiment });
    const copy = await repository.clone(source.id);
    expect(copy).toMatchObject({ name: 'base (copy)', notes: 'n', experiment });
    expect(copy.id).not.toBe(source.id);
    await repository.update(copy.id, { experiment: { ...experiment, training: { ...experiment.training, epochs: 9 } } });
    expect((await repository.get(source.id))?.experiment.training.epochs).toBe(5);
  });

  it('says which experiment is missing when updating or cloning a deleted one', async () => {
    const record = await repository.create({ name: 'gone', experiment });
    await repository.delete(record.id);
    await expect(repository.update(record.id, { name: 'x' })).rejects.toThrow(`Experiment ${record.id} does not exist (any more).`);
    await expect(repository.clone(record.id)).rejects.toThrow(`Experiment ${record.id} does not exist (any more).`);
  });

  it('leaves the runs of a deleted experiment and their snapshot intact', async () => {
    const record = await repository.create({ name: 'base', experiment });
    const runs = new RunsRepository(db);
    await runs.create({ id: 'r', name: 'run', experiment, datasetName: 'spirals', host: 'browser', createdAt: 1, experimentId: record.id });
    await repository.delete(record.id);
    expect(await runs.get('r')).toMatchObject({ experimentId: record.id, experiment });
  });
});
