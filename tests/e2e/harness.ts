import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Frame, type Page, type Worker } from 'playwright-core';
import { type DemoServer, type DemoServerOptions, startDemoServer } from '../../demo/server.mjs';
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

/** Chromium with the built extension, in new headless mode (MV3 runs there); `extraArgs` are added flags. */
export async function launchWithExtension(profileDir: string, extensionDir = EXTENSION_DIR, extraArgs: readonly string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [...CHROMIUM_ARGS, ...extensionArgs(extensionDir), ...extraArgs],
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

export interface DemoChat {
  server: DemoServer;
  context: BrowserContext;
  page: Page;
  sidebar: Frame;
  close(): Promise<void>;
}

/**
 * The bundled demo chat on a local server (no scripted stream unless asked), open in a fresh
 * profile with the built extension, once its sidebar is there: how most journeys start.
 */
export async function openDemoChat(options: DemoServerOptions = { interval: 0 }): Promise<DemoChat> {
  const server = await startDemoServer(options);
  const profile = await makeProfileDir();
  const context = await launchWithExtension(profile);
  const page = await context.newPage();
  await page.goto(server.url);
  const sidebar = await sidebarFrame(page);
  return {
    server,
    context,
    page,
    sidebar,
    async close() {
      await context.close();
      await server.close();
      await removeProfileDir(profile);
    },
  };
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
/**
 * The group tab's flagged item for a message of `category` whose text holds `evidence`, once
 * the sidebar lists it (one item per message).
 */
export async function flaggedItem(sidebar: Frame, category: string, evidence: string) {
  await sidebar.locator('[data-testid="gs-tab-group"]').click();
  const item = sidebar.locator(`[data-testid="gs-warning-item"][data-category~="${category}"]`, { hasText: evidence });
  return waitFor(async () => ((await item.count()) === 1 ? item : null), `one flagged ${category} item with "${evidence}"`);
}

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

/**
 * Runs `fn` on the closed shadow root of the first element matching `hostSelector`, the
 * way DevTools reaches it (the page's own scripts cannot: `host.shadowRoot` is null for
 * them). Null when there is no such host. For what the extension draws into the page's
 * DOM in closed roots, e.g. the `/` template picker.
 */
export async function inClosedRoot<T, A = undefined>(page: Page, hostSelector: string, fn: (root: ShadowRoot, arg: A) => T, arg?: A): Promise<T | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: hostSelector });
    if (!nodeId) return null;
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (!shadow) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function (arg) { return (${fn.toString()})(this, arg); }`,
      arguments: [{ value: arg ?? null }],
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`inClosedRoot: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The `/` picker's host in the page; its content is in a closed shadow root (read it with `slashPicker`). */
export const SLASH_PICKER = '[data-testid="gs-slash-picker"]';

/** What the open `/` picker shows: item names, the "answering" line, form fields; null when closed. */
export function slashPicker(page: Page) {
  return inClosedRoot(page, SLASH_PICKER, (root) => ({
    items: [...root.querySelectorAll('[data-testid="gs-slash-item"]')].map((item) => ({ name: item.querySelector('strong')?.textContent ?? '', text: item.textContent ?? '', selected: item.getAttribute('aria-selected') === 'true' })),
    member: root.querySelector('[data-testid="gs-slash-member"]')?.textContent ?? null,
    fields: [...root.querySelectorAll<HTMLInputElement>('[data-testid="gs-slash-field"]')].map((input) => ({ field: input.dataset.field ?? '', value: input.value })),
    preview: root.querySelector('[data-testid="gs-slash-form-preview"]')?.textContent ?? null,
  }));
}

/**
 * Clicks the extension's toolbar icon on the tab showing `urlPrefix`, as a user does, which
 * also grants activeTab there (DevTools' Extensions.triggerAction: Chromium must run with
 * --enable-unsafe-extension-debugging over a pipe, as Playwright launches it). Playwright does
 * not list the popup among its pages, so the popup is driven over its DevTools target.
 */
export async function openToolbarPopup(context: BrowserContext, urlPrefix: string): Promise<{ evaluate<T>(expression: string): Promise<T> }> {
  const browser = context.browser();
  if (!browser) throw new Error('no browser handle to send DevTools commands to');
  const cdp = await browser.newBrowserCDPSession();
  type Targets = { targetInfos: Array<{ targetId: string; url: string; type: string }> };
  const { targetInfos: tabs } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as Targets;
  const tab = tabs.find((target) => target.url.startsWith(urlPrefix));
  if (!tab) throw new Error(`no tab shows ${urlPrefix}`);
  await cdp.send('Extensions.triggerAction' as never, { id: await extensionId(context), targetId: tab.targetId } as never);
  const popup = await waitFor(
    async () => ((await cdp.send('Target.getTargets')) as Targets).targetInfos.find((target) => target.type === 'page' && target.url.endsWith('/popup.html')),
    'the toolbar popup',
  );
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false })) as { sessionId: string };
  const replies = new Map<number, (reply: { result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const reply = JSON.parse(event.message) as { id?: number };
    if (reply.id !== undefined) replies.get(reply.id)?.(reply as never);
  });
  let nextId = 0;
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const id = ++nextId;
      const reply = new Promise<Parameters<typeof replies extends Map<number, infer F> ? F : never>[0]>((resolve) => replies.set(id, resolve));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true, userGesture: true } }) });
      const { result } = await reply;
      if (result?.exceptionDetails) throw new Error(`in the popup: ${result.exceptionDetails.text}`);
      return result?.result?.value as T;
    },
  };
}
