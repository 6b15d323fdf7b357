import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSpam, startStreamChat, type StreamChat } from '../../scripts/stream-chat.mjs';
import { extensionId, launchWithExtension, makeProfileDir, removeProfileDir, sidebarFrame } from './harness';

/** Reads one store of the extension's IndexedDB from one of its own pages (first-party, unlike the sidebar frame). */
function readStoreIn<T>(page: Page, store: string, countOnly: boolean): Promise<T> {
  return page.evaluate(
    async ([name, onlyCount]) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const request = indexedDB.open('groupsteward');
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      try {
        return await new Promise<unknown>((ok, fail) => {
          const objectStore = db.transaction(name as string).objectStore(name as string);
          const request: IDBRequest = onlyCount ? objectStore.count() : objectStore.getAll();
          request.onsuccess = () => ok(request.result);
          request.onerror = () => fail(request.error);
        });
      } finally {
        db.close();
      }
    },
    [store, countOnly] as const,
  ) as Promise<T>;
}
const countIn = (page: Page, store: string) => readStoreIn<number>(page, store, true);
const allIn = <T>(page: Page, store: string) => readStoreIn<T[]>(page, store, false);

/** Polls until `probe` is truthy; bounded by the test's own timeout, not by a count. */
async function until<T>(probe: () => Promise<T>): Promise<NonNullable<T>> {
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Counts the service worker's stops as the browser reports them. */
async function watchWorkerStops(cdp: CDPSession, scope: string) {
  const stops = { count: 0, running: true };
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions as Array<{ scriptURL: string; runningStatus: string }>) {
      if (!v.scriptURL.startsWith(scope)) continue;
      if (v.runningStatus === 'stopped' && stops.running) stops.count++;
      stops.running = v.runningStatus !== 'stopped';
    }
  });
  await cdp.send('ServiceWorker.enable');
  return stops;
}

describe('delivery until acknowledged, end to end', () => {
  let chat: StreamChat;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let extensionPage: Page;
  let id: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    chat = await startStreamChat();
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    id = await extensionId(context);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(chat.url);
    await sidebarFrame(page);
    extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${id}/popup.html`);
  });

  afterAll(async () => {
    await context?.close();
    await chat?.close();
    await removeProfileDir(profile);
  });

  it('stores each of 5,000 streamed messages exactly once, with every spam suggestion, though the worker is stopped 5 times', async () => {
    const cdp = await context.newCDPSession(page);
    const stops = await watchWorkerStops(cdp, `chrome-extension://${id}/`);
    const TOTAL = 5_000;
    const CHUNK = 1_000;
    const baseTs = Date.now() - 3_600_000;
    for (let first = 1; first <= TOTAL; first += CHUNK) {
      const streaming = page.evaluate((options) => (window as unknown as { stream(o: unknown): Promise<number> }).stream(options), { first, count: CHUNK, perFrame: 25, baseTs });
      // Stop the worker while this chunk is being read and sent.
      await page.waitForFunction(() => (window as unknown as { streamState: { appended: number } }).streamState.appended >= 300);
      const before = stops.count;
      await cdp.send('ServiceWorker.stopAllWorkers');
      await until(async () => stops.count > before);
      await streaming;
    }
    expect(stops.count).toBeGreaterThanOrEqual(5);

    // Wait until everything is stored, or until nothing more arrives for 5 s (then the
    // assertion below says how many were lost, instead of the test timing out).
    let last = -1;
    let still = 0;
    const stored = await until(async () => {
      const n = await countIn(extensionPage, 'messages');
      still = n === last ? still + 1 : 0;
      last = n;
      return n >= TOTAL || still >= 25 ? n + 1 : 0;
    }).then((n) => n - 1);
    expect(stored).toBe(TOTAL);
    // Nothing more arrives later (no duplicate, nothing stray). Caught up: one more message
    // streamed after the rest is stored only after all of them; then exactly one is new.
    await page.evaluate((options) => (window as unknown as { stream(o: unknown): Promise<number> }).stream(options), { first: TOTAL + 1, count: 1, perFrame: 1, baseTs });
    await until(async () => (await countIn(extensionPage, 'messages')) > stored);
    expect(await countIn(extensionPage, 'messages')).toBe(TOTAL + 1);

    const ids = (await allIn<{ externalId: string }>(extensionPage, 'messages')).map((m) => m.externalId);
    const suggested = (await allIn<{ kind: string; messageId: string; ruleId: string }>(extensionPage, 'cases')).filter((c) => c.kind === 'suggested');
    const expected = Array.from({ length: TOTAL }, (_, i) => `s-${String(i + 1).padStart(7, '0')}`);
    expect(new Set(ids)).toEqual(new Set([...expected, `s-${String(TOTAL + 1).padStart(7, '0')}`]));

    const spam = expected.filter((_, i) => isSpam(i + 1)).map((externalId) => `demo:g-stream:${externalId}`);
    const flagged = new Set(suggested.map((s) => s.messageId));
    expect(spam.filter((m) => !flagged.has(m))).toEqual([]);
    // Each rule judged each message once: no batch was evaluated twice.
    const pairs = suggested.map((s) => `${s.messageId} ${s.ruleId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    // Members and memberships count every message once, though ingest held them back (one
    // journal record per transaction) while the worker was stopped: a request that reads
    // members answers only after what is held has been written out.
    const reply = await extensionPage.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ gs: 'request', name: 'getMemberCard', input: { memberId: 'demo:u-1' } }),
    );
    expect(reply).toMatchObject({ ok: true });
    expect(await countIn(extensionPage, 'memberJournal')).toBe(0);
    const written = new Map<string, number>();
    for (const m of await allIn<{ memberId: string; kind: string }>(extensionPage, 'messages')) if (m.kind === 'message') written.set(m.memberId, (written.get(m.memberId) ?? 0) + 1);
    const memberships = await allIn<{ groupId: string; memberId: string; messageCount: number }>(extensionPage, 'memberships');
    expect(new Map(memberships.map((m) => [m.memberId, m.messageCount]))).toEqual(written);
    expect((await allIn<{ id: string }>(extensionPage, 'members')).map((m) => m.id).sort()).toEqual([...written.keys()].sort());
    expect(pageErrors).toEqual([]);
  });

  it('finds a message by a word in all history from the sidebar, and opens its author’s card at that message', async () => {
    const frame = await sidebarFrame(page);
    // Message 1,657 is spam with its own WeChat id; its author is member 1657 % 300 = 157.
    await frame.locator('[data-testid="gs-search-input"]').fill('wx1657abc');
    const result = frame.locator('[data-testid="gs-search-result"]');
    await expect.poll(() => result.count()).toBe(1);
    await expect.poll(() => result.first().getAttribute('data-message-id')).toBe('demo:g-stream:s-0001657');
    await result.first().click();
    await expect.poll(() => frame.locator('[data-testid="gs-member-name"]').textContent()).toBe('Member 157');
    const focused = frame.locator('.history-focus[data-testid="gs-history-item"]');
    await expect.poll(() => focused.getAttribute('data-message-id')).toBe('demo:g-stream:s-0001657');

    // Chinese inside unspaced text, limited to the selected member.
    await frame.locator('[data-testid="gs-search-scope"]').selectOption('member');
    await frame.locator('[data-testid="gs-search-input"]').fill('日赚');
    await expect.poll(async () => (await result.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message-id')))).sort()).toEqual(
      Array.from({ length: 5_000 }, (_, i) => i + 1)
        .filter((n) => isSpam(n) && n % 300 === 157)
        .map((n) => `demo:g-stream:s-${String(n).padStart(7, '0')}`)
        .sort(),
    );
    expect(pageErrors).toEqual([]);
  });
});
