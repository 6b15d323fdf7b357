import { CHANGE_EFFECTS, createChangeBroadcaster, withChangeNotices } from '../../../lib/background/changes';
import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { type ChangeNotice, changeNotice, isChangeNotice } from '../../../lib/messaging/changes';
import { createClient } from '../../../lib/messaging/client';
import { createServer, type RequestSender } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { T0, uniqueDbName } from '../db/records';

let db: Database;
let published: Array<{ notice: ChangeNotice; sender: RequestSender }>;
let seen: RequestSender[];

function clientAs(sender: RequestSender) {
  const handlers = withChangeNotices(
    createHandlers({ db, now: () => T0 }),
    (notice, from) => published.push({ notice, sender: from }),
    (from) => seen.push(from),
  );
  const server = createServer(handlers, { runtimeId: 'test', validateOutput: true });
  return createClient((message) => server.handle(message, sender));
}

beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('changes') });
  published = [];
  seen = [];
});
afterEach(() => db.close());

const event = (i: number, author: string, text: string): ChatEvent => ({
  externalId: `m-${i}`,
  kind: 'message',
  author: { externalId: author, name: author },
  role: 'customer',
  text,
  ts: T0 + i,
});

describe('change notices', () => {
  const tab = { id: 'test', tab: { id: 7 }, url: 'http://localhost/chat' };

  it('a stored batch announces its group and the members who spoke, once it committed, marked as from the chat', async () => {
    const client = clientAs(tab);
    await client.request('ingest', { site: 'demo', group: { externalId: 'g1', title: 'G' }, events: [event(1, 'u-a', 'hi'), event(2, 'u-b', 'hello')] });
    expect(published.map((p) => p.notice)).toEqual([
      { gs: 'changed', groupId: 'demo:g1', memberIds: ['demo:u-a', 'demo:u-b'], kinds: ['messages', 'members'], fromChat: true },
    ]);
    expect(seen).toEqual([tab]);
  });

  it('a batch of re-read messages (all duplicates) announces nothing', async () => {
    const client = clientAs(tab);
    const batch = { site: 'demo', group: { externalId: 'g1', title: 'G' }, events: [event(1, 'u-a', 'hi')] };
    await client.request('ingest', batch);
    published = [];
    await client.request('ingest', batch);
    expect(published).toEqual([]);
  });

  it('template, settings and note writes announce their kind; reads and failures announce nothing', async () => {
    const client = clientAs({ id: 'test' });
    await client.request('listTemplates', {});
    await client.request('getSettings', {});
    expect(published).toEqual([]);
    await client.request('saveTemplate', { name: 'x', body: 'Hi {member}', sendDirectly: false });
    await client.request('updateSettings', { staffName: 'Mei' });
    await expect(client.request('saveTemplate', { name: 'bad', body: 'Hi {memebr}', sendDirectly: false })).rejects.toThrow(/\{memebr\}/);
    expect(published.map((p) => p.notice.kinds)).toEqual([['templates'], ['settings']]);
  });

  it('every effect in the table is for a request that exists', () => {
    const handlers = createHandlers({ db, now: () => T0 });
    expect(Object.keys(CHANGE_EFFECTS).filter((name) => !(name in handlers))).toEqual([]);
  });
});

describe('isChangeNotice', () => {
  it('accepts a notice and refuses look-alikes', () => {
    expect(isChangeNotice(changeNotice(['templates']))).toBe(true);
    expect(isChangeNotice({ gs: 'changed', groupId: null, memberIds: [], kinds: ['everything'] })).toBe(false);
    expect(isChangeNotice({ gs: 'changed', groupId: 3, memberIds: [], kinds: [] })).toBe(false);
    expect(isChangeNotice({ gs: 'request', groupId: null, memberIds: [], kinds: [] })).toBe(false);
    expect(isChangeNotice(null)).toBe(false);
    expect(isChangeNotice({ ...changeNotice(['messages']), fromChat: true })).toBe(true);
    expect(isChangeNotice({ ...changeNotice(['messages']), fromChat: 'yes' })).toBe(false);
  });
});

describe('createChangeBroadcaster', () => {
  it('tells extension pages everything and chat tabs what their content scripts use, forgetting dead tabs', async () => {
    const pages: ChangeNotice[] = [];
    const tabs: Array<[number, ChangeNotice]> = [];
    const broadcaster = createChangeBroadcaster({
      sendToPages: async (notice) => pages.push(notice),
      sendToTab: async (tabId, notice) => {
        if (tabId === 9) throw new Error('Could not establish connection. Receiving end does not exist.');
        tabs.push([tabId, notice]);
      },
      extensionOrigin: 'chrome-extension://abc/',
    });
    broadcaster.noteSender({ id: 'abc', tab: { id: 3 }, url: 'http://localhost/chat' });
    broadcaster.noteSender({ id: 'abc', tab: { id: 9 }, url: 'http://localhost/other' });
    // The sidebar frame sits in tab 3 too, but it is an extension page, not a content script.
    broadcaster.noteSender({ id: 'abc', tab: { id: 4 }, url: 'chrome-extension://abc/sidebar.html' });
    broadcaster.noteSender({ id: 'abc' });
    expect([...broadcaster.chatTabs]).toEqual([3, 9]);

    broadcaster.publish(changeNotice(['templates']));
    await Promise.resolve();
    await Promise.resolve();
    expect(pages).toHaveLength(1);
    expect(tabs).toEqual([[3, changeNotice(['templates'])]]);
    expect([...broadcaster.chatTabs]).toEqual([3]);

    broadcaster.publish(changeNotice(['notes'], null, ['demo:u-a']));
    await Promise.resolve();
    expect(pages).toHaveLength(2);
    expect(tabs).toHaveLength(1);
  });
});
