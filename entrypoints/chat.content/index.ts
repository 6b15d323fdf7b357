import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createProfileAdapter } from '../../lib/adapters/profile/adapter';
import { insertConfirmed } from '../../lib/adapters/composer';
import { BUILT_IN_ADAPTERS, findAdapter } from '../../lib/adapters/registry';
import type { ChatAdapter } from '../../lib/adapters/types';
import { isPageCommand, type PageCommand, type PageContext, type PageEvent } from '../../lib/content/bridge';
import { startChatController } from '../../lib/content/controller';
import { PAGE_LABEL_KEYS, pageTranslator } from '../../lib/content/labels';
import { runProfileTest } from '../../lib/content/profile-test';
import { startPicker } from '../../lib/content/setup-picker';
import { createSetupSession } from '../../lib/content/setup-session';
import { mountSidebarFrame, type SidebarFrame } from '../../lib/content/sidebar-frame';
import { isChangeNotice, touches } from '../../lib/messaging/changes';
import { createClient } from '../../lib/messaging/client';

type PageEventBody = PageEvent extends infer E ? (E extends PageEvent ? Omit<E, 'gs' | 'channel'> : never) : never;

/** What the sidebar is told while no adapter reads the page: it offers setup. */
const UNREAD_CONTEXT: PageContext = {
  adapterId: '',
  adapterLabel: '',
  verified: false,
  groupId: null,
  groupTitle: null,
  selectedMemberId: null,
  health: { state: 'unread', misses: {} },
};

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
    const channel = crypto.randomUUID();
    const emit = (event: PageEventBody) => {
      if (ctx.isInvalid) return;
      browser.runtime.sendMessage({ gs: 'page-event', channel, ...event }).catch(() => {
        // No sidebar is listening (closed or still loading): nothing to deliver.
      });
    };
    const loadLabels = async () => {
      const labels = await client
        .request('getPageLabels', { browserLanguage: browser.i18n.getUILanguage(), keys: [...PAGE_LABEL_KEYS] })
        .catch(() => ({ messages: {} }));
      return pageTranslator(labels.messages, (key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
    };
    let t = await loadLabels();
    let controller: ReturnType<typeof startChatController> | null = null;
    let running: AbortController | null = null;
    let currentAdapter: ChatAdapter | null = null;
    let frame: SidebarFrame | null = null;
    const setup = createSetupSession({
      document,
      signal: ctx.signal,
      now: Date.now,
      emit: (state) => emit({ type: 'setup', state }),
      startPicker,
      label: (step) => t(`setupStep_${step}`),
    });

    const onCommand = (message: unknown, sender: { id?: string }, sendResponse: (reply: unknown) => void) => {
      if (sender.id !== browser.runtime.id || !isPageCommand(message)) return undefined;
      const command = message as PageCommand;
      // Testing a profile must work on a page no adapter reads yet: that is its purpose.
      if (command.type === 'test-profile') sendResponse(runProfileTest(command.profile, document));
      else if (command.type === 'setup') sendResponse(setup.handle(command.command));
      else if (command.type === 'setup-saved') {
        setup.finish();
        void readWithProfiles().then(() => sendResponse({ ok: controller !== null }));
        return true;
      } else if (controller && command.type === 'insert-text' && !command.send) {
        // A rich editor may drop text sent before it has a caret (see insertConfirmed).
        const active = controller;
        const composer = currentAdapter?.composer(document);
        if (!composer) sendResponse(active.handleCommand(command));
        else {
          let reply: unknown = null;
          void insertConfirmed(composer, () => {
            reply = active.handleCommand(command);
            return (reply as { ok: boolean }).ok ? { ok: true, method: 'paste' } : { ok: false, missed: 'composer' };
          }).then(() => sendResponse(reply));
          return true;
        }
      } else if (controller) sendResponse(controller.handleCommand(command));
      else if (command.type === 'get-context') sendResponse(UNREAD_CONTEXT);
      else if (command.type === 'toggle-sidebar') {
        frame?.toggle();
        sendResponse({ open: frame?.open ?? false });
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onCommand);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onCommand));

    const settings = await client.request('getSettings', {}).catch(() => null);
    const disabled = new Set(settings?.disabledAdapters ?? []);
    const builtIns = BUILT_IN_ADAPTERS.filter((adapter) => !disabled.has(adapter.id));
    const sidebarSrc = `${browser.runtime.getURL('/sidebar.html')}#channel=${channel}`;
    const onSidebarOpenChange = (open: boolean) => void client.request('updateSettings', { sidebarOpen: open }).catch(() => {});
    const onSidebarWidthChange = (width: number) => void client.request('updateSettings', { sidebarWidth: width }).catch(() => {});

    const start = (adapter: ChatAdapter) => {
      running?.abort();
      running = new AbortController();
      currentAdapter = adapter;
      controller = startChatController({
        adapter,
        document,
        signal: AbortSignal.any([ctx.signal, running.signal]),
        client,
        emit,
        frame: frame ?? undefined,
        sidebarSrc,
        sidebarOpen: settings?.sidebarOpen ?? true,
        toggleLabel: t('commandToggleSidebar') || 'GroupSteward',
        onSidebarOpenChange,
        staffName: settings?.staffName ?? '',
        uiLanguage: browser.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en',
        t,
        inlineBadges: settings?.inlineBadges ?? false,
        sidebarWidth: settings?.sidebarWidth,
        onSidebarWidthChange,
      });
    };

    const adaptersFor = async (): Promise<ChatAdapter[]> => {
      const profiles = await client.request('siteProfilesFor', { url: location.href }).catch(() => []);
      return [...builtIns, ...profiles.map((profile) => createProfileAdapter(profile))];
    };
    /** Reads the page with the profiles saved for it now (after a setup or a repair). */
    async function readWithProfiles() {
      const adapter = findAdapter(new URL(location.href), document, await adaptersFor());
      if (adapter) start(adapter);
    }

    const adapter = await waitForAdapter(await adaptersFor(), ctx.signal);
    if (ctx.signal.aborted) return;
    const emitContext = () => {
      const context = controller?.handleCommand({ gs: 'command', type: 'get-context' }) as PageContext | undefined;
      emit({ type: 'context', context: context ?? UNREAD_CONTEXT });
    };
    // One frame for the page's life: it offers setup while nothing reads the page and stays
    // for the controller that starts once a profile is saved (or repaired).
    frame = mountSidebarFrame({
      document,
      src: sidebarSrc,
      open: settings?.sidebarOpen ?? true,
      toggleLabel: t('commandToggleSidebar') || 'GroupSteward',
      resizeLabel: t('sidebarResize'),
      width: settings?.sidebarWidth,
      onWidthChange: onSidebarWidthChange,
      onOpenChange: onSidebarOpenChange,
      onLoad: emitContext,
    });
    ctx.signal.addEventListener('abort', () => frame?.remove(), { once: true });
    if (adapter) start(adapter);

    // What the background stored reaches this page too: templates for the / picker, badges,
    // and settings (labels, signature, width) without a reload.
    const onChange = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || !isChangeNotice(message)) return undefined;
      controller?.onChange(message);
      if (touches(message, 'settings')) {
        void Promise.all([client.request('getSettings', {}), loadLabels()]).then(([next, labels]) => {
          t = labels;
          if (next.sidebarWidth !== undefined) frame?.setWidth(next.sidebarWidth);
          frame?.setLabels({ resize: labels('sidebarResize') });
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
