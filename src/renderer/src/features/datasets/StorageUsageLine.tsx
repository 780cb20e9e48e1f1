import { useEffect, useState } from 'react';
import { formatBytes } from '../../../../shared/engine/run-budget';
import type { DatasetRecord } from '../../db/database';
import { storageUsage, type StorageUsage } from '../../db/storage-usage';

// How much the imported datasets take, counted as each one's size in the list is (storedBytes:
// the numbers as stored), and apart from it the browser's own estimate of the app's data on disk,
// which differs by design: the browser compresses what it stores (Fashion-MNIST's pixels to about
// a third) and counts the runs and their weights too. Refreshed whenever the datasets change.

export function StorageUsageLine({ records }: { records: DatasetRecord[] | undefined }) {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    let live = true;
    void storageUsage().then((next) => live && setUsage(next));
    return () => {
      live = false;
    };
  }, [records]);
  const datasetBytes = (records ?? []).reduce((sum, record) => sum + record.bytes, 0);
  return (
    <p className="muted storage-usage" data-testid="storage-usage" data-datasets={datasetBytes} data-usage={usage?.usage}>
      <span data-testid="storage-datasets" title="The numbers of every imported dataset as stored, the same count as each dataset's size below">
        {records?.length ? `Imported datasets: ${formatBytes(datasetBytes)} stored` : 'No imported datasets'}
      </span>
      {usage && (
        <span title="The browser's estimate of the space the app's data takes on disk: compressed, and runs with their weights included">
          {' '}
          · all app data on disk: {formatBytes(usage.usage)} of {formatBytes(usage.quota)} available (the browser's estimate, compressed)
          {usage.persisted ? ' · kept by the browser' : ' · the browser may clear it when the disk runs low'}
        </span>
      )}
    </p>
  );
}
