import { CHANNEL_MESSAGE } from './channel-handover';
import { type AnyPageEvent, createEventListener, isEventEnvelope, type Sender } from './page-protocol';

export { handOverChannel, sidebarOrigin } from './channel-handover';

/**
 * How a sidebar frame learns which tab's events are its own (issue #11, finding 3).
 *
 * The content script makes a random channel per page and posts it into the sidebar frame it
 * created, addressed to the extension's origin, so only our page loaded in that frame can
 * receive it. The channel is never in the frame's URL or the page's DOM. A web page can
 * post fake channels into the frame too, so a posted channel is only a candidate: the
 * sidebar binds to it when an event on that channel arrives on the runtime bus from a
 * content script of this extension (which a page cannot send), and from then on accepts
 * events from that tab only. Until bound, the sidebar does not start at all: a copy of
 * sidebar.html framed by a web page shows nothing and asks the background nothing.
 */

const CHANNEL_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_CANDIDATES = 8;
const MAX_EARLY_EVENTS = 50;

export interface SidebarBinding {
  channel: string;
  tabId: number;
}

export interface SidebarChannelOptions {
  runtimeId: string;
  /** The window that embeds the sidebar; channel messages from anyone else are ignored. */
  parent: unknown;
  onEvent: (event: AnyPageEvent) => void;
  /** An event on our channel that failed its schema: counted, never acted on. */
  onRefused?: (name: string, error: string) => void;
}

export function createSidebarChannel(options: SidebarChannelOptions) {
  const candidates = new Set<string>();
  const early: Array<[unknown, Sender]> = [];
  let bound: SidebarBinding | null = null;
  let resolveReady: (binding: SidebarBinding) => void = () => {};
  const ready = new Promise<SidebarBinding>((resolve) => {
    resolveReady = resolve;
  });

  const listen = createEventListener({
    runtimeId: options.runtimeId,
    accepts(channel, sender) {
      if (bound) return channel === bound.channel && sender.tab?.id === bound.tabId;
      const tabId = sender.tab?.id;
      if (!candidates.has(channel) || tabId === undefined) return false;
      bound = { channel, tabId };
      resolveReady(bound);
      return true;
    },
    onEvent: (event) => options.onEvent(event),
    onRefused: options.onRefused,
  });

  /** runtime.onMessage listener. */
  const onRuntimeMessage = (message: unknown, sender: Sender): undefined => {
    if (sender.id !== options.runtimeId || !isEventEnvelope(message)) return undefined;
    // The channel may arrive after the first event (two different pipes): keep a few.
    if (!bound && !candidates.has(message.channel)) {
      if (early.length < MAX_EARLY_EVENTS) early.push([message, sender]);
      return undefined;
    }
    return listen(message, sender);
  };

  /** window "message" listener. */
  const onWindowMessage = (event: { source: unknown; data: unknown }) => {
    if (event.source !== options.parent) return;
    const data = event.data as { gs?: unknown; channel?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.gs !== CHANNEL_MESSAGE) return;
    if (typeof data.channel !== 'string' || !CHANNEL_PATTERN.test(data.channel)) return;
    if (bound || candidates.size >= MAX_CANDIDATES) return;
    candidates.add(data.channel);
    for (const [message, sender] of early.splice(0)) onRuntimeMessage(message, sender);
  };

  return {
    onRuntimeMessage,
    onWindowMessage,
    /** Resolves once the real content script of this tab has been heard on the handed-over channel. */
    ready,
    get binding() {
      return bound;
    },
  };
}
