/** The content script's half of the sidebar channel hand-over (see sidebar-channel.ts); no zod, it runs in every chat tab. */

export const CHANNEL_MESSAGE = 'gs-sidebar-channel';

/**
 * The origin our sidebar document really has. Chrome with `use_dynamic_url` gives the
 * content script a per-session URL (chrome-extension://<session uuid>/sidebar.html), but
 * the document loaded from it has the extension's own origin, chrome-extension://<id>.
 * Firefox's moz-extension://<uuid> URL is the origin itself. Built by hand because
 * URL.origin is "null" for non-special schemes in some engines.
 */
export function sidebarOrigin(sidebarSrc: string, runtimeId: string): string {
  const url = new URL(sidebarSrc);
  return url.protocol === 'chrome-extension:' ? `chrome-extension://${runtimeId}` : `${url.protocol}//${url.host}`;
}

/** Content script side: post the channel to our extension page in `frameWindow`, to nobody else. */
export function handOverChannel(frameWindow: Pick<Window, 'postMessage'>, origin: string, channel: string): void {
  frameWindow.postMessage({ gs: CHANNEL_MESSAGE, channel }, origin);
}

