import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createProfileAdapter } from '../../lib/adapters/profile/adapter';
import type { SiteProfile } from '../../lib/adapters/profile/schema';
import { BUILT_IN_ADAPTERS, findAdapter } from '../../lib/adapters/registry';
import type { ChatAdapter } from '../../lib/adapters/types';
import { startChatController } from '../../lib/content/controller';
import { createSetupLoader } from '../../lib/content/setup-loader';
import { createSlashLoader } from '../../lib/content/slash-loader';
import type { createSetupSession, SetupCommand } from '../../lib/content/setup-session';
import { mountSidebarFrame, type SidebarFrame } from '../../lib/content/sidebar-frame';
import { createContentLifetime } from '../../lib/content/lifetime';
import { newChannelId } from '../../lib/content/channel-id';
import { runProfileTest } from '../../lib/content/profile-test';
import { createContentClient } from '../../lib/messaging/content-client';
import { createCommandServer, createEventEmitter } from '../../lib/messaging/page-commands';
import type { CommandHandlers, PageContext } from '../../lib/messaging/page-protocol';
import { createSidebarLink, sidebarOrigin } from '../../lib/messaging/channel-handover';
import { PAGE_LABEL_KEYS, pageTranslator } from '../../lib/content/labels';
import { isChangeNotice, touches } from '../../lib/messaging/changes';
import { claimRoom, createRoomStateWriter, type RoomWorld } from '../../lib/content/early-room';

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
  async main() {
    // The manifest and the re-injection by the background can both reach a tab. Copies from
    // one extension share this isolated world, so a second copy stops here while the first is
    // alive. The world can outlive its copy: after the extension is switched off and on (or
    // reloaded), the same world may be reused, holding a copy whose context died; that one
    // no longer counts, and the new copy takes over.
    const world = globalThis as { groupStewardAlive?: () => boolean };
    if (world.groupStewardAlive?.()) return;
    world.groupStewardAlive = () => true;
    let controller: ReturnType<typeof startChatController> | null = null;
    // Not WXT's ctx: the page can stop that one with a DOM event (see lifetime.ts).
    const lifetime = createContentLifetime({
      runtimeId: () => browser.runtime?.id,
      href: () => location.href,
      onLocationChange: () => controller?.rescan(),
      setInterval: (callback, ms) => setInterval(callback, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    });
    world.groupStewardAlive = () => {
      lifetime.check();
      return lifetime.alive;
    };
    const signal = lifetime.signal;
    // sendMessage throws at once (no promise) once the extension was updated or removed.
    const client = createContentClient((message) => {
      try {
        return browser.runtime.sendMessage(message).catch((error: unknown) => {
          lifetime.check();
          throw error;
        });
      } catch (error) {
        lifetime.check();
        return Promise.reject(error);
      }
    });

    const loadLabels = async () => {
      const labels = await client
        .request('getPageLabels', { browserLanguage: browser.i18n.getUILanguage(), keys: [...PAGE_LABEL_KEYS] })
        .catch(() => ({ messages: {} }));
      return pageTranslator(labels.messages, (key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
    };
    const siteProfiles = () => client.request('siteProfilesFor', { url: location.href }).catch(() => []);
    // Asked together: reading starts only once all three are answered, and one at a time they
    // were three trips to a worker that may be starting up.
    const [settings, firstLabels, firstProfiles] = await Promise.all([client.request('getSettings', {}).catch(() => null), loadLabels(), siteProfiles()]);
    let t = firstLabels;
    // Handed to the real sidebar frame by postMessage, never put in its URL (see sidebar-frame.ts).
    const channel = newChannelId();
    const sidebarSrc = browser.runtime.getURL('/sidebar.html');
    const origin = sidebarOrigin(sidebarSrc, browser.runtime.id);
    // Events reach the sidebar over a port handed to its frame with the channel (channel-handover.ts).
    const link = createSidebarLink({ channel, origin });
    signal.addEventListener('abort', () => link.close(), { once: true });
    const emit = createEventEmitter((message) => {
      if (lifetime.alive) link.send(message);
    }, channel);
    let frame: SidebarFrame | null = null;
    let running: AbortController | null = null;
    // Setup lives in its own file, loaded on first use (it is most of the script's size).
    const loadSetup = createSetupLoader(browser.runtime.getURL('/setup.js'), (url) => import(/* @vite-ignore */ url));
    const loadSlashPicker = createSlashLoader(browser.runtime.getURL('/slash.js'), (url) => import(/* @vite-ignore */ url));
    let setup: ReturnType<typeof createSetupSession> | null = null;
    const setupSession = async () => {
      if (!setup) {
        const module = await loadSetup();
        setup ??= module.createSetupSession({
          document,
          signal,
          now: Date.now,
          emit: (state) => emit('setup', { state }),
          startPicker: module.startPicker,
          label: (step) => t(`setupStep_${step}`),
        });
      }
      return setup;
    };
    // Built-in adapters the user switched off leave the page to setup or a profile.
    const disabled = new Set(settings?.disabledAdapters ?? []);
    const builtIns = BUILT_IN_ADAPTERS.filter((adapter) => !disabled.has(adapter.id));
    let profilesRead: ReturnType<typeof siteProfiles> | null = Promise.resolve(firstProfiles);
    const adaptersFor = async (): Promise<ChatAdapter[]> => {
      // The first call uses the profiles read at start; later ones (a profile was saved) ask again.
      const profiles = await (profilesRead ?? siteProfiles());
      profilesRead = null;
      return [...builtIns, ...profiles.map((profile) => createProfileAdapter(profile))];
    };
    // What the next page's document_start script needs to make room before its first layout.
    const rememberRoom = createRoomStateWriter(browser.storage.local);
    const onSidebarOpenChange = (open: boolean) => {
      if (frame) rememberRoom({ open, width: frame.width });
      void client.request('setSidebarState', { open }).catch(() => {});
    };
    const onSidebarWidthChange = (width: number) => {
      if (frame) rememberRoom({ open: frame.open, width });
      void client.request('setSidebarState', { width }).catch(() => {});
    };

    const start = (adapter: ChatAdapter) => {
      running?.abort();
      running = new AbortController();
      controller = startChatController({
        adapter,
        document,
        signal: AbortSignal.any([signal, running.signal]),
        client,
        emit,
        handOverChannel: (frameWindow) => link.handOver(frameWindow),
        loadSlashPicker,
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
      return controller;
    };

    const commands = createCommandServer(
      (): Partial<CommandHandlers> => ({
        // Testing a profile must work on a page no adapter reads yet: that is its purpose.
        'test-profile': ({ profile }) => runProfileTest(profile as unknown as SiteProfile, document),
        // So must setting one up, and while nothing reads the page the sidebar still opens and closes.
        'get-context': () => UNREAD_CONTEXT,
        // Only an extension context can ask (tabs.sendMessage): the sidebar frame, before it trusts the port it was handed.
        'confirm-channel': ({ channel: candidate }) => ({ mine: candidate === channel }),
        'toggle-sidebar': () => {
          frame?.toggle();
          return { open: frame?.open ?? false };
        },
        setup: async ({ command }) => (await setupSession()).handle(command as SetupCommand),
        'setup-saved': async () => {
          setup?.finish();
          const adapter = findAdapter(new URL(location.href), document, await adaptersFor());
          if (adapter) start(adapter);
          return { reading: adapter !== null };
        },
        ...controller?.commands,
      }),
      { runtimeId: browser.runtime.id },
    );
    browser.runtime.onMessage.addListener(commands.listener);
    // Once the extension is switched off (or reloaded), this copy's `browser.runtime` is gone
    // altogether, and its listeners with it: nothing to remove then, and nothing to throw.
    signal.addEventListener('abort', () => browser.runtime?.onMessage.removeListener(commands.listener), { once: true });

    const adapter = await waitForAdapter(await adaptersFor(), signal);
    if (signal.aborted) return;
    // The page is narrowed for the sidebar once its rows are read, or after a moment at most.
    let pageRead: () => void = () => {};
    const roomAfter = new Promise<void>((resolve) => {
      pageRead = resolve;
    });
    setTimeout(pageRead, ROOM_AFTER_AT_MOST_MS);
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
      onLoad: (sidebarWindow) => {
        link.handOver(sidebarWindow);
        emit('context', { context: controller?.commands['get-context']() ?? UNREAD_CONTEXT });
        // Setup started before the frame loaded (from the toolbar popup) shows its step at once.
        if (setup?.state.active) emit('setup', { state: setup.state });
      },
      roomAfter,
      // The margin the document_start script put in place, if it did (room.content.ts).
      reservedRoom: claimRoom(world as RoomWorld),
    });
    rememberRoom({ open: frame.open, width: frame.width });
    signal.addEventListener('abort', () => frame?.remove(), { once: true });
    const reading = adapter ? start(adapter) : null;
    void (reading?.firstScan ?? Promise.resolve()).then(pageRead);

    // What the background stored reaches this page too: templates for the / picker, badges,
    // and settings (labels, signature, width) without a reload.
    const onChange = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || !isChangeNotice(message)) return undefined;
      controller?.onChange(message);
      if (touches(message, 'settings')) {
        void Promise.all([client.request('getSettings', {}), loadLabels()]).then(([next, labels]) => {
          t = labels;
          if (next.sidebarWidth !== undefined) frame?.setWidth(next.sidebarWidth);
          if (frame) rememberRoom({ open: frame.open, width: frame.width });
          frame?.setLabels({ resize: labels('sidebarResize') });
          controller?.applySettings({ staffName: next.staffName, inlineBadges: next.inlineBadges, sidebarWidth: next.sidebarWidth, t: labels });
        }, () => {});
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onChange);
    signal.addEventListener('abort', () => browser.runtime?.onMessage.removeListener(onChange), { once: true });
  },
});

/** The longest the open sidebar is shown over the page's edge while the page's rows are read. */
const ROOM_AFTER_AT_MOST_MS = 1_500;

/** Single-page chat apps render after load; look for a known page for a few seconds. */
async function waitForAdapter(adapters: readonly ChatAdapter[], signal: AbortSignal) {
  for (let attempt = 0; attempt < 40 && !signal.aborted; attempt++) {
    const adapter = findAdapter(new URL(location.href), document, adapters);
    if (adapter) return adapter;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}
