/** The content script's half of the sidebar channel (see sidebar-channel.ts); no zod, it runs in every chat tab. */

import type { EventEnvelope } from './page-commands';

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

type Port = Pick<MessagePort, 'postMessage' | 'close'>;
type FrameWindow = { postMessage(message: unknown, targetOrigin: string, transfer: Transferable[]): void };

export interface SidebarLink {
  /** The frame loaded (again): post it the channel and a fresh port, addressed to our origin only. */
  handOver(frameWindow: FrameWindow): void;
  /** An event for the sidebar, on the port of its latest load; dropped while no frame has loaded. */
  send(message: EventEnvelope): void;
  close(): void;
}

/**
 * Content script side. Events go to the sidebar over a MessagePort handed to the frame with
 * the channel, not over `runtime.sendMessage`: Firefox does not deliver runtime messages to
 * a moz-extension frame inside a web page (it only gets what is sent to the tab), and a
 * broadcast reached every extension page of every tab. The sidebar trusts the port only
 * after this content script confirms the channel through `tabs.sendMessage`, which a page
 * cannot answer (sidebar-channel.ts).
 */
export function createSidebarLink(options: { channel: string; origin: string; createPipe?: () => { port1: Port; port2: Transferable } }): SidebarLink {
  const createPipe = options.createPipe ?? (() => new MessageChannel());
  let port: Port | null = null;
  return {
    handOver(frameWindow) {
      port?.close();
      const pipe = createPipe();
      port = pipe.port1;
      frameWindow.postMessage({ gs: CHANNEL_MESSAGE, channel: options.channel }, options.origin, [pipe.port2]);
    },
    send(message) {
      port?.postMessage(message);
    },
    close() {
      port?.close();
      port = null;
    },
  };
}
