import { createRosterWatcher } from '../../../lib/reader/roster';

const member = (id: string) => ({ externalId: id, name: id.toUpperCase() });

describe('createRosterWatcher', () => {
  it('takes the lists of the settling period as the baseline, then reports joins and leaves', () => {
    let now = 1_000;
    const roster = createRosterWatcher({ settleMs: 3_000, now: () => now });
    roster.reset();
    expect(roster.update([member('a')])).toEqual([]);
    now += 1_000;
    // Still loading: people already in the room arrive one by one; none of them joined now.
    expect(roster.update([member('a'), member('b')])).toEqual([]);
    now += 5_000;
    const events = roster.update([member('b'), member('c')]);
    expect(events.map((e) => [e.kind, e.author.externalId])).toEqual([
      ['join', 'c'],
      ['leave', 'a'],
    ]);
    expect(events[0]).toMatchObject({ ts: now, text: '', role: 'unknown', author: { name: 'C' } });
    expect(new Set(events.map((e) => e.externalId)).size).toBe(2);
  });

  it('ignores pages without a member list and starts over when the chat changes', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    expect(roster.update(null)).toEqual([]);
    roster.update([member('a')]);
    now = 100;
    roster.reset();
    // A different chat: its members are a new baseline, not joins and leaves.
    expect(roster.update([member('x'), member('y')])).toEqual([]);
    now = 200;
    expect(roster.update([member('x')]).map((e) => e.kind)).toEqual(['leave']);
  });
});

describe('createRosterWatcher with a page that says who was removed', () => {
  it('records a departure the page calls a removal as a kick, and others as leaves', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    roster.update([member('spammer'), member('quiet'), member('stays')]);
    now = 100;
    const asked: string[] = [];
    const events = roster.update([member('stays')], (m) => {
      asked.push(m.externalId);
      return m.externalId === 'spammer';
    });
    expect(events.map((e) => [e.kind, e.author.externalId])).toEqual([
      ['kick', 'spammer'],
      ['leave', 'quiet'],
    ]);
    expect(events[0]?.externalId).toMatch(/^roster:kick:spammer:/);
    // Only departures are asked about: members still present and joiners never are.
    expect(asked.sort()).toEqual(['quiet', 'spammer']);
  });

  it('asks about statements since the list was last seen, when the client hid it for longer than a minute', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    roster.update([member('spammer'), member('stays')]);
    now = 100;
    roster.update([member('spammer'), member('stays')]);
    // Converse shows a private chat in the list's place: no list for five minutes.
    now = 60_000;
    expect(roster.update(null)).toEqual([]);
    now = 300_100;
    const since: number[] = [];
    const events = roster.update([member('stays')], (_m, from) => {
      since.push(from);
      return true;
    });
    expect(events.map((e) => e.kind)).toEqual(['kick']);
    expect(since).toEqual([100]);
    // Seen again just now: a later departure looks back a minute, not to the list's last sighting.
    now = 300_200;
    const later: number[] = [];
    roster.update([], (_m, from) => {
      later.push(from);
      return false;
    });
    expect(later).toEqual([300_200 - 60_000]);
  });
});

describe('createRosterWatcher with presence ids (a client that keeps one across a nick change)', () => {
  const present = (nick: string, presenceId: string) => ({ externalId: nick, name: nick, presenceId });

  it('reads one person under another nick as a rename, dated just after the list was last seen, never as a leave and a join', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    roster.update([present('Steward', 'p-s'), present('spammer', 'p-1')]);
    now = 500;
    expect(roster.update([present('Steward', 'p-s'), present('spammer', 'p-1')])).toEqual([]);
    now = 900;
    const events = roster.update([present('Steward', 'p-s'), present('nice_guy', 'p-1'), present('newcomer', 'p-2')]);
    expect(events).toEqual([
      { externalId: 'roster:rename:spammer:501', kind: 'rename', author: { externalId: 'spammer', name: 'spammer' }, role: 'unknown', text: '', ts: 501, newName: 'nice_guy', newExternalId: 'nice_guy' },
      { externalId: 'roster:join:newcomer:900', kind: 'join', author: { externalId: 'newcomer', name: 'newcomer' }, role: 'unknown', text: '', ts: 900 },
    ]);
  });

  it('still reads a leave and a join for different people, and a nick taken over by someone else', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    roster.update([present('a', 'p-1'), present('b', 'p-2')]);
    now = 100;
    // b left; someone else (another presence id) arrived as b at once, and a left.
    const events = roster.update([present('b', 'p-3'), present('c', 'p-4')]);
    expect(events.map((e) => [e.kind, e.author.externalId])).toEqual([
      ['join', 'c'],
      ['leave', 'a'],
    ]);
  });

  it('does not take a rename for a removal', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    roster.update([present('x', 'p-1')]);
    now = 100;
    const asked: string[] = [];
    const events = roster.update([present('y', 'p-1')], (m) => {
      asked.push(m.externalId);
      return true;
    });
    expect(events.map((e) => e.kind)).toEqual(['rename']);
    expect(asked).toEqual([]);
  });
});

describe('createRosterWatcher: renames while the first lists settle', () => {
  it('reads a rename even while the room is still loading, but no joins or leaves then', () => {
    let now = 0;
    const roster = createRosterWatcher({ settleMs: 3_000, now: () => now });
    roster.reset();
    roster.update([{ externalId: 'a', name: 'a', presenceId: 'p-1' }]);
    now = 1_000;
    const events = roster.update([
      { externalId: 'b', name: 'b', presenceId: 'p-1' },
      { externalId: 'c', name: 'c', presenceId: 'p-2' },
    ]);
    expect(events.map((e) => [e.kind, e.author.externalId, e.newExternalId])).toEqual([['rename', 'a', 'b']]);
  });
});
