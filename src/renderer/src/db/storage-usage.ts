// How much of the browser's storage the app uses, and the request that keeps it from being evicted.
// Without `persist()` a browser may clear an origin's IndexedDB under storage pressure; a user's
// imported datasets and trained runs are worth asking for.

export interface StorageUsage {
  /** Bytes used by this origin. */
  usage: number;
  /** Bytes this origin may use. */
  quota: number;
  /** True when the browser promised not to evict the data. */
  persisted: boolean;
}

/** Null where the Storage API is missing (an old or locked-down browser). */
export async function storageUsage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageUsage | null> {
  if (!storage?.estimate) return null;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)]);
  return { usage, quota, persisted };
}

/** Asks once for persistent storage; resolves with whether the data is now persistent. */
export async function requestPersistentStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<boolean> {
  if (!storage?.persist) return false;
  if (await storage.persisted?.()) return true;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}
