import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { converseAdapter } from '../../../lib/adapters/converse';

// Captured by scripts/capture-fixtures.ts from Converse.js 14 on Prosody 0.12.
const FIXTURE = resolve('tests/fixtures/converse/2026-11-24');

function load(): Document {
  return new DOMParser().parseFromString(readFileSync(`${FIXTURE}.html`, 'utf8'), 'text/html');
}

function parseAll(document: Document) {
  const container = converseAdapter.messageContainer(document);
  return {
    adapter: converseAdapter.id,
    matches: converseAdapter.matches(new URL('http://localhost/'), document),
    group: converseAdapter.currentGroup(document),
    rows: [...(container?.querySelectorAll(converseAdapter.rowSelector) ?? [])].map((row) => converseAdapter.parseRow(row, { now: 0 })),
  };
}

describe('Converse.js adapter on a captured page', () => {
  it('parses the fixture exactly as recorded beside it', () => {
    const expected = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8'));
    expect(parseAll(load())).toEqual(expected);
  });

  it('reads the scripted conversation with raw text, nicks, ISO times and the staff role', () => {
    const { group, rows } = parseAll(load());
    expect(group).toEqual({ externalId: 'support@conference.localhost', title: 'support' });
    const events = rows.flatMap((r) => (r.ok ? [r.event] : []));
    expect(events.map((e) => [e.externalId, e.author.externalId, e.role])).toEqual([
      ['Alice/fixture-1', 'Alice', 'customer'],
      ['Alice/fixture-2', 'Alice', 'customer'],
      ['Bob 客服/fixture-3', 'Bob 客服', 'customer'],
      ['Bob 客服/fixture-4', 'Bob 客服', 'customer'],
      [expect.stringMatching(/^Steward\//), 'Steward', 'staff'],
    ]);
    // The raw body, not the rendered one: markup as text, styling marks and newlines kept.
    expect(events[0]?.text).toBe('Hello <b>team</b> 你好，请问发货了吗？ 👋🏽 *styled*');
    expect(events[2]?.text).toBe('first line\n第二行 second line 🚀\n\n  indented');
    // A follow-up row has no visible <time>, but keeps its ISO time.
    expect(events.every((e) => Number.isInteger(e.ts) && e.ts > Date.UTC(2026, 0, 1))).toBe(true);
  });

  it('reports the missing selector instead of throwing on a row it does not know', () => {
    const row = document.createElement('div');
    row.className = 'message chat-msg';
    row.setAttribute('data-msgid', 'x');
    expect(converseAdapter.parseRow(row, { now: 0 })).toEqual({ ok: false, missed: 'author' });
    row.setAttribute('data-from', 'room@conference.localhost/Nick');
    expect(converseAdapter.parseRow(row, { now: 0 })).toEqual({ ok: false, missed: 'time' });
  });

  it('does not claim other pages', () => {
    const other = new DOMParser().parseFromString('<div id="app"></div>', 'text/html');
    expect(converseAdapter.matches(new URL('http://localhost/'), other)).toBe(false);
  });
});
