import { browser } from 'wxt/browser';
import { Sidebar } from '../../components/Sidebar';
import { type InsertReply, isPageEvent } from '../../lib/content/bridge';
import type { SetupCommand, SetupState } from '../../lib/content/setup-session';
import { createSetupStore, type SetupStore } from '../../lib/state/setup-store';
import { createSidebarStore, type SidebarStore } from '../../lib/state/sidebar-store';
import { startPage } from '../../lib/ui/page';
import { isChangeNotice } from '../../lib/messaging/changes';

const channel = new URLSearchParams(location.hash.slice(1)).get('channel') ?? '';
let store: SidebarStore | null = null;
let setup: SetupStore | null = null;
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
  else if (message.type === 'setup') setup?.receive(message.state);
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

async function sendToPage<T>(command: Record<string, unknown>): Promise<T | undefined> {
  if (tabId === null) throw new Error('the chat page is not connected yet');
  return (await browser.tabs.sendMessage(tabId, { gs: 'command', ...command }, { frameId: 0 })) as T | undefined;
}

/** The profile's sites: granted already (loopback is in the manifest) or asked for now. */
async function requestOrigins(origins: string[]): Promise<boolean> {
  if (await browser.permissions.contains({ origins }).catch(() => false)) return true;
  return browser.permissions.request({ origins }).catch(() => false);
}

void startPage(document.getElementById('root') as HTMLElement, (env) => {
  setup = createSetupStore({
    client: env.client,
    sendSetup: (command: SetupCommand) => sendToPage<SetupState>({ type: 'setup', command }),
    notifySaved: () => sendToPage({ type: 'setup-saved' }),
    requestOrigins,
  });
  store = createSidebarStore({
    client: env.client,
    insertText,
    uiLanguage: env.language === 'zh_CN' ? 'zh' : 'en',
  });
  void store.start();
  for (const message of early.splice(0)) handle(message);
  return <Sidebar store={store} language={env.language} setup={setup} />;
});
