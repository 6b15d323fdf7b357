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
 * Defaults: 5,000 events (a read of a long scroll-back, or the 1,000-line burst the e2e
 * test posts) and 2 M characters at once, then 1,200 events (20 a second) and 600,000
 * characters a minute, sustained.
 */
export const DEFAULT_INGEST_BUDGET: IngestBudgetLimits = {
  burstEvents: 5_000,
  eventsPerMinute: 1_200,
  burstChars: 2_000_000,
  charsPerMinute: 600_000,
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
