import { withChangeNotices } from '../../../lib/background/changes';
import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import type { ChangeNotice } from '../../../lib/messaging/changes';
import { type Client, createClient } from '../../../lib/messaging/client';
import { createServer } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { createSidebarStore, type SidebarStore, UNANSWERED_FIRST_READ } from '../../../lib/state/sidebar-store';
import { T0, uniqueDbName } from '../db/records';

let db: Database;
let client: Client;
let store: SidebarStore;
let notices: ChangeNotice[];
let requests: string[];

const event = (i: number, author: string, text: string): ChatEvent => ({
  externalId: `m-${i}`,
  kind: 'message',
  author: { externalId: author, name: author },
  role: 'customer',
  text,
  ts: T0 + i * 1000,
});
const ingest = (events: ChatEvent[]) => client.request('ingest', { site: 'demo', group: { externalId: 'g1', title: '客户群' }, events });
const context = { adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: 'demo:g1', groupTitle: '客户群', selectedMemberId: null, health: { state: 'ok', misses: {} } };

beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('sidebar-changes') });
  notices = [];
  requests = [];
  const handlers = withChangeNotices(createHandlers({ db, now: () => T0 + 3_600_000 }), (notice) => notices.push(notice));
  const server = createServer(handlers, { runtimeId: 'test' });
  const direct = createClient((message) => server.handle(message, { id: 'test' }));
  client = {
    request(name, input) {
      requests.push(name);
      return direct.request(name, input);
    },
  };
  store = createSidebarStore({ client, insertText: async () => ({ ok: true, method: 'test' }), uiLanguage: 'en' });
});
afterEach(() => db.close());

/** Hands the notices the background published to the store, as the runtime bus would, and waits for the re-reads. */
async function deliver() {
  for (const notice of notices.splice(0)) store.noteChange(notice);
  await store.flushChanges();
}

describe('the sidebar follows change notices', () => {
  it("the selected member's card shows a new message without reopening", async () => {
    await ingest([event(1, 'u-a', '你好，请问年费怎么收？')]);
    store.setContext(context);
    await store.select('demo:u-a');
    expect(store.card.value?.messageCount).toBe(1);
    await deliver();
    await ingest([event(2, 'u-a', '还有提额怎么办？')]);
    await deliver();
    expect(store.card.value?.messageCount).toBe(2);
    expect(store.card.value?.history.map((m) => m.text)).toContain('还有提额怎么办？');
  });

  it("another member's message does not re-read the selected card", async () => {
    await ingest([event(1, 'u-a', 'hi')]);
    store.setContext(context);
    await store.select('demo:u-a');
    await deliver();
    requests = [];
    await ingest([event(2, 'u-b', 'hello')]);
    await deliver();
    expect(requests).not.toContain('getMemberCard');
    expect(requests).toContain('getGroupPanel');
  });

  it('a template saved elsewhere is offered at once; settings follow too', async () => {
    await store.start();
    const before = store.templates.value.length;
    await client.request('saveTemplate', { name: 'New one', body: 'Hello {member}', lang: 'any', sendDirectly: false });
    await client.request('updateSettings', { staffName: '小美' });
    await deliver();
    expect(store.templates.value.length).toBe(before + 1);
    expect(store.settings.value?.staffName).toBe('小美');
  });

  it("the group's language is detected from its messages, chosen by staff, and picks the templates shown", async () => {
    await client.request('saveTemplate', { name: '中文提醒', category: 'reminder', body: '您好 {member}', lang: 'zh', sendDirectly: false });
    await client.request('saveTemplate', { name: 'English reminder', category: 'reminder', body: 'Hi {member}', lang: 'en', sendDirectly: false });
    await ingest([event(1, 'u-a', '请问年费怎么收？'), event(2, 'u-b', '我也想知道'), event(3, 'u-c', 'ok thanks')]);
    await store.start();
    store.setContext(context);
    await store.flushChanges();
    await vi.waitFor(() => expect(store.groupLanguage.value?.language).toBe('zh'));
    const names = () => store.foundTemplates.value.map((t) => t.name);
    expect(names()).toContain('中文提醒');
    expect(names()).not.toContain('English reminder');
    await store.setGroupLanguage('en');
    expect(store.groupLanguage.value).toEqual({ language: 'en', detected: 'zh', chosen: 'en' });
    expect(names()).toContain('English reminder');
    expect(names()).not.toContain('中文提醒');
    store.allLanguages.value = true;
    expect(names()).toEqual(expect.arrayContaining(['English reminder', '中文提醒']));
    await store.setGroupLanguage(null);
    expect(store.groupLanguage.value?.chosen).toBeNull();
  });

  it('{staff} typed into a form is remembered in the settings', async () => {
    await store.rememberStaffName('客服小美');
    expect((await client.request('getSettings', {})).staffName).toBe('客服小美');
  });

  it('a private reminder sent in the member\'s DM turns "confirm after sending" into "recorded"', async () => {
    await seedDefaults(db, T0);
    await client.request('updateSettings', { staffName: '客服小美' });
    // Established members (the first read of a group), then one of them insults another.
    await ingest([event(1, 'u-a', '你好'), event(2, 'u-b', '请问年费怎么收？')]);
    await ingest([event(3, 'u-a', '你才傻逼，有病吧')]);
    store.setContext(context);
    await store.flushChanges();
    await vi.waitFor(() => expect(store.suggestions.value).toHaveLength(1));
    const [item] = store.suggestions.value;
    if (!item) throw new Error('no suggestion');
    expect(item.choice.channel).toBe('private');
    const text = 'u-a 您好，这次先私下提醒';
    const privateInserts: string[] = [];
    const privateStore = createSidebarStore({
      client,
      insertText: async () => ({ ok: true, method: 'test' }),
      insertPrivate: async (_member, inserted) => {
        privateInserts.push(inserted);
        return { ok: true, method: 'test' };
      },
      uiLanguage: 'zh',
    });
    privateStore.setContext(context);
    await privateStore.flushChanges();
    expect(await privateStore.act(item, text, '')).toBe(true);
    expect(privateInserts).toEqual([text]);
    expect(privateStore.actionNotice.value).toBe('pending-private-dm');
    // The DM is a conversation of its own: staff send the text there, the reader stores it.
    notices.splice(0);
    await client.request('ingest', {
      site: 'demo',
      group: { externalId: 'dm-u-a', title: '私信 · u-a' },
      events: [{ externalId: 'dm-1', kind: 'message', author: { externalId: 'staff-mei', name: '客服小美' }, role: 'staff', text, ts: T0 + 3_600_000 }],
    });
    for (const notice of notices.splice(0)) privateStore.noteChange(notice);
    await vi.waitFor(() => expect(privateStore.actionNotice.value).toBe('recorded'));
  });

  it('a renamed nick opens its member, and a private reminder goes to the nick they have now', async () => {
    await seedDefaults(db, T0);
    await client.request('updateSettings', { staffName: '客服小美' });
    await ingest([event(1, 'u-a', '你好'), event(2, 'u-b', '请问年费怎么收？')]);
    // A chat keyed by nick: u-a takes the nick u-a2, then insults another member under it.
    await ingest([{ ...event(3, 'u-a', ''), kind: 'rename', newName: 'u-a2', newExternalId: 'u-a2' }, event(4, 'u-a2', '你才傻逼，有病吧')]);
    store.setContext(context);
    await store.select('demo:u-a2', { site: 'demo', externalId: 'u-a2', name: 'u-a2' });
    expect(store.selectedMemberId.value).toBe('demo:u-a');
    expect(store.card.value?.renames.map((r) => [r.from, r.to])).toEqual([['u-a', 'u-a2']]);
    await store.flushChanges();
    await vi.waitFor(() => expect(store.suggestions.value).toHaveLength(1));
    const [item] = store.suggestions.value;
    if (!item) throw new Error('no suggestion');
    expect(item).toMatchObject({ memberId: 'demo:u-a', currentKey: 'u-a2', choice: { channel: 'private' } });
    const addressed: string[] = [];
    const privateStore = createSidebarStore({
      client,
      insertText: async () => ({ ok: true, method: 'test' }),
      insertPrivate: async (member) => {
        addressed.push(member.externalId);
        return { ok: true, method: 'test' };
      },
      uiLanguage: 'zh',
    });
    privateStore.setContext(context);
    await privateStore.flushChanges();
    expect(await privateStore.act(item, 'u-a2 您好，这次先私下提醒', '')).toBe(true);
    expect(addressed).toEqual(['u-a2']);
  });

  it('reads the group panel with the first waiting questions only, and more when the list asks for more', async () => {
    const panelInputs: unknown[] = [];
    const watched = createSidebarStore({
      client: {
        request(name, input) {
          if (name === 'getGroupPanel') panelInputs.push(input);
          return client.request(name, input);
        },
      },
      insertText: async () => ({ ok: true, method: 'test' }),
      uiLanguage: 'en',
    });
    await ingest(Array.from({ length: 130 }, (_, i) => event(i, `u-${i % 7}`, `第 ${i} 个问题怎么办？`)));
    watched.setContext(context);
    await watched.loadGroupPanel();
    expect(panelInputs.at(-1)).toMatchObject({ groupId: 'demo:g1', unansweredLimit: UNANSWERED_FIRST_READ });
    expect(watched.groupPanel.value?.unanswered).toHaveLength(UNANSWERED_FIRST_READ);
    expect(watched.groupPanel.value?.unansweredTotal).toBe(130);
    const reads = panelInputs.length;
    // Already held: nothing is read again.
    watched.showUnanswered(UNANSWERED_FIRST_READ);
    expect(panelInputs).toHaveLength(reads);
    watched.showUnanswered(150);
    await vi.waitFor(() => expect(watched.groupPanel.value?.unanswered).toHaveLength(130));
    expect(panelInputs.at(-1)).toMatchObject({ unansweredLimit: 150 });
    expect(watched.groupPanel.value?.unanswered.map((q) => q.message.text)).toEqual(Array.from({ length: 130 }, (_, i) => `第 ${i} 个问题怎么办？`));
  });
});
