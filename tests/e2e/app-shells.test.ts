import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionId, launchWithExtension, makeProfileDir, removeProfileDir, sidebarFrame } from './harness';

/**
 * Unknown chat pages read through a site profile, built as app shells the page's margin does not
 * narrow: fixed with `inset: 0`, a static box `100vw` wide, a fixed box holding an absolute one,
 * and a fixed box anchored to the right. With the sidebar open, each page's member list and send
 * button must lie wholly left of the sidebar, and closing the sidebar gives the page its own
 * layout back (lib/content/viewport-shells.ts).
 */

const VIEWPORT_WIDTH = 1400;
const VIEWPORT_HEIGHT = 900;

/** The same chat inside each kind of shell; `shell` styles the outermost box. */
const SHELLS: Record<string, { outer: string; inner?: string }> = {
  inset: { outer: 'position: fixed; inset: 0;' },
  vw: { outer: 'width: 100vw; height: 100vh;' },
  nested: { outer: 'position: fixed; top: 0; left: 0; width: 100%; height: 100%;', inner: 'position: absolute; inset: 0;' },
  'right-anchored': { outer: 'position: fixed; top: 0; bottom: 0; right: 0; width: 100%;' },
};

function chatPage(kind: string): string {
  const shell = SHELLS[kind];
  if (!shell) throw new Error(`no shell called ${kind}`);
  const grid = 'display: grid; grid-template-columns: 200px minmax(0, 1fr) 220px; grid-template-rows: minmax(0, 1fr) auto; height: 100%;';
  const rows = ['Lena', '陈小明', 'Omar']
    .map((name, i) => `<li class="entry" data-key="m${i}"><b class="who" data-uid="u${i}">${name}</b><p class="said">hello ${i} 你好</p></li>`)
    .join('');
  const chat = `
      <nav class="rooms" style="background:#2e3440;color:#fff">rooms</nav>
      <ol id="timeline" style="margin:0;overflow:auto">${rows}</ol>
      <aside class="members" style="background:#eef">Lena<br>陈小明<br>Omar</aside>
      <form class="compose" style="grid-column: 2 / 4; display: flex; gap: 8px; padding: 8px" onsubmit="return false">
        <textarea style="flex:1"></textarea><button class="send" type="submit">Send</button>
      </form>`;
  const body = shell.inner
    ? `<div class="shell" style="${shell.outer}"><div class="inner" style="${shell.inner}"><div style="${grid}">${chat}</div></div></div>`
    : `<div class="shell" style="${shell.outer} ${grid}">${chat}</div>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shell chat ${kind}</title></head><body style="margin:0">${body}</body></html>`;
}

const PROFILE = {
  id: 'shell-chat',
  name: 'Shell chat',
  matches: ['http://127.0.0.1/*'],
  selectors: {
    container: '#timeline',
    row: 'li.entry',
    id: { attribute: 'data-key' },
    author: { selector: 'b.who', keyAttribute: 'data-uid' },
    text: 'p.said',
    composer: 'textarea',
  },
};

describe('unknown chats built as app shells stay wholly visible beside the open sidebar', () => {
  let server: Server;
  let base: string;
  let profile: string;
  let context: BrowserContext;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const kind = (request.url ?? '/').slice(1);
      if (!(kind in SHELLS)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(chatPage(kind));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
    const reply = await options.evaluate(
      (site) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: string }> } } }).chrome.runtime.sendMessage({
          gs: 'request',
          name: 'saveSiteProfile',
          input: { profile: site },
        }),
      PROFILE,
    );
    if (!reply.ok) throw new Error(reply.error);
    await options.close();
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) await removeProfileDir(profile);
  });

  /** Whole pixels of a box in the page. */
  const box = async (page: Page, selector: string) => {
    const found = await page.locator(selector).boundingBox();
    if (!found) throw new Error(`${selector} is not laid out`);
    return { left: Math.round(found.x), right: Math.round(found.x + found.width), width: Math.round(found.width) };
  };
  const sidebarLeft = async (sidebar: Frame) => {
    const frame = await (await sidebar.frameElement()).boundingBox();
    if (!frame) throw new Error('the sidebar frame is not shown');
    return Math.round(frame.x);
  };
  const clearOf = async (page: Page, sidebar: Frame, selector: string) => {
    const edge = await sidebarLeft(sidebar);
    const { left, right, width } = await box(page, selector);
    return left >= 0 && width > 0 && right <= edge;
  };

  for (const kind of Object.keys(SHELLS)) {
    it(`${kind}: the member list and send button lie left of the open sidebar; closing it restores the page`, async () => {
      const page = await context.newPage();
      await page.goto(`${base}/${kind}`);
      const sidebar = await sidebarFrame(page);
      // Read through the profile: the sidebar names the chat's adapter.
      await expect.poll(() => sidebar.locator('[data-testid="gs-sidebar"]').innerText()).toContain('Shell chat');
      expect(await sidebarLeft(sidebar)).toBe(VIEWPORT_WIDTH - 360);
      await expect.poll(() => clearOf(page, sidebar, '.members')).toBe(true);
      await expect.poll(() => clearOf(page, sidebar, '.send')).toBe(true);
      // The chat column keeps its place: nothing moved off the left edge.
      expect((await box(page, '.rooms')).left).toBe(0);
      await page.locator('.send').click({ trial: true });
      // Nothing of ours on the page's own elements: the rules live in the room style.
      expect(await page.evaluate(() => document.querySelectorAll('[style*="max-width"]').length)).toBe(0);

      // Closed by a person, from the sidebar's header (the page's toggle is hidden while it is open).
      await sidebar.locator('[data-testid="gs-sidebar-close"]').click();
      await expect.poll(async () => (await box(page, '.members')).right).toBe(VIEWPORT_WIDTH);
      expect(await page.evaluate(() => [...document.querySelectorAll('style')].some((style) => style.textContent?.includes('max-width')))).toBe(false);
      // Open again with the toggle at the page's edge, 96 px up (the open state is remembered
      // for the next page), and clear again.
      await page.mouse.click(VIEWPORT_WIDTH - 16, VIEWPORT_HEIGHT - 96 - 20);
      await expect.poll(() => sidebarLeft(sidebar)).toBe(VIEWPORT_WIDTH - 360);
      await expect.poll(() => clearOf(page, sidebar, '.members')).toBe(true);
      await page.close();
    });
  }
});
