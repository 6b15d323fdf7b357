import type { RequestSender } from '../messaging/server';

/**
 * Passes a sidebar frame's command to the content script of its own tab, and nowhere else.
 *
 * Firefox gives a moz-extension frame inside a web page only content-script APIs (no `tabs`),
 * so the sidebar there cannot call tabs.sendMessage. The server lets only extension pages
 * make this request (a content script is refused by the allow-list); the tab is the sender's
 * own, never one named in the input, and the content script checks the command's input again.
 */
export function createSidebarRelay(sendToTabTop: (tabId: number, message: unknown) => Promise<unknown>) {
  return {
    async relayToOwnTab(input: { name: string; input?: unknown }, sender: RequestSender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('relayToOwnTab: only a sidebar inside a chat tab can send commands to its tab');
      const reply = await sendToTabTop(tabId, { gs: 'command', name: input.name, input: input.input });
      return { tabId, reply };
    },
  };
}
