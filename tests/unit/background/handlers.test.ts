import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { appendCase } from '../../../lib/db/repos/cases';
import { createClient } from '../../../lib/messaging/client';
import { protocol, type RequestInput, type RequestName, type RequestOutput, type TabStatus } from '../../../lib/messaging/protocol';
import { createServer, type RequestSender } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { caseRecord, MINUTE, T0, uniqueDbName } from '../db/records';

const RUNTIME_ID = 'test';

let db: Database;
let clock: number;
let server: ReturnType<typeof createServer>;

beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('handlers') });
  clock = T0 + 100 * MINUTE;
  server = createServer(createHandlers({ db, now: () => clock }), { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

/**
 * A client as a tab (or an extension page, without tabId) would have, which also checks
 * every reply against the output schema on this side of the wire.
 */
function clientFor(tabId?: number) {
  const sender: RequestSender = { id: RUNTIME_ID, ...(tabId === undefined ? {} : { tab: { id: tabId } }) };
  const client = createClient((message) => server.handle(message, sender));
  return {
    async request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
      const data = await client.request(name, input);
      expect(protocol[name].output.safeParse(data).success).toBe(true);
      return data;
    },
  };
}
const page = clientFor();

let seq = 0;
function event(over: Partial<ChatEvent> = {}): ChatEvent {
  seq++;
  return {
    externalId: `m-${seq}`,
    kind: 'message',
    author: { externalId: 'u-chen', name: '陈强' },
    role: 'customer',
    text: `第 ${seq} 条`,
    ts: T0 + seq * MINUTE,
    ...over,
  };
}
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { externalId: 'g-welfare', title: '星河福利优惠群' };

function status(over: Partial<Omit<TabStatus, 'updatedAt'>> = {}): Omit<TabStatus, 'updatedAt'> {
  return {
    adapterId: 'demo',
    adapterLabel: 'GroupSteward demo chat',
    verified: true,
    groupId: 'demo:g-service',
    groupTitle: SERVICE.title,
    messagesRead: 12,
    health: { state: 'ok', rowsSeen: 12, rowsParsed: 12, misses: {} },
    ...over,
  };
}

beforeEach(() => {
  seq = 0;
});

describe('background handlers', () => {
  it('ingest then getMemberCard returns the member with memberships, group titles, history and count', async () => {
    const tab = clientFor(3);
    const first = await tab.request('ingest', { site: 'demo', group: SERVICE, events: [event(), event(), event({ kind: 'join', text: '' })] });
    expect(first).toMatchObject({ groupId: 'demo:g-service', stored: 3, duplicates: 0 });
    await tab.request('ingest', { site: 'demo', group: WELFARE, events: [event({ text: '还有券吗？' })] });
    // A re-read of rows already stored.
    expect(await tab.request('ingest', { site: 'demo', group: SERVICE, events: [{ ...event(), externalId: 'm-1' }] })).toMatchObject({
      groupId: 'demo:g-service',
      stored: 0,
      duplicates: 1,
    });

    const card = await page.request('getMemberCard', { memberId: 'demo:u-chen' });
    if (!card) throw new Error('card missing');
    expect(card.member).toMatchObject({ id: 'demo:u-chen', site: 'demo', externalId: 'u-chen', name: '陈强', firstSeen: T0 + MINUTE, lastSeen: T0 + 4 * MINUTE });
    expect(card.memberships.map((m) => [m.groupId, m.groupTitle, m.messageCount]).sort()).toEqual([
      ['demo:g-service', SERVICE.title, 2],
      ['demo:g-welfare', WELFARE.title, 1],
    ]);
    expect(card.history.map((m) => m.externalId)).toEqual(['m-4', 'm-3', 'm-2', 'm-1']);
    expect(card.history[0]).toMatchObject({ groupId: 'demo:g-welfare', text: '还有券吗？', readAt: clock });
    // The join is on the history but is not a message.
    expect(card.messageCount).toBe(3);
    expect(card.tags).toEqual([]);
    expect(card.notes).toEqual([]);
    expect(card.cases).toEqual([]);
  });

  it('limits the history on the card but counts every message', async () => {
    const events = Array.from({ length: 30 }, () => event());
    await page.request('ingest', { site: 'demo', group: SERVICE, events });
    const card = await page.request('getMemberCard', { memberId: 'demo:u-chen', historyLimit: 10 });
    expect(card?.history.map((m) => m.externalId)).toEqual(events.slice(-10).reverse().map((e) => e.externalId));
    expect(card?.messageCount).toBe(30);
  });

  it('answers null for a member never read', async () => {
    expect(await page.request('getMemberCard', { memberId: 'demo:nobody' })).toBeNull();
  });

  it('shows the cases of a member on the card, newest first', async () => {
    await page.request('ingest', { site: 'demo', group: SERVICE, events: [event()] });
    await appendCase(db, caseRecord({ id: 'c-1', memberId: 'demo:u-chen', at: T0 }));
    await appendCase(db, caseRecord({ id: 'c-2', memberId: 'demo:u-chen', kind: 'applied', refersTo: 'c-1', at: T0 + MINUTE }));
    const card = await page.request('getMemberCard', { memberId: 'demo:u-chen' });
    expect(card?.cases.map((c) => c.id)).toEqual(['c-2', 'c-1']);
  });

  it('keeps reading status per tab, stamped with the time of the report', async () => {
    await clientFor(3).request('reportStatus', status());
    clock += MINUTE;
    await clientFor(4).request('reportStatus', status({ groupId: null, groupTitle: null, messagesRead: 0, health: { state: 'no-chat', rowsSeen: 0, rowsParsed: 0, misses: {} } }));

    expect(await page.request('getTabStatus', { tabId: 3 })).toMatchObject({ ...status(), updatedAt: T0 + 100 * MINUTE });
    expect(await page.request('getTabStatus', { tabId: 4 })).toMatchObject({ groupId: null, health: { state: 'no-chat' }, updatedAt: T0 + 101 * MINUTE });
    expect(await page.request('getTabStatus', { tabId: 5 })).toBeNull();

    // A newer report from the same tab replaces the older.
    await clientFor(3).request('reportStatus', status({ messagesRead: 40, health: { state: 'degraded', rowsSeen: 50, rowsParsed: 40, misses: { author: 10 } } }));
    expect(await page.request('getTabStatus', { tabId: 3 })).toMatchObject({ messagesRead: 40, health: { state: 'degraded', misses: { author: 10 } } });
  });

  it('refuses a status report that does not come from a tab', async () => {
    await expect(page.request('reportStatus', status())).rejects.toThrow('reportStatus: reportStatus: status reports come from a tab');
  });

  it('adds a tag to a member, shows it on the card and in the tag list, and removes it', async () => {
    await page.request('ingest', { site: 'demo', group: SERVICE, events: [event(), event({ author: { externalId: 'u-li', name: '李娜' } })] });
    const tag = await page.request('addTag', { memberIds: ['demo:u-chen', 'demo:u-li'], name: 'ＶＩＰ' });
    expect(tag).toMatchObject({ name: 'VIP', createdAt: clock });
    expect((await page.request('getMemberCard', { memberId: 'demo:u-chen' }))?.tags).toEqual([tag]);
    expect(await page.request('listTags', {})).toEqual([tag]);

    expect(await page.request('removeTag', { memberId: 'demo:u-chen', tagId: tag.id })).toEqual({});
    expect((await page.request('getMemberCard', { memberId: 'demo:u-chen' }))?.tags).toEqual([]);
    expect((await page.request('getMemberCard', { memberId: 'demo:u-li' }))?.tags).toEqual([tag]);

    const favourite = await page.request('updateTag', { tagId: tag.id, favourite: true });
    expect(favourite).toEqual({ ...tag, favourite: true });
  });

  it('refuses a tag for an unknown member and leaves no tag behind', async () => {
    await expect(page.request('addTag', { memberIds: ['demo:nobody'], name: '广告' })).rejects.toThrow('unknown member "demo:nobody"');
    expect(await page.request('listTags', {})).toEqual([]);
  });

  it('adds notes signed with the staff name from the settings, edits and deletes them', async () => {
    await page.request('ingest', { site: 'demo', group: SERVICE, events: [event()] });
    await page.request('updateSettings', { staffName: '小美' });
    const first = await page.request('addNote', { memberId: 'demo:u-chen', text: '年费争议' });
    clock += MINUTE;
    const second = await page.request('addNote', { memberId: 'demo:u-chen', text: '已转二线' });
    expect(first).toMatchObject({ author: '小美', text: '年费争议', createdAt: T0 + 100 * MINUTE });
    expect((await page.request('getMemberCard', { memberId: 'demo:u-chen' }))?.notes).toEqual([second, first]);

    clock += MINUTE;
    const edited = await page.request('editNote', { noteId: first.id, text: '年费已减免' });
    expect(edited).toEqual({ ...first, text: '年费已减免', updatedAt: T0 + 102 * MINUTE });
    expect(await page.request('deleteNote', { noteId: second.id })).toEqual({});
    expect((await page.request('getMemberCard', { memberId: 'demo:u-chen' }))?.notes).toEqual([edited]);

    await expect(page.request('addNote', { memberId: 'demo:u-chen', text: 'x'.repeat(5_001) })).rejects.toThrow('at most 5000 characters');
  });

  it('sets the member profile, and answers the group and settings', async () => {
    await page.request('ingest', { site: 'demo', group: SERVICE, events: [event()] });
    expect(await page.request('setMemberProfile', { memberId: 'demo:u-chen', stage: 'vip', tier: 'high' })).toMatchObject({ stage: 'vip', tier: 'high' });
    expect((await page.request('setMemberProfile', { memberId: 'demo:u-chen', stage: null })).stage).toBeUndefined();
    expect(await page.request('getGroup', { groupId: 'demo:g-service' })).toMatchObject({ title: SERVICE.title, rulesText: '' });
    expect(await page.request('getGroup', { groupId: 'demo:g-none' })).toBeNull();
    expect(await page.request('getSettings', {})).toMatchObject({ staffName: '', language: '' });
    expect(await page.request('updateSettings', { language: 'zh_CN' })).toMatchObject({ language: 'zh_CN' });
    await expect(page.request('updateSettings', { retentionDays: 5_000 })).rejects.toThrow('retentionDays');
  });
});
