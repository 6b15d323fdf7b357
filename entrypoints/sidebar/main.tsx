import { browser } from 'wxt/browser';
import { Sidebar } from '../../components/Sidebar';
import { createTranslator, type LocaleMessages } from '../../lib/i18n';
import { isChangeNotice } from '../../lib/messaging/changes';
import type { AnyPageEvent, InsertReply, PrivateInsertReply } from '../../lib/messaging/page-protocol';
import { createSidebarChannel } from '../../lib/messaging/sidebar-channel';
import { createClient } from '../../lib/messaging/client';
import type { Client } from '../../lib/messaging/request-client';
import { createCommandClient } from '../../lib/messaging/page-protocol';
import { NOTICE_PORT } from '../../lib/background/notice-ports';
import type { SetupState } from '../../lib/content/setup-session';
import { createSetupStore, type SetupStore } from '../../lib/state/setup-store';
import { createSidebarStore, type SidebarStore } from '../../lib/state/sidebar-store';
import { startPage, tabCommands } from '../../lib/ui/page';
import { guardClicksWhenCovered } from '../../lib/ui/covered-clicks';
import { CoveredNotice } from '../../components/CoveredNotice';

// Before anything renders: no click in the sidebar counts while the chat page lies over it.
const coveredGuard = guardClicksWhenCovered(document);

let store: SidebarStore | null = null;
let setup: SetupStore | null = null;
const early: AnyPageEvent[] = [];

// Registered before anything async: the content script posts the channel and sends the
// page context as soon as the frame loads.
const channel = createSidebarChannel({
  runtimeId: browser.runtime.id,
  parent: window.parent,
  // Asked of the content script of the tab this frame sits in, through the background (a page can neither ask nor answer).
  async confirm(candidate) {
    const { tabId, reply } = await relay.request('relayToOwnTab', { name: 'confirm-channel', input: { channel: candidate } });
    const answer = reply as { ok?: boolean; data?: { mine?: boolean } } | null;
    return answer?.ok === true && answer.data?.mine === true ? tabId : null;
  },
  onEvent(event) {
    if (!store) early.push(event);
    else handle(store, event);
  },
});
window.addEventListener('message', channel.onWindowMessage);

// Firefox gives a moz-extension frame inside a web page content-script APIs only: no `tabs`,
// and runtime messages from the background or the content script never reach it. There, commands
// to the chat tab go through the background, and change notices come over a port.
const framedWithoutTabs = !browser.tabs;
const relay = createClient((message) => browser.runtime.sendMessage(message));
const commands = framedWithoutTabs
  ? createCommandClient(async (_tabId, message) => (await relay.request('relayToOwnTab', { name: message.name, input: message.input })).reply)
  : tabCommands;
/** The page's own reaction to notices (a language change reloads it), once the page started. */
let onPageNotice: ((message: unknown) => void) | null = null;
if (framedWithoutTabs) {
  browser.runtime.connect({ name: NOTICE_PORT }).onMessage.addListener((message) => {
    if (isChangeNotice(message)) store?.noteChange(message);
    onPageNotice?.(message);
  });
}
// The background's change notices: the card, group and templates re-read what changed.
browser.runtime.onMessage.addListener((message, sender) => {
  if (sender.id === browser.runtime.id && isChangeNotice(message)) store?.noteChange(message);
  return undefined;
});

function handle(target: SidebarStore, event: AnyPageEvent) {
  if (event.name === 'context') target.setContext(event.input.context);
  else if (event.name === 'setup') setup?.receive(event.input.state as SetupState);
  else if (event.name === 'select-member') {
    target.setTab('member');
    void target.select(event.input.memberId, event.input);
  } else if (event.name === 'pick-member') {
    target.setTab('member');
    target.togglePicked(event.input);
  } else if (event.name === 'focus-tag-input') {
    target.setTab('member');
    // After the member tab has rendered.
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="gs-tag-input"]')?.focus());
  }
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
  const load = async (language: 'zh_CN' | 'en') => (await (await fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`))).json()) as LocaleMessages;
  const [zh, en] = await Promise.all([load('zh_CN'), load('en')]);
  const byLang = { zh: createTranslator(zh, en), en: createTranslator(en) };
  return (category, lang) => byLang[lang](`noticeCategory_${category}`);
}

// Not framed by our own content script (a web page framing sidebar.html itself): nothing
// starts, nothing is asked of the background; after a moment it says where it works.
const notConnected = setTimeout(() => {
  const root = document.getElementById('root');
  if (root && !channel.binding) root.textContent = browser.i18n.getMessage('sidebarNotConnected');
}, 3_000);
void channel.ready.then(({ tabId }) => {
  clearTimeout(notConnected);
  async function insertText(text: string, send = false): Promise<InsertReply> {
    return commands.request(tabId, 'insert-text', { text, send }).catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : 'the chat page did not answer',
    }));
  }
  async function insertPrivate(member: { externalId: string; name: string }, text: string): Promise<PrivateInsertReply> {
    return commands.request(tabId, 'insert-private', { ...member, text }).catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : 'the chat page did not answer',
    }));
  }
  /**
   * The profile's sites: granted already (loopback is in the manifest) or asked for now, on the
   * Save click. Firefox gives this frame no `permissions` API: the background asks instead,
   * through a grant page the staff member clicks once.
   */
  async function requestOrigins(origins: string[], client: Client): Promise<boolean> {
    if (!browser.permissions) return client.request('requestSiteAccess', { origins });
    if (await browser.permissions.contains({ origins }).catch(() => false)) return true;
    return browser.permissions.request({ origins }).catch(() => false);
  }
  return startPage(document.getElementById('root') as HTMLElement, async (env) => {
    onPageNotice = env.onChangeNotice;
    const noticeCategoryName = await loadNoticeNames();
    setup = createSetupStore({
      client: env.client,
      sendSetup: (command) => commands.request(tabId, 'setup', { command }),
      notifySaved: () => commands.request(tabId, 'setup-saved', {}),
      requestOrigins: (origins) => requestOrigins(origins, env.client),
    });
    const created = createSidebarStore({
      client: env.client,
      insertText,
      insertPrivate,
      copyText,
      uiLanguage: env.language === 'zh_CN' ? 'zh' : 'en',
    });
    store = created;
    void created.start();
    for (const event of early.splice(0)) handle(created, event);
    return (
      <>
        {coveredGuard && <CoveredNotice guard={coveredGuard} />}
        <Sidebar store={created} language={env.language} noticeCategoryName={noticeCategoryName} onClose={() => void commands.request(tabId, 'toggle-sidebar', {}).catch(() => {})} setup={setup} />
      </>
    );
  });
});
