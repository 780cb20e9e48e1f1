import Dexie from 'dexie';
import type { Dataset, Target } from '../../../shared/data/dataset';
import { readClassSamples, type ClassSamples } from '../../../shared/data/class-samples';
import { CHUNK_BYTES, ChunkAssembler, storagePlan, type ChunkLayout, type DatasetChunk, type StoredShape } from '../../../shared/data/dataset-chunks';
import { addDatasetChunks } from './chunk-stored-datasets';
import type { DatasetDataRecord, DatasetRecord, DatasetSource, WorkbenchDatabase } from './database';
import { describeStorageError } from './storage-errors';

// Every read and write of imported datasets. A dataset is its description, its names and split,
// and its rows in chunks (dataset-chunks.ts), written in one transaction: an import either lands
// whole or leaves nothing behind (a full disk halfway through included). Runs only refer to a
// dataset by id inside their experiment snapshot, so deleting a dataset never touches them;
// repeating such a run says the dataset is gone instead of training on something else.

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
const bufferOf = (array: Int32Array): ArrayBuffer =>
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

function damaged(record: DatasetRecord, error: unknown): DatasetStoreError {
  return new DatasetStoreError(`The stored dataset '${record.name}' is damaged (${(error as Error).message}); import it again.`);
}

export class DatasetsRepository {
  constructor(
    private readonly db: WorkbenchDatabase,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
    /** Stored bytes per chunk of rows; tests make it small. */
    private readonly chunkBytes: number = CHUNK_BYTES,
  ) {}

  /**
   * Stores a dataset and returns its record. A name already in use gets a number ("iris (2)"), so
   * importing the same file twice never leaves two datasets nobody can tell apart.
   */
  async save({ dataset, source }: NewDataset, onProgress: (written: number, chunks: number) => void = () => {}): Promise<DatasetRecord> {
    const { target, split } = dataset;
    const { layout, bytes } = storagePlan(dataset, this.chunkBytes);
    const data: DatasetDataRecord = {
      datasetId: this.newId(),
      featureNames: dataset.featureNames,
      layout,
      ...(split
        ? { split: { train: bufferOf(split.train), validation: bufferOf(split.validation), ...(split.test ? { test: bufferOf(split.test) } : {}) } }
        : {}),
    };
    const wanted = checkedName(dataset.name);
    try {
      return await this.db.transaction('rw', this.db.datasets, this.db.datasetData, this.db.datasetChunks, async () => {
        const taken = new Set((await this.db.datasets.toArray()).map((d) => d.name));
        const record: DatasetRecord = {
          id: data.datasetId,
          name: freeName(wanted, taken),
          createdAt: this.now(),
          source,
          rows: dataset.rows,
          features: dataset.features,
          task: target.kind === 'classes' ? 'classification' : 'regression',
          ...(target.kind === 'classes' ? { classes: classCounts(target) } : { targetNames: target.names }),
          normalization: dataset.normalization,
          ...(split ? { split: { train: split.train.length, validation: split.validation.length, test: split.test?.length ?? 0 } } : {}),
          dtype: dataset.x instanceof Float32Array ? 'float32' : 'float64',
          bytes,
        };
        await this.db.datasets.add(record);
        await this.db.datasetData.add(data);
        onProgress(0, layout.chunks);
        await addDatasetChunks(this.db.datasetChunks, record.id, dataset, layout, (written) => onProgress(written, layout.chunks));
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
    await this.db.transaction('rw', this.db.datasets, this.db.datasetData, this.db.datasetChunks, async () => {
      await this.db.datasets.delete(id);
      await this.db.datasetData.delete(id);
      await this.chunksOf(id).delete();
    });
  }

  /** How many stored runs were trained on the dataset (to say so before deleting it). */
  runsUsing(id: string): Promise<number> {
    return this.db.runs.filter((run) => 'stored' in run.experiment.dataset && run.experiment.dataset.stored === id).count();
  }

  /** The dataset in memory, exactly as it was imported; `onProgress` after each chunk read. */
  async load(id: string, onProgress: (read: number, chunks: number) => void = () => {}): Promise<Dataset> {
    return this.db.transaction('r', this.db.datasets, this.db.datasetData, this.db.datasetChunks, async () => {
      const { record, data, shape } = await this.stored(id);
      const { layout } = data;
      const rows = new ChunkAssembler(shape, layout);
      onProgress(0, layout.chunks);
      for (let index = 0; index < layout.chunks; index++) {
        const chunk = await this.chunk(record, layout, index);
        try {
          rows.add(index, chunk);
        } catch (error) {
          throw damaged(record, error);
        }
        onProgress(index + 1, layout.chunks);
      }
      return {
        name: record.name,
        featureNames: data.featureNames,
        rows: record.rows,
        features: record.features,
        x: rows.x,
        target: rows.target(record.task === 'classification' ? (record.classes ?? []).map((c) => c.name) : (record.targetNames ?? [])),
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
    });
  }

  /**
   * The first `perClass` rows of each class, exactly as `load` gives them, reading no chunk past
   * the one holding the last of them (class-samples.ts); `chunksRead` of `chunks` says how many.
   */
  async loadClassSamples(id: string, perClass: number): Promise<ClassSamples & { chunksRead: number; chunks: number }> {
    return this.db.transaction('r', this.db.datasets, this.db.datasetData, this.db.datasetChunks, async () => {
      const { record, data, shape } = await this.stored(id);
      const { layout } = data;
      const classes = record.classes ?? [];
      const stored = { name: record.name, shape, layout, classes: classes.map((c) => c.name), counts: classes.map((c) => c.rows), normalization: record.normalization };
      try {
        return { ...(await readClassSamples(stored, perClass, (index) => this.chunk(record, layout, index))), chunks: layout.chunks };
      } catch (error) {
        throw error instanceof DatasetStoreError ? error : damaged(record, error);
      }
    });
  }

  /** A dataset's description and names, and the shape of its stored numbers. */
  private async stored(id: string): Promise<{ record: DatasetRecord; data: DatasetDataRecord; shape: StoredShape }> {
    const [record, data] = await Promise.all([this.db.datasets.get(id), this.db.datasetData.get(id)]);
    if (!record || !data) {
      throw new DatasetStoreError('The dataset this experiment was trained on has been deleted; pick another dataset.');
    }
    const shape: StoredShape = {
      rows: record.rows,
      features: record.features,
      dtype: record.dtype,
      target: record.task === 'classification' ? { kind: 'classes' } : { kind: 'values', width: (record.targetNames ?? []).length },
    };
    return { record, data, shape };
  }

  private async chunk(record: DatasetRecord, layout: ChunkLayout, index: number): Promise<DatasetChunk> {
    const chunk = await this.db.datasetChunks.get([record.id, index]);
    if (!chunk) throw damaged(record, new Error(`block ${index + 1} of ${layout.chunks} is missing`));
    return chunk;
  }

  private chunksOf(id: string) {
    return this.db.datasetChunks.where('[datasetId+index]').between([id, Dexie.minKey], [id, Dexie.maxKey]);
  }
}
