import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { openDatabase } from '../lib/db/open';
import { listSiteProfiles } from '../lib/db/repos/profiles';
import { seedDefaults } from '../lib/db/repos/seed';
import { getSettings } from '../lib/db/repos/settings';
import { purgeOldMessages } from '../lib/db/retention';
import { syncProfileScripts } from '../lib/background/profile-scripts';
import { createServer } from '../lib/messaging/server';

export default defineBackground(() => {
  const handlers = openDatabase().then(async (db) => {
    await seedDefaults(db, Date.now());
    // Retention runs whenever the worker starts, which the browser does at least daily.
    await purgeOldMessages(db, (await getSettings(db)).retentionDays, Date.now());
    const syncScripts = (profiles: Awaited<ReturnType<typeof listSiteProfiles>>) =>
      syncProfileScripts(profiles, browser.scripting, browser.permissions, 'content-scripts/chat.js').catch(() => []);
    await syncScripts(await listSiteProfiles(db));
    return createHandlers({ db, now: Date.now, onProfilesChanged: syncScripts });
  });
  const server = createServer(handlers, {
    runtimeId: browser.runtime.id,
    // Request name and error type only: an error message may quote page text.
    onError: (name, error) => console.warn('[GroupSteward] request failed:', name, error instanceof Error ? error.name : typeof error),
  });
  browser.runtime.onMessage.addListener(server.listener);

  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'toggle-sidebar' && command !== 'focus-tag-input') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await browser.tabs.sendMessage(tab.id, { gs: 'command', type: command }).catch(() => {});
  });
});
