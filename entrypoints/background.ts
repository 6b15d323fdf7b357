import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { openDatabase } from '../lib/db/open';
import { listSiteProfiles } from '../lib/db/repos/profiles';
import { seedDefaults } from '../lib/db/repos/seed';
import { getSettings } from '../lib/db/repos/settings';
import { purgeOldMessages } from '../lib/db/retention';
import { syncProfileScripts } from '../lib/background/profile-scripts';
import { reinjectIntoOpenChats } from '../lib/background/reinject';
import { createMissNotifier, dashboardQueryForNotification, missNoticeText } from '../lib/background/miss-notifier';
import { createTranslator, type LocaleMessages, resolveLanguage, type UiLanguage } from '../lib/i18n';

const CONTENT_SCRIPT = 'content-scripts/chat.js';
/** Makes room for the sidebar before a chat page's first layout (lib/content/early-room.ts). */
const ROOM_SCRIPT = 'content-scripts/room.js';
const LOOPBACK_CHATS = ['http://localhost/*', 'http://127.0.0.1/*'];
import { createServer } from '../lib/messaging/server';
import { createNoticePorts } from '../lib/background/notice-ports';
import { createCommandClient } from '../lib/messaging/page-protocol';
import { createChangeBroadcaster, withChangeNotices } from '../lib/background/changes';
import { createSiteAccess } from '../lib/background/site-access';
import { grantPagePath } from '../lib/setup/grant-page';

const tabCommands = createCommandClient((tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }));

export default defineBackground(() => {
  const database = openDatabase();
  // After every write, open sidebars, extension pages and chat tabs hear what changed.
  const noticePorts = createNoticePorts({ runtimeId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') });
  browser.runtime.onConnect.addListener((port) => noticePorts.onConnect(port));
  const changes = createChangeBroadcaster({
    sendToPages: (notice) => {
      noticePorts.publish(notice);
      return browser.runtime.sendMessage(notice);
    },
    sendToTab: (tabId, notice) => browser.tabs.sendMessage(tabId, notice, { frameId: 0 }),
    extensionOrigin: browser.runtime.getURL('/'),
  });
  // Firefox's sidebar frame cannot ask for a site itself: a grant page asks for it.
  const siteAccess = createSiteAccess({
    contains: (origins) => browser.permissions.contains({ origins }),
    openGrantPage: async (origins) => (await browser.tabs.create({ url: browser.runtime.getURL(grantPagePath(origins) as '/options.html') })).id ?? -1,
    closeTab: (tabId) => browser.tabs.remove(tabId),
    focusTab: async (tabId) => void (await browser.tabs.update(tabId, { active: true })),
  });
  browser.permissions.onAdded.addListener(() => void siteAccess.onPermissionsAdded());
  browser.tabs.onRemoved.addListener((tabId) => void siteAccess.onTabRemoved(tabId));
  const handlers = database.then(async (db) => {
    await seedDefaults(db, Date.now());
    // Retention runs whenever the worker starts, which the browser does at least daily.
    await purgeOldMessages(db, (await getSettings(db)).retentionDays, Date.now());
    const syncScripts = (profiles: Awaited<ReturnType<typeof listSiteProfiles>>) =>
      syncProfileScripts(profiles, browser.scripting, browser.permissions, CONTENT_SCRIPT, ROOM_SCRIPT).catch(() => []);
    await syncScripts(await listSiteProfiles(db));
    return withChangeNotices(createHandlers({
        db,
        now: Date.now,
        onProfilesChanged: syncScripts,
        loadLocale: async (language) => (await fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`))).json(),
        sendToTabTop: (tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
        siteAccess,
      }), changes.publish, changes.noteSender);
  });
  // Desktop notifications on a miss (off unless staff turn them on): checked every minute
  // and soon after each stored batch; a click opens the question in the dashboard.
  const missNotifier = database.then((db) =>
    createMissNotifier({
      db,
      now: Date.now,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      async show(notice) {
        if (!browser.notifications) return;
        const language = resolveLanguage((await getSettings(db)).language, browser.i18n.getUILanguage());
        const load = async (lang: UiLanguage) => (await fetch(browser.runtime.getURL(`/_locales/${lang}/messages.json`))).json() as Promise<LocaleMessages>;
        const t = createTranslator(await load(language), language === 'en' ? {} : await load('en'));
        await browser.notifications.create(notice.id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          ...missNoticeText(notice, t),
        });
      },
    }),
  );
  const checkMisses = () => void missNotifier.then((notifier) => notifier.check()).catch(() => {});
  let missCheckSoon: ReturnType<typeof setTimeout> | undefined;
  const storing = handlers.then((h) => {
    const ingest = h.ingest;
    // A batch can hold a question that is already past its target (history, a late reader).
    h.ingest = async (input, sender) => {
      const reply = await ingest(input, sender);
      clearTimeout(missCheckSoon);
      missCheckSoon = setTimeout(checkMisses, 2_000);
      return reply;
    };
    // Turning notifications on takes what waits at that moment as known, before the reply.
    for (const name of ['updateSettings', 'saveGroupHealthConfig'] as const) {
      const save = h[name] as (input: unknown, sender: unknown) => Promise<unknown>;
      (h as Record<typeof name, unknown>)[name] = async (input: unknown, sender: unknown) => {
        const reply = await save(input, sender);
        await missNotifier.then((notifier) => notifier.check()).catch(() => {});
        return reply;
      };
    }
    return h;
  });

  const server = createServer(storing, {
    runtimeId: browser.runtime.id,
    // Request name and error type only: an error message may quote page text.
    onError: (name, error) => console.warn('[GroupSteward] request failed:', name, error instanceof Error ? error.name : typeof error),
  });
  browser.runtime.onMessage.addListener(server.listener);

  // Open chat tabs whose content script is gone get the current one: after an update the old
  // copies are orphaned, and after the extension is switched off and on no install event
  // fires at all. On an ordinary worker start every tab answers and nothing is injected.
  const reviveOpenChats = async () => {
    const db = await database;
    const profilePatterns = (await listSiteProfiles(db)).flatMap((p) => p.matches);
    await reinjectIntoOpenChats([...LOOPBACK_CHATS, ...profilePatterns], {
      queryTabs: (url) => browser.tabs.query({ url }),
      answers: (tabId) => tabCommands.request(tabId, 'get-context', {}).then(() => true, () => false),
      // The typed public path of the same file (WXT checks it exists in the build).
      executeScript: (tabId) => browser.scripting.executeScript({ target: { tabId }, files: ['/content-scripts/chat.js'] }),
    }, CONTENT_SCRIPT);
  };
  void reviveOpenChats().catch(() => {});

  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'toggle-sidebar' && command !== 'focus-tag-input') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await tabCommands.request(tab.id, command, {}).catch(() => {});
  });
  // After the message listener and the chat revival. The notifications and alarms APIs exist
  // only once staff allowed them (optional permissions, asked for when the option is turned on).
  let missWatchOn = false;
  const startMissWatch = async () => {
    if (missWatchOn || !(await browser.permissions.contains({ permissions: ['notifications', 'alarms'] }))) return;
    missWatchOn = true;
    await browser.alarms.create('gs-miss-check', { periodInMinutes: 1 });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === 'gs-miss-check') checkMisses();
    });
    browser.notifications.onClicked.addListener((notificationId) => {
      const query = dashboardQueryForNotification(notificationId);
      if (query === null) return;
      void browser.tabs.create({ url: browser.runtime.getURL(`/dashboard.html?${query}`) });
      void browser.notifications.clear(notificationId);
    });
  };
  void startMissWatch().catch(() => {});
  browser.permissions.onAdded.addListener(() => void startMissWatch().catch(() => {}));
});
