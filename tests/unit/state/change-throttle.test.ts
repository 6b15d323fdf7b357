import { effect } from '@preact/signals';
import type { ChangeNotice } from '../../../lib/messaging/changes';
import type { Client } from '../../../lib/messaging/client';
import { createSidebarStore } from '../../../lib/state/sidebar-store';

/**
 * A busy chat sends a change notice per stored batch. The sidebar re-reads its views once per
 * burst, one re-read at a time, and waits at least as long as the last one took before the
 * next: the background spends its time storing, not answering the sidebar.
 */
describe('sidebar re-reads after change notices', () => {
  afterEach(() => vi.useRealTimers());

  it('never overlaps two re-reads, and spaces them by the time the last one took', async () => {
    vi.useFakeTimers();
    let clock = 0;
    const panelReads: Array<{ startedAt: number; finish: () => void }> = [];
    const client = {
      request(name: string) {
        if (name === 'getGroupPanel') return new Promise((ok) => panelReads.push({ startedAt: clock, finish: () => ok(null) }));
        return Promise.resolve(null);
      },
    } as unknown as Client;
    const store = createSidebarStore({ client, insertText: async () => ({ ok: true, method: 'test' }), uiLanguage: 'en', now: () => clock, changeDelayMs: 100 });
    store.setContext({ adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: 'demo:g1', groupTitle: 'g1', selectedMemberId: null, health: { state: 'ok', misses: {} } });
    await vi.advanceTimersByTimeAsync(0);
    for (const read of panelReads.splice(0)) read.finish();
    const notice: ChangeNotice = { kinds: ['messages'], groupId: 'demo:g1', memberIds: [] } as unknown as ChangeNotice;
    const tick = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };

    store.noteChange(notice);
    await tick(100);
    expect(panelReads).toHaveLength(1);
    // Notices keep coming while the read takes 1.5 s: no second read starts meanwhile.
    for (let i = 0; i < 15; i++) {
      store.noteChange(notice);
      await tick(100);
    }
    expect(panelReads).toHaveLength(1);
    panelReads[0]?.finish();
    await tick(0);
    // The next read waits as long as the last one took (1.5 s), then covers every notice since.
    await tick(1_400);
    expect(panelReads).toHaveLength(1);
    await tick(200);
    expect(panelReads).toHaveLength(2);
    panelReads[1]?.finish();
    await tick(5_000);
    expect(panelReads).toHaveLength(2);
  });

  it('messages stored from the chat re-read at most once a second; a change staff made is not held back', async () => {
    vi.useFakeTimers();
    let clock = 0;
    const reads: Array<{ name: string; at: number }> = [];
    const client = {
      request(name: string) {
        if (name === 'getGroupPanel' || name === 'listTags') reads.push({ name, at: clock });
        return Promise.resolve(name === 'listTags' ? [] : null);
      },
    } as unknown as Client;
    const store = createSidebarStore({ client, insertText: async () => ({ ok: true, method: 'test' }), uiLanguage: 'en', now: () => clock, changeDelayMs: 100, chatRefreshMs: 1_000 });
    store.setContext({ adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: 'demo:g1', groupTitle: 'g1', selectedMemberId: null, health: { state: 'ok', misses: {} } });
    await vi.advanceTimersByTimeAsync(0);
    reads.length = 0;
    const tick = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    const stored = { gs: 'changed', kinds: ['messages', 'members'], groupId: 'demo:g1', memberIds: ['demo:u1'], fromChat: true } as ChangeNotice;

    // A backfill: a stored batch every 100 ms for 3 s.
    for (let i = 0; i < 30; i++) {
      store.noteChange(stored);
      await tick(100);
    }
    await tick(1_000);
    const panelReads = reads.filter((r) => r.name === 'getGroupPanel').map((r) => r.at);
    // The first batch shows after the usual gathering delay; then at most one re-read a second.
    expect(panelReads[0]).toBe(100);
    for (let i = 1; i < panelReads.length; i++) expect((panelReads[i] as number) - (panelReads[i - 1] as number)).toBeGreaterThanOrEqual(1_000);
    expect(panelReads.length).toBeGreaterThanOrEqual(3);
    expect(panelReads.length).toBeLessThanOrEqual(4);
    // The last batch of the burst is shown: nothing is left pending.
    expect(panelReads.at(-1)).toBeGreaterThanOrEqual(2_900);

    // Staff tag someone during the next burst: shown after the usual delay, not the chat's pace.
    reads.length = 0;
    store.noteChange(stored);
    await tick(150);
    store.noteChange(stored);
    await tick(10);
    const tagged = clock;
    store.noteChange({ gs: 'changed', kinds: ['tags', 'members'], groupId: null, memberIds: ['demo:u1'] } as ChangeNotice);
    await tick(100);
    expect(reads.filter((r) => r.name === 'listTags').map((r) => r.at)).toEqual([tagged + 100]);
  });

  it('while the background answers slowly, re-reads for stored chat messages wait four times as long as the last one took', async () => {
    vi.useFakeTimers();
    let clock = 0;
    const panelReads: Array<{ startedAt: number; finish: () => void }> = [];
    const client = {
      request(name: string) {
        if (name === 'getGroupPanel') return new Promise((ok) => panelReads.push({ startedAt: clock, finish: () => ok(null) }));
        return Promise.resolve(null);
      },
    } as unknown as Client;
    const store = createSidebarStore({ client, insertText: async () => ({ ok: true, method: 'test' }), uiLanguage: 'en', now: () => clock, changeDelayMs: 100, chatRefreshMs: 1_000 });
    store.setContext({ adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: 'demo:g1', groupTitle: 'g1', selectedMemberId: null, health: { state: 'ok', misses: {} } });
    await vi.advanceTimersByTimeAsync(0);
    for (const read of panelReads.splice(0)) read.finish();
    const tick = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    const stored = { gs: 'changed', kinds: ['messages'], groupId: 'demo:g1', memberIds: [], fromChat: true } as ChangeNotice;

    store.noteChange(stored);
    await tick(100);
    expect(panelReads).toHaveLength(1);
    // This read takes 600 ms: the next waits until 4 × 600 ms after it started.
    await tick(600);
    panelReads[0]?.finish();
    await tick(0);
    for (let i = 0; i < 30; i++) {
      store.noteChange(stored);
      await tick(100);
    }
    expect(panelReads.map((r) => r.startedAt)).toEqual([100, 100 + 2_400]);
  });

  it('sets the panel, the suggestions and the language of one re-read together: one render, whatever order they answer in', async () => {
    const answers = new Map<string, Array<(value: unknown) => void>>();
    const client = {
      request(name: string) {
        if (name === 'getGroupPanel' || name === 'listSuggestions' || name === 'getGroupLanguage') {
          return new Promise((ok) => answers.set(name, [...(answers.get(name) ?? []), ok]));
        }
        return Promise.resolve(null);
      },
    } as unknown as Client;
    const store = createSidebarStore({ client, insertText: async () => ({ ok: true, method: 'test' }), uiLanguage: 'en', now: () => 0, changeDelayMs: 100 });
    store.setContext({ adapterId: 'demo', adapterLabel: 'Demo', verified: true, groupId: 'demo:g1', groupTitle: 'g1', selectedMemberId: null, health: { state: 'ok', misses: {} } });
    const answer = async (name: string, value: unknown) => {
      for (const ok of answers.get(name) ?? []) ok(value);
      answers.delete(name);
      await new Promise((r) => setTimeout(r, 0));
    };
    // Whatever setContext asked for first is answered and set (not held: no re-read asked for it).
    await new Promise((r) => setTimeout(r, 0));
    for (const name of [...answers.keys()]) await answer(name, name === 'listSuggestions' ? [] : null);
    // What the sidebar's root renders from: each run of this effect stands for one render.
    const seen: string[] = [];
    const stop = effect(() => {
      seen.push(`${JSON.stringify(store.groupPanel.value)}|${store.suggestions.value.length}|${JSON.stringify(store.groupLanguage.value)}`);
    });
    seen.length = 0;
    store.noteChange({ kinds: ['messages', 'suggestions'], groupId: 'demo:g1', memberIds: [] } as unknown as ChangeNotice);
    const flushed = store.flushChanges();
    expect([...answers.keys()].sort()).toEqual(['getGroupLanguage', 'getGroupPanel', 'listSuggestions']);
    const panel = { group: { id: 'demo:g1' } };
    await answer('listSuggestions', [{ messageId: 'm-1' }]);
    await answer('getGroupPanel', panel);
    expect(seen).toEqual([]);
    await answer('getGroupLanguage', { language: 'zh' });
    await flushed;
    expect(seen).toEqual([`${JSON.stringify(panel)}|1|${JSON.stringify({ language: 'zh' })}`]);
    stop();
  });
});

