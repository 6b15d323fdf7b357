import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProposalsPanel } from '../../components/ProposalsPanel';
import { Sidebar } from '../../components/Sidebar';
import { createHandlers } from '../../lib/background/handlers';
import { type Database, openDatabase } from '../../lib/db/open';
import { seedDefaults } from '../../lib/db/repos/seed';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import { type Client, createClient } from '../../lib/messaging/client';
import { createServer } from '../../lib/messaging/server';
import type { ChatEvent } from '../../lib/model';
import { createSidebarStore, type SidebarStore } from '../../lib/state/sidebar-store';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const ZH = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/zh_CN/messages.json'), 'utf8')) as LocaleMessages;
const XSS = '<img src=x onerror=alert(1)>';
const T0 = Date.UTC(2026, 10, 24, 2, 0, 0);
const GROUP = 'demo:g-service';
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };

let dbCounter = 0;
let db: Database;
let client: Client;
let store: SidebarStore;
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
  db = await openDatabase({ name: `gs-learning-${++dbCounter}-${Math.random()}` });
  await seedDefaults(db, T0);
  const server = createServer(createHandlers({ db, now: () => T0 + 86_400_000 }), { runtimeId: 'test', validateOutput: true });
  const direct = createClient((message) => server.handle(message, { id: 'test', url: 'chrome-extension://test/options.html' }));
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

let seq = 0;
function event(text: string, author = { externalId: 'u-zhou', name: `周杰 ${XSS}` }): ChatEvent {
  seq++;
  return { externalId: `g-service-${String(seq).padStart(6, '0')}`, kind: 'message', author, role: 'customer', text, ts: T0 + seq * 60_000 };
}
const ingest = (events: ChatEvent[]) => client.request('ingest', { site: 'demo', group: SERVICE, events });
const ORDINARY = ['明天几点开门？', '我的卡什么时候寄到', '年费怎么收的', '谢谢客服', '好的收到', '请问积分怎么兑换'];

describe('Flag this message (member history)', () => {
  it('flags a history message in the category chosen: a case on the card, the item marked, text shown as text', async () => {
    await ingest([event(`星空盲盒今晚开团 ${XSS}`), event('你好')]);
    await store.saveStaffName('客服小美');
    const view = render(
      <I18nContext.Provider value={createTranslator(EN)}>
        <Sidebar store={store} language="en" />
      </I18nContext.Provider>,
    );
    await act(() => store.select('demo:u-zhou'));
    await settle();

    const items = screen.getAllByTestId('gs-history-item');
    const spam = items.find((i) => i.textContent?.includes('星空盲盒'));
    if (!spam) throw new Error('history item missing');
    fireEvent.click(within(spam).getByTestId('gs-flag-message'));
    const form = screen.getByTestId('gs-flag-form');
    expect(form.querySelector('.flag-quote')?.textContent).toBe(`星空盲盒今晚开团 ${XSS}`);
    expect(view.container.querySelector('img')).toBeNull();
    fireEvent.change(within(form).getByTestId('gs-flag-category'), { target: { value: 'ad' } });
    fireEvent.input(within(form).getByTestId('gs-flag-reason'), { target: { value: '盲盒广告' } });
    fireEvent.click(within(form).getByTestId('gs-flag-confirm'));
    await settle();

    expect(store.error.value).toBeNull();
    expect(screen.queryByTestId('gs-flag-form')).toBeNull();
    expect(screen.getByTestId('gs-action-notice').dataset.notice).toBe('flagged');
    const cases = screen.getAllByTestId('gs-case-item').filter((c) => c.dataset.kind === 'manual-warning');
    expect(cases).toHaveLength(1);
    expect(cases[0]?.textContent).toContain(EN.case_manual_warning?.message);
    expect(cases[0]?.textContent).toContain('盲盒广告');
    const flagged = screen.getAllByTestId('gs-history-item').find((i) => i.textContent?.includes('星空盲盒'));
    expect(flagged && within(flagged).queryByTestId('gs-flag-message')).toBeNull();
    expect(flagged && within(flagged).getByTestId('gs-history-flagged').textContent).toBe(EN.flagged?.message);
    // The other message can still be flagged.
    const other = screen.getAllByTestId('gs-history-item').find((i) => i.textContent?.includes('你好'));
    expect(other && within(other).getByTestId('gs-flag-message')).toBeTruthy();
    expect((await db.getAll('cases')).filter((c) => c.kind === 'manual-warning').map((c) => [c.category, c.actor, c.reason])).toEqual([['ad', '客服小美', '盲盒广告']]);
  });

  it('asks for the staff name before a flag can be recorded', async () => {
    await ingest([event('星空盲盒今晚开团')]);
    render(
      <I18nContext.Provider value={createTranslator(EN)}>
        <Sidebar store={store} language="en" />
      </I18nContext.Provider>,
    );
    await act(() => store.select('demo:u-zhou'));
    await settle();
    fireEvent.click(screen.getByTestId('gs-flag-message'));
    const form = screen.getByTestId('gs-flag-form');
    expect((within(form).getByTestId('gs-flag-confirm') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(within(form).getByTestId('gs-staff-name-input'), { target: { value: '小美' } });
    fireEvent.click(within(form).getByTestId('gs-staff-name-save'));
    await settle();
    expect((within(form).getByTestId('gs-flag-confirm') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('Flag this message (group panel)', () => {
  it('a waiting message flagged from the group panel becomes a case and stops waiting', async () => {
    await ingest([event('谁要星空盲盒？今晚开团吗？')]);
    await store.saveStaffName('客服小美');
    render(
      <I18nContext.Provider value={createTranslator(EN)}>
        <Sidebar store={store} language="en" />
      </I18nContext.Provider>,
    );
    act(() =>
      store.setContext({ adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: GROUP, groupTitle: SERVICE.title, selectedMemberId: null, health: { state: 'ok', misses: {} } }),
    );
    await settle();
    const waiting = screen.getByTestId('gs-unanswered-item');
    fireEvent.click(within(waiting).getByTestId('gs-flag-message'));
    fireEvent.change(within(waiting).getByTestId('gs-flag-category'), { target: { value: 'ad' } });
    fireEvent.click(within(waiting).getByTestId('gs-flag-confirm'));
    await settle();
    expect(store.error.value).toBeNull();
    expect(screen.queryAllByTestId('gs-unanswered-item')).toEqual([]);
    expect((await db.getAll('cases')).filter((c) => c.kind === 'manual-warning').map((c) => [c.category, c.memberId])).toEqual([['ad', 'demo:u-zhou']]);
    expect((await db.getAll('questionMarks')).map((m) => m.mark)).toEqual(['not-question']);
  });
});

describe('Proposals (options)', () => {
  async function groupWithDecisions() {
    await client.request('updateSettings', { staffName: '客服小美' });
    await ingest(ORDINARY.map((text) => event(text, { externalId: 'u-li', name: '李娜' })));
    const spam = [event('星空盲盒今晚开团，来抢'), event('星空盲盒开团啦 名额有限')];
    await ingest(spam);
    for (const e of spam) await client.request('flagMessage', { messageId: `${GROUP}:${e.externalId}`, category: 'ad', reason: '' });
    await ingest([event('官方客服电话 021-61234567', { externalId: 'u-li', name: '李娜' })]);
    const [item] = await client.request('listSuggestions', { groupId: GROUP });
    if (!item) throw new Error('not flagged');
    await client.request('dismissMessage', { groupId: GROUP, messageId: item.messageId, reasonCode: 'allowed-in-group', text: '' });
  }
  const show = async (messages = EN) => {
    render(
      <I18nContext.Provider value={createTranslator(messages)}>
        <ProposalsPanel client={client} />
      </I18nContext.Provider>,
    );
    await settle();
  };
  const proposals = (kind: string) => screen.queryAllByTestId('gs-proposal').filter((p) => p.dataset.kind === kind);

  it('lists word and allow proposals with their counts; approving a word puts it into a rule, ignoring removes it for good', async () => {
    await groupWithDecisions();
    await show();
    expect(screen.getByTestId('gs-proposals-basis').textContent).toBe("Learned from this group's messages — flagged: 2 · ordinary: 7 · dismissed suggestions: 1");
    const word = proposals('word').find((p) => p.dataset.phrase === '星空盲盒');
    if (!word) throw new Error('no word proposal');
    expect(word.textContent).toContain('in 2 flagged and 0 ordinary messages');
    expect((within(word).getByTestId('gs-proposal-category') as HTMLSelectElement).value).toBe('ad');
    const [allow] = proposals('allow');
    expect(allow?.textContent).toContain('dismissed 1× as allowed in this group, 0× as not a problem');

    fireEvent.click(within(word).getByTestId('gs-proposal-approve'));
    await settle();
    expect(screen.getByTestId('gs-proposals-message').textContent).toBe('"星空盲盒" added to the learned words.');
    expect(proposals('word').some((p) => p.dataset.phrase === '星空盲盒')).toBe(false);
    expect((await client.request('listRules', {})).rules.find((r) => r.id === 'learned-ad')?.triggers.keywords).toEqual(['星空盲盒']);

    const next = proposals('word')[0];
    if (next) {
      const phrase = next.dataset.phrase as string;
      fireEvent.click(within(next).getByTestId('gs-proposal-ignore'));
      await settle();
      expect(proposals('word').some((p) => p.dataset.phrase === phrase)).toBe(false);
      expect((await client.request('listRules', {})).rules.find((r) => r.id === 'learned-ad')?.triggers.keywords).toEqual(['星空盲盒']);
    }
  });

  it("approving an allow entry puts it into the group's allow-list, which is edited by hand too; bad input is refused naming the phrase", async () => {
    await groupWithDecisions();
    await show();
    const [allow] = proposals('allow');
    if (!allow) throw new Error('no allow proposal');
    const phrase = allow.dataset.phrase as string;
    fireEvent.click(within(allow).getByTestId('gs-proposal-approve'));
    await settle();
    const list = screen.getByTestId('gs-group-allow-list');
    expect(within(list).getAllByTestId('gs-allow-entry').map((e) => e.dataset.phrase)).toEqual([phrase]);
    expect(proposals('allow')).toEqual([]);

    fireEvent.input(within(list).getByTestId('gs-allow-input'), { target: { value: '。，！' } });
    fireEvent.click(within(list).getByTestId('gs-allow-add'));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('allowed phrase "。，！"');
    expect(within(list).getAllByTestId('gs-allow-entry')).toHaveLength(1);

    fireEvent.input(within(list).getByTestId('gs-allow-input'), { target: { value: '95588' } });
    fireEvent.click(within(list).getByTestId('gs-allow-add'));
    await settle();
    expect(within(list).getAllByTestId('gs-allow-entry').map((e) => e.dataset.phrase)).toEqual([phrase, '95588']);
    expect((within(list).getByTestId('gs-allow-input') as HTMLInputElement).value).toBe('');

    fireEvent.click(within(within(list).getAllByTestId('gs-allow-entry')[0] as HTMLElement).getByTestId('gs-allow-remove'));
    await settle();
    expect(within(list).getAllByTestId('gs-allow-entry').map((e) => e.dataset.phrase)).toEqual(['95588']);
    expect((await db.get('allowLists', GROUP))?.entries.map((e) => e.phrase)).toEqual(['95588']);
  });

  it('speaks Chinese', async () => {
    await groupWithDecisions();
    await show(ZH);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(ZH.proposalsTitle?.message);
    expect(within(proposals('word')[0] as HTMLElement).getByTestId('gs-proposal-approve').textContent).toBe('批准');
  });
});
