// IndexedDB failures in words a user can act on. A full disk shows up as QuotaExceededError, or,
// depending on the browser, as an AbortError of the transaction whose `inner` error is the
// QuotaExceededError (Dexie keeps the cause there); both get the same message.

interface NamedError {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
}

const named = (error: unknown): NamedError => (typeof error === 'object' && error !== null ? (error as NamedError) : {});

/** True when the error, or an error it wraps, says the storage quota was exceeded. */
export function isQuotaExceeded(error: unknown): boolean {
  for (let e = named(error), depth = 0; depth < 5; e = named(e.inner), depth++) {
    if (e.name === 'QuotaExceededError') return true;
    if (e.inner === undefined || e.inner === null) return false;
  }
  return false;
}

/** An Error whose message starts with `what` and says why, with a way out for a full disk. */
export function describeStorageError(error: unknown, what: string): Error {
  if (isQuotaExceeded(error)) {
    return new Error(
      `${what}: there is not enough storage space left for it. Nothing was saved. Free disk space or delete datasets or runs you no longer need, then try again.`,
    );
  }
  if (error instanceof Error && error.name === 'DatasetStoreError') return error;
  const inner = named(named(error).inner);
  const reason = typeof inner.message === 'string' && inner.message ? inner.message : error instanceof Error ? error.message : String(error);
  // The browser's own messages end with a full stop ("… max=133169152 bytes)."): not two of them.
  return new Error(`${what}: ${reason.replace(/\.+$/, '')}. Nothing was saved.`);
}
