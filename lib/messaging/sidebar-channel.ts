import { CHANNEL_MESSAGE } from './channel-handover';
import { type AnyPageEvent, createEventListener } from './page-protocol';

export { createSidebarLink, sidebarOrigin } from './channel-handover';

/**
 * How a sidebar frame learns which tab's events are its own (issue #11, finding 3).
 *
 * The content script makes a random channel per page and posts it, with a MessagePort, into
 * the sidebar frame it created, addressed to the extension's origin, so only our page loaded
 * in that frame can receive it. The channel is never in the frame's URL or the page's DOM.
 * A web page can post fake channels and ports into the frame too (`window.frames` reaches it),
 * so a posted channel is only a candidate: the sidebar asks the content script of its own tab,
 * through `tabs.sendMessage` (which a page can neither send nor answer), whether the channel
 * is its own, and only then listens on the port that came with it. Until bound, the sidebar
 * does not start at all: a copy of sidebar.html framed by a web page shows nothing and asks
 * the background nothing.
 */

const CHANNEL_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Candidates being confirmed at once; a page posting junk can hold up no more than this. */
const MAX_PENDING = 8;

export interface SidebarBinding {
  channel: string;
  tabId: number;
}

type Port = Pick<MessagePort, 'close'> & { onmessage: ((event: { data: unknown }) => void) | null };

export interface SidebarChannelOptions {
  runtimeId: string;
  /** The window that embeds the sidebar; channel messages from anyone else are ignored. */
  parent: unknown;
  /**
   * Asks the content script of the tab this frame is in whether `channel` is its own; the
   * tab's id when it is, else null. Only an extension context can ask or answer.
   */
  confirm: (channel: string) => Promise<number | null>;
  onEvent: (event: AnyPageEvent) => void;
  /** An event on our channel that failed its schema: counted, never acted on. */
  onRefused?: (name: string, error: string) => void;
}

export function createSidebarChannel(options: SidebarChannelOptions) {
  let pending = 0;
  let bound: SidebarBinding | null = null;
  let resolveReady: (binding: SidebarBinding) => void = () => {};
  const ready = new Promise<SidebarBinding>((resolve) => {
    resolveReady = resolve;
  });

  const listen = createEventListener({
    runtimeId: options.runtimeId,
    accepts: (channel) => bound !== null && channel === bound.channel,
    onEvent: (event) => options.onEvent(event),
    onRefused: options.onRefused,
  });

  async function tryCandidate(channel: string, port: Port) {
    pending++;
    const tabId = await options.confirm(channel).catch(() => null);
    pending--;
    if (tabId === null || bound) {
      port.close();
      return;
    }
    const binding: SidebarBinding = { channel, tabId };
    bound = binding;
    // Messages the content script posted meanwhile wait in the port until this listener starts it.
    port.onmessage = (event) => listen(event.data, { id: options.runtimeId, tab: { id: tabId } });
    resolveReady(binding);
  }

  /** window "message" listener. */
  const onWindowMessage = (event: { source: unknown; data: unknown; ports?: readonly unknown[] }) => {
    if (event.source !== options.parent) return;
    const data = event.data as { gs?: unknown; channel?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.gs !== CHANNEL_MESSAGE) return;
    const port = event.ports?.[0] as Port | undefined;
    if (!port) return;
    if (typeof data.channel !== 'string' || !CHANNEL_PATTERN.test(data.channel) || bound || pending >= MAX_PENDING) {
      port.close();
      return;
    }
    void tryCandidate(data.channel, port);
  };

  return {
    onWindowMessage,
    /** Resolves once the real content script of this tab has confirmed the handed-over channel. */
    ready,
    get binding() {
      return bound;
    },
  };
}
