export interface ContentLifetimeDeps {
  /** `browser.runtime.id` read afresh: undefined once the extension is reloaded, updated or removed. */
  runtimeId: () => string | undefined;
  /** The page address read afresh, for SPA navigation. */
  href: () => string;
  onLocationChange: () => void;
  setInterval: (callback: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
  /** How often the extension context and the address are checked. */
  intervalMs?: number;
}

/**
 * How long this content script lives: exactly as long as the extension context it belongs
 * to. WXT's own context also stops when the page dispatches its "content-script-started"
 * DOM event, which any page script can do (issue #11, finding 7); nothing a page can
 * dispatch reaches this one. An orphaned copy (the extension was updated or reloaded) sees
 * its runtime id vanish and stops; the new copy has a world of its own.
 */
export function createContentLifetime(deps: ContentLifetimeDeps) {
  const controller = new AbortController();
  let lastHref = deps.href();
  const check = () => {
    if (controller.signal.aborted) return;
    if (!deps.runtimeId()) {
      controller.abort('the extension context is gone');
      return;
    }
    const href = deps.href();
    if (href !== lastHref) {
      lastHref = href;
      deps.onLocationChange();
    }
  };
  const handle = deps.setInterval(check, deps.intervalMs ?? 1_000);
  controller.signal.addEventListener('abort', () => deps.clearInterval(handle), { once: true });
  return {
    signal: controller.signal,
    /** Checks now; callers run it when a runtime call fails, which is how a dead context shows first. */
    check,
    get alive() {
      return !controller.signal.aborted;
    },
  };
}
