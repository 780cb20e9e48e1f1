import { useEffect, useState } from 'react';
import { formatBytes, storageUsage, type StorageUsage } from '../../db/storage-usage';

// How much space the app's data takes and how much the browser allows, refreshed whenever the
// stored datasets change (`version`), and whether the browser promised to keep the data.

export function StorageUsageLine({ version }: { version: unknown }) {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    let live = true;
    void storageUsage().then((next) => live && setUsage(next));
    return () => {
      live = false;
    };
  }, [version]);
  if (!usage) return null;
  return (
    <p className="muted storage-usage" data-testid="storage-usage" data-usage={usage.usage}>
      Storage: {formatBytes(usage.usage)} used of {formatBytes(usage.quota)} available
      {usage.persisted ? ' · kept by the browser' : ' · the browser may clear it when the disk runs low'}
    </p>
  );
}
