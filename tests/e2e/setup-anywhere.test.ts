import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MessengerServer, startMessengerServer } from '../fixtures/messenger/server.mjs';
import { launchWithExtension, makeProfileDir, openToolbarPopup, removeProfileDir, waitFor } from './harness';
import { kestrelParts, setUpByClicking } from './setup-steps';

/*
 * A web chat on a site the extension has no access to (not loopback, no profile): nothing
 * runs there until the staff member opens the toolbar popup, which grants activeTab for the
 * tab, and clicks "Set up this chat". The sidebar then appears with the picker started.
 *
 * "kestrel.test" resolves to the loopback test messenger through Chromium's host resolver
 * rules, so its origin is not one the manifest grants. The toolbar click is DevTools'
 * Extensions.triggerAction (it needs --enable-unsafe-extension-debugging and a pipe, which
 * Playwright uses). Saving stops short here: headless Chromium cannot answer the browser's
 * permission prompt; saving with the site granted is what setup.test.ts covers.
 */
describe('set up a chat on any site from the toolbar popup', () => {
  let server: MessengerServer;
  let dir: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startMessengerServer();
    dir = await makeProfileDir();
    context = await launchWithExtension(dir, undefined, ['--enable-unsafe-extension-debugging', '--host-resolver-rules=MAP kestrel.test 127.0.0.1']);
    page = await context.newPage();
    await page.goto(`http://kestrel.test:${new URL(server.url).port}/`);
    await page.locator('[role=row]').nth(6).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) await removeProfileDir(dir);
  });

  it('offers setup in the popup, injects the sidebar with the picker started, and previews the rows (on plain http too)', async () => {
    // Nothing reads the site: no sidebar, and the popup says so and offers setup.
    expect(page.frames().some((frame) => frame.url().endsWith('/sidebar.html'))).toBe(false);
    const popup = await openToolbarPopup(context, 'http://kestrel.test:');
    await waitFor(() => popup.evaluate<boolean>(`Boolean(document.querySelector('[data-testid="gs-popup-inactive"]'))`), 'the popup to say nothing reads the page');
    await popup.evaluate(`document.querySelector('[data-testid="gs-popup-setup"]').click()`);

    // The popup started the picker: the sidebar's own start click is not needed.
    const { sidebar } = await setUpByClicking(page, { ...kestrelParts(page), save: false }, { started: true });
    const preview = sidebar.locator('[data-testid="gs-setup-preview-row"]');
    await expect.poll(() => preview.count()).toBe(5);
    expect(await preview.first().textContent()).toContain('Ben Carter');
    // The profile would be for this site, which the extension does not hold yet.
    expect(server.sent).toEqual([]);
  });
});
