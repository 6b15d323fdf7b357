import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { getSettings, updateSettings } from '../../../lib/db/repos/settings';
import { createClient } from '../../../lib/messaging/client';
import { createServer } from '../../../lib/messaging/server';
import type { SettingsPatch } from '../../../lib/model';
import { uniqueDbName } from '../db/records';

// Issue #11, finding 1: toggling the sidebar sent {sidebarOpen}, zod 4's `.partial()`
// filled every other key with its default, and the merge wrote those over the stored
// settings: staff name emptied, ladder reset, retention back to "keep everything".

let db: Database;
beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('settings-patch') });
});
afterEach(() => db.close());

const WARN_ONLY = { steps: [{ channel: 'public' as const, templateId: 'tpl-warn-zh', outcome: 'none' as const }], weights: {} };
const customised: SettingsPatch = {
  staffName: '客服小王',
  staffNames: ['小王'],
  ladder: WARN_ONLY,
  slaMinutes: 15,
  retentionDays: 90,
  warningWindowDays: 7,
  inlineBadges: true,
};

describe('settings: a change writes only the keys it sends', () => {
  it('toggling the sidebar through the protocol keeps every other setting', async () => {
    const server = createServer(createHandlers({ db, now: () => 1_700_000_000_000 }), { runtimeId: 'gs', validateOutput: true });
    const page = createClient((message) => server.handle(message, { id: 'gs', url: 'chrome-extension://gs/options.html' }));
    await page.request('updateSettings', customised);
    await page.request('updateSettings', { sidebarOpen: false });
    expect(await getSettings(db)).toMatchObject({ ...customised, sidebarOpen: false });
  });

  it('the content script can set only the sidebar state, and that keeps every other setting', async () => {
    await updateSettings(db, customised);
    const server = createServer(createHandlers({ db, now: () => 1_700_000_000_000 }), { runtimeId: 'gs', validateOutput: true });
    const contentScript = { id: 'gs', tab: { id: 3 }, url: 'http://localhost:5173/' };
    expect(await server.handle({ gs: 'request', name: 'setSidebarState', input: { open: false } }, contentScript)).toMatchObject({ ok: true });
    expect(await server.handle({ gs: 'request', name: 'updateSettings', input: { staffName: '' } }, contentScript)).toMatchObject({ ok: false });
    expect(await getSettings(db)).toMatchObject({ ...customised, sidebarOpen: false });
  });

  it('the repository ignores keys sent as undefined', async () => {
    await updateSettings(db, customised);
    await updateSettings(db, { staffName: undefined, slaMinutes: 30 });
    expect(await getSettings(db)).toMatchObject({ ...customised, slaMinutes: 30 });
  });
});

describe('settings from a backup or team pack', () => {
  it('a file that names only some settings leaves the others as stored', async () => {
    const { parsePreferences } = await import('../../../lib/db/preferences');
    const base = { ...(await getSettings(db)), staffName: '客服小王', slaMinutes: 15, retentionDays: 90 };
    // An older release's file names the ladder by preset: it reads as that preset's steps.
    const { settings } = parsePreferences({ settings: { ladder: 'warnOnly', fromANewerRelease: 1 } }, base);
    expect(settings).toMatchObject({ staffName: '客服小王', slaMinutes: 15, retentionDays: 90, ladder: WARN_ONLY });
  });
});
