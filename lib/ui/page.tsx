import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createTranslator, I18nContext, type LocaleMessages, resolveLanguage, type Translate, type UiLanguage } from '../i18n';
import { type Client, createClient } from '../messaging/client';
import { createCommandClient } from '../messaging/page-protocol';

/** Commands to a tab's content script (top frame only: the sidebar frame has no content script). */
export const tabCommands = createCommandClient((tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }));
import { isChangeNotice, touches } from '../messaging/changes';

export interface PageEnv {
  client: Client;
  t: Translate;
  language: UiLanguage;
  /**
   * Reloads the page when a settings notice brings another language. Runtime broadcasts call
   * it; a page that hears notices another way (Firefox's sidebar frame, over its notice port)
   * passes them here too.
   */
  onChangeNotice: (message: unknown) => void;
}

function reloadOnLanguageChange(client: Client, language: UiLanguage): (message: unknown) => void {
  return (message) => {
    if (!isChangeNotice(message) || !touches(message, 'settings')) return;
    void client.request('getSettings', {}).then((next) => {
      if (resolveLanguage(next.language, browser.i18n.getUILanguage()) !== language) location.reload();
    }, () => {});
  };
}

async function loadMessages(language: UiLanguage): Promise<LocaleMessages> {
  const response = await fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`));
  return (await response.json()) as LocaleMessages;
}

/**
 * Shared start of every extension page (sidebar, options, popup): a client for the
 * background and the translator for the language the user chose.
 */
export async function startPage(mount: HTMLElement, view: (env: PageEnv) => ComponentChildren | Promise<ComponentChildren>): Promise<PageEnv> {
  const client = createClient((message) => browser.runtime.sendMessage(message));
  const settings = await client.request('getSettings', {}).catch(() => null);
  const language = resolveLanguage(settings?.language ?? '', browser.i18n.getUILanguage());
  const [messages, fallback] = await Promise.all([loadMessages(language), language === 'en' ? Promise.resolve({}) : loadMessages('en')]);
  const t = createTranslator(messages, fallback);
  document.documentElement.lang = language === 'zh_CN' ? 'zh-CN' : 'en';
  const env = { client, t, language, onChangeNotice: reloadOnLanguageChange(client, language) };
  // Every string on the page comes from one translator; a language change in the options
  // re-opens this page (only this extension page: the chat tab is not reloaded).
  browser.runtime.onMessage.addListener((message) => {
    env.onChangeNotice(message);
    return undefined;
  });
  render(<I18nContext.Provider value={t}>{await view(env)}</I18nContext.Provider>, mount);
  return env;
}
