import { describe, expect, it } from 'vitest';
import { describeStorageError, isQuotaExceeded } from '../../../src/renderer/src/db/storage-errors';
import { requestPersistentStorage, storageUsage } from '../../../src/renderer/src/db/storage-usage';

const quota = { name: 'QuotaExceededError', message: 'quota' };

describe('storage errors', () => {
  it('recognises a quota error directly and as the inner error of an AbortError', () => {
    expect(isQuotaExceeded(quota)).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', message: 'Transaction aborted', inner: quota })).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', message: 'Transaction aborted' })).toBe(false);
    expect(isQuotaExceeded(new Error('boom'))).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
  });

  it('says what failed, why, and that nothing was saved', () => {
    expect(describeStorageError({ name: 'AbortError', inner: quota }, "Could not save 'x'").message).toBe(
      "Could not save 'x': there is not enough storage space left for it. Nothing was saved. Free disk space or delete datasets or runs you no longer need, then try again.",
    );
    expect(describeStorageError({ name: 'AbortError', message: 'aborted', inner: new Error('disk I/O error') }, "Could not save 'x'").message).toBe(
      "Could not save 'x': disk I/O error. Nothing was saved.",
    );
    const tooLarge = new Error('The serialized keys and/or value are too large (size=188651372 bytes, max=133169152 bytes).');
    expect(describeStorageError({ name: 'UnknownError', inner: tooLarge }, "Could not save 'x'").message).toBe(
      "Could not save 'x': The serialized keys and/or value are too large (size=188651372 bytes, max=133169152 bytes). Nothing was saved.",
    );
  });
});

describe('storage usage', () => {
  it('reports usage and quota, and asks for persistence only when not yet persistent', async () => {
    let asked = 0;
    const storage = {
      estimate: async () => ({ usage: 1500, quota: 10_000 }),
      persisted: async () => asked > 0,
      persist: async () => {
        asked++;
        return true;
      },
    } as unknown as StorageManager;
    expect(await storageUsage(storage)).toEqual({ usage: 1500, quota: 10_000, persisted: false });
    expect(await requestPersistentStorage(storage)).toBe(true);
    expect(await requestPersistentStorage(storage)).toBe(true);
    expect(asked).toBe(1);
    expect(await storageUsage(undefined)).toBeNull();
    expect(await requestPersistentStorage(undefined)).toBe(false);
  });
});
