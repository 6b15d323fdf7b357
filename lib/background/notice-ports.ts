import type { ChangeNotice } from '../messaging/changes';

/** The name of the port a sidebar frame opens to hear change notices (see below). */
export const NOTICE_PORT = 'gs-change-notices';

interface NoticePort {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  onDisconnect: { addListener(callback: () => void): void };
}

/**
 * Change notices for sidebar frames that runtime.sendMessage does not reach: Firefox delivers
 * runtime messages to a moz-extension frame inside a web page only when they are sent to its
 * tab, so such a sidebar opens a port and hears every notice on it. Only this extension's own
 * pages may listen (a content script gets the few kinds it needs by tab, see changes.ts).
 */
export function createNoticePorts(options: { runtimeId: string; extensionOrigin: string }) {
  const ports = new Set<NoticePort>();
  return {
    get size() {
      return ports.size;
    },
    /** runtime.onConnect listener. */
    onConnect(port: NoticePort) {
      if (port.name !== NOTICE_PORT || port.sender?.id !== options.runtimeId || !port.sender.url?.startsWith(options.extensionOrigin)) return;
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
    },
    publish(notice: ChangeNotice) {
      for (const port of ports) {
        try {
          port.postMessage(notice);
        } catch {
          ports.delete(port);
        }
      }
    },
  };
}
