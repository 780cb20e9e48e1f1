import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import type { DatasetRecord } from '../../db/database';
import { formatBytes } from '../../../../shared/engine/run-budget';
import { CsvImportSummary } from './CsvImportSummary';
import { describeShape, describeSource } from './describe-dataset';
import { loadSamples, type StoredSamples } from './dataset-samples';
import { ImageImportDetails } from './ImageImportDetails';
import { ImageThumbnails } from './ImageThumbnails';

// The user's imported datasets: shape, origin, split and size at a glance; rename in place; delete
// after saying what happens to the runs trained on it; the import report on demand.

function RenameForm({ record, onDone }: { record: DatasetRecord; onDone(): void }) {
  const { datasets } = useServices();
  const [name, setName] = useState(record.name);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="rename-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await datasets.rename(record.id, name);
          onDone();
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }}
    >
      <input aria-label="New name" data-testid="rename-input" value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="primary" data-testid="rename-save">
        Rename
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function DeleteConfirm({ record, onDone }: { record: DatasetRecord; onDone(): void }) {
  const { datasets } = useServices();
  const [runs, setRuns] = useState<number | null>(null);
  useEffect(() => {
    void datasets.runsUsing(record.id).then(setRuns);
  }, [record.id]);
  return (
    <div className="delete-confirm" role="alertdialog" aria-label={`Delete ${record.name}`}>
      <span>
        Delete “{record.name}” and its {formatBytes(record.bytes)} of stored numbers?
        {runs ? ` ${runs} run${runs === 1 ? ' was' : 's were'} trained on it: they keep their results, but cannot be repeated.` : ''}
      </span>
      <button type="button" className="danger" data-testid="delete-confirm" onClick={() => void datasets.delete(record.id).then(onDone)}>
        Delete
      </button>
      <button type="button" onClick={onDone}>
        Keep
      </button>
    </div>
  );
}

/** Square image geometry of a stored image or IDX dataset; null for a table. */
function imageGeometry(record: DatasetRecord): { side: number; channels: 1 | 3 } | null {
  const { source } = record;
  if (source.kind === 'images') return { side: source.report.size, channels: source.report.color === 'rgb' ? 3 : 1 };
  if (source.kind === 'idx' && source.report.height === source.report.width) return { side: source.report.width, channels: 1 };
  return null;
}

/** The first images of each class, read in a worker when asked for. */
function StoredImages({ record, geometry }: { record: DatasetRecord; geometry: { side: number; channels: 1 | 3 } }) {
  const [samples, setSamples] = useState<StoredSamples | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    loadSamples(record.id).then(
      (result) => live && setSamples(result),
      (error: Error) => live && setSamples({ error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [record.id]);
  if (samples === null) return <p className="muted">Loading images…</p>;
  if ('error' in samples) {
    return (
      <p className="form-error" role="alert">
        {samples.error}
      </p>
    );
  }
  return (
    <div data-testid="stored-samples" data-blocks-read={samples.chunksRead} data-blocks={samples.chunks}>
      <ImageThumbnails dataset={samples.samples} side={geometry.side} channels={geometry.channels} counts={samples.counts} />
    </div>
  );
}

export function StoredDatasetList({ records }: { records: DatasetRecord[] }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [showing, setShowing] = useState<string | null>(null);
  if (records.length === 0) {
    return (
      <p className="muted empty-state" data-testid="no-stored-datasets">
        No imported datasets yet.
      </p>
    );
  }
  return (
    <ul className="stored-datasets" data-testid="stored-datasets">
      {records.map((record) => (
        <li key={record.id} className="panel stored-dataset" data-testid="stored-dataset" data-name={record.name} data-rows={record.rows} data-features={record.features}>
          <div className="stored-dataset-head">
            {renaming === record.id ? (
              <RenameForm record={record} onDone={() => setRenaming(null)} />
            ) : (
              <h3 data-testid="stored-dataset-name">{record.name}</h3>
            )}
            <span className="muted" data-testid="stored-dataset-shape">
              {describeShape(record)}
            </span>
            <span className="stored-dataset-actions">
              {imageGeometry(record) && (
                <button type="button" className="link-button" data-testid="show-stored-images" onClick={() => setShowing(showing === record.id ? null : record.id)}>
                  {showing === record.id ? 'Hide images' : 'Show images'}
                </button>
              )}
              <button type="button" className="link-button" onClick={() => setOpen(open === record.id ? null : record.id)}>
                {open === record.id ? 'Hide report' : 'Import report'}
              </button>
              <button type="button" className="link-button" data-testid="rename-dataset" onClick={() => setRenaming(record.id)}>
                Rename
              </button>
              <button type="button" className="link-button danger-link" data-testid="delete-dataset" onClick={() => setDeleting(record.id)}>
                Delete
              </button>
            </span>
          </div>
          <p className="muted">
            {describeSource(record)} · <span title="Its numbers as stored (8-bit pixels as bytes), before the browser compresses them">{formatBytes(record.bytes)} stored</span> · imported {new Date(record.createdAt).toLocaleString()}
          </p>
          {deleting === record.id && <DeleteConfirm record={record} onDone={() => setDeleting(null)} />}
          {showing === record.id && imageGeometry(record) && <StoredImages record={record} geometry={imageGeometry(record)!} />}
          {open === record.id && record.source.kind === 'csv' && <CsvImportSummary report={record.source.report} />}
          {open === record.id && record.source.kind === 'images' && <ImageImportDetails report={record.source.report} />}
          {open === record.id && record.source.kind === 'idx' && (
            <p className="muted">
              {record.source.report.images.toLocaleString('en-US')} images of {record.source.report.height}×{record.source.report.width} pixels.
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
