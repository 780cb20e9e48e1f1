import type { Dataset, Target } from '../../../shared/data/dataset';
import type { DatasetDataRecord, DatasetRecord, DatasetSource, WorkbenchDatabase } from './database';
import { describeStorageError } from './storage-errors';

// Every read and write of imported datasets. A dataset is two records, its description and its
// numbers, written in one transaction: an import either lands whole or leaves nothing behind
// (a full disk halfway through included). Runs only refer to a dataset by id inside their
// experiment snapshot, so deleting a dataset never touches them; repeating such a run says the
// dataset is gone instead of training on something else.

export const MAX_DATASET_NAME = 200;

/** Raised for anything the user can act on: a bad name, a missing dataset, a full disk. */
export class DatasetStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetStoreError';
  }
}

export interface NewDataset {
  dataset: Dataset;
  source: DatasetSource;
}

/** Copies the typed array's own bytes (never the whole buffer a view may sit in). */
const bufferOf = (array: Float32Array | Float64Array | Int32Array): ArrayBuffer =>
  array.byteOffset === 0 && array.byteLength === array.buffer.byteLength && array.buffer instanceof ArrayBuffer
    ? array.buffer
    : (array.slice().buffer as ArrayBuffer);

function classCounts(target: Target): DatasetRecord['classes'] {
  if (target.kind !== 'classes') return undefined;
  const counts = new Array<number>(target.classes.length).fill(0);
  for (const label of target.labels) counts[label]++;
  return target.classes.map((name, k) => ({ name, rows: counts[k] }));
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new DatasetStoreError('A dataset needs a name.');
  if (trimmed.length > MAX_DATASET_NAME) throw new DatasetStoreError(`A dataset name has at most ${MAX_DATASET_NAME} characters.`);
  return trimmed;
}

/** `name`, or `name (2)`, `name (3)`, … whichever is free. */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`)) return `${name} (${n})`;
}

export class DatasetsRepository {
  constructor(
    private readonly db: WorkbenchDatabase,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /**
   * Stores a dataset and returns its record. A name already in use gets a number ("iris (2)"), so
   * importing the same file twice never leaves two datasets nobody can tell apart.
   */
  async save({ dataset, source }: NewDataset): Promise<DatasetRecord> {
    const { x, target, split } = dataset;
    const data: Omit<DatasetDataRecord, 'datasetId'> = {
      featureNames: dataset.featureNames,
      x: bufferOf(x),
      ...(target.kind === 'classes' ? { labels: bufferOf(target.labels) } : { values: bufferOf(target.values) }),
      ...(split
        ? { split: { train: bufferOf(split.train), validation: bufferOf(split.validation), ...(split.test ? { test: bufferOf(split.test) } : {}) } }
        : {}),
    };
    const id = this.newId();
    const wanted = checkedName(dataset.name);
    try {
      return await this.db.transaction('rw', this.db.datasets, this.db.datasetData, async () => {
        const taken = new Set((await this.db.datasets.toArray()).map((d) => d.name));
        const record: DatasetRecord = {
          id,
          name: freeName(wanted, taken),
          createdAt: this.now(),
          source,
          rows: dataset.rows,
          features: dataset.features,
          task: target.kind === 'classes' ? 'classification' : 'regression',
          ...(target.kind === 'classes' ? { classes: classCounts(target) } : { targetNames: target.names }),
          normalization: dataset.normalization,
          ...(split ? { split: { train: split.train.length, validation: split.validation.length, test: split.test?.length ?? 0 } } : {}),
          dtype: x instanceof Float32Array ? 'float32' : 'float64',
          bytes: x.byteLength + (target.kind === 'classes' ? target.labels.byteLength : target.values.byteLength),
        };
        await this.db.datasets.add(record);
        await this.db.datasetData.add({ datasetId: id, ...data });
        return record;
      });
    } catch (error) {
      throw describeStorageError(error, `Could not save the dataset '${wanted}'`);
    }
  }

  /** Newest first. */
  list(): Promise<DatasetRecord[]> {
    return this.db.datasets.orderBy('createdAt').reverse().toArray();
  }

  get(id: string): Promise<DatasetRecord | undefined> {
    return this.db.datasets.get(id);
  }

  async rename(id: string, name: string): Promise<void> {
    const wanted = checkedName(name);
    await this.db.transaction('rw', this.db.datasets, async () => {
      const record = await this.db.datasets.get(id);
      if (!record) throw new DatasetStoreError('This dataset no longer exists.');
      const clash = await this.db.datasets.where('name').equals(wanted).first();
      if (clash && clash.id !== id) throw new DatasetStoreError(`Another dataset is already called '${wanted}'.`);
      await this.db.datasets.update(id, { name: wanted });
    });
  }

  /** Deletes the dataset and its numbers together. Runs trained on it keep their records. */
  async delete(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.datasets, this.db.datasetData, async () => {
      await this.db.datasets.delete(id);
      await this.db.datasetData.delete(id);
    });
  }

  /** How many stored runs were trained on the dataset (to say so before deleting it). */
  runsUsing(id: string): Promise<number> {
    return this.db.runs.filter((run) => 'stored' in run.experiment.dataset && run.experiment.dataset.stored === id).count();
  }

  /** The dataset in memory, exactly as it was imported. */
  async load(id: string): Promise<Dataset> {
    const [record, data] = await this.db.transaction('r', this.db.datasets, this.db.datasetData, () =>
      Promise.all([this.db.datasets.get(id), this.db.datasetData.get(id)]),
    );
    if (!record || !data) {
      throw new DatasetStoreError('The dataset this experiment was trained on has been deleted; pick another dataset.');
    }
    const x = record.dtype === 'float32' ? new Float32Array(data.x) : new Float64Array(data.x);
    const target: Target =
      record.task === 'classification'
        ? { kind: 'classes', classes: (record.classes ?? []).map((c) => c.name), labels: new Int32Array(data.labels!) }
        : { kind: 'values', names: record.targetNames ?? [], values: new Float64Array(data.values!) };
    return {
      name: record.name,
      featureNames: data.featureNames,
      rows: record.rows,
      features: record.features,
      x,
      target,
      normalization: record.normalization,
      ...(data.split
        ? {
            split: {
              train: new Int32Array(data.split.train),
              validation: new Int32Array(data.split.validation),
              ...(data.split.test ? { test: new Int32Array(data.split.test) } : {}),
            },
          }
        : {}),
    };
  }
}
