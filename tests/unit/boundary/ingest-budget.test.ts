import { render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthBanner } from '../../../components/HealthBanner';
import { createHandlers } from '../../../lib/background/handlers';
import { createIngestBudget, DEFAULT_INGEST_BUDGET } from '../../../lib/background/ingest-budget';
import { type Database, openDatabase } from '../../../lib/db/open';
import { createTranslator, I18nContext, type LocaleMessages } from '../../../lib/i18n';
import { createClient } from '../../../lib/messaging/client';
import { createServer } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { createDelivery } from '../../../lib/reader/delivery';
import { MINUTE, T0, uniqueDbName } from '../db/records';

// Issue #11, finding 8: a page could make the background store without bound. Each tab now
// has a budget; the excess is dropped before anything is written and counted in health.

const RUNTIME_ID = 'test';
const LIMITS = { burstEvents: 10, eventsPerMinute: 60, burstChars: 1_000, charsPerMinute: 600 };
let db: Database;
let clock: number;
let server: ReturnType<typeof createServer>;
const tab = (id: number) => createClient((message) => server.handle(message, { id: RUNTIME_ID, tab: { id } }));

beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('budget') });
  clock = T0 + 100 * MINUTE;
  server = createServer(createHandlers({ db, now: () => clock, ingestBudget: LIMITS }), { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

let seq = 0;
const events = (n: number, text = 'hi'): ChatEvent[] =>
  Array.from({ length: n }, () => {
    seq++;
    return { externalId: `m-${seq}`, kind: 'message', author: { externalId: 'u-flood', name: 'Flood' }, role: 'customer', text, ts: T0 + seq * 1000 };
  });
const GROUP = { externalId: 'g-1', title: 'Group' };
const storedCount = async () => (await db.getAll('messages')).length;

describe('per-tab ingest budget', () => {
  it('stores a burst up to the budget, drops the rest before writing, and says how many', async () => {
    const reply = await tab(1).request('ingest', { site: 'demo', group: GROUP, events: events(25) });
    expect(reply).toMatchObject({ stored: 10, dropped: 15 });
    expect(await storedCount()).toBe(10);
    // Nothing left: the next batch is dropped whole, and counted.
    expect(await tab(1).request('ingest', { site: 'demo', group: GROUP, events: events(3) })).toMatchObject({ stored: 0, dropped: 3 });
    expect(await storedCount()).toBe(10);
    // Another tab has its own budget.
    expect(await tab(2).request('ingest', { site: 'demo', group: GROUP, events: events(5) })).toMatchObject({ stored: 5 });
    expect((await tab(2).request('ingest', { site: 'demo', group: GROUP, events: events(1) })).dropped).toBeUndefined();
  });

  it('refills with time, and counts long text against a character budget', async () => {
    await tab(1).request('ingest', { site: 'demo', group: GROUP, events: events(10) });
    clock += 5_000; // 5 s at 60 a minute: 5 more events
    expect(await tab(1).request('ingest', { site: 'demo', group: GROUP, events: events(8) })).toMatchObject({ stored: 5, dropped: 3 });
    clock += 60_000;
    // 10 events back, but 1,000 characters at most: two 400-character messages fit, the third does not.
    expect(await tab(1).request('ingest', { site: 'demo', group: GROUP, events: events(3, 'x'.repeat(400)) })).toMatchObject({ stored: 2, dropped: 1 });
  });

  it("the popup's tab status carries the count", async () => {
    await tab(4).request('ingest', { site: 'demo', group: GROUP, events: events(12) });
    await tab(4).request('reportStatus', {
      adapterId: 'demo',
      adapterLabel: 'Demo',
      verified: true,
      groupId: 'demo:g-1',
      groupTitle: 'Group',
      messagesRead: 12,
      health: { state: 'ok', rowsSeen: 12, rowsParsed: 12, misses: {} },
    });
    const page = createClient((message) => server.handle(message, { id: RUNTIME_ID }));
    expect(await page.request('getTabStatus', { tabId: 4 })).toMatchObject({ droppedOverBudget: 2 });
  });

  it('the default budget takes a 10,000-message backfill whole, and bounds what follows', () => {
    let clock = 0;
    const budget = createIngestBudget(() => clock, DEFAULT_INGEST_BUDGET);
    expect(budget.take(1, events(10_000)).dropped).toBe(0);
    expect(budget.take(1, events(15_000)).dropped).toBe(5_000);
    // A minute later the bucket holds one minute's refill, not more.
    clock = MINUTE;
    expect(budget.take(1, events(10_000)).dropped).toBe(10_000 - DEFAULT_INGEST_BUDGET.eventsPerMinute);
  });

  it("the content script's delivery adds up what the background dropped, and health shows it", async () => {
    const statuses: number[] = [];
    const delivery = createDelivery<{ events: unknown[] }>({
      send: async (batch) => ({ stored: 1, dropped: batch.events.length - 1 }),
      classify: () => ({ kind: 'retry' }),
      droppedIn: (reply) => (reply as { dropped?: number }).dropped ?? 0,
      onStatus: (status) => statuses.push(status.dropped),
    });
    delivery.push({ events: [1, 2, 3] });
    delivery.push({ events: [1, 2] });
    await vi.waitFor(() => expect(delivery.status().dropped).toBe(3));
    const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
    render(h(I18nContext.Provider, { value: createTranslator(EN) }, h(HealthBanner, { state: 'ok', misses: {}, adapterLabel: 'Demo', verified: true, delivery: delivery.status() })));
    expect(screen.getByTestId('gs-health-dropped').textContent).toMatch(/^3 messages not stored/);
  });
});

describe('template uses reported by a chat tab', () => {
  const chatTab = (id: number) =>
    createClient((message) => server.handle(message, { id: RUNTIME_ID, tab: { id }, url: 'http://localhost/chat' }));
  const use = (via: 'slash' | 'sidebar' | 'faq') => ({ templateId: 'tpl-faq-fee-zh', groupId: 'demo:g-1', via });

  it('counts a / picker insertion, with the staff name from the settings', async () => {
    await createClient((message) => server.handle(message, { id: RUNTIME_ID, url: 'chrome-extension://test/options.html' })).request('updateSettings', { staffName: '客服小美' });
    await chatTab(1).request('recordTemplateUse', use('slash'));
    const uses = await db.getAll('templateUses');
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ templateId: 'tpl-faq-fee-zh', groupId: 'demo:g-1', via: 'slash', staff: '客服小美' });
  });

  it('refuses a chat tab that claims a sidebar or FAQ insertion', async () => {
    await expect(chatTab(1).request('recordTemplateUse', use('sidebar'))).rejects.toThrow(/only insertions from its \/ picker/);
    await expect(chatTab(1).request('recordTemplateUse', use('faq'))).rejects.toThrow(/only insertions from its \/ picker/);
    expect(await db.getAll('templateUses')).toEqual([]);
  });

  it('takes each use from the tab\'s ingest budget: a page cannot make us store more this way', async () => {
    for (let i = 0; i < LIMITS.burstEvents; i++) await chatTab(2).request('recordTemplateUse', use('slash'));
    await expect(chatTab(2).request('recordTemplateUse', use('slash'))).rejects.toThrow(/past its ingest budget/);
    // Another tab, and the sidebar (an extension page), are not held back by it.
    await chatTab(3).request('recordTemplateUse', use('slash'));
    await createClient((message) => server.handle(message, { id: RUNTIME_ID, url: 'chrome-extension://test/sidebar.html' })).request('recordTemplateUse', use('sidebar'));
    expect(await db.getAll('templateUses')).toHaveLength(LIMITS.burstEvents + 2);
  });
});
