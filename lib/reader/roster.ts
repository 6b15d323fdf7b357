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
      listSeenAt = ts;
      if (!present || ts - since < options.settleMs) {
        present = next;
        return [];
      }
      const events: ChatEvent[] = [];
      for (const [id, member] of next) {
        if (!present.has(id)) events.push(rosterEvent('join', member, ts));
      }
      for (const [id, member] of present) {
        if (!next.has(id)) events.push(rosterEvent(removed?.(member, departedSince) ? 'kick' : 'leave', member, ts));
      }
      present = next;
      return events;
    },
  };
}

function rosterEvent(kind: 'join' | 'leave' | 'kick', author: AuthorRef, ts: number): ChatEvent {
  // No id comes from the page: kind, member and time make one that a re-read cannot repeat.
  return { externalId: `roster:${kind}:${author.externalId}:${ts}`, kind, author, role: 'unknown', text: '', ts };
}
