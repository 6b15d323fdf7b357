import { createSidebarRelay } from '../../../lib/background/sidebar-relay';
import { createNoticePorts, NOTICE_PORT } from '../../../lib/background/notice-ports';
import { changeNotice } from '../../../lib/messaging/changes';
import { createServer } from '../../../lib/messaging/server';

// Firefox gives a moz-extension frame inside a web page content-script APIs only: no tabs,
// and no runtime broadcasts reach it. Its commands go through the background to its own tab,
// and it hears change notices on a port. Neither may widen what a page or content script can do.

const RUNTIME = 'gs';
const ORIGIN = 'moz-extension://0a1b2c/';

describe('sidebar relay (Firefox sidebar → its own tab)', () => {
  it('passes the command to the top frame of the sender\'s own tab and returns its answer with the tab id', async () => {
    const sent: Array<[number, unknown]> = [];
    const relay = createSidebarRelay(async (tabId, message) => {
      sent.push([tabId, message]);
      return { ok: true, data: { mine: true } };
    });
    await expect(relay.relayToOwnTab({ name: 'confirm-channel', input: { channel: 'c' } }, { id: RUNTIME, url: `${ORIGIN}sidebar.html`, tab: { id: 7 } })).resolves.toEqual({ tabId: 7, reply: { ok: true, data: { mine: true } } });
    expect(sent).toEqual([[7, { gs: 'command', name: 'confirm-channel', input: { channel: 'c' } }]]);
  });

  it('refuses a sender that is in no tab (options page, popup)', async () => {
    const relay = createSidebarRelay(() => Promise.resolve(null));
    await expect(relay.relayToOwnTab({ name: 'insert-text', input: { text: 'x' } }, { id: RUNTIME, url: `${ORIGIN}options.html` })).rejects.toThrow('only a sidebar inside a chat tab');
  });

  it('a content script cannot use it to command its own or another tab (allow-list)', async () => {
    const relayed = vi.fn();
    const server = createServer(Promise.resolve({ relayToOwnTab: relayed } as never), { runtimeId: RUNTIME });
    const reply = await server.handle({ gs: 'request', name: 'relayToOwnTab', input: { name: 'insert-text', input: { text: 'x', send: true } } } as never, { id: RUNTIME, url: 'http://127.0.0.1:8080/', tab: { id: 7 } });
    expect(reply).toMatchObject({ ok: false, error: 'request refused: "relayToOwnTab" is not allowed from a content script' });
    expect(relayed).not.toHaveBeenCalled();
  });
});

describe('notice ports (Firefox sidebar hears change notices)', () => {
  const port = (name: string, sender: { id?: string; url?: string }) => {
    const disconnect: Array<() => void> = [];
    return {
      name,
      sender,
      posted: [] as unknown[],
      postMessage(message: unknown) {
        this.posted.push(message);
      },
      onDisconnect: { addListener: (callback: () => void) => disconnect.push(callback) },
      disconnect: () => {
        for (const callback of disconnect) callback();
      },
    };
  };

  it('sends every notice to the extension\'s own pages that connected, until they disconnect', () => {
    const ports = createNoticePorts({ runtimeId: RUNTIME, extensionOrigin: ORIGIN });
    const sidebar = port(NOTICE_PORT, { id: RUNTIME, url: `${ORIGIN}sidebar.html` });
    ports.onConnect(sidebar);
    const notice = changeNotice(['notes'], 'demo:g', ['demo:u']);
    ports.publish(notice);
    expect(sidebar.posted).toEqual([notice]);
    sidebar.disconnect();
    ports.publish(notice);
    expect(sidebar.posted).toHaveLength(1);
    expect(ports.size).toBe(0);
  });

  it('a content script, another extension or another port name is not listened to', () => {
    const ports = createNoticePorts({ runtimeId: RUNTIME, extensionOrigin: ORIGIN });
    const contentScript = port(NOTICE_PORT, { id: RUNTIME, url: 'http://127.0.0.1:8080/' });
    const other = port(NOTICE_PORT, { id: 'other-extension', url: 'moz-extension://ffff/page.html' });
    const wrongName = port('something-else', { id: RUNTIME, url: `${ORIGIN}sidebar.html` });
    for (const p of [contentScript, other, wrongName]) ports.onConnect(p);
    ports.publish(changeNotice(['members']));
    expect([contentScript.posted, other.posted, wrongName.posted]).toEqual([[], [], []]);
  });
});
