import { createSidebarChannel, handOverChannel, sidebarOrigin } from '../../../lib/messaging/sidebar-channel';
import type { AnyPageEvent } from '../../../lib/messaging/page-protocol';

// Issue #11, finding 3: the channel was in the frame's URL, and a page could frame its own
// working copy of the sidebar. Now it is posted to the real frame and confirmed by the
// content script on the runtime bus, which a page cannot write to.

const RUNTIME = 'gs';
const CHANNEL = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const FORGED = '00000000-0000-4000-8000-000000000000';
const parent = { name: 'the chat page' };
const contentScript = (tabId: number) => ({ id: RUNTIME, tab: { id: tabId } });
const context = (channel: string) => ({
  gs: 'page-event',
  channel,
  name: 'context',
  input: {
    context: { adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: null, groupTitle: null, selectedMemberId: null, health: { state: 'ok', misses: {} } },
  },
});

function setup() {
  const events: AnyPageEvent[] = [];
  const refused: string[] = [];
  const channel = createSidebarChannel({ runtimeId: RUNTIME, parent, onEvent: (e) => events.push(e), onRefused: (name) => refused.push(name) });
  return { channel, events, refused };
}

describe('sidebar channel', () => {
  it('posts the channel to the extension origin only, never in a URL', () => {
    const postMessage = vi.fn();
    handOverChannel({ postMessage }, 'chrome-extension://abcdef', CHANNEL);
    expect(postMessage).toHaveBeenCalledWith({ gs: 'gs-sidebar-channel', channel: CHANNEL }, 'chrome-extension://abcdef');
  });

  it('addresses the document origin, not Chrome\'s per-session dynamic URL', () => {
    expect(sidebarOrigin('chrome-extension://8601ef34-bfe7-4dd3-a93f-50813acd545f/sidebar.html', 'abcdef')).toBe('chrome-extension://abcdef');
    expect(sidebarOrigin('moz-extension://0a1b2c/sidebar.html', 'gs@example.org')).toBe('moz-extension://0a1b2c');
  });

  it('does not start without a channel from its parent confirmed by a content script', async () => {
    const { channel, events } = setup();
    channel.onRuntimeMessage(context(CHANNEL), contentScript(4));
    expect(events).toHaveLength(0);
    expect(channel.binding).toBeNull();
    // A channel posted by someone other than the embedding window is ignored.
    channel.onWindowMessage({ source: {}, data: { gs: 'gs-sidebar-channel', channel: CHANNEL } });
    expect(channel.binding).toBeNull();
    // The real hand-over, arriving after the first event: the early event is replayed.
    channel.onWindowMessage({ source: parent, data: { gs: 'gs-sidebar-channel', channel: CHANNEL } });
    expect(channel.binding).toEqual({ channel: CHANNEL, tabId: 4 });
    await expect(channel.ready).resolves.toEqual({ channel: CHANNEL, tabId: 4 });
    expect(events.map((e) => e.name)).toEqual(['context']);
  });

  it('a channel forged by the page is never confirmed, and does not block the real one', () => {
    const { channel, events } = setup();
    channel.onWindowMessage({ source: parent, data: { gs: 'gs-sidebar-channel', channel: FORGED } });
    channel.onWindowMessage({ source: parent, data: { gs: 'gs-sidebar-channel', channel: CHANNEL } });
    channel.onRuntimeMessage(context(CHANNEL), contentScript(4));
    expect(channel.binding?.channel).toBe(CHANNEL);
    expect(events).toHaveLength(1);
  });

  it('once bound, ignores other tabs, other channels, other extensions, and counts malformed events', () => {
    const { channel, events, refused } = setup();
    channel.onWindowMessage({ source: parent, data: { gs: 'gs-sidebar-channel', channel: CHANNEL } });
    channel.onRuntimeMessage(context(CHANNEL), contentScript(4));
    channel.onRuntimeMessage(context(CHANNEL), contentScript(5));
    channel.onRuntimeMessage(context(FORGED), contentScript(4));
    channel.onRuntimeMessage(context(CHANNEL), { id: 'another-extension', tab: { id: 4 } });
    channel.onRuntimeMessage({ gs: 'page-event', channel: CHANNEL, name: 'select-member', input: { memberId: '' } }, contentScript(4));
    expect(events).toHaveLength(1);
    expect(refused).toEqual(['select-member']);
  });
});
