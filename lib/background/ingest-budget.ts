/**
 * How much one tab may make the background store (issue #11, finding 8). A chat page is
 * hostile: its content script can be fed any number of rows, and every accepted event
 * costs IndexedDB space, rule work and search terms. Each tab gets a token bucket of events
 * and of text characters: a burst up to `burst*` is taken at once (a busy channel, a long
 * history read on opening), and the bucket refills at `per minute` rates that a human chat
 * does not reach for long. Events beyond it are dropped before anything is written, counted
 * per tab, and reported to the tab (health shows the count) and to the popup.
 */

export interface IngestBudgetLimits {
  /** Events a tab may send at once before it must wait for refill. */
  burstEvents: number;
  /** Events per minute the bucket refills. */
  eventsPerMinute: number;
  /** Characters of message text a tab may send at once. */
  burstChars: number;
  charsPerMinute: number;
}

/**
 * Defaults: 20,000 events and 8 M characters at once (a long scroll-back read on opening, a
 * 10,000-message backfill, with room to spare: dropping a real chat's history would break
 * "never lose a message"), then 6,000 events (100 a second) and 3 M characters a minute,
 * sustained — far above any human chat, and still a bound on what a page can make us store.
 */
export const DEFAULT_INGEST_BUDGET: IngestBudgetLimits = {
  burstEvents: 20_000,
  eventsPerMinute: 6_000,
  burstChars: 8_000_000,
  charsPerMinute: 3_000_000,
};

interface Bucket {
  events: number;
  chars: number;
  at: number;
}

export interface BudgetTake<T> {
  accepted: T[];
  /** Events refused by this call. */
  dropped: number;
  /** Events refused for this tab since the background started. */
  droppedTotal: number;
}

/** The budget, keyed by tab id (extension pages share the key `null`). */
export function createIngestBudget(now: () => number, limits: IngestBudgetLimits = DEFAULT_INGEST_BUDGET) {
  const buckets = new Map<number | null, Bucket>();
  const dropped = new Map<number | null, number>();

  function refill(key: number | null): Bucket {
    const t = now();
    const bucket = buckets.get(key) ?? { events: limits.burstEvents, chars: limits.burstChars, at: t };
    const minutes = Math.max(0, t - bucket.at) / 60_000;
    bucket.events = Math.min(limits.burstEvents, bucket.events + minutes * limits.eventsPerMinute);
    bucket.chars = Math.min(limits.burstChars, bucket.chars + minutes * limits.charsPerMinute);
    bucket.at = t;
    buckets.set(key, bucket);
    return bucket;
  }

  return {
    /** Takes events in order while the tab's budget lasts; the rest are dropped and counted. */
    take<T extends { text: string }>(tabId: number | null, events: readonly T[]): BudgetTake<T> {
      const bucket = refill(tabId);
      const accepted: T[] = [];
      let refused = 0;
      for (const event of events) {
        const cost = event.text.length;
        if (refused === 0 && bucket.events >= 1 && bucket.chars >= cost) {
          bucket.events -= 1;
          bucket.chars -= cost;
          accepted.push(event);
        } else {
          // Once one is refused, the later ones are too: storing a later message without an
          // earlier one would make the history read out of order.
          refused++;
        }
      }
      const total = (dropped.get(tabId) ?? 0) + refused;
      if (refused > 0) dropped.set(tabId, total);
      return { accepted, dropped: refused, droppedTotal: total };
    },
    /** Events refused for `tabId` so far. */
    dropped(tabId: number | null): number {
      return dropped.get(tabId) ?? 0;
    },
    /** A closed tab's bucket and count are let go. */
    forget(tabId: number): void {
      buckets.delete(tabId);
      dropped.delete(tabId);
    },
  };
}

export type IngestBudget = ReturnType<typeof createIngestBudget>;
