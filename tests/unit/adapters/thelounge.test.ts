import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { theLoungeAdapter } from '../../../lib/adapters/thelounge';
import { parseLoungeTime } from '../../../lib/adapters/thelounge/parse';

// Captured by scripts/capture-fixtures.ts from The Lounge 4.5.2 (browser in UTC).
const FIXTURE = resolve('tests/fixtures/thelounge/2026-11-24');

function load(): Document {
  return new DOMParser().parseFromString(readFileSync(`${FIXTURE}.html`, 'utf8'), 'text/html');
}

function parseAll(document: Document) {
  const container = theLoungeAdapter.messageContainer(document);
  return {
    adapter: theLoungeAdapter.id,
    matches: theLoungeAdapter.matches(new URL('http://localhost/'), document),
    group: theLoungeAdapter.currentGroup(document),
    rows: [...(container?.querySelectorAll(theLoungeAdapter.rowSelector) ?? [])].map((row) => theLoungeAdapter.parseRow(row, { now: 0 })),
  };
}

describe('The Lounge adapter on a captured page', () => {
  // The Lounge prints local time only; the fixture was captured in UTC.
  const originalTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('parses the fixture exactly as recorded beside it', () => {
    const expected = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8'));
    expect(parseAll(load())).toEqual(expected);
  });

  it('reads the scripted conversation: messages, action, notice, staff, joins, rename, kick, leaves', () => {
    const { group, rows } = parseAll(load());
    expect(group).toEqual({ externalId: 'GroupSteward Test/#test', title: '#test' });
    const events = rows.flatMap((r) => (r.ok ? [r.event] : []));
    expect(events).toHaveLength(rows.length);
    const summary = events.map((e) => [e.kind, e.author.externalId, e.text, e.role]);
    expect(summary).toContainEqual(['message', 'alice', 'Hello <b>team</b> 你好，请问发货了吗？ 👋🏽', 'customer']);
    expect(summary).toContainEqual(['message', 'alice', 'waves 挥手', 'customer']);
    expect(summary).toContainEqual(['message', 'bob', 'a notice to the channel', 'customer']);
    expect(summary).toContainEqual(['message', 'steward', 'Welcome! 欢迎 — please read the rules', 'staff']);
    // The nick row (`data-type="nick"`, whatever the UI language): the new nick is the member's key from now on.
    expect(events.find((e) => e.kind === 'rename')).toMatchObject({ author: { externalId: 'alice' }, newName: 'alice_away', newExternalId: 'alice_away' });
    expect(events.find((e) => e.kind === 'kick')).toMatchObject({ author: { externalId: 'carol' } });
    expect(events.filter((e) => e.kind === 'leave').map((e) => e.author.externalId)).toEqual(['bob', 'alice_away']);
    expect(events.filter((e) => e.kind === 'join').map((e) => e.author.externalId)).toEqual(['steward', 'alice', 'bob', 'carol']);
    expect(new Set(events.map((e) => e.externalId)).size).toBe(events.length);
  });

  it("this browser's own rows are staff even without operator status; a kick row is the kicked member's", () => {
    const document = load();
    const own = document.getElementById('msg-24') as Element;
    // The same row without the @ the channel shows for an operator.
    const user = own.querySelector('.from .user') as Element;
    user.textContent = 'steward';
    expect(theLoungeAdapter.parseRow(own, { now: 0 })).toMatchObject({ ok: true, event: { role: 'staff', author: { externalId: 'steward' } } });
    own.classList.remove('self');
    expect(theLoungeAdapter.parseRow(own, { now: 0 })).toMatchObject({ ok: true, event: { role: 'customer' } });
    const kick = document.getElementById('msg-28') as Element;
    expect(kick.classList.contains('self')).toBe(true);
    expect(theLoungeAdapter.parseRow(kick, { now: 0 })).toMatchObject({ ok: true, event: { kind: 'kick', role: 'customer', author: { externalId: 'carol' } } });
  });

  it('reports the missing selector instead of throwing on a row it does not know', () => {
    const row = document.createElement('div');
    row.id = 'msg-1';
    row.setAttribute('data-type', 'message');
    expect(theLoungeAdapter.parseRow(row, { now: 0 })).toEqual({ ok: false, missed: 'time' });
    const noId = document.createElement('div');
    expect(theLoungeAdapter.parseRow(noId, { now: 0 })).toEqual({ ok: false, missed: 'row-id' });
  });

  it('parses The Lounge time label in local time and refuses other formats', () => {
    expect(parseLoungeTime('24 November 2026, 05:28:43')).toBe(Date.UTC(2026, 10, 24, 5, 28, 43));
    expect(parseLoungeTime('2026-11-24 05:28')).toBeNull();
    expect(parseLoungeTime('24 Smarch 2026, 05:28:43')).toBeNull();
  });

  it('does not claim other pages', () => {
    const other = new DOMParser().parseFromString('<div id="app"><div id="viewport"></div></div>', 'text/html');
    expect(theLoungeAdapter.matches(new URL('http://localhost/'), other)).toBe(false);
  });
});
