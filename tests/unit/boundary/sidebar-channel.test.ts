import { createSidebarChannel, createSidebarLink, sidebarOrigin } from '../../../lib/messaging/sidebar-channel';
import type { AnyPageEvent } from '../../../lib/messaging/page-protocol';
import { createCommandServer, type EventEnvelope } from '../../../lib/messaging/page-commands';

// Issue #11, finding 3: the channel was in the frame's URL, and a page could frame its own
// working copy of the sidebar. Now it is posted, with a MessagePort, to the real frame, and
// the sidebar listens on that port only once the content script of its own tab confirmed the
// channel through tabs.sendMessage, which a page can neither send nor answer. Events no
// longer go over runtime.sendMessage: Firefox never delivers those to a moz-extension frame
// inside a web page, so the sidebar stayed "not connected" there.

const RUNTIME = 'gs';
const CHANNEL = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const FORGED = '00000000-0000-4000-8000-000000000000';
const TAB = 4;
const parent = { name: 'the chat page' };
const context = (channel: string): EventEnvelope => ({
  gs: 'page-event',
  channel,
  name: 'context',
  input: {
    context: { adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: null, groupTitle: null, selectedMemberId: null, health: { state: 'ok', misses: {} } },
  },
});

/** The content script's command server, answering confirm-channel for its own channel only. */
function contentScriptOfTab(channel: string) {
  const server = createCommandServer(() => ({ 'confirm-channel': ({ channel: candidate }) => ({ mine: candidate === channel }) }), { runtimeId: RUNTIME });
  return async (candidate: string) => {
    const reply = await server.handle({ gs: 'command', name: 'confirm-channel', input: { channel: candidate } }, { id: RUNTIME });
    return reply.ok && (reply.data as { mine: boolean }).mine ? TAB : null;
  };
}

function setup(confirm: (channel: string) => Promise<number | null> = contentScriptOfTab(CHANNEL)) {
  const events: AnyPageEvent[] = [];
  const refused: string[] = [];
  const channel = createSidebarChannel({ runtimeId: RUNTIME, parent, confirm, onEvent: (e) => events.push(e), onRefused: (name) => refused.push(name) });
  return { channel, events, refused };
}

const handOver = (channel: string, source: unknown = parent) => {
  const pipe = new MessageChannel();
  return { pipe, event: { source, data: { gs: 'gs-sidebar-channel', channel }, ports: [pipe.port2] } };
};

/** Resolves once `predicate` holds; MessagePort delivery is a task away. */
async function until(predicate: () => boolean) {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('sidebar channel', () => {
  it('posts the channel and a port to the extension origin only, never in a URL, and sends events over that port', async () => {
    const postMessage = vi.fn();
    const link = createSidebarLink({ channel: CHANNEL, origin: 'chrome-extension://abcdef' });
    link.send(context(CHANNEL)); // no frame yet: dropped, nothing thrown
    link.handOver({ postMessage });
    expect(postMessage).toHaveBeenCalledWith({ gs: 'gs-sidebar-channel', channel: CHANNEL }, 'chrome-extension://abcdef', [expect.objectContaining({ postMessage: expect.any(Function) })]);
    const port = postMessage.mock.calls[0]?.[2][0] as MessagePort;
    const received: unknown[] = [];
    port.onmessage = (event) => received.push(event.data);
    link.send(context(CHANNEL));
    await until(() => received.length === 1);
    expect(received).toEqual([context(CHANNEL)]);
    link.close();
    port.close();
  });

  it('addresses the document origin, not Chrome\'s per-session dynamic URL', () => {
    expect(sidebarOrigin('chrome-extension://8601ef34-bfe7-4dd3-a93f-50813acd545f/sidebar.html', 'abcdef')).toBe('chrome-extension://abcdef');
    expect(sidebarOrigin('moz-extension://0a1b2c/sidebar.html', 'gs@example.org')).toBe('moz-extension://0a1b2c');
  });

  it('does not start until the content script of its tab confirms the channel; events posted meanwhile are kept', async () => {
    const { channel, events } = setup();
    // A channel posted by someone other than the embedding window is ignored.
    channel.onWindowMessage(handOver(CHANNEL, {}).event);
    // A hand-over without a port is ignored.
    channel.onWindowMessage({ source: parent, data: { gs: 'gs-sidebar-channel', channel: CHANNEL } });
    expect(channel.binding).toBeNull();
    const { pipe, event } = handOver(CHANNEL);
    pipe.port1.postMessage(context(CHANNEL));
    channel.onWindowMessage(event);
    await expect(channel.ready).resolves.toEqual({ channel: CHANNEL, tabId: TAB });
    await until(() => events.length === 1);
    expect(events.map((e) => e.name)).toEqual(['context']);
    pipe.port1.close();
  });

  it('a channel and port forged by the page are never listened to, and do not block the real one', async () => {
    const { channel, events } = setup();
    const forged = handOver(FORGED);
    channel.onWindowMessage(forged.event);
    // The page may post many: each is refused when its confirmation fails.
    for (let i = 0; i < 20; i++) channel.onWindowMessage(handOver(FORGED).event);
    forged.pipe.port1.postMessage(context(FORGED));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(channel.binding).toBeNull();
    const real = handOver(CHANNEL);
    channel.onWindowMessage(real.event);
    await channel.ready;
    real.pipe.port1.postMessage(context(CHANNEL));
    await until(() => events.length === 1);
    forged.pipe.port1.postMessage(context(FORGED));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(channel.binding?.channel).toBe(CHANNEL);
    expect(events).toHaveLength(1);
    real.pipe.port1.close();
  });

  it('a confirmation that fails (no content script answers) binds nothing', async () => {
    const { channel } = setup(() => Promise.reject(new Error('Could not establish connection')));
    channel.onWindowMessage(handOver(CHANNEL).event);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(channel.binding).toBeNull();
  });

  it('once bound, ignores other channels on its port and counts malformed events', async () => {
    const { channel, events, refused } = setup();
    const { pipe, event } = handOver(CHANNEL);
    channel.onWindowMessage(event);
    await channel.ready;
    pipe.port1.postMessage(context(CHANNEL));
    pipe.port1.postMessage(context(FORGED));
    pipe.port1.postMessage({ gs: 'page-event', channel: CHANNEL, name: 'select-member', input: { memberId: '' } });
    pipe.port1.postMessage({ gs: 'page-event', channel: CHANNEL, name: 'no-such-event', input: {} });
    await until(() => refused.length === 2);
    expect(events).toHaveLength(1);
    expect(refused).toEqual(['select-member', 'no-such-event']);
    pipe.port1.close();
  });
});
