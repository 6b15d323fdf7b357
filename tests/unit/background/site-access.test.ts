import { createSiteAccess } from '../../../lib/background/site-access';
import { grantOriginsFrom, grantPagePath } from '../../../lib/setup/grant-page';

/** A browser with a set of granted origins, tabs that open and close, and a log of what happened. */
function fakeBrowser(granted: string[] = []) {
  const have = new Set(granted);
  const log: string[] = [];
  let nextTab = 100;
  const access = createSiteAccess({
    contains: async (origins) => origins.every((o) => have.has(o)),
    openGrantPage: async (origins) => {
      log.push(`open ${grantPagePath(origins)}`);
      return nextTab++;
    },
    closeTab: async (tabId) => void log.push(`close ${tabId}`),
    focusTab: async (tabId) => void log.push(`focus ${tabId}`),
  });
  return { access, log, grant: (...origins: string[]) => { for (const o of origins) have.add(o); } };
}

const SITE = ['https://chat.example.com/*'];

describe('createSiteAccess: a grant page for a sidebar that cannot ask', () => {
  it('answers at once, with no page, when the sites are already granted', async () => {
    const browser = fakeBrowser(SITE);
    await expect(browser.access.request(SITE, 7)).resolves.toBe(true);
    expect(browser.log).toEqual([]);
  });

  it('opens one grant page, answers true once the grant is seen, closes the page and returns to the chat tab', async () => {
    const browser = fakeBrowser();
    const answer = browser.access.request(SITE, 7);
    await vi.waitFor(() => expect(browser.log).toHaveLength(1));
    // A grant of some other site settles nothing.
    browser.grant('https://other.example/*');
    await browser.access.onPermissionsAdded();
    browser.grant(...SITE);
    await browser.access.onPermissionsAdded();
    await expect(answer).resolves.toBe(true);
    expect(browser.log).toEqual([`open ${grantPagePath(SITE)}`, 'close 100', 'focus 7']);
  });

  it('answers false when the grant page is closed without the grant, and a second Save click waits on the same page', async () => {
    const browser = fakeBrowser();
    const first = browser.access.request(SITE, 7);
    const second = browser.access.request(SITE, 7);
    await vi.waitFor(() => expect(browser.log).toHaveLength(1));
    await browser.access.onTabRemoved(55); // some other tab
    await browser.access.onTabRemoved(100);
    await expect(first).resolves.toBe(false);
    await expect(second).resolves.toBe(false);
    expect(browser.log).toEqual([`open ${grantPagePath(SITE)}`]);
    // Asking again opens a new page.
    void browser.access.request(SITE, 7);
    await vi.waitFor(() => expect(browser.log).toHaveLength(2));
  });

  it('a page closed after the grant still answers true', async () => {
    const browser = fakeBrowser();
    const answer = browser.access.request(SITE);
    await vi.waitFor(() => expect(browser.log).toHaveLength(1));
    browser.grant(...SITE);
    await browser.access.onTabRemoved(100);
    await expect(answer).resolves.toBe(true);
  });
});

describe('grant page address', () => {
  it('carries the match patterns there and back', () => {
    const path = grantPagePath(['https://chat.example.com/*', 'http://10.0.0.5:8080/*']);
    expect(path.startsWith('/options.html?grant=')).toBe(true);
    expect(grantOriginsFrom(path.slice(path.indexOf('?')))).toEqual(['https://chat.example.com/*', 'http://10.0.0.5:8080/*']);
  });

  it.each([
    ['', 'no parameter'],
    ['?grant=', 'empty'],
    ['?grant=%5B%5D', 'an empty list'],
    ['?grant=not-json', 'not JSON'],
    [`?grant=${encodeURIComponent(JSON.stringify(['<all_urls>']))}`, 'not a site pattern'],
    [`?grant=${encodeURIComponent(JSON.stringify(['file:///etc/*']))}`, 'a file pattern'],
    [`?grant=${encodeURIComponent(JSON.stringify({ origins: ['https://a.example/*'] }))}`, 'not a list'],
  ])('refuses %s (%s)', (search) => {
    expect(grantOriginsFrom(search)).toBeNull();
  });
});
