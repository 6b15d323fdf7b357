import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamChat, type StreamChat } from '../../scripts/stream-chat.mjs';
import { extensionId, launchWithExtension, makeProfileDir, removeProfileDir, sidebarFrame } from './harness';

/**
 * The page is narrowed for the open sidebar before it is first laid out (room.content.ts at
 * document_start), so a chat holding thousands of rows is not laid out twice. The server holds
 * the page's body back until the test lets it go: what is on the page meanwhile can only have
 * come from the document_start script (the chat content script waits for the whole document).
 */

/** Every style in the page's own DOM that narrows it for the sidebar, as the page sees it. */
const marginStyles = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('style')].filter((s) => s.textContent?.includes('margin-right')).map((s) => s.textContent?.trim()));

/** Watches, from before any page script runs, for the margin being added: was a row there yet? */
const RECORD_MARGINS = () => {
  const log: { rowsThen: number; loading: boolean }[] = [];
  (window as unknown as { marginLog: typeof log }).marginLog = log;
  new MutationObserver((records) => {
    for (const r of records)
      for (const node of r.addedNodes)
        if (node instanceof HTMLStyleElement && node.textContent?.includes('margin-right'))
          log.push({ rowsThen: document.querySelectorAll('.message-canvas > .row').length, loading: document.readyState === 'loading' });
  }).observe(document, { childList: true, subtree: true });
};

describe('room for the sidebar before the first layout', () => {
  let chat: StreamChat;
  let release: () => void = () => {};
  let profile: string;
  let context: BrowserContext;
  let extensionPage: Page;

  beforeAll(async () => {
    chat = await startStreamChat({ holdBody: () => new Promise<void>((r) => (release = r)) });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${await extensionId(context)}/popup.html`);
  });
  afterAll(async () => {
    await context?.close();
    await removeProfileDir(profile);
    await chat?.close();
  });

  /** Opens the held page and waits for it to commit; its body comes with release(). */
  async function openHeld() {
    const page = await context.newPage();
    await page.addInitScript(RECORD_MARGINS);
    await page.goto(`${chat.url}?hold&prefill=2000`, { waitUntil: 'commit' });
    return page;
  }

  it('narrows the page at the remembered width while its body is still on the way, and the sidebar adopts that margin', async () => {
    // A first chat page: the sidebar opens at the default width, and its width is then set
    // elsewhere (as the options or another tab would): the page follows and remembers it.
    const first = await context.newPage();
    await first.goto(chat.url);
    await sidebarFrame(first);
    await expect.poll(() => marginStyles(first)).toEqual(['html { margin-right: 360px !important; }']);
    await extensionPage.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ gs: 'request', name: 'setSidebarState', input: { width: 500 } }),
    );
    await expect.poll(() => marginStyles(first)).toEqual(['html { margin-right: 500px !important; }']);
    await first.close();

    const page = await openHeld();
    await page.waitForFunction(() => [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('margin-right: 500px')));
    expect(await page.evaluate(() => (window as unknown as { marginLog: unknown[] }).marginLog)).toEqual([{ rowsThen: 0, loading: true }]);
    release();
    const sidebar = await sidebarFrame(page);
    await page.waitForFunction(() => document.querySelectorAll('.message-canvas > .row').length === 2000);
    // One margin, the one put in place early: the sidebar took it over instead of adding its own.
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('500px');
    expect(await marginStyles(page)).toEqual(['html { margin-right: 500px !important; }']);
    expect(await page.evaluate(() => (window as unknown as { marginLog: unknown[] }).marginLog)).toHaveLength(1);
    const width = () => page.locator('groupsteward-sidebar').evaluate((host) => (host as HTMLElement).style.getPropertyValue('--gs-width'));
    expect(await width()).toBe('500px');

    // Closed by a person, from the sidebar's header: the next page is not narrowed at all.
    await sidebar.locator('[data-testid="gs-sidebar-close"]').click();
    await expect.poll(() => marginStyles(page)).toEqual([]);
    await page.close();
    const closed = await openHeld();
    release();
    // The frame is there, hidden (a closed sidebar).
    await expect.poll(() => closed.frames().some((f) => f.url().includes('/sidebar.html'))).toBe(true);
    await closed.waitForFunction(() => document.querySelectorAll('.message-canvas > .row').length === 2000);
    await expect.poll(() => closed.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('0px');
    expect(await closed.evaluate(() => (window as unknown as { marginLog: unknown[] }).marginLog)).toEqual([]);
    await closed.close();
  });
});
