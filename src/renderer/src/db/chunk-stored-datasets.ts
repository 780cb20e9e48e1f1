import type { Table, Transaction } from 'dexie';
import type { Dataset } from '../../../shared/data/dataset';
import { CHUNK_BYTES, datasetChunks, storagePlan, type ChunkLayout } from '../../../shared/data/dataset-chunks';
import type { DatasetChunkRecord, DatasetDataRecord, DatasetRecord } from './database';

// Writing a dataset's rows as chunks (dataset-chunks.ts), for a new dataset and for the v6 upgrade
// that moves every dataset stored before it into chunks.

/** Adds the chunks one by one (a copy of one chunk at a time), reporting each one written. */
export async function addDatasetChunks(
  table: Table<DatasetChunkRecord, [string, number]>,
  datasetId: string,
  dataset: Pick<Dataset, 'x' | 'target' | 'rows' | 'features'>,
  layout: ChunkLayout,
  onChunk: (written: number) => void = () => {},
): Promise<void> {
  let index = 0;
  for (const chunk of datasetChunks(dataset, layout)) {
    await table.add({ datasetId, index, ...chunk });
    onChunk(++index);
  }
}

/** A dataset's numbers as stored up to v5: one value holding all rows. */
interface DatasetDataRecordV5 {
  datasetId: string;
  featureNames: string[];
  x: ArrayBuffer;
  labels?: ArrayBuffer;
  values?: ArrayBuffer;
  split?: DatasetDataRecord['split'];
}

/**
 * The v6 upgrade: each stored dataset's rows into chunks, its record's `bytes` to the stored size.
 * One dataset in memory at a time; the upgrade is one transaction, so a failure leaves v5 intact.
 */
export async function chunkStoredDatasets(tx: Transaction, chunkBytes: number = CHUNK_BYTES): Promise<void> {
  const data = tx.table<DatasetDataRecordV5 | DatasetDataRecord, string>('datasetData');
  const records = tx.table<DatasetRecord, string>('datasets');
  const chunks = tx.table<DatasetChunkRecord, [string, number]>('datasetChunks');
  for (const id of await data.toCollection().primaryKeys()) {
    const [old, record] = await Promise.all([data.get(id), records.get(id)]);
    if (!old || !('x' in old)) continue;
    if (!record) {
      // Numbers no dataset describes (nothing can read them): nothing to keep.
      await data.delete(id);
      continue;
    }
    const x = record.dtype === 'float32' ? new Float32Array(old.x) : new Float64Array(old.x);
    const dataset: Dataset = {
      name: record.name,
      featureNames: old.featureNames,
      rows: record.rows,
      features: record.features,
      x,
      target:
        record.task === 'classification'
          ? { kind: 'classes', classes: (record.classes ?? []).map((c) => c.name), labels: new Int32Array(old.labels!) }
          : { kind: 'values', names: record.targetNames ?? [], values: new Float64Array(old.values!) },
      normalization: record.normalization,
      ...(old.split ? { split: { train: new Int32Array(old.split.train), validation: new Int32Array(old.split.validation), ...(old.split.test ? { test: new Int32Array(old.split.test) } : {}) } } : {}),
    };
    const { layout, bytes } = storagePlan(dataset, chunkBytes);
    await addDatasetChunks(chunks, id, dataset, layout);
    await data.put({ datasetId: id, featureNames: old.featureNames, layout, ...(old.split ? { split: old.split } : {}) });
    await records.update(id, { bytes });
  }
}
