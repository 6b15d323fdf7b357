import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { theLoungeAdapter as theloungeAdapter } from '../../../lib/adapters/thelounge';
import { currentHolder, holderAt, indexNickLinks, nickLinkId, resolveNicks, vacatedHolder } from '../../../lib/identity/nicks';
import type { ChatEvent } from '../../../lib/model';

const T = Date.UTC(2026, 10, 29, 9, 0, 0);
const GROUP = 'thelounge:net/#help';
const msg = (nick: string, ts: number, text = 'hi'): ChatEvent => ({ externalId: `${nick}-${ts}`, kind: 'message', author: { externalId: nick, name: nick }, role: 'customer', text, ts });
const rename = (from: string, to: string, ts: number): ChatEvent => ({ externalId: `nick-${from}-${ts}`, kind: 'rename', author: { externalId: from, name: from }, role: 'customer', text: '', ts, newName: to, newExternalId: to });
const keys = (events: ChatEvent[]) => events.map((e) => [e.author.externalId, e.author.name]);

describe('resolveNicks: a rename follows the person, at the moment it happened', () => {
  it('resolves the new nick to the member from the rename on, in the same batch, keeping the name shown', () => {
    const index = indexNickLinks([]);
    const { events, links } = resolveNicks(index, 'thelounge', GROUP, [msg('spammer', T), rename('spammer', 'nice_guy', T + 1000), msg('nice_guy', T + 2000, 'ad')]);
    expect(keys(events)).toEqual([
      ['spammer', 'spammer'],
      ['spammer', 'spammer'],
      ['spammer', 'nice_guy'],
    ]);
    expect(links).toEqual([
      { id: nickLinkId('thelounge', 'nice_guy', T + 1000), site: 'thelounge', nick: 'nice_guy', since: T + 1000, holder: 'spammer', groupId: GROUP, renamedFrom: 'spammer' },
      { id: nickLinkId('thelounge', 'spammer', T + 1001), site: 'thelounge', nick: 'spammer', since: T + 1001, holder: vacatedHolder('spammer', T + 1000), groupId: GROUP },
    ]);
  });

  it('gives the freed nick to whoever takes it after the rename, a member of their own, and leaves earlier rows with the member', () => {
    const index = indexNickLinks(resolveNicks(indexNickLinks([]), 'thelounge', GROUP, [rename('spammer', 'nice_guy', T)]).links);
    // Read later (a scroll, a reload): the old rows are still the renamed member's, same second included.
    expect(holderAt(index, 'thelounge', 'spammer', T - 5000)).toBe('spammer');
    expect(holderAt(index, 'thelounge', 'spammer', T)).toBe('spammer');
    // A newcomer taking the free nick is not the spammer (IRC allows it).
    const { events } = resolveNicks(index, 'thelounge', GROUP, [msg('spammer', T + 60_000)]);
    expect(events[0]?.author.externalId).toBe(vacatedHolder('spammer', T));
    // Before the rename, the new nick was someone else's (or nobody's): not the member.
    expect(holderAt(index, 'thelounge', 'nice_guy', T - 1)).toBe('nice_guy');
    expect(currentHolder(index, 'thelounge', 'nice_guy')).toBe('spammer');
  });

  it('follows a chain of renames and a rename back to the first nick', () => {
    const index = indexNickLinks([]);
    const { events } = resolveNicks(index, 'thelounge', GROUP, [
      rename('mark', 'mark_away', T),
      rename('mark_away', 'm4rk', T + 1000),
      msg('m4rk', T + 2000),
      rename('m4rk', 'mark', T + 3000),
      msg('mark', T + 4000),
      msg('mark_away', T + 5000),
    ]);
    expect(events.map((e) => e.author.externalId)).toEqual(['mark', 'mark', 'mark', 'mark', 'mark', vacatedHolder('mark_away', T + 1000)]);
  });

  it('reads a rename twice (a re-rendered row, a batch sent again) into the same links', () => {
    const first = resolveNicks(indexNickLinks([]), 'thelounge', GROUP, [rename('a', 'b', T)]).links;
    const index = indexNickLinks(first);
    const again = resolveNicks(index, 'thelounge', GROUP, [rename('a', 'b', T), msg('b', T + 10)]);
    expect(again.links).toEqual(first);
    expect(again.events[1]?.author.externalId).toBe('a');
    expect(indexNickLinks([...first, ...again.links]).get('thelounge\u0000b')).toHaveLength(1);
  });

  it('leaves renames of display names alone (a chat whose ids do not change says no new key) and other sites apart', () => {
    const index = indexNickLinks([]);
    const displayRename: ChatEvent = { ...rename('u-1', '陈强', T), newExternalId: undefined };
    delete displayRename.newExternalId;
    const demo = resolveNicks(index, 'demo', 'demo:g', [displayRename, msg('u-1', T + 10)]);
    expect(demo.links).toEqual([]);
    expect(demo.events[1]?.author.externalId).toBe('u-1');
    resolveNicks(index, 'thelounge', GROUP, [rename('a', 'b', T)]);
    expect(holderAt(index, 'converse', 'b', T + 10)).toBe('b');
  });

  it('follows the nick row of the captured The Lounge page: alice quit as alice_away, and that is alice leaving', () => {
    const document = new DOMParser().parseFromString(readFileSync(resolve('tests/fixtures/thelounge/2026-11-24.html'), 'utf8'), 'text/html');
    const rows = [...document.querySelectorAll(theloungeAdapter.rowSelector)].map((row) => theloungeAdapter.parseRow(row, { now: 0 }));
    const pageEvents = rows.flatMap((r) => (r.ok ? [r.event] : []));
    const { events } = resolveNicks(indexNickLinks([]), 'thelounge', GROUP, pageEvents);
    expect(events.filter((e) => e.kind === 'leave').map((e) => [e.author.externalId, e.author.name])).toEqual([
      ['bob', 'bob'],
      ['alice', 'alice_away'],
    ]);
    expect(new Set(events.filter((e) => e.author.externalId === 'alice').map((e) => e.kind))).toEqual(new Set(['join', 'message', 'rename', 'leave']));
  });
});
