/**
 * "Set up this chat" from the toolbar popup, on a site nothing reads yet.
 *
 * The content script runs by itself only on loopback chats and on sites with a saved
 * profile. Anywhere else, opening the popup grants `activeTab` for the tab: the popup injects
 * the content script there (as the background does after an update), which opens the sidebar,
 * and starts the picker, so the staff member's next click is already on a message. Saving
 * the profile then asks the browser for the site for good.
 */

/** Pages an extension may never script: browser pages, extension pages, the web stores. */
const STORE_HOSTS = new Set(['chromewebstore.google.com', 'chrome.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com']);

export function canSetUpHere(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !STORE_HOSTS.has(parsed.hostname);
  } catch {
    return false;
  }
}

export interface SetUpHereDeps {
  inject(tabId: number): Promise<unknown>;
  /** Whether the tab's content script answers (it is there and started). */
  answers(tabId: number): Promise<boolean>;
  startSetup(tabId: number): Promise<unknown>;
  wait(ms: number): Promise<void>;
}

/**
 * Injects the content script, waits for it to answer (up to `attempts` tries: a slow page
 * may still be running its own start-up), then starts the picker. 'no-answer' when the
 * content script never answered (the page forbids scripts, or was closed).
 */
export async function setUpHere(tabId: number, deps: SetUpHereDeps, attempts = 20): Promise<'started' | 'no-answer'> {
  await deps.inject(tabId);
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await deps.answers(tabId)) {
      await deps.startSetup(tabId);
      return 'started';
    }
    await deps.wait(100);
  }
  return 'no-answer';
}
