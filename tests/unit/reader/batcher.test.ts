import { createBatcher } from '../../../lib/reader/batcher';

/** Timers the test fires by hand, so no test waits on the clock. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (fn: () => void, ms: number) => {
      expect(ms).toBe(150);
      pending.set(++next, fn);
      return next;
    },
    clearTimer: (handle: unknown) => {
      pending.delete(handle as number);
    },
    fireAll() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
    get count() {
      return pending.size;
    },
  };
}

describe('createBatcher', () => {
  it('flushes as soon as maxSize items are pending, and cancels the timer', () => {
    const timers = manualTimers();
    const flushed: number[][] = [];
    const batcher = createBatcher<number>({ maxSize: 3, maxDelayMs: 150, flush: (items) => flushed.push(items), ...timers });
    for (let i = 1; i <= 7; i++) batcher.push(i);
    expect(flushed).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(batcher.pendingCount).toBe(1);
    expect(timers.count).toBe(1);
    timers.fireAll();
    expect(flushed).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(batcher.pendingCount).toBe(0);
  });

  it('flushes a lone item after the delay, with one timer for the whole batch', () => {
    const timers = manualTimers();
    const flushed: string[][] = [];
    const batcher = createBatcher<string>({ maxSize: 100, maxDelayMs: 150, flush: (items) => flushed.push(items), ...timers });
    batcher.push('a');
    batcher.push('b');
    expect(timers.count).toBe(1);
    expect(flushed).toEqual([]);
    timers.fireAll();
    expect(flushed).toEqual([['a', 'b']]);
  });

  it('flushes on demand, and never sends an empty batch', () => {
    const timers = manualTimers();
    const flush = vi.fn();
    const batcher = createBatcher<string>({ maxSize: 100, maxDelayMs: 150, flush, ...timers });
    batcher.flush();
    expect(flush).not.toHaveBeenCalled();
    batcher.push('x');
    batcher.flush();
    expect(flush).toHaveBeenCalledWith(['x']);
    expect(timers.count).toBe(0);
  });

  it('cancel drops pending items and the timer', () => {
    const timers = manualTimers();
    const flush = vi.fn();
    const batcher = createBatcher<string>({ maxSize: 100, maxDelayMs: 150, flush, ...timers });
    batcher.push('x');
    batcher.cancel();
    expect(timers.count).toBe(0);
    expect(batcher.pendingCount).toBe(0);
    batcher.flush();
    expect(flush).not.toHaveBeenCalled();
  });

  it('uses real timers by default', async () => {
    const flushed: number[][] = [];
    const batcher = createBatcher<number>({ maxSize: 10, maxDelayMs: 0, flush: (items) => flushed.push(items) });
    batcher.push(1);
    expect(flushed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(flushed).toEqual([[1]]);
  });
});
