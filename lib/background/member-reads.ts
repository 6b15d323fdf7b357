import type { RequestName } from '../messaging/protocol';
import type { Handlers } from '../messaging/server';

/**
 * Requests that never read or write members or memberships, so they need not wait for what
 * ingest holds back (lib/db/repos/member-journal.ts) to be written out. Only the ones a chat
 * tab or an open sidebar makes while a chat streams are listed: every other request waits
 * for the write-out first, so a request added later is safe without being listed here.
 */
export const MEMBER_FREE_REQUESTS: ReadonlySet<RequestName> = new Set<RequestName>([
  'ingest',
  'reportStatus',
  'getTabStatus',
  'listSuggestions',
  // Lays what ingest holds over the stores itself (handlers.ts): re-read every second or so
  // while a chat streams, it would otherwise write members out each time.
  'getGroupPanel',
  'getGroupLanguage',
  'getSlashContext',
  'getSettings',
  'listTemplates',
  'siteProfilesFor',
  'getPageLabels',
  'setSidebarState',
]);

export interface MemberWriteGate {
  settleMembers(): Promise<void>;
}

/**
 * The handlers, each made to see members and memberships as stored: a request that may read
 * them waits until ingest has written out what it held. (Requests that rewrite them
 * wholesale, an import or an erasure, also keep batches out while they run: handlers.ts.)
 */
export function withSettledMembers(handlers: Handlers, gate: MemberWriteGate): Handlers {
  const gated: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [RequestName, (input: unknown, sender: unknown) => unknown][]) {
    if (MEMBER_FREE_REQUESTS.has(name)) gated[name] = handler;
    else
      gated[name] = async (input: unknown, sender: unknown) => {
        // A write-out that fails (a full disk) must not take reading down with it: the request
        // then sees members as of the last write-out, and the held records stay for the next.
        await gate.settleMembers().catch(() => undefined);
        return handler(input, sender);
      };
  }
  return gated as Handlers;
}
