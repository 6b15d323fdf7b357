import { signal } from '@preact/signals';
import type { Client } from '../../../lib/messaging/client';
import type { MemberCard } from '../../../lib/messaging/protocol';
import type { Message } from '../../../lib/model';
import { createHistoryPaging, createHistorySearch } from '../../../lib/state/history-store';

const T0 = Date.UTC(2026, 10, 1);
const message = (i: number): Message => ({
  id: `demo:g:m-${String(i).padStart(4, '0')}`,
  externalId: `m-${i}`,
  groupId: 'demo:g',
  memberId: 'demo:u-chen',
  authorName: '陈强',
  kind: 'message',
  role: 'customer',
  text: `消息 ${i}`,
  ts: T0 + i * 1_000,
  readAt: T0,
});
/** 1,000 messages, newest first, as the store pages them. */
const ALL = Array.from({ length: 1_000 }, (_, i) => message(1_000 - i));

function fakeClient() {
  const calls: Array<{ name: string; input: Record<string, unknown> }> = [];
  const client = {
    async request(name: string, input: Record<string, unknown>) {
      calls.push({ name, input });
      if (name === 'getMemberHistory') {
        const before = input.before as { ts: number } | undefined;
        const older = ALL.filter((m) => !before || m.ts < before.ts);
        const limit = input.limit as number;
        return { messages: older.slice(0, limit), more: older.length > limit };
      }
      if (name === 'searchMessages') return { messages: [ALL[0]], more: false, groupTitles: { 'demo:g': 'G' } };
      throw new Error(`unexpected ${name}`);
    },
  } as unknown as Client;
  return { client, calls };
}

const cardWith = (history: Message[], historyMore: boolean) =>
  ({ member: { id: 'demo:u-chen' }, history, historyMore, messageCount: 1_000 }) as unknown as MemberCard;

describe('createHistoryPaging', () => {
  it('adds the next older page once per request, however often the list asks', async () => {
    const { client, calls } = fakeClient();
    const card = signal<MemberCard | null>(cardWith(ALL.slice(0, 200), true));
    const paging = createHistoryPaging({ client, card });
    await Promise.all([paging.loadMore(), paging.loadMore(), paging.loadMore()]);
    expect(calls).toHaveLength(1);
    expect(card.value?.history).toEqual(ALL.slice(0, 400));
    expect(card.value?.historyMore).toBe(true);
  });

  it('reads pages until a message far back is loaded, and marks it', async () => {
    const { client } = fakeClient();
    const card = signal<MemberCard | null>(cardWith(ALL.slice(0, 200), true));
    const paging = createHistoryPaging({ client, card });
    const target = ALL[730] as Message;
    await paging.reveal(target);
    expect(card.value?.history.some((m) => m.id === target.id)).toBe(true);
    expect(card.value?.history).toHaveLength(800);
    expect(paging.focusMessageId.value).toBe(target.id);
  });

  it('does not add a page to a card that was replaced meanwhile', async () => {
    const { client } = fakeClient();
    const card = signal<MemberCard | null>(cardWith(ALL.slice(0, 200), true));
    const paging = createHistoryPaging({ client, card });
    const loading = paging.loadMore();
    const other = cardWith([], false);
    card.value = other;
    await loading;
    expect(card.value).toBe(other);
  });
});

describe('createHistorySearch', () => {
  it('asks for the open group or the selected member only when the scope says so, and whole days', async () => {
    const { client, calls } = fakeClient();
    const search = createHistorySearch({ client });
    search.filters.value = { text: '年费', scope: 'group', from: '2026-11-01', to: '2026-11-02' };
    await search.run({ groupId: 'demo:g', memberId: 'demo:u-chen' });
    const input = calls[0]?.input as { groupId?: string; memberId?: string; from: number; to: number };
    expect(input.groupId).toBe('demo:g');
    expect(input.memberId).toBeUndefined();
    expect(input.to - input.from).toBe(2 * 86_400_000 - 1);
    expect(search.results.value?.messages).toHaveLength(1);

    search.filters.value = { text: '  ', scope: 'all', from: '', to: '' };
    await search.run({ groupId: 'demo:g', memberId: null });
    expect(search.results.value).toBeNull();
    expect(calls).toHaveLength(1);
  });
});
