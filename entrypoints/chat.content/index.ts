import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createProfileAdapter } from '../../lib/adapters/profile/adapter';
import { BUILT_IN_ADAPTERS, findAdapter } from '../../lib/adapters/registry';
import type { ChatAdapter } from '../../lib/adapters/types';
import { isPageCommand, type PageCommand } from '../../lib/content/bridge';
import { startChatController } from '../../lib/content/controller';
import { runProfileTest } from '../../lib/content/profile-test';
import { PAGE_LABEL_KEYS, pageTranslator } from '../../lib/content/labels';
import { isChangeNotice, touches } from '../../lib/messaging/changes';
import { createClient } from '../../lib/messaging/client';

export default defineContentScript({
  // Loopback only in the manifest (demo chat, local real clients); the sites of the user's
  // site profiles get this script registered at runtime once the user grants them.
  matches: ['http://localhost/*', 'http://127.0.0.1/*'],
  runAt: 'document_idle',
  async main(ctx) {
    // The manifest and the re-injection after an update (background.ts) can both reach a
    // tab that was loading at that moment. Copies from one extension share this isolated
    // world, so the second one stops here; a copy from an updated extension has a world of
    // its own and takes over from the orphaned one.
    const world = globalThis as { groupStewardLoaded?: boolean };
    if (world.groupStewardLoaded) return;
    world.groupStewardLoaded = true;
    const client = createClient((message) => browser.runtime.sendMessage(message));
    let controller: ReturnType<typeof startChatController> | null = null;
    const onCommand = (message: unknown, sender: { id?: string }, sendResponse: (reply: unknown) => void) => {
      if (sender.id !== browser.runtime.id || !isPageCommand(message)) return undefined;
      const command = message as PageCommand;
      // Testing a profile must work on a page no adapter reads yet: that is its purpose.
      if (command.type === 'test-profile') sendResponse(runProfileTest(command.profile, document));
      else if (controller) {
        const reply = controller.handleCommand(command);
        if (reply instanceof Promise) {
          // Opening a DM takes a moment: keep the channel open for the answer.
          void reply.then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: String(error) }));
          return true;
        }
        sendResponse(reply);
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onCommand);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onCommand));

    const profiles = await client.request('siteProfilesFor', { url: location.href }).catch(() => []);
    const adapters: ChatAdapter[] = [...BUILT_IN_ADAPTERS, ...profiles.map((profile) => createProfileAdapter(profile))];
    const adapter = await waitForAdapter(adapters, ctx.signal);
    if (!adapter) return;
    const settings = await client.request('getSettings', {}).catch(() => null);
    const loadLabels = async () => {
      const labels = await client
        .request('getPageLabels', { browserLanguage: browser.i18n.getUILanguage(), keys: [...PAGE_LABEL_KEYS] })
        .catch(() => ({ messages: {} }));
      return pageTranslator(labels.messages, (key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
    };
    const t = await loadLabels();
    const channel = crypto.randomUUID();
    controller = startChatController({
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
      toggleLabel: t('commandToggleSidebar') || 'GroupSteward',
      onSidebarOpenChange: (open) => void client.request('updateSettings', { sidebarOpen: open }).catch(() => {}),
      staffName: settings?.staffName ?? '',
      uiLanguage: browser.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en',
      t,
      inlineBadges: settings?.inlineBadges ?? false,
      sidebarWidth: settings?.sidebarWidth,
      onSidebarWidthChange: (width) => void client.request('updateSettings', { sidebarWidth: width }).catch(() => {}),
    });
    // What the background stored reaches this page too: templates for the / picker, badges,
    // and settings (labels, signature, width) without a reload.
    const onChange = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || !isChangeNotice(message) || !controller) return undefined;
      controller.onChange(message);
      if (touches(message, 'settings')) {
        void Promise.all([client.request('getSettings', {}), loadLabels()]).then(([next, labels]) => {
          controller?.applySettings({ staffName: next.staffName, inlineBadges: next.inlineBadges, sidebarWidth: next.sidebarWidth, t: labels });
        }, () => {});
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onChange);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onChange));
    ctx.addEventListener(window, 'wxt:locationchange', () => controller?.rescan());
  },
});

/** Single-page chat apps render after load; look for a known page for a few seconds. */
async function waitForAdapter(adapters: readonly ChatAdapter[], signal: AbortSignal) {
  for (let attempt = 0; attempt < 40 && !signal.aborted; attempt++) {
    const adapter = findAdapter(new URL(location.href), document, adapters);
    if (adapter) return adapter;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}
