/**
 * Ends a transaction so that nothing it wrote is kept. `done` then rejects with an
 * AbortError, which is swallowed here: the caller throws the error that says why. A
 * transaction already aborted by a failed request is left as it is.
 */
export function abortQuietly(tx: { done: Promise<unknown>; abort(): void }): void {
  tx.done.catch(() => {});
  try {
    tx.abort();
  } catch {
    // Already aborted.
  }
}
