export interface BatcherOptions<T> {
  maxSize: number;
  maxDelayMs: number;
  flush: (items: T[]) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Collects items and flushes them when `maxSize` is reached or `maxDelayMs` after the
 * first pending item, whichever comes first: a burst of a thousand rows becomes a few
 * messages to the background, and a single row still arrives promptly.
 */
export function createBatcher<T>(options: BatcherOptions<T>) {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let pending: T[] = [];
  let timer: unknown = null;

  const flush = () => {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    options.flush(items);
  };

  return {
    push(item: T) {
      pending.push(item);
      if (pending.length >= options.maxSize) flush();
      else if (timer === null) timer = setTimer(flush, options.maxDelayMs);
    },
    flush,
    get pendingCount() {
      return pending.length;
    },
    cancel() {
      if (timer !== null) clearTimer(timer);
      timer = null;
      pending = [];
    },
  };
}
