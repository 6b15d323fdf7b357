import type { AuthorRef } from '../adapters/types';
import type { ChatEvent } from '../model';

/**
 * Turns a client's member list into join and leave events, for clients that show them
 * nowhere else. The first lists after opening a chat are the people already there (and,
 * while the client is still loading, arriving one by one): they set the baseline and are
 * not joins. After `settleMs`, a name that appears joined and one that disappears left (or
 * was kicked, when the page says so).
 */
/** How far back a statement explaining a departure may date, at least (see `update`). */
export const DEPARTURE_STATEMENT_WINDOW_MS = 60_000;

export function createRosterWatcher(options: { settleMs: number; now: () => number }) {
  let present: Map<string, AuthorRef> | null = null;
  let since = 0;
  /** When a list was last seen: the client may hide it for a while (Converse shows a private chat in its place). */
  let listSeenAt = 0;

  return {
    /** A different chat is open: start a new baseline. */
    reset() {
      present = null;
      since = options.now();
    },
    /**
     * `removed` says whether the page shows a departed member removed by staff, in a
     * statement dated at or after the time it is given: when the list was last seen (the
     * departure happened since), or a minute ago if that is earlier. Such a departure is a
     * kick, which completes a pending removal (unlike leaving on one's own).
     */
    update(current: readonly AuthorRef[] | null, removed?: (member: AuthorRef, since: number) => boolean): ChatEvent[] {
      if (!current) return [];
      const next = new Map(current.map((m) => [m.externalId, m]));
      const ts = options.now();
      const departedSince = Math.min(listSeenAt, ts - DEPARTURE_STATEMENT_WINDOW_MS);
      // A rename happened after the list was last seen with the old nick: dated just after that,
      // so the new nick's first message, stamped before this read, is already theirs.
      const renamedAt = Math.min(listSeenAt + 1, ts);
      listSeenAt = ts;
      if (!present) {
        present = next;
        return [];
      }
      // While the first lists settle, people arriving or missing are the room loading, not joins
      // and leaves; a rename (one presence id under another nick) is unambiguous even then.
      const settling = ts - since < options.settleMs;
      const events: ChatEvent[] = [];
      const arrived = [...next].filter(([id]) => !present?.has(id)).map(([, member]) => member);
      const departed = [...present].filter(([id]) => !next.has(id)).map(([, member]) => member);
      // One person under another nick (the client kept their presence id): a rename, never a
      // leave and a join, or a renamed member would be a newcomer to welcome.
      const renamedTo = new Map<AuthorRef, AuthorRef>();
      for (const before of departed) {
        const after = before.presenceId ? arrived.find((m) => m.presenceId === before.presenceId && ![...renamedTo.values()].includes(m)) : undefined;
        if (after) renamedTo.set(before, after);
      }
      const renamedArrivals = new Set(renamedTo.values());
      for (const [before, after] of renamedTo) events.push(renameEvent(before, after, renamedAt));
      present = next;
      if (settling) return events;
      for (const member of arrived) if (!renamedArrivals.has(member)) events.push(rosterEvent('join', member, ts));
      for (const member of departed) {
        if (!renamedTo.has(member)) events.push(rosterEvent(removed?.(member, departedSince) ? 'kick' : 'leave', member, ts));
      }
      return events;
    },
  };
}

function rosterEvent(kind: 'join' | 'leave' | 'kick', author: AuthorRef, ts: number): ChatEvent {
  // No id comes from the page: kind, member and time make one that a re-read cannot repeat.
  return { externalId: `roster:${kind}:${author.externalId}:${ts}`, kind, author: { externalId: author.externalId, name: author.name }, role: 'unknown', text: '', ts };
}

/** The nick is the member's key in these lists: the new nick is their key from now on. */
function renameEvent(before: AuthorRef, after: AuthorRef, ts: number): ChatEvent {
  return {
    externalId: `roster:rename:${before.externalId}:${ts}`,
    kind: 'rename',
    author: { externalId: before.externalId, name: before.name },
    role: 'unknown',
    text: '',
    ts,
    newName: after.name,
    newExternalId: after.externalId,
  };
}
