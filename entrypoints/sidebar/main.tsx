import { browser } from 'wxt/browser';
import { Sidebar } from '../../components/Sidebar';
import { type InsertReply, isPageEvent, type PrivateInsertReply } from '../../lib/content/bridge';
import { createTranslator, type LocaleMessages } from '../../lib/i18n';
import { createSidebarStore, type SidebarStore } from '../../lib/state/sidebar-store';
import { startPage } from '../../lib/ui/page';
import { isChangeNotice } from '../../lib/messaging/changes';

const channel = new URLSearchParams(location.hash.slice(1)).get('channel') ?? '';
let store: SidebarStore | null = null;
// The tab this sidebar sits in, learnt from the first event its content script sends.
let tabId: number | null = null;
const early: unknown[] = [];

// Registered before anything async: the content script sends the page context as soon as
// the frame loads.
browser.runtime.onMessage.addListener((message, sender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  // The background's change notices: the card, group and templates re-read what changed.
  if (isChangeNotice(message)) {
    store?.noteChange(message);
    return undefined;
  }
  if (!isPageEvent(message, channel)) return undefined;
  if (sender.tab?.id !== undefined) tabId = sender.tab.id;
  if (!store) early.push(message);
  else handle(message);
  return undefined;
});

function handle(message: unknown) {
  if (!store || !isPageEvent(message, channel)) return;
  if (message.type === 'context') store.setContext(message.context);
  else if (message.type === 'select-member') {
    store.setTab('member');
    void store.select(message.memberId, message);
  } else if (message.type === 'pick-member') {
    store.setTab('member');
    store.togglePicked(message);
  } else if (message.type === 'focus-tag-input') {
    store.setTab('member');
    // After the member tab has rendered.
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="gs-tag-input"]')?.focus());
  }
}

async function insertText(text: string, send = false): Promise<InsertReply> {
  if (tabId === null) return { ok: false, error: 'the chat page is not connected yet' };
  const reply = (await browser.tabs.sendMessage(tabId, { gs: 'command', type: 'insert-text', text, send }, { frameId: 0 })) as InsertReply | undefined;
  return reply ?? { ok: false, error: 'the chat page did not answer' };
}

async function insertPrivate(member: { externalId: string; name: string }, text: string): Promise<PrivateInsertReply> {
  if (tabId === null) return { ok: false, error: 'the chat page is not connected yet' };
  const command = { gs: 'command', type: 'insert-private', externalId: member.externalId, name: member.name, text };
  const reply = (await browser.tabs.sendMessage(tabId, command, { frameId: 0 })) as PrivateInsertReply | undefined;
  return reply ?? { ok: false, error: 'the chat page did not answer' };
}

/**
 * The frame is allowed clipboard-write by the content script that embeds it; the async API
 * still refuses when the frame lost focus, so a selected textarea and `copy` are the fallback.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = Object.assign(document.createElement('textarea'), { value: text });
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** Public notices name categories in the notice's language, which may differ from the interface's. */
async function loadNoticeNames(): Promise<(category: string, lang: 'zh' | 'en') => string> {
  const load = async (language: "zh_CN" | "en") => (await (await fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`))).json()) as LocaleMessages;
  const [zh, en] = await Promise.all([load('zh_CN'), load('en')]);
  const byLang = { zh: createTranslator(zh, en), en: createTranslator(en) };
  return (category, lang) => byLang[lang](`noticeCategory_${category}`);
}

void startPage(document.getElementById('root') as HTMLElement, async (env) => {
  const noticeCategoryName = await loadNoticeNames();
  store = createSidebarStore({
    client: env.client,
    insertText,
    insertPrivate,
    copyText,
    uiLanguage: env.language === 'zh_CN' ? 'zh' : 'en',
  });
  void store.start();
  for (const message of early.splice(0)) handle(message);
  return <Sidebar store={store} language={env.language} noticeCategoryName={noticeCategoryName} />;
});
