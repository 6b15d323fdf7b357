import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { converseAdapter } from '../../../lib/adapters/converse';
import { createRosterWatcher } from '../../../lib/reader/roster';

// Captured from Converse.js 14 on Prosody 0.12 (the e2e servers): the room before and after
// the occupant "Aliceen" took the nick "Renameden".
const load = (name: 'before' | 'after') => new DOMParser().parseFromString(readFileSync(resolve(`tests/fixtures/converse/2026-11-29-nick-${name}.html`), 'utf8'), 'text/html');

describe('Converse.js nick changes, read from the occupant list', () => {
  it('lists occupants with the occupant id Converse keeps across the nick change', () => {
    const before = converseAdapter.members?.(load('before'));
    const after = converseAdapter.members?.(load('after'));
    expect(before?.map((m) => m.externalId)).toEqual(['Steward', 'Aliceen']);
    expect(after?.map((m) => m.externalId)).toEqual(['Steward', 'Renameden']);
    expect(after?.map((m) => m.presenceId)).toEqual(before?.map((m) => m.presenceId));
    expect(new Set(after?.map((m) => m.presenceId)).size).toBe(2);
  });

  it('turns the change into one rename (old nick → new nick), not a leave and a join', () => {
    let now = 1_000;
    const roster = createRosterWatcher({ settleMs: 10, now: () => now });
    roster.reset();
    roster.update(converseAdapter.members?.(load('before')) ?? null);
    now = 5_000;
    const events = roster.update(converseAdapter.members?.(load('after')) ?? null, () => false);
    expect(events.map((e) => [e.kind, e.author.externalId, e.newExternalId])).toEqual([['rename', 'Aliceen', 'Renameden']]);
  });

  it("the info row Converse writes says nothing structural (no nick, untranslated template), and is not a message row", () => {
    const after = load('after');
    const info = [...after.querySelectorAll('.message.chat-info converse-texture')].at(-1);
    expect(info?.getAttribute('text')).toBe('Your nickname has been changed to %1$s');
    // The old message row keeps the old nick in data-from while showing the new one.
    const row = after.querySelector(converseAdapter.rowSelector) as Element;
    const parsed = converseAdapter.parseRow(row, { now: 0 });
    expect(parsed).toMatchObject({ ok: true, event: { author: { externalId: 'Aliceen', name: 'Renameden' } } });
    expect([...after.querySelectorAll(converseAdapter.rowSelector)]).toHaveLength(1);
  });
});
