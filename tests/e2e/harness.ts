import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Frame, type Page, type Worker } from 'playwright-core';
import { CHROMIUM_ARGS, extensionArgs, findSidebarFrame } from '../../scripts/browser.mjs';

/** GS_EXTENSION_DIR lets a run test a build kept apart from .output (parallel work on one tree). */
export const EXTENSION_DIR = process.env.GS_EXTENSION_DIR || resolve('.output/chrome-mv3');
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export { CHROMIUM_ARGS };

export async function makeProfileDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gs-profile-'));
}

export async function removeProfileDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Chromium with the built extension, in new headless mode (MV3 runs there). */
export async function launchWithExtension(profileDir: string, extensionDir = EXTENSION_DIR): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [...CHROMIUM_ARGS, ...extensionArgs(extensionDir)],
  });
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

export async function extensionId(context: BrowserContext): Promise<string> {
  const url = (await serviceWorker(context)).url();
  const id = new URL(url).host;
  if (!id) throw new Error(`cannot read the extension id from ${url}`);
  return id;
}

/** The sidebar frame the content script put into `page`. */
export function sidebarFrame(page: Page): Promise<Frame> {
  return findSidebarFrame(page);
}

/** Every record of one object store of the extension's IndexedDB, read in its worker. */
export async function readStore<T = Record<string, unknown>>(context: BrowserContext, storeName: string): Promise<T[]> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const request = indexedDB.open('groupsteward');
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    try {
      return await new Promise<unknown[]>((ok, fail) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
    } finally {
      db.close();
    }
  }, storeName) as Promise<T[]>;
}

/** Polls `probe` until it returns a truthy value; Playwright-style waiting for non-DOM state. */
export async function waitFor<T>(probe: () => Promise<T>, what: string, attempts = 200, intervalMs = 100): Promise<NonNullable<T>> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`gave up waiting for ${what} (last value: ${JSON.stringify(last)?.slice(0, 200)})`);
}

/** A message record as the extension stores it (lib/model/message.ts), as tests read it back. */
export interface StoredMessage {
  id: string;
  externalId: string;
  groupId: string;
  memberId: string;
  authorName: string;
  kind: string;
  role: string;
  text: string;
  ts: number;
}

/**
 * Sends a page command (lib/messaging/page-protocol.ts) from the extension's worker to the first
 * tab whose address matches `urlPattern`, as the sidebar does, and returns the reply.
 */
export async function sendPageCommand(context: BrowserContext, urlPattern: string, command: unknown): Promise<unknown> {
  const sw = await serviceWorker(context);
  return sw.evaluate(
    async ([pattern, message]) => {
      const { tabs } = (
        globalThis as unknown as {
          chrome: { tabs: { query(filter: { url: string }): Promise<Array<{ id?: number }>>; sendMessage(tabId: number, message: unknown): Promise<unknown> } };
        }
      ).chrome;
      const [tab] = await tabs.query({ url: pattern as string });
      if (!tab?.id) throw new Error(`no tab at ${pattern}`);
      return tabs.sendMessage(tab.id, message);
    },
    [urlPattern, command] as const,
  );
}
