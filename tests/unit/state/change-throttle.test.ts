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
});
