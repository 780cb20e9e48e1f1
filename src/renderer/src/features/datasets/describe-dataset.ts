import type { DatasetRecord } from '../../db/database';

// One-line descriptions of a stored dataset for lists and selects.

const count = (n: number) => n.toLocaleString('en-US');

/** "150 rows × 4 features · 3 classes" or "… · regression of 'price'". */
export function describeShape(record: Pick<DatasetRecord, 'rows' | 'features' | 'classes' | 'targetNames'>): string {
  const shape = `${count(record.rows)} rows × ${count(record.features)} features`;
  if (record.classes) return `${shape} · ${record.classes.length} classes`;
  return `${shape} · regression of ${(record.targetNames ?? []).map((n) => `'${n}'`).join(', ')}`;
}

const NORMALIZATION: Record<DatasetRecord['normalization']['kind'], string> = {
  none: 'not normalized',
  minmax: 'min-max normalized',
  standardize: 'standardized',
};

/** Where it came from, its split and its normalization. */
export function describeSource(record: DatasetRecord): string {
  const { source, split } = record;
  const origin =
    source.kind === 'csv'
      ? `from ${source.fileName}`
      : source.kind === 'idx'
        ? `from ${source.imagesFile} + ${source.labelsFile}`
        : `from folder ${source.folder} (${source.report.size}×${source.report.size} ${source.report.color})`;
  const parts = split ? `split ${count(split.train)} / ${count(split.validation)} / ${count(split.test)}` : 'no fixed split';
  return `${origin} · ${parts} · ${NORMALIZATION[record.normalization.kind]}`;
}
