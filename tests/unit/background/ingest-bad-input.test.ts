import { createHandlers } from '../../../lib/background/handlers';
import { classifyIngestFailure } from '../../../lib/content/ingest-failure';
import { type Database, openDatabase } from '../../../lib/db/open';
import { countQueued } from '../../../lib/db/repos/search';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { createClient } from '../../../lib/messaging/client';
import { createServer, type RequestSender } from '../../../lib/messaging/server';
import { createDelivery, type DeliveryStatus } from '../../../lib/reader/delivery';
import type { ReaderBatch } from '../../../lib/reader/reader';
import { T0, uniqueDbName } from '../db/records';

/**
 * Bad input from the page, through the real chain a chat tab uses: delivery queue → client →
 * server (sender check, zod) → handlers → ingest pipeline → IndexedDB. The disk is made full
 * by a database whose message writes fail with QuotaExceededError, as a full profile's do.
 */

const CONTENT: RequestSender = { id: 'gs-test', tab: { id: 7 }, url: 'http://localhost/chat' };

/**
 * While `full()` is true, every write to this database's messages store fails for lack of
 * space. Patched on the raw store (ingest writes to the raw stores, past idb's wrapper); the
 * error is thrown where the put is issued, which the ingest turns into an aborted transaction.
 */
function withDisk(db: Database, full: () => boolean): Database {
  const originalPut = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (full() && this.name === 'messages' && this.transaction.db.name === db.name) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return originalPut.apply(this, args);
  });
  return db;
}

function manualTimers() {
  const pending: Array<() => void> = [];
  return {
    setTimer: (fn: () => void) => pending.push(fn),
    clearTimer: () => {},
    async fire() {
      for (const fn of pending.splice(0)) fn();
      await settle();
    },
    get count() {
      return pending.length;
    },
  };
}

async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

const open: Database[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of open.splice(0)) db.close();
});

async function setup(label: string) {
  const db = await openDatabase({ name: uniqueDbName(label) });
  open.push(db);
  await seedDefaults(db, T0);
  let full = false;
  const server = createServer(createHandlers({ db: withDisk(db, () => full), now: () => T0 }), { runtimeId: 'gs-test' });
  const client = createClient((message) => server.handle(message, CONTENT));
  const timers = manualTimers();
  const statuses: DeliveryStatus[] = [];
  let sends = 0;
  const delivery = createDelivery<ReaderBatch>({
    send: (batch) => {
      sends++;
      return client.request('ingest', batch);
    },
    classify: classifyIngestFailure,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    onStatus: (s) => statuses.push(s),
  });
  return { db, delivery, timers, statuses, sends: () => sends, setFull: (value: boolean) => (full = value) };
}

let seq = 0;
const batch = (count: number, over: Partial<ReaderBatch['events'][number]> = {}): ReaderBatch => ({
  site: 'demo',
  group: { externalId: 'g-service', title: '服务群' },
  events: Array.from({ length: count }, () => {
    seq++;
    return { externalId: `m-${seq}`, kind: 'message' as const, author: { externalId: `u-${seq % 3}`, name: `Member ${seq % 3}` }, role: 'customer' as const, text: `消息 ${seq}`, ts: T0 + seq * 1_000, ...over };
  }),
});

describe('bad input on the way into the store', () => {
  it('a full disk stops ingest with the quota state, keeps every batch, and stores each once when space is freed', async () => {
    const { db, delivery, timers, statuses, sends, setFull } = await setup('quota');
    setFull(true);
    delivery.push(batch(3));
    delivery.push(batch(2));
    await settle();
    expect(delivery.status()).toMatchObject({ state: 'quota', queuedBatches: 2, queuedEvents: 5 });
    expect(await db.count('messages')).toBe(0);
    // While full, one probe at a time, and it fails again: nothing is dropped.
    const sentWhileFull = sends();
    await timers.fire();
    expect(sends()).toBe(sentWhileFull + 1);
    expect(delivery.status()).toMatchObject({ state: 'quota', queuedEvents: 5 });
    delivery.push(batch(4));
    await settle();
    expect(delivery.status()).toMatchObject({ state: 'quota', queuedEvents: 9 });
    // Space freed: the next probe goes through and the rest follow.
    setFull(false);
    await timers.fire();
    await settle();
    expect(delivery.status()).toMatchObject({ state: 'ok', queuedBatches: 0, queuedEvents: 0, refused: {} });
    expect(await db.count('messages')).toBe(9);
    expect(statuses.some((s) => s.state === 'quota')).toBe(true);
    // Nothing half-written while it was full: every stored message is in the search queue once.
    expect(await countQueued(db)).toBe(9);
  });

  it('a batch the background refuses is dropped, named by its field once, never sent again, and reading goes on', async () => {
    const { db, delivery, timers, sends } = await setup('refused');
    delivery.push(batch(2, { ts: -5 }));
    await settle();
    expect(delivery.status()).toMatchObject({ state: 'ok', queuedBatches: 0, refused: { 'events.ts': 1 } });
    expect(sends()).toBe(1);
    expect(timers.count).toBe(0);
    delivery.push(batch(3));
    await settle();
    expect(await db.count('messages')).toBe(3);
    expect(delivery.status().refused).toEqual({ 'events.ts': 1 });
    expect(sends()).toBe(2);
  });
});
