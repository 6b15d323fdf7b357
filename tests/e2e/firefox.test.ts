import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../demo/server.mjs';
import { FIREFOX, type LaunchedFirefox, launchFirefox, type Marionette } from './firefox/marionette';
import { type StoredMessage, waitFor } from './harness';

// The Firefox MV2 build in Debian's Firefox ESR, on the demo chat: messages stored once, a
// name click opens the card, a tag and a note, a spam message suggested, a template inserted.
// Driven through Marionette (see firefox/marionette.ts for why not WebDriver BiDi).

type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;
const EXTENSION = resolve('.output/firefox-mv2');
const SIDEBAR = '/sidebar.html';
/** Firefox under a busy two-core machine: poll up to a minute (a bound on waiting, not on speed). */
const ATTEMPTS = 600;

describe.skipIf(!FIREFOX)('Firefox ESR, end to end on the demo chat', () => {
  let server: DemoServer;
  let firefox: LaunchedFirefox;
  let ff: Marionette;
  let chatWindow: string;
  let storeWindow: string;

  const post = (userId: string, text: string) =>
    fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId: 'g-service', userId, text }) }).then((r) => r.json() as Promise<{ id: string }>);

  /** Runs `body` in the sidebar frame of the chat tab. */
  async function inSidebar<T>(body: string, ...args: unknown[]): Promise<T> {
    await ff.command('WebDriver:SwitchToWindow', { handle: chatWindow });
    if (!(await ff.switchToFrameAt(SIDEBAR))) throw new Error('no sidebar frame in the chat tab');
    return ff.execute<T>(body, ...args);
  }

  async function inPage<T>(body: string, ...args: unknown[]): Promise<T> {
    await ff.command('WebDriver:SwitchToWindow', { handle: chatWindow });
    await ff.toTop();
    return ff.execute<T>(body, ...args);
  }

  /** A trusted click on `css` in the sidebar frame (or the page), once it is there. */
  async function click(where: 'sidebar' | 'page', css: string) {
    const element = await waitFor(async () => {
      if (where === 'sidebar') await inSidebar('return null');
      else await inPage('return null');
      return ff.find(css);
    }, `${css} in the ${where}`, ATTEMPTS);
    await ff.click(element);
  }

  async function typeInSidebar(css: string, text: string) {
    const element = await waitFor(async () => {
      await inSidebar('return null');
      return ff.find(css);
    }, `${css} in the sidebar`, ATTEMPTS);
    await ff.type(element, text);
  }

  /** Every stored message, read in a top-level extension page of the same origin as the background. */
  async function storedMessages(): Promise<StoredMessage[]> {
    await ff.command('WebDriver:SwitchToWindow', { handle: storeWindow });
    return ff.execute<StoredMessage[]>(`
      return new Promise((ok, fail) => {
        const open = indexedDB.open('groupsteward');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('messages').objectStore('messages').getAll();
          all.onsuccess = () => { db.close(); ok(all.result.map((m) => ({ externalId: m.externalId, text: m.text, authorName: m.authorName, memberId: m.memberId }))); };
          all.onerror = () => { db.close(); fail(all.error); };
        };
      });`);
  }

  beforeAll(async () => {
    if (!existsSync(resolve(EXTENSION, 'manifest.json'))) throw new Error('build the Firefox extension first: npx wxt build -b firefox');
    server = await startDemoServer({ interval: 0 });
    // Optional permissions are granted without Firefox's prompt (a test preference): the
    // grant page's click is what is tested, not Firefox's own dialog.
    firefox = await launchFirefox(FIREFOX as string, { 'extensions.webextOptionalPermissionPrompts': false });
    ff = firefox.marionette;
    await ff.command('Addon:Install', { path: EXTENSION, temporary: true });
    chatWindow = (await ff.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
    await ff.command('WebDriver:Navigate', { url: server.url });
    // The sidebar is bound to this tab once its group tab renders (it shows nothing before).
    await waitFor(async () => (await ff.switchToFrameAt(SIDEBAR)) && ff.find('[data-testid="gs-tab-group"]'), 'the sidebar to start', ATTEMPTS);
    // Marionette may not navigate to a moz-extension URL: the sidebar's own dashboard link opens
    // an extension tab, where the test reads the database the background writes.
    const before = await ff.command<string[]>('WebDriver:GetWindowHandles');
    await click('sidebar', '[data-testid="gs-open-dashboard"]');
    storeWindow = await waitFor(async () => (await ff.command<string[]>('WebDriver:GetWindowHandles')).find((handle) => !before.includes(handle)), 'the dashboard tab', ATTEMPTS);
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('stores the rows on screen, each message once', async () => {
    const onScreen = await waitFor(
      () => inPage<string[]>(`return [...document.querySelectorAll('.message-canvas .row')].map((row) => row.getAttribute('data-msg-id'))`).then((ids) => (ids.length ? ids : null)),
      'rows on screen',
      ATTEMPTS,
    );
    const stored = await waitFor(
      async () => {
        const messages = await storedMessages();
        return onScreen.every((id) => messages.some((m) => m.externalId === id)) ? messages : null;
      },
      'the visible rows to be stored',
      ATTEMPTS,
    );
    expect(new Set(stored.map((m) => m.externalId)).size).toBe(stored.length);
  });

  it('opens the card of an author clicked in the chat; a tag and a note are kept', async () => {
    const sent = await post('u-emma', 'Hello from Firefox 你好 👋');
    const message = await waitFor(async () => (await storedMessages()).find((m) => m.externalId === sent.id), 'the posted message to be stored', ATTEMPTS);
    expect(message).toMatchObject({ text: 'Hello from Firefox 你好 👋', authorName: 'Emma Wilson', memberId: 'demo:u-emma' });
    expect((await storedMessages()).filter((m) => m.externalId === sent.id)).toHaveLength(1);

    await click('page', `.row[data-msg-id="${sent.id}"] .author`);
    await waitFor(async () => (await inSidebar<string | null>(`return document.querySelector('[data-testid="gs-member-name"]')?.textContent ?? null`)) === 'Emma Wilson', 'the card of Emma Wilson', ATTEMPTS);

    await typeInSidebar('[data-testid="gs-tag-input"]', 'VIP客户');
    await waitFor(async () => (await inSidebar<string>(`return document.querySelector('[data-testid="gs-tag-input"]').value`)) === 'VIP客户', 'the typed tag', ATTEMPTS);
    await typeInSidebar('[data-testid="gs-tag-input"]', '\uE007'); // Enter
    await waitFor(
      async () => (await inSidebar<string[]>(`return [...document.querySelectorAll('[data-testid="gs-tag-chip"]')].map((chip) => chip.textContent)`)).some((text) => text?.includes('VIP客户')),
      'the tag chip',
      ATTEMPTS,
    );
    await typeInSidebar('[data-testid="gs-note-input"]', 'Prefers e-mail. <b>not bold</b>');
    await click('sidebar', '[data-testid="gs-note-save"]');
    await waitFor(
      async () => (await inSidebar<string[]>(`return [...document.querySelectorAll('[data-testid="gs-note-item"] .note-text')].map((note) => note.textContent)`)).includes('Prefers e-mail. <b>not bold</b>'),
      'the saved note, as text',
      ATTEMPTS,
    );
  });

  it('suggests a warning for a spam message as it arrives', async () => {
    const spam = await post('u-spam', 'Add me on WeChat lucky8899 for cheap loans and part-time jobs');
    await click('sidebar', '[data-testid="gs-tab-group"]');
    await waitFor(
      async () => (await inSidebar<string[]>(`return [...document.querySelectorAll('[data-testid="gs-warning-item"]')].map((item) => item.textContent)`)).some((text) => text?.includes('lucky8899')),
      'a suggestion for the spam message',
      ATTEMPTS,
    );
    expect((await storedMessages()).filter((m) => m.externalId === spam.id)).toHaveLength(1);
  });

  it('inserts a template into the chat composer without sending it', async () => {
    await click('sidebar', '[data-testid="gs-tab-templates"]');
    await typeInSidebar('[data-testid="gs-template-search"]', '提额');
    await waitFor(
      async () => (await inSidebar<string | null>(`return document.querySelector('[data-testid="gs-template-item"]')?.getAttribute('data-template-id') ?? null`)) === 'tpl-faq-limit-zh',
      'the limit FAQ template first',
      ATTEMPTS,
    );
    await click('sidebar', '[data-testid="gs-template-item"] [data-testid="gs-template-insert"]');
    await waitFor(async () => (await inPage<string>(`return document.querySelector('.composer-input').value`)).includes('Emma Wilson 您好，用卡满 6 个月'), 'the template in the composer', ATTEMPTS);
    expect(await inPage<number>(`return [...document.querySelectorAll('.row .text')].filter((row) => row.textContent.includes('用卡满 6 个月且按时还款')).length`)).toBe(0);
  });

  it('asks for a new site through the grant page: the sidebar frame has no permissions API here', async () => {
    // What the sidebar's Save does in Firefox, sent from an extension page of the same origin.
    await ff.command('WebDriver:SwitchToWindow', { handle: storeWindow });
    const before = await ff.command<string[]>('WebDriver:GetWindowHandles');
    await ff.execute(`
      window.gsGrant = 'pending';
      browser.runtime.sendMessage({ gs: 'request', name: 'requestSiteAccess', input: { origins: ['https://chat.example.org/*'] } })
        .then((reply) => { window.gsGrant = JSON.stringify(reply); }, (error) => { window.gsGrant = 'error ' + error; });
      return null;`);
    const grantWindow = await waitFor(async () => (await ff.command<string[]>('WebDriver:GetWindowHandles')).find((handle) => !before.includes(handle)), 'the grant page', ATTEMPTS);
    await ff.command('WebDriver:SwitchToWindow', { handle: grantWindow });
    const allow = await waitFor(() => ff.find('[data-testid="gs-grant-allow"]'), 'the Allow button', ATTEMPTS);
    expect(await ff.execute<string>(`return document.querySelector('[data-testid="gs-grant"] code').textContent`)).toBe('https://chat.example.org/*');
    await ff.click(allow);
    // Granted: the background answers true and closes the grant page.
    await waitFor(async () => !(await ff.command<string[]>('WebDriver:GetWindowHandles')).includes(grantWindow), 'the grant page to close', ATTEMPTS);
    await ff.command('WebDriver:SwitchToWindow', { handle: storeWindow });
    expect(await waitFor(async () => {
      const answer = await ff.execute<string>('return window.gsGrant');
      return answer === 'pending' ? null : answer;
    }, 'the answer', ATTEMPTS)).toBe('{"ok":true,"data":true}');
    expect(await ff.execute<boolean>(`return browser.permissions.contains({ origins: ['https://chat.example.org/*'] })`)).toBe(true);
  });

  it('an open sidebar follows a language change made elsewhere (it hears settings notices over its port)', async () => {
    expect(await inSidebar<string>(`return document.querySelector('[data-testid="gs-tab-member"]').textContent`)).toBe('Member');
    await ff.command('WebDriver:SwitchToWindow', { handle: storeWindow });
    await ff.execute(`return browser.runtime.sendMessage({ gs: 'request', name: 'updateSettings', input: { language: 'zh_CN' } })`);
    await waitFor(
      async () => (await inSidebar<string | null>(`return document.querySelector('[data-testid="gs-tab-member"]')?.textContent ?? null`)) === '成员',
      'the sidebar in Chinese',
      ATTEMPTS,
    );
  });
});
