import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { startStreamChat, type StreamChat } from '../../scripts/stream-chat.mjs';
import { EXTENSION_DIR, extensionId, launchWithExtension, makeProfileDir, removeProfileDir, serviceWorker, sidebarFrame } from './harness';

type StreamWindow = { stream(o: unknown): Promise<number>; streamState: { appended: number } };

/** Messages stored, counted in the extension's (current) worker. */
async function storedIds(context: BrowserContext): Promise<string[]> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const request = indexedDB.open('groupsteward');
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    try {
      return await new Promise<string[]>((ok, fail) => {
        const request = db.transaction('messages').objectStore('messages').getAll();
        request.onsuccess = () => ok((request.result as Array<{ externalId: string }>).map((m) => m.externalId));
        request.onerror = () => fail(request.error);
      });
    } finally {
      db.close();
    }
  });
}

/** The sidebar frames in the page; a new content script's frame is a new Frame object. */
const sidebarFrames = (page: Page) => page.frames().filter((f) => f.url().includes('/sidebar.html') && !f.isDetached());

describe('extension update with a chat tab open', () => {
  let chat: StreamChat;
  let profile: string;
  let extensionCopy: string;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  /** Uncaught errors in any of the tab's worlds, the content scripts' isolated worlds included. */
  let scriptErrors: string[] = [];

  // A fresh browser, chat and extension copy for each test.
  beforeEach(async () => {
    pageErrors = [];
    scriptErrors = [];
    chat = await startStreamChat();
    profile = await makeProfileDir();
    // A copy the test can change on disk, as an update does.
    extensionCopy = await mkdtemp(join(tmpdir(), 'gs-update-'));
    await cp(EXTENSION_DIR, extensionCopy, { recursive: true });
    // The flag opens DevTools' Extensions domain, which installs the update below.
    context = await launchWithExtension(profile, extensionCopy, ['--enable-unsafe-extension-debugging']);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${error.stack ?? ''}`));
    const pageSession = await context.newCDPSession(page);
    pageSession.on('Runtime.exceptionThrown', ({ exceptionDetails }) => scriptErrors.push(exceptionDetails.exception?.description ?? exceptionDetails.text));
    await pageSession.send('Runtime.enable');
    await page.goto(chat.url);
    await sidebarFrame(page);
  });

  afterEach(async () => {
    await context?.close();
    await chat?.close();
    await removeProfileDir(profile);
    await rm(extensionCopy, { recursive: true, force: true });
  });

  it('the old content script stops, the new one takes over, and every message is stored once', async () => {
    onTestFailed(reportWhatTheBrowserShowed);
    const { id, before, baseTs, streaming } = await startFirstStream();

    // The update, in the middle of the stream: a new version on disk, installed over the
    // running one the way Chrome installs an update (the install path: the old version is
    // unloaded, the new one added, onInstalled fires with reason "update" and starts the new
    // worker). Not chrome://extensions' reload: that path disables the extension first and
    // often leaves its new worker unregistered ("No SW" on every extension API call), which
    // no update does.
    const manifestPath = join(extensionCopy, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
    const newVersion = `${manifest.version}.1`;
    await writeFile(manifestPath, JSON.stringify({ ...manifest, version: newVersion }));
    const browser = context.browser();
    if (!browser) throw new Error('no browser behind the context');
    const browserSession = await browser.newBrowserCDPSession();
    const installed = await browserSession.send('Extensions.loadUnpacked', { path: extensionCopy });
    expect(installed.id).toBe(id);
    await streaming;

    // The new version's worker starts on its own and injects the new content script into
    // the tab whose copy it finds orphaned; the old copy removes its sidebar.
    await expect.poll(() => sidebarFrames(page).filter((f) => f !== before[0]).length).toBe(1);
    await expect.poll(() => sidebarFrames(page).length).toBe(1);
    await expect.poll(() => page.locator('groupsteward-sidebar').count()).toBe(1);
    const runningVersion = async () =>
      (await serviceWorker(context)).evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { version: string } } } }).chrome.runtime.getManifest().version);
    await expect.poll(runningVersion).toBe(newVersion);
    await page.evaluate((o) => (window as unknown as StreamWindow).stream(o), { first: 1_001, count: 1_000, perFrame: 20, baseTs });

    await expectEveryMessageStoredOnce();
  });

  it('after the extension is switched off and on, a new content script reads the tab again and every message is stored once', async () => {
    onTestFailed(reportWhatTheBrowserShowed);
    const { id, before, baseTs, streaming } = await startFirstStream();

    // The switch at chrome://extensions. An unpacked extension runs only in developer mode
    // (without it Chromium keeps it off as an unsupported developer extension), so it is on,
    // as it is for anyone running an unpacked copy.
    const extensions = await context.newPage();
    await extensions.goto('chrome://extensions/');
    type ExtensionsApi = {
      developerPrivate: { updateProfileConfiguration(o: { inDeveloperMode: boolean }, done: () => void): void };
      management: { setEnabled(id: string, on: boolean, done: () => void): void };
    };
    await extensions.evaluate(() => new Promise<void>((done) => (globalThis as unknown as { chrome: ExtensionsApi }).chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, done)));
    const setEnabled = (on: boolean) =>
      extensions.evaluate(([extension, value]) => new Promise<void>((done) => (globalThis as unknown as { chrome: ExtensionsApi }).chrome.management.setEnabled(extension, value, done)), [id, on] as const);
    await setEnabled(false);
    // Switched off, the old copy stops and takes its sidebar away.
    await expect.poll(() => page.locator('groupsteward-sidebar').count()).toBe(0);
    await setEnabled(true);
    await streaming;

    await expect.poll(() => sidebarFrames(page).filter((f) => f !== before[0]).length).toBe(1);
    await expect.poll(() => page.locator('groupsteward-sidebar').count()).toBe(1);
    await extensions.close();
    await page.bringToFront();
    await page.evaluate((o) => (window as unknown as StreamWindow).stream(o), { first: 1_001, count: 1_000, perFrame: 20, baseTs });
    await expectEveryMessageStoredOnce();
  });

  /** One sidebar in the tab, then messages 1–1,000 streaming; resolves once 300 are on the page (the change comes mid-stream). */
  async function startFirstStream() {
    const id = await extensionId(context);
    const before = sidebarFrames(page);
    expect(before).toHaveLength(1);
    const baseTs = Date.now() - 3_600_000;
    const streaming = page.evaluate((o) => (window as unknown as StreamWindow).stream(o), { first: 1, count: 1_000, perFrame: 20, baseTs });
    await page.waitForFunction(() => (window as unknown as StreamWindow).streamState.appended >= 300);
    return { id, before, baseTs, streaming };
  }

  function reportWhatTheBrowserShowed() {
    console.log('update.test failed; the browser showed:', JSON.stringify({ workers: context.serviceWorkers().map((w) => w.url()), frames: page.frames().map((f) => f.url()), pageErrors, scriptErrors }));
  }

  /** Messages 1–2,000 each stored once, one sidebar in the tab, and no error in any of its worlds. */
  async function expectEveryMessageStoredOnce() {
    const expected = Array.from({ length: 2_000 }, (_, i) => `s-${String(i + 1).padStart(7, '0')}`);
    await expect.poll(async () => (await storedIds(context)).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(2_000);
    const ids = await storedIds(context);
    expect(ids).toHaveLength(2_000);
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(sidebarFrames(page)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    expect(scriptErrors).toEqual([]);
  }
});
