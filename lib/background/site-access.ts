/**
 * Site access asked for on behalf of a sidebar that cannot ask itself.
 *
 * Saving a site profile needs the site's host permission, and only an extension page can
 * call `permissions.request`, from the staff member's click. Chrome's sidebar frame can.
 * Firefox gives a moz-extension frame inside a web page no `permissions` API at all, so there
 * the background opens the options page on a one-button grant panel; the staff member's click
 * there asks Firefox. The answer is true once every origin is granted (seen through
 * `permissions.onAdded`), false when the grant page is closed without it.
 */
export interface SiteAccessDeps {
  contains(origins: string[]): Promise<boolean>;
  /** Opens the grant page for these origins; resolves with its tab id. */
  openGrantPage(origins: string[]): Promise<number>;
  closeTab(tabId: number): Promise<void>;
  /** Brings the chat tab the request came from back to the front. */
  focusTab(tabId: number): Promise<void>;
}

interface Waiting {
  origins: string[];
  grantTabId: number;
  returnTo: number | undefined;
  resolve(granted: boolean): void;
}

export function createSiteAccess(deps: SiteAccessDeps) {
  const waiting = new Set<Waiting>();
  /** One grant page per set of origins: a second Save click waits on the page already open. */
  const pending = new Map<string, Promise<boolean>>();

  const settle = async (entry: Waiting, granted: boolean) => {
    if (!waiting.delete(entry)) return;
    entry.resolve(granted);
    if (granted) {
      await deps.closeTab(entry.grantTabId).catch(() => {});
      if (entry.returnTo !== undefined) await deps.focusTab(entry.returnTo).catch(() => {});
    }
  };

  return {
    async request(origins: string[], returnTo?: number): Promise<boolean> {
      if (await deps.contains(origins)) return true;
      const key = origins.join(' ');
      const open = pending.get(key);
      if (open) return open;
      const answer = deps
        .openGrantPage(origins)
        .then((grantTabId) => new Promise<boolean>((resolve) => waiting.add({ origins, grantTabId, returnTo, resolve })))
        .finally(() => pending.delete(key));
      pending.set(key, answer);
      return answer;
    },
    /** `permissions.onAdded`: settles every request whose origins are now all granted. */
    async onPermissionsAdded(): Promise<void> {
      for (const entry of [...waiting]) if (await deps.contains(entry.origins)) await settle(entry, true);
    },
    /** `tabs.onRemoved`: a grant page closed without the grant answers false. */
    async onTabRemoved(tabId: number): Promise<void> {
      for (const entry of [...waiting]) {
        if (entry.grantTabId === tabId) await settle(entry, await deps.contains(entry.origins).catch(() => false));
      }
    },
  };
}

export type SiteAccess = ReturnType<typeof createSiteAccess>;
