import { signal } from '@preact/signals';
import type { Client } from '../messaging/client';
import type { MemberCard } from '../messaging/protocol';
import type { Message } from '../model';

/** Messages per history page: a screenful many times over, and one cheap cursor read. */
export const HISTORY_PAGE = 200;

/**
 * The member card's history, read page by page as the user scrolls, and the message a
 * search result asked to show. `card` is the sidebar's card signal; older pages are added to it.
 */
export function createHistoryPaging({ client, card }: { client: Client; card: { value: MemberCard | null } }) {
  /** The message to bring into view and mark (a search result opened on the card). */
  const focusMessageId = signal<string | null>(null);
  let loading: Promise<void> | null = null;

  /** Reads the next older page, unless one is already on its way or none is left. */
  function loadMore(): Promise<void> {
    const current = card.value;
    const last = current?.history.at(-1);
    if (!current || !last || !current.historyMore) return Promise.resolve();
    loading ??= client
      .request('getMemberHistory', { memberId: current.member.id, before: { ts: last.ts, id: last.id }, limit: HISTORY_PAGE })
      .then((page) => {
        // The card may have changed meanwhile (another member, a reload): add only to the same one.
        if (card.value !== current) return;
        card.value = { ...current, history: [...current.history, ...page.messages], historyMore: page.more };
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  /** Loads pages until `message` is among them, then marks it; a card far back takes a few pages. */
  async function reveal(message: Pick<Message, 'id' | 'ts'>): Promise<void> {
    focusMessageId.value = message.id;
    for (;;) {
      const current = card.value;
      if (!current || current.history.some((m) => m.id === message.id)) return;
      const oldest = current.history.at(-1);
      if (!current.historyMore || (oldest && oldest.ts < message.ts)) return;
      await loadMore();
      if (card.value === current) return;
    }
  }

  return { focusMessageId, loadMore, reveal };
}

export interface SearchFilters {
  text: string;
  scope: 'all' | 'group' | 'member';
  /** yyyy-mm-dd from date inputs, '' for open. */
  from: string;
  to: string;
}

/** The sidebar's search across all stored history. */
export function createHistorySearch({ client }: { client: Client }) {
  const filters = signal<SearchFilters>({ text: '', scope: 'all', from: '', to: '' });
  const results = signal<{ messages: Message[]; more: boolean; groupTitles: Record<string, string> } | null>(null);
  const error = signal<string | null>(null);
  let seq = 0;

  /** Runs the search for the current filters; `where` supplies the open group and selected member. */
  async function run(where: { groupId: string | null; memberId: string | null }) {
    const mine = ++seq;
    const f = filters.value;
    const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).getTime() : undefined);
    const to = dayStart(f.to);
    const query = {
      text: f.text,
      groupId: f.scope === 'group' ? (where.groupId ?? undefined) : undefined,
      memberId: f.scope === 'member' ? (where.memberId ?? undefined) : undefined,
      from: dayStart(f.from),
      // The whole of the last day.
      to: to === undefined ? undefined : to + 86_400_000 - 1,
    };
    if (!query.text.trim() && !query.memberId) {
      results.value = null;
      return;
    }
    try {
      const found = await client.request('searchMessages', { ...query, limit: 50 });
      if (mine === seq) {
        results.value = found;
        error.value = null;
      }
    } catch (e) {
      if (mine === seq) error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return { filters, results, error, run };
}
