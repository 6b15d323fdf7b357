import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteProfileInput } from '../../lib/adapters/profile/schema';
import type { ChatEvent } from '../../lib/model';
import { type ProfileChatServer, startProfileChatServer } from '../fixtures/profile-chat/server.mjs';
import { extensionId, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage, waitFor } from './harness';

/*
 * The built extension reads "Parley", a chat no built-in adapter knows, once the user saves
 * a site profile for it on the options page. Loopback is in the manifest's content-script
 * matches, so the script is already on the page; it asks the background for the profiles
 * of its URL once, at load, so the chat tab is reloaded after every save.
 */

const FIXTURE_DIR = resolve('tests/fixtures/profile-chat');
const FIXTURE_PROFILE = JSON.parse(readFileSync(join(FIXTURE_DIR, 'profile.json'), 'utf8')) as SiteProfileInput;
const EXPECTED = JSON.parse(readFileSync(join(FIXTURE_DIR, '2026-11-24.expected.json'), 'utf8')) as { events: ChatEvent[] };
const MEMBER_PREFIX = 'profile-parley:';

type Editable = Omit<SiteProfileInput, 'selectors'> & { selectors: Record<string, unknown> };

/**
 * The fixture profile as the user would paste it. Its public-site pattern is left out: the
 * browser would ask for that origin in a prompt headless Chromium cannot answer, while
 * loopback is granted by the manifest.
 */
function profileJson(change: (p: Editable) => void = () => {}): string {
  const profile = structuredClone(FIXTURE_PROFILE) as Editable;
  profile.matches = profile.matches.filter((m) => m.startsWith('http://127.0.0.1'));
  change(profile);
  return JSON.stringify(profile, null, 2);
}

const parleyMessages = async (context: BrowserContext) =>
  (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.memberId.startsWith(MEMBER_PREFIX));

describe('a site profile saved on the options page makes the extension read an unknown chat', () => {
  let server: ProfileChatServer;
  let dir: string;
  let context: BrowserContext;
  let chat: Page;
  let options: Page;

  const editor = () => options.locator('[data-testid="gs-profile-json"]');

  beforeAll(async () => {
    server = await startProfileChatServer();
    dir = await makeProfileDir();
    context = await launchWithExtension(dir);
    chat = await context.newPage();
    await chat.goto(server.url);
    await chat.locator('html[data-live="open"]').waitFor({ state: 'attached' });
    options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
    await options.locator('#gs-profiles-title').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) await removeProfileDir(dir);
  });

  it('names the field when the pasted JSON or a selector is broken, and offers neither test nor save', async () => {
    await options.getByRole('button', { name: 'New site profile' }).click();
    await editor().fill('{"id": "parley", "selectors": {');
    const errors = options.locator('[data-testid="gs-profile-error"]');
    await expect.poll(() => errors.allTextContents()).toEqual([expect.stringContaining('not valid JSON')]);
    expect(await editor().getAttribute('aria-invalid')).toBe('true');

    await editor().fill(profileJson((p) => (p.selectors.row = 'li..entry')));
    await expect.poll(() => errors.evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(['selectors.row']);
    expect(await errors.first().textContent()).toContain('selectors.row');
    expect(await options.locator('[data-testid="gs-profile-test"]').isDisabled()).toBe(true);
    expect(await options.locator('[data-testid="gs-profile-save"]').isDisabled()).toBe(true);

    // The author's selector left out: a required field, named by its full path.
    await editor().fill(profileJson((p) => (p.selectors.author = { keyAttribute: 'data-uid' })));
    await expect.poll(() => errors.evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toContain('selectors.author.selector');
  });

  it('"Test on this tab" reports the rows and authors the profile finds on the open chat, and which selectors missed', async () => {
    await editor().fill(profileJson());
    await options.locator('[data-testid="gs-profile-valid"]').waitFor();
    await options.locator('[data-testid="gs-profile-test"]').click();
    const report = options.locator('[data-testid="gs-profile-report"]');
    const authors = new Set(EXPECTED.events.map((e) => e.author.externalId)).size;
    await expect.poll(() => report.locator('[data-testid="gs-profile-rows"]').textContent()).toBe(`Rows found: ${EXPECTED.events.length}, read: ${EXPECTED.events.length}`);
    expect(await report.locator('[data-testid="gs-profile-authors"]').textContent()).toBe(`Authors: ${authors}`);
    expect(await report.locator('[data-testid="gs-profile-miss"]').count()).toBe(0);

    // The message text of the new (non-legacy) markup is renamed on the site: only the
    // legacy rows, which use the fallback, still read; the report names the key and count.
    await editor().fill(profileJson((p) => (p.selectors.text = ['p.spoken', '.body-text'])));
    await options.locator('[data-testid="gs-profile-test"]').click();
    const textMiss = report.locator('[data-testid="gs-profile-miss"][data-key="selectors.text"]');
    await textMiss.waitFor();
    const legacyMessages = await chat.locator('li.entry.legacy').count();
    const messageRows = EXPECTED.events.filter((e) => e.kind === 'message').length;
    expect(legacyMessages).toBeGreaterThan(0);
    expect(await textMiss.textContent()).toBe(`selectors.text: ${messageRows - legacyMessages} times`);
    const parsedRows = EXPECTED.events.length - (messageRows - legacyMessages);
    expect(await report.locator('[data-testid="gs-profile-rows"]').textContent()).toBe(`Rows found: ${EXPECTED.events.length}, read: ${parsedRows}`);

    // Testing reads the page but stores nothing: no profile is saved yet.
    expect(await parleyMessages(context)).toEqual([]);
  });

  it('after saving and reloading the chat, stores every row once, and each row the site appends once', async () => {
    await editor().fill(profileJson());
    await options.locator('[data-testid="gs-profile-save"]').click();
    await options.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await expect.poll(() => options.locator('#gs-profiles-title ~ ul li strong').allTextContents()).toEqual(['Parley chat']);

    await chat.reload();
    await chat.locator('html[data-live="open"]').waitFor({ state: 'attached' });
    const fixtureStored = await waitFor(async () => {
      const stored = await parleyMessages(context);
      return EXPECTED.events.every((e) => stored.some((m) => m.externalId === e.externalId)) ? stored : null;
    }, 'the fixture rows to be stored');
    expect(fixtureStored).toHaveLength(EXPECTED.events.length);
    const byId = new Map(fixtureStored.map((m) => [m.externalId, m]));
    for (const event of EXPECTED.events) {
      expect(byId.get(event.externalId)).toMatchObject({
        memberId: `${MEMBER_PREFIX}${event.author.externalId}`,
        authorName: event.author.name,
        kind: event.kind,
        role: event.role,
        text: event.text,
        ts: event.ts,
      });
    }

    const sent = [...server.append(7), ...server.append(1), ...server.append(12)];
    expect(sent.some((row) => row.legacy)).toBe(true);
    const total = EXPECTED.events.length + sent.length;
    await expect.poll(async () => (await parleyMessages(context)).length).toBe(total);
    const all = new Map((await parleyMessages(context)).map((m) => [m.externalId, m]));
    for (const row of sent) {
      expect(all.get(row.id)).toMatchObject({ memberId: `${MEMBER_PREFIX}${row.uid}`, authorName: row.name, text: row.text, role: row.staff ? 'staff' : 'customer' });
    }

    // The site re-renders rows as new nodes (as virtualised lists do): the same messages.
    await chat.evaluate(() => {
      const timeline = document.getElementById('timeline') as HTMLElement;
      for (const row of [...timeline.children].slice(0, 6)) {
        const copy = row.cloneNode(true);
        row.remove();
        timeline.append(copy);
      }
    });
    const [last] = server.append(1);
    await expect.poll(async () => (await parleyMessages(context)).some((m) => m.externalId === last?.id)).toBe(true);
    const ids = (await parleyMessages(context)).map((m) => m.externalId);
    expect(ids).toHaveLength(total + 1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('opens the sidebar on the chat, and clicking an author there shows their card', async () => {
    const sidebar = await sidebarFrame(chat);
    await expect.poll(() => sidebar.locator('[data-testid="gs-health"]').getAttribute('data-state')).toBe('ok');
    await chat.locator('#timeline b.who[data-uid="u-200"]').first().click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe('陈小明');
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-item"]', { hasText: '我的退款什么时候到账' }).count()).toBe(1);
  });

  it('when a selector stops matching, the sidebar says plainly which part failed', async () => {
    await editor().fill(profileJson((p) => (p.selectors.author = { selector: ['b.writer', 'span.handle'], keyAttribute: 'data-uid' })));
    await options.locator('[data-testid="gs-profile-save"]').click();
    await options.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();

    await chat.reload();
    const sidebar = await sidebarFrame(chat);
    const banner = sidebar.locator('[data-testid="gs-health"][data-state="broken"]');
    await banner.waitFor();
    // Staff read the part in their words; the profile's key is kept for whoever edits the JSON.
    expect(await banner.textContent()).toContain("the author's name");
    expect(await banner.getAttribute('data-missing')).toContain('selectors.author');
    expect(await banner.getAttribute('role')).toBe('alert');
  });
});
