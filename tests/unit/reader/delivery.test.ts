import { IngestInputSchema } from '../../../lib/messaging/content-requests';
import { MAX_INGEST_EVENTS } from '../../../lib/messaging/ingest-limits';
import { createDelivery, type DeliveryStatus, refusedField } from '../../../lib/reader/delivery';

interface Batch {
  group: string;
  events: number[];
}

/** A send the test answers by hand: each call waits until the test resolves or rejects it. */
function manualSend() {
  const calls: { batch: Batch; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const send = (batch: Batch) => new Promise<void>((resolve, reject) => calls.push({ batch, resolve, reject }));
  return { calls, send };
}

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    setTimer: (fn: () => void, ms: number) => {
      pending.set(++next, { fn, ms });
      return next;
    },
    clearTimer: (handle: unknown) => pending.delete(handle as number),
    delays: () => [...pending.values()].map((t) => t.ms),
    fire() {
      const all = [...pending.values()];
      pending.clear();
      for (const t of all) t.fn();
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const classify = (error: unknown) => {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('invalid')) return { kind: 'refused' as const, field: refusedField(message.slice('invalid '.length)) };
  if (message === 'quota') return { kind: 'quota' as const };
  return { kind: 'retry' as const };
};
const merge = (a: Batch, b: Batch) => (a.group === b.group ? { group: a.group, events: [...a.events, ...b.events] } : null);

function setup(over: Partial<Parameters<typeof createDelivery<Batch>>[0]> = {}) {
  const { calls, send } = manualSend();
  const timers = manualTimers();
  const statuses: DeliveryStatus[] = [];
  const delivered: number[] = [];
  const delivery = createDelivery<Batch>({
    send,
    classify,
    merge,
    maxEvents: 10,
    firstRetryMs: 100,
    maxRetryMs: 400,
    quotaRetryMs: 10_000,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    onStatus: (s) => statuses.push(s),
    onDelivered: (b) => delivered.push(...b.events),
    ...over,
  });
  return { calls, timers, statuses, delivered, delivery };
}

describe('createDelivery', () => {
  it('keeps at most two requests outstanding and sends what waited as one merged request', async () => {
    const { calls, delivered, delivery } = setup();
    for (let i = 0; i < 5; i++) delivery.push({ group: 'g', events: [i * 2, i * 2 + 1] });
    expect(calls.map((c) => c.batch.events)).toEqual([[0, 1], [2, 3]]);
    expect(delivery.status()).toMatchObject({ queuedBatches: 5, queuedEvents: 10 });

    calls[0]?.resolve();
    await flush();
    // The three waiting batches (6 events) fit in one request.
    expect(calls.map((c) => c.batch.events)).toEqual([[0, 1], [2, 3], [4, 5, 6, 7, 8, 9]]);
    calls[1]?.resolve();
    calls[2]?.resolve();
    await flush();
    expect(delivered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(delivery.status()).toEqual({ state: 'ok', queuedBatches: 0, queuedEvents: 0, refused: {}, dropped: 0 });
  });

  it('does not merge past maxEvents or across groups', () => {
    const { calls, delivery } = setup({ maxInFlight: 1 });
    delivery.push({ group: 'g', events: [1] });
    delivery.push({ group: 'g', events: [2, 3, 4, 5, 6, 7] });
    delivery.push({ group: 'g', events: [8, 9, 10, 11, 12] });
    delivery.push({ group: 'h', events: [13] });
    expect(calls).toHaveLength(1);
    calls[0]?.resolve();
    return flush().then(async () => {
      expect(calls[1]?.batch.events).toEqual([2, 3, 4, 5, 6, 7]);
      calls[1]?.resolve();
      await flush();
      expect(calls[2]?.batch).toEqual({ group: 'g', events: [8, 9, 10, 11, 12] });
      calls[2]?.resolve();
      await flush();
      expect(calls[3]?.batch).toEqual({ group: 'h', events: [13] });
    });
  });

  it('by default, what waited behind two outstanding requests goes out in requests as large as the background accepts, and no larger', async () => {
    const { calls, delivery } = setup({ maxEvents: undefined });
    // A reader behind a busy page: 200-event batches while both requests are outstanding.
    let next = 0;
    const batch = () => ({ group: 'g', events: Array.from({ length: 200 }, () => next++) });
    for (let i = 0; i < 2 + 15; i++) delivery.push(batch());
    expect(calls).toHaveLength(2);
    calls[0]?.resolve();
    await flush();
    expect(calls[2]?.batch.events).toHaveLength(MAX_INGEST_EVENTS);
    expect(calls[2]?.batch.events[0]).toBe(400);
    calls[1]?.resolve();
    await flush();
    expect(calls[3]?.batch.events).toHaveLength(15 * 200 - MAX_INGEST_EVENTS);
    // The background's schema takes a request of that size and refuses one event more.
    const event = { externalId: 'm-1', kind: 'message', author: { externalId: 'u-1', name: 'A' }, role: 'customer', text: 'hi', ts: 1 };
    const request = (n: number) => ({ site: 'demo', group: { externalId: 'g', title: 'G' }, events: Array.from({ length: n }, (_, i) => ({ ...event, externalId: `m-${i}` })) });
    expect(IngestInputSchema.safeParse(request(MAX_INGEST_EVENTS)).success).toBe(true);
    expect(IngestInputSchema.safeParse(request(MAX_INGEST_EVENTS + 1)).success).toBe(false);
  });

  it('keeps a batch while the worker is gone and sends it again with doubling back-off, one probe at a time', async () => {
    const { calls, timers, delivered, delivery, statuses } = setup();
    delivery.push({ group: 'g', events: [1] });
    delivery.push({ group: 'h', events: [2] });
    calls[0]?.reject(new Error('Could not establish connection'));
    calls[1]?.reject(new Error('The message port closed before a response was received'));
    await flush();
    expect(statuses.at(-1)).toMatchObject({ state: 'retrying', queuedEvents: 2 });
    expect(timers.delays()).toEqual([100]);

    timers.fire();
    // While retrying, one request probes.
    expect(calls).toHaveLength(3);
    calls[2]?.reject(new Error('gone'));
    await flush();
    expect(timers.delays()).toEqual([400]);
    timers.fire();
    calls[3]?.resolve();
    await flush();
    calls[4]?.resolve();
    await flush();
    expect(delivered.sort()).toEqual([1, 2]);
    expect(delivery.status().state).toBe('ok');
  });

  it('drops a refused batch, counts it once under its field, and goes on with the next', async () => {
    const { calls, delivered, delivery } = setup({ maxInFlight: 1 });
    delivery.push({ group: 'g', events: [1] });
    delivery.push({ group: 'h', events: [2] });
    calls[0]?.reject(new Error('invalid ingest: events.0.ts: Invalid input: expected int'));
    await flush();
    expect(calls[1]?.batch.events).toEqual([2]);
    calls[1]?.resolve();
    await flush();
    expect(delivered).toEqual([2]);
    expect(calls).toHaveLength(2);
    expect(delivery.status()).toEqual({ state: 'ok', queuedBatches: 0, queuedEvents: 0, refused: { 'events.ts': 1 }, dropped: 0 });
  });

  it('stops sending on a full disk, keeps every batch, and resumes when a probe succeeds', async () => {
    const { calls, timers, delivered, delivery } = setup();
    delivery.push({ group: 'g', events: [1] });
    calls[0]?.reject(new Error('quota'));
    await flush();
    delivery.push({ group: 'g', events: [2] });
    delivery.push({ group: 'g', events: [3] });
    expect(calls).toHaveLength(1);
    expect(delivery.status()).toMatchObject({ state: 'quota', queuedEvents: 3 });
    expect(timers.delays()).toEqual([10_000]);

    timers.fire();
    expect(calls[1]?.batch.events).toEqual([1, 2, 3]);
    calls[1]?.reject(new Error('quota'));
    await flush();
    expect(delivery.status()).toMatchObject({ state: 'quota', queuedEvents: 3 });

    // The user freed space and the sidebar asked to try now.
    delivery.retryNow();
    calls[2]?.resolve();
    await flush();
    expect(delivered).toEqual([1, 2, 3]);
    expect(delivery.status().state).toBe('ok');
  });

  it('sends nothing after stop, and a failure after stop schedules no retry', async () => {
    const { calls, timers, delivery } = setup();
    delivery.push({ group: 'g', events: [1] });
    delivery.stop();
    calls[0]?.reject(new Error('Extension context invalidated.'));
    await flush();
    delivery.push({ group: 'g', events: [2] });
    expect(calls).toHaveLength(1);
    expect(timers.delays()).toEqual([]);
  });

  it('treats a send that throws synchronously (invalidated extension) like a failed one', async () => {
    const timers = manualTimers();
    const delivery = createDelivery<Batch>({
      send: () => {
        throw new Error('Extension context invalidated.');
      },
      classify,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    });
    delivery.push({ group: 'g', events: [1] });
    await flush();
    expect(delivery.status()).toMatchObject({ state: 'retrying', queuedEvents: 1 });
  });
});

describe('refusedField', () => {
  it('names the field without row numbers and without the request prefix', () => {
    expect(refusedField('ingest: ingest: events.12.author.name: Too big')).toBe('events.author.name');
    expect(refusedField('ingest: group.externalId: Too small')).toBe('group.externalId');
    expect(refusedField('something else')).toBe('batch');
  });
});
