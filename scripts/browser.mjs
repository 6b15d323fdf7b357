// How every script and test starts Debian's Chromium, in one place. Only Node built-ins
// and no playwright import: the demo loads this before node_modules may exist.

/**
 * Flags for Chromium on these machines: root needs --no-sandbox; there is no GPU; and
 * without the networking flags Chromium keeps calling Google's hosts, which the closed
 * network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The flags that load one unpacked extension (and no other). */
export function extensionArgs(extensionDir) {
  return [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
}

/**
 * The sidebar frame the content script put into `page`. Found by URL: the frame sits in a
 * shadow root created from the content script's isolated world, which Playwright's
 * selectors do not enter.
 */
export async function findSidebarFrame(page, attempts = 300) {
  for (let i = 0; i < attempts; i++) {
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
    if (frame) {
      await frame.locator('[data-testid="gs-sidebar"]').waitFor();
      return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the sidebar frame did not appear: is the extension built and loaded?');
}
