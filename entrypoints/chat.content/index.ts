import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { findAdapter } from '../../lib/adapters/registry';
import { isPageCommand } from '../../lib/content/bridge';
import { startChatController } from '../../lib/content/controller';
import { createClient } from '../../lib/messaging/client';

export default defineContentScript({
  // Loopback only by default (demo chat, local real clients); other sites are added at
  // runtime after the user grants them.
  matches: ['http://localhost/*', 'http://127.0.0.1/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const adapter = await waitForAdapter(ctx.signal);
    if (!adapter) return;
    const client = createClient((message) => browser.runtime.sendMessage(message));
    const settings = await client.request('getSettings', {}).catch(() => null);
    const channel = crypto.randomUUID();
    const controller = startChatController({
      adapter,
      document,
      signal: ctx.signal,
      client,
      emit: (event) => {
        if (ctx.isInvalid) return;
        browser.runtime.sendMessage({ gs: 'page-event', channel, ...event }).catch(() => {
          // No sidebar is listening (closed or still loading): nothing to deliver.
        });
      },
      sidebarSrc: `${browser.runtime.getURL('/sidebar.html')}#channel=${channel}`,
      sidebarOpen: settings?.sidebarOpen ?? true,
      toggleLabel: browser.i18n.getMessage('commandToggleSidebar') || 'GroupSteward',
      onSidebarOpenChange: (open) => void client.request('updateSettings', { sidebarOpen: open }).catch(() => {}),
      staffName: settings?.staffName ?? '',
      uiLanguage: browser.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en',
      labels: {
        slashMissing: (names) => browser.i18n.getMessage('templateMissingValues', [names]),
        slashEmpty: browser.i18n.getMessage('noTemplatesFound'),
        warnings: (count) => browser.i18n.getMessage('badgeWarnings', [String(count)]),
      },
      inlineBadges: settings?.inlineBadges ?? false,
    });
    ctx.addEventListener(window, 'wxt:locationchange', () => controller.rescan());
    const onCommand = (message: unknown, sender: { id?: string }, sendResponse: (reply: unknown) => void) => {
      if (sender.id !== browser.runtime.id || !isPageCommand(message)) return undefined;
      sendResponse(controller.handleCommand(message));
      return undefined;
    };
    browser.runtime.onMessage.addListener(onCommand);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onCommand));
  },
});

/** Single-page chat apps render after load; look for a known page for a few seconds. */
async function waitForAdapter(signal: AbortSignal) {
  for (let attempt = 0; attempt < 40 && !signal.aborted; attempt++) {
    const adapter = findAdapter(new URL(location.href), document);
    if (adapter) return adapter;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}
