import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX, type LaunchedFirefox, launchFirefox, type Marionette } from './firefox/marionette';
import { waitFor } from './harness';

// Setup in Firefox: the picker, the derivation and the review are loaded into the content
// script on first use (setup.js, dynamic import). On an unseen chat page (WeCom-like), the
// sidebar's start button must bring the picker, and clicks on the page must move the steps.

const EXTENSION = resolve('.output/firefox-mv2');
const SIDEBAR = '/sidebar.html';
/** Firefox under a busy two-core machine: poll up to a minute (a bound on waiting, not on speed). */
const ATTEMPTS = 600;

describe.skipIf(!FIREFOX)('Firefox ESR: setup of an unseen chat loads on first use and takes clicks', () => {
  let server: http.Server;
  let url: string;
  let firefox: LaunchedFirefox;
  let ff: Marionette;
  let chatWindow: string;

  const inSidebar = async <T>(body: string): Promise<T> => {
    await ff.command('WebDriver:SwitchToWindow', { handle: chatWindow });
    if (!(await ff.switchToFrameAt(SIDEBAR))) throw new Error('no sidebar frame in the chat tab');
    return ff.execute<T>(body);
  };
  const step = () => inSidebar<string | null>(`return document.querySelector('[data-testid="gs-setup-step"]')?.getAttribute('data-step') ?? null`);
  const clickIn = async (where: 'sidebar' | 'page', css: string) => {
    const element = await waitFor(async () => {
      if (where === 'sidebar') {
        // The sidebar frame appears once the content script has run: until then, keep waiting.
        await ff.command('WebDriver:SwitchToWindow', { handle: chatWindow });
        if (!(await ff.switchToFrameAt(SIDEBAR))) return null;
      } else {
        await ff.command('WebDriver:SwitchToWindow', { handle: chatWindow });
        await ff.toTop();
      }
      return ff.find(css);
    }, `${css} in the ${where}`, ATTEMPTS);
    await ff.click(element);
  };

  beforeAll(async () => {
    if (!existsSync(resolve(EXTENSION, 'manifest.json'))) throw new Error('build the Firefox extension first: npx wxt build -b firefox');
    const html = readFileSync(resolve('tests/fixtures/chats/wecom-like.html'));
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    firefox = await launchFirefox(FIREFOX as string);
    ff = firefox.marionette;
    await ff.command('Addon:Install', { path: EXTENSION, temporary: true });
    chatWindow = (await ff.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
    await ff.command('WebDriver:Navigate', { url });
  });

  afterAll(async () => {
    await firefox?.close();
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  it('starts setup from the sidebar and moves from row to author to text on page clicks', async () => {
    await clickIn('sidebar', '[data-testid="gs-setup-start"]');
    await waitFor(async () => ((await step()) === 'row' ? true : null), 'the row step', ATTEMPTS);
    await clickIn('page', '[data-msg-id="7189220031004"] .msg-text');
    await waitFor(async () => ((await step()) === 'author' ? true : null), 'the author step', ATTEMPTS);
    await clickIn('page', '[data-msg-id="7189220031004"] .sender-name');
    await waitFor(async () => ((await step()) === 'text' ? true : null), 'the text step', ATTEMPTS);
    expect(await inSidebar<string | null>(`return document.querySelector('[data-testid="gs-setup-hint"]')?.getAttribute('data-hint') ?? null`)).toBeNull();
  });
});
