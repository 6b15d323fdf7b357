import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteProfile } from '../../lib/adapters/profile/schema';
import { type MessengerServer, startMessengerServer } from '../fixtures/messenger/server.mjs';
import { extensionId, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage } from './harness';
import { kestrelParts, setUpByClicking } from './setup-steps';

/*
 * A team pack of site profiles, from one install to another: a team lead sets up the
 * "Kestrel" messenger by clicking and exports the profiles; a colleague's fresh install
 * imports the file (which already had an older profile for that site: it asks), and then
 * reads the chat with no setup at all.
 */

async function openOptions(context: BrowserContext): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
  await options.locator('#gs-profiles-title').waitFor();
  return options;
}

/** A request as the options page makes it (extension origin). */
async function request<T>(page: Page, name: string, input: unknown): Promise<T> {
  const reply = await page.evaluate(
    ([requestName, requestInput]) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data?: unknown; error?: string }> } } }).chrome.runtime.sendMessage({
        gs: 'request',
        name: requestName,
        input: requestInput,
      }),
    [name, input] as const,
  );
  if (!reply.ok) throw new Error(reply.error);
  return reply.data as T;
}

const OTHER_SITE = {
  id: 'parley-local',
  name: 'Parley (local)',
  matches: ['http://localhost:9/*'],
  selectors: { row: 'li.entry', author: { selector: 'b.who', keyAttribute: 'data-uid' }, text: 'p.said' },
};

describe('site profiles exported from one install and imported on another', () => {
  let server: MessengerServer;
  let siteId: string;
  let exported: { format: string; version: number; profiles: SiteProfile[] };
  /** The exported file's text (the download itself goes with the browser that made it). */
  let packText: string;
  const dirs: string[] = [];
  const contexts: BrowserContext[] = [];

  const launch = async () => {
    const dir = await makeProfileDir();
    dirs.push(dir);
    const context = await launchWithExtension(dir);
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    server = await startMessengerServer();
    siteId = `127-0-0-1-${new URL(server.url).port}`;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await server?.close();
    for (const dir of dirs) await removeProfileDir(dir);
  });

  it('exports one profile, and the set, as files the import reads back', async () => {
    const context = await launch();
    const chat = await context.newPage();
    await chat.goto(server.url);
    await chat.locator('[role=row]').nth(6).waitFor();
    await setUpByClicking(chat, kestrelParts(chat));

    const options = await openOptions(context);
    await request(options, 'saveSiteProfile', { profile: OTHER_SITE });
    await options.reload();
    await options.locator('#gs-profiles-title').waitFor();

    const [single] = await Promise.all([options.waitForEvent('download'), options.locator(`[data-testid="gs-profile-export"][data-profile-id="${siteId}"]`).click()]);
    expect(single.suggestedFilename()).toBe(`groupsteward-site-profile-${siteId}.json`);
    const one = JSON.parse(await readFile(await single.path(), 'utf8')) as typeof exported;
    expect(one.profiles.map((p) => p.id)).toEqual([siteId]);

    const [all] = await Promise.all([options.waitForEvent('download'), options.locator('[data-testid="gs-profile-export-all"]').click()]);
    expect(all.suggestedFilename()).toMatch(/^groupsteward-site-profiles-\d{4}-\d{2}-\d{2}\.json$/);
    packText = await readFile(await all.path(), 'utf8');
    exported = JSON.parse(packText) as typeof exported;
    expect(exported).toMatchObject({ format: 'groupsteward.site-profiles', version: 1 });
    expect(exported.profiles.map((p) => p.id).sort()).toEqual([siteId, 'parley-local'].sort());
    // What was learned by clicking travels with it: no hashed classes, the author marker.
    const kestrel = exported.profiles.find((p) => p.id === siteId);
    expect(kestrel?.selectors.author.selector).toEqual(['[data-qa="author-name"]']);
    expect(kestrel?.matches).toEqual([`http://127.0.0.1:${new URL(server.url).port}/*`]);
    await context.close();
  });

  it('on another install: refuses a broken file naming the field, asks before replacing the profile it has, then reads the chat with no setup', async () => {
    const context = await launch();
    const options = await openOptions(context);
    // This install has an older profile of its own for the same site (it reads nothing now).
    const older = { id: siteId, name: 'Kestrel (old)', matches: [`http://127.0.0.1:${new URL(server.url).port}/*`], selectors: { row: '.old-row', author: { selector: '.old-author' }, text: '.old-text' } };
    await request(options, 'saveSiteProfile', { profile: older });
    await options.reload();
    await options.locator('#gs-profiles-title').waitFor();
    const input = options.locator('[data-testid="gs-profile-import"]');

    const broken = structuredClone(exported) as unknown as { profiles: Array<{ selectors: Record<string, unknown> }> };
    (broken.profiles[1] as { selectors: Record<string, unknown> }).selectors.row = 'div[role=';
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect
      .poll(() => options.locator('[data-testid="gs-profile-import-error"]').evaluateAll((items) => items.map((li) => li.getAttribute('data-field'))))
      .toEqual(['profiles.1.selectors.row']);
    expect(await options.locator('[data-testid="gs-profile-import-confirm"]').count()).toBe(0);

    await input.setInputFiles({ name: 'groupsteward-site-profiles.json', mimeType: 'application/json', buffer: Buffer.from(packText) });
    const item = (id: string) => options.locator(`[data-testid="gs-profile-import-item"][data-profile-id="${id}"]`);
    await expect.poll(() => item(siteId).getAttribute('data-status')).toBe('conflict');
    expect(await item('parley-local').getAttribute('data-status')).toBe('new');
    const confirm = options.locator('[data-testid="gs-profile-import-confirm"]');
    expect(await confirm.isDisabled()).toBe(true);
    // Nothing was written by looking.
    expect((await request<SiteProfile[]>(options, 'listSiteProfiles', {})).map((p) => p.name)).toEqual(['Kestrel (old)']);

    await options.locator(`[data-testid="gs-profile-import-replace"][data-profile-id="${siteId}"]`).check();
    await confirm.click();
    const message = options.locator('[data-testid="gs-profile-import-message"]');
    await expect.poll(() => message.getAttribute('data-state')).toBe('ok');
    expect(await message.textContent()).toBe('Imported: 1 new, 1 replaced, 0 kept, 0 already saved.');
    const saved = await request<SiteProfile[]>(options, 'listSiteProfiles', {});
    expect(saved.find((p) => p.id === siteId)).toEqual(exported.profiles.find((p) => p.id === siteId));
    expect(saved.map((p) => p.id).sort()).toEqual([siteId, 'parley-local'].sort());

    // The colleague opens the chat: read at once, every row once, cards open on a name click.
    const chat = await context.newPage();
    await chat.goto(server.url);
    const sidebar = await sidebarFrame(chat);
    await sidebar.locator('[data-testid="gs-health"][data-state="ok"]').waitFor();
    expect(await sidebar.locator('[data-testid="gs-setup-start"]').count()).toBe(0);
    const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.memberId.startsWith(`profile-${siteId}:`));
    await expect.poll(async () => (await stored()).length).toBe(7);
    expect(new Set((await stored()).map((m) => m.externalId)).size).toBe(7);
    await chat.getByText('Mei Tan').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe('Mei Tan');
  });
});
