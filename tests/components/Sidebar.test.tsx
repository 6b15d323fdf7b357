import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sidebar } from '../../components/Sidebar';
import { createHandlers } from '../../lib/background/handlers';
import { type Database, openDatabase } from '../../lib/db/open';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import { type Client, createClient } from '../../lib/messaging/client';
import { MemberCardSchema } from '../../lib/messaging/protocol';
import { createServer } from '../../lib/messaging/server';
import { type ChatEvent, MAX_NOTE_LENGTH, type Message } from '../../lib/model';
import { createSidebarStore, type SidebarStore } from '../../lib/state/sidebar-store';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const t = createTranslator(EN);
const XSS = '<img src=x onerror=alert(1)>';
const T0 = Date.UTC(2026, 10, 24, 2, 0, 0);
const MEMBER_ID = 'demo:u-zhou';

let dbCounter = 0;
let db: Database;
let client: Client;
let store: SidebarStore;
/** Requests still in flight, so a test can wait for the work it caused without a clock. */
const inFlight = new Set<Promise<unknown>>();

async function settle() {
  do {
    await act(async () => {
      await Promise.allSettled([...inFlight]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  } while (inFlight.size > 0);
}

beforeEach(async () => {
  db = await openDatabase({ name: `gs-sidebar-${++dbCounter}-${Math.random()}` });
  const server = createServer(createHandlers({ db, now: () => T0 }), { runtimeId: 'test', validateOutput: true });
  const direct = createClient((message) => server.handle(message, { id: 'test', tab: { id: 1 }, url: 'chrome-extension://test/sidebar.html' }));
  client = {
    request(name, input) {
      const reply = direct.request(name, input);
      inFlight.add(reply);
      reply.then(
        () => inFlight.delete(reply),
        () => inFlight.delete(reply),
      );
      return reply;
    },
  };
  store = createSidebarStore({ client, insertText: async () => ({ ok: true, method: 'native-setter' }) });
});
afterEach(() => {
  cleanup();
  db.close();
});

function event(i: number, over: Partial<ChatEvent> = {}): ChatEvent {
  return {
    externalId: `g-service-${String(i).padStart(6, '0')}`,
    kind: 'message',
    author: { externalId: 'u-zhou', name: `周杰 ${XSS}` },
    role: 'customer',
    text: `第 ${i} 条`,
    ts: T0 + i * 60_000,
    ...over,
  };
}

async function ingest(events: ChatEvent[]) {
  await client.request('ingest', { site: 'demo', group: { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' }, events });
}

async function showSidebar(memberId = MEMBER_ID) {
  const view = render(
    <I18nContext.Provider value={t}>
      <Sidebar store={store} language="en" />
    </I18nContext.Provider>,
  );
  await act(() => store.select(memberId));
  await settle();
  return view;
}

describe('Sidebar member card', () => {
  it('shows the member, and renders page text and notes containing markup as text', async () => {
    await ingest([event(1, { text: `看这里 ${XSS}` }), event(2, { kind: 'join', text: '' })]);
    await client.request('addNote', { memberId: MEMBER_ID, text: `备注 ${XSS}` });
    const { container } = await showSidebar();

    expect(screen.getByTestId('gs-member-name').textContent).toBe(`周杰 ${XSS}`);
    expect(screen.getByTestId('gs-note-item').querySelector('.note-text')?.textContent).toBe(`备注 ${XSS}`);
    const history = screen.getAllByTestId('gs-history-item');
    expect(history.map((item) => item.querySelector('.history-text')?.textContent)).toEqual([EN.event_join?.message, `看这里 ${XSS}`]);
    expect(history[0]?.textContent).toContain('星河银行 · 信用卡客户服务群');
    expect(screen.getByTestId('gs-member-message-count').textContent).toBe('1');
    // No markup from the page or a note became an element.
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('adds a tag typed in the tag input when Enter is pressed, and clears the input', async () => {
    await ingest([event(1)]);
    await showSidebar();
    const input = screen.getByTestId('gs-tag-input') as HTMLInputElement;

    fireEvent.input(input, { target: { value: '  ＶＩＰ ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await settle();

    const chips = screen.getAllByTestId('gs-tag-chip');
    expect(chips.map((chip) => chip.querySelector('.chip-name')?.textContent)).toEqual(['VIP']);
    expect(input.value).toBe('');
    expect((await db.getAll('memberTags')).map((link) => link.memberId)).toEqual([MEMBER_ID]);

    // Another key than Enter adds nothing.
    fireEvent.input(input, { target: { value: '广告' } });
    fireEvent.keyDown(input, { key: 'a' });
    await settle();
    expect(screen.getAllByTestId('gs-tag-chip')).toHaveLength(1);
  });

  it('removes a tag from the member', async () => {
    await ingest([event(1)]);
    await client.request('addTag', { memberIds: [MEMBER_ID], name: '投诉' });
    await client.request('addTag', { memberIds: [MEMBER_ID], name: 'VIP' });
    await showSidebar();
    const chips = screen.getAllByTestId('gs-tag-chip');
    expect(chips).toHaveLength(2);
    const complaint = chips.find((chip) => chip.textContent?.includes('投诉'));
    if (!complaint) throw new Error('chip missing');

    fireEvent.click(within(complaint).getByTestId('gs-tag-remove'));
    await settle();

    expect(screen.getAllByTestId('gs-tag-chip').map((chip) => chip.querySelector('.chip-name')?.textContent)).toEqual(['VIP']);
    expect(await db.count('memberTags')).toBe(1);
  });

  it(`shows the limit error for a note over ${MAX_NOTE_LENGTH} characters and does not save it`, async () => {
    await ingest([event(1)]);
    await showSidebar();
    const note = screen.getByTestId('gs-note-input') as HTMLTextAreaElement;
    const save = screen.getByTestId('gs-note-save') as HTMLButtonElement;

    fireEvent.input(note, { target: { value: 'x'.repeat(6_000) } });
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(`A note can hold at most ${MAX_NOTE_LENGTH} characters.`);
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(save.disabled).toBe(true);
    fireEvent.click(save);
    fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    await settle();
    expect(await db.count('notes')).toBe(0);
    expect(screen.queryAllByTestId('gs-note-item')).toHaveLength(0);

    // Cut to the limit, it saves.
    fireEvent.input(note, { target: { value: 'y'.repeat(MAX_NOTE_LENGTH) } });
    await settle();
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await settle();
    expect(await db.count('notes')).toBe(1);
    expect(screen.getAllByTestId('gs-note-item')).toHaveLength(1);
    expect(note.value).toBe('');
  });

  it('renders only a window of a 5,000-message history, and follows scrolling', async () => {
    await ingest([event(0)]);
    const card = await client.request('getMemberCard', { memberId: MEMBER_ID });
    if (!card) throw new Error('card missing');
    const history: Message[] = Array.from({ length: 5_000 }, (_, i) => ({
      id: `demo:g-service:h-${i}`,
      externalId: `h-${i}`,
      groupId: 'demo:g-service',
      memberId: MEMBER_ID,
      authorName: '周杰',
      kind: 'message',
      role: 'customer',
      text: `历史消息 #${i}`,
      ts: T0 - (i + 1) * 60_000,
      readAt: T0,
    }));
    // Writing and cursoring 5,000 rows in fake-indexeddb is slow; the background's side of
    // this is covered in the handler tests, so this client answers with the card directly.
    const long = MemberCardSchema.parse({ ...card, history, messageCount: history.length });
    store = createSidebarStore({
      client: {
        request: (async (name: string) => (name === 'getMemberCard' ? long : name === 'listTags' ? [] : null)) as Client['request'],
      },
      insertText: async () => ({ ok: true, method: 'native-setter' }),
    });
    await showSidebar();

    const items = screen.getAllByTestId('gs-history-item');
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(50);
    expect(items[0]?.textContent).toContain('历史消息 #0');
    expect(screen.getByText('(5000)')).toBeTruthy();

    const list = screen.getByRole('region', { name: EN.sectionHistory?.message });
    await act(() => {
      list.scrollTop = 58 * 3_000;
      fireEvent.scroll(list);
    });
    const scrolled = screen.getAllByTestId('gs-history-item').map((item) => item.querySelector('.history-text')?.textContent);
    expect(scrolled.length).toBeLessThan(50);
    expect(scrolled).toContain('历史消息 #3000');
    expect(scrolled).not.toContain('历史消息 #0');
  });

  it('says the member is not stored when the selection has no record', async () => {
    await showSidebar('demo:u-nobody');
    expect(screen.queryByTestId('gs-member-card')).toBeNull();
    expect(screen.getByText(EN.memberNotStored?.message ?? 'memberNotStored')).toBeTruthy();
  });
});

describe('Sidebar template and FAQ usage', () => {
  /** The sidebar open on a group's chat, nobody selected, with the store already made. */
  async function showGroupSidebar(groupId: string) {
    render(
      <I18nContext.Provider value={t}>
        <Sidebar store={store} language="en" />
      </I18nContext.Provider>,
    );
    await act(async () => {
      store.setContext({ adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId, groupTitle: '星河银行', selectedMemberId: null, health: { state: 'ok', misses: {} } });
      await store.start();
    });
    await settle();
  }

  it('counts an FAQ answer and a template inserted from the list, each with its template, group and where from; a failed insert counts nothing', async () => {
    const GROUP = 'demo:g-service';
    const fee = await client.request('saveTemplate', { id: 'tpl-annual-fee', name: 'Annual fee', category: 'faq', keywords: ['年费'], lang: 'zh', body: '年费规则：刷满6次免年费。', sendDirectly: false });
    await ingest([event(1, { text: '请问年费怎么收？' })]);
    let insertWorks = true;
    store = createSidebarStore({ client, insertText: async () => (insertWorks ? { ok: true, method: 'native-setter' } : { ok: false, error: 'no composer' }) });
    await showGroupSidebar(GROUP);

    fireEvent.click(await screen.findByTestId('gs-faq-suggestion'));
    await settle();
    expect((await db.getAll('templateUses')).map(({ templateId, groupId, via }) => ({ templateId, groupId, via }))).toEqual([{ templateId: fee.id, groupId: GROUP, via: 'faq' }]);

    const item = screen.getAllByTestId('gs-template-item').find((el) => el.textContent?.includes('Annual fee'));
    expect(item).toBeDefined();
    fireEvent.click(within(item as HTMLElement).getByTestId('gs-template-insert'));
    await settle();
    expect((await db.getAll('templateUses')).map((u) => u.via).sort()).toEqual(['faq', 'sidebar']);

    insertWorks = false;
    fireEvent.click(within(item as HTMLElement).getByTestId('gs-template-insert'));
    await settle();
    expect(await db.count('templateUses')).toBe(2);
  });

  it('Reply… on a question no FAQ answers selects the asker and opens the picker, so {member} is filled', async () => {
    const GROUP = 'demo:g-service';
    await client.request('saveTemplate', { id: 'tpl-checking', name: '收到，正在查询', category: 'general', keywords: [], lang: 'zh', body: '{member} 您好，正在帮您查询。', sendDirectly: false });
    await ingest([event(1, { text: '我上个月的积分怎么少了一半？' })]);
    const inserted: string[] = [];
    store = createSidebarStore({
      client,
      insertText: async (text) => {
        inserted.push(text);
        return { ok: true, method: 'native-setter' };
      },
    });
    await showGroupSidebar(GROUP);
    const waiting = await screen.findByTestId('gs-unanswered-item');
    expect(within(waiting).queryByTestId('gs-faq-suggestion')).toBeNull();
    fireEvent.click(within(waiting).getByTestId('gs-question-reply'));
    await settle();
    expect(store.tab.value).toBe('templates');
    expect(screen.getByTestId('gs-member-name').textContent).toBe(`周杰 ${XSS}`);
    // The question stays in sight above the picker, as text.
    const target = screen.getByTestId('gs-reply-target');
    expect(target.textContent).toContain('我上个月的积分怎么少了一半？');
    expect(target.textContent).toContain(`周杰 ${XSS}`);
    expect(target.querySelector('img, script')).toBeNull();
    const item = screen.getAllByTestId('gs-template-item').find((el) => el.textContent?.includes('收到，正在查询'));
    fireEvent.click(within(item as HTMLElement).getByTestId('gs-template-insert'));
    await settle();
    expect(inserted).toEqual([`周杰 ${XSS} 您好，正在帮您查询。`]);
    // Inserted: the picker is no longer tied to that question.
    expect(screen.queryByTestId('gs-reply-target')).toBeNull();
  });
});
