import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createProfileAdapter,
  formatProfileError,
  parseSiteProfile,
  parseSiteProfileJson,
  parseTimeValue,
  type SiteProfile,
  type SiteProfileInput,
  testProfile,
} from '../../../lib/adapters/profile';
import type { ChatEvent } from '../../../lib/model';
import { startReader, type ReaderBatch, type ReaderStatus } from '../../../lib/reader/reader';

const FIXTURE_DIR = resolve('tests/fixtures/profile-chat');
const HTML = readFileSync(resolve(FIXTURE_DIR, '2026-11-24.html'), 'utf8');
const PROFILE_INPUT = JSON.parse(readFileSync(resolve(FIXTURE_DIR, 'profile.json'), 'utf8')) as SiteProfileInput;
const EXPECTED = JSON.parse(readFileSync(resolve(FIXTURE_DIR, '2026-11-24.expected.json'), 'utf8')) as {
  group: { externalId: string; title: string };
  events: ChatEvent[];
};
const NOW = Date.parse('2026-11-24T12:00:00Z');

const page = () => new DOMParser().parseFromString(HTML, 'text/html');
const clone = <T>(value: T): T => structuredClone(value);

function profileWith(change: (input: SiteProfileInput & { selectors: Record<string, unknown> }) => void): SiteProfile {
  const input = clone(PROFILE_INPUT) as SiteProfileInput & { selectors: Record<string, unknown> };
  change(input);
  const parsed = parseSiteProfile(input);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatProfileError).join('; '));
  return parsed.profile;
}
const PROFILE = profileWith(() => {});

function errorsOf(input: unknown): string[] {
  const parsed = parseSiteProfile(input);
  return parsed.ok ? [] : parsed.errors.map(formatProfileError);
}

function parseAll(profile: SiteProfile, doc: Document) {
  const adapter = createProfileAdapter(profile);
  const container = adapter.messageContainer(doc);
  return [...(container?.querySelectorAll(adapter.rowSelector) ?? [])].map((row) => adapter.parseRow(row, { now: NOW }));
}

describe('SiteProfileSchema', () => {
  it('accepts the fixture profile and normalises single selectors to lists', () => {
    expect(PROFILE.selectors.row).toEqual(['li.entry']);
    expect(PROFILE.selectors.id).toHaveLength(2);
    expect(PROFILE.selectors.group?.id).toEqual([{ selector: ['.room-head'], attribute: 'data-room' }]);
  });

  it('names the field of an invalid selector, including the fallback that is wrong', () => {
    expect(errorsOf({ ...PROFILE_INPUT, selectors: { ...PROFILE_INPUT.selectors, row: 'li.entry[' } })).toEqual([
      'selectors.row: must be a valid CSS selector',
    ]);
    expect(errorsOf({ ...PROFILE_INPUT, selectors: { ...PROFILE_INPUT.selectors, text: ['p.said', '..body'] } })).toEqual([
      'selectors.text.1: must be a valid CSS selector',
    ]);
    const author = { selector: 'b.who >', keyAttribute: 'data-uid' };
    expect(errorsOf({ ...PROFILE_INPUT, selectors: { ...PROFILE_INPUT.selectors, author } })).toEqual([
      'selectors.author.selector: must be a valid CSS selector',
    ]);
  });

  it('names missing, mistyped and unknown fields', () => {
    const { text: _text, ...withoutText } = PROFILE_INPUT.selectors;
    expect(errorsOf({ ...PROFILE_INPUT, selectors: withoutText })).toEqual([expect.stringMatching(/^selectors\.text: /)]);
    expect(errorsOf({ ...PROFILE_INPUT, selectors: { ...PROFILE_INPUT.selectors, rows: 'li' } })).toEqual(['selectors.rows: is not a known field']);
    expect(errorsOf({ ...PROFILE_INPUT, id: 'Parley Chat!' })).toEqual([expect.stringMatching(/^id: site id must be lowercase/)]);
    expect(errorsOf({ ...PROFILE_INPUT, matches: ['chat.example.com'] })).toEqual([
      'matches.0: must be a match pattern like https://chat.example.com/*',
    ]);
    expect(errorsOf({ ...PROFILE_INPUT, selectors: { ...PROFILE_INPUT.selectors, system: [{ selector: '.x', kind: 'ban' }] } })).toEqual([
      'selectors.system.0.kind: must be one of join, leave, kick, rename',
    ]);
    expect(errorsOf({ ...PROFILE_INPUT, selectors: { ...PROFILE_INPUT.selectors, time: { selector: '.stamp', attribute: 'data time' } } })).toEqual([
      expect.stringMatching(/^selectors\.time\.attribute: must be an attribute name/),
    ]);
  });

  it('reports JSON syntax errors without a field', () => {
    const parsed = parseSiteProfileJson('{"id": "x",');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ field: '', message: expect.stringContaining('not valid JSON') });
    expect(parseSiteProfileJson(JSON.stringify(PROFILE_INPUT)).ok).toBe(true);
  });
});

describe('createProfileAdapter', () => {
  it('identifies itself from the profile and matches its URL patterns (any port when none is given)', () => {
    const adapter = createProfileAdapter(PROFILE);
    expect(adapter).toMatchObject({ id: 'profile-parley', label: 'Parley chat', verified: false, rowSelector: 'li.entry' });
    const doc = page();
    expect(adapter.matches(new URL('https://chat.parley.example/rooms/1?x=2'), doc)).toBe(true);
    expect(adapter.matches(new URL('http://127.0.0.1:43210/'), doc)).toBe(true);
    expect(adapter.matches(new URL('https://parley.example/'), doc)).toBe(false);
    expect(adapter.matches(new URL('http://chat.parley.example/'), doc)).toBe(false);
  });

  it('parses every row of the fixture page into the expected events and finds the group', () => {
    const doc = page();
    const adapter = createProfileAdapter(PROFILE);
    expect(adapter.currentGroup(doc)).toEqual(EXPECTED.group);
    const results = parseAll(PROFILE, doc);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => (r.ok ? r.event : null))).toEqual(EXPECTED.events);
  });

  it('uses the fallbacks when the first selector misses', () => {
    const report = testProfile(PROFILE, page(), { now: NOW });
    // Two rows are in the older markup: their id, author, time and text come from fallbacks.
    expect(report.fallbacks).toEqual({ 'selectors.id': 2, 'selectors.author': 2, 'selectors.time': 2, 'selectors.text': 2 });
    const doc = page();
    doc.querySelector('#timeline')?.removeAttribute('id');
    const adapter = createProfileAdapter(PROFILE);
    expect(adapter.messageContainer(doc)?.className).toBe('timeline');
    expect(parseAll(PROFILE, doc).filter((r) => r.ok)).toHaveLength(10);
  });

  it('reports the selector key that missed, never the text', () => {
    const noAuthor = profileWith((p) => {
      p.selectors.author = { selector: ['b.writer'], keyAttribute: 'data-uid' };
    });
    const results = parseAll(noAuthor, page());
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ ok: false, missed: 'selectors.author' })));

    const doc = page();
    doc.querySelector('[data-entry-key="e-1001"] .stamp')?.removeAttribute('title');
    doc.querySelector('[data-entry-key="e-1002"] .stamp')?.setAttribute('title', 'sometime');
    doc.querySelector('[data-entry-key="e-1004"] p.said')?.remove();
    doc.querySelector('[data-entry-key="e-1007"] b.who')?.removeAttribute('data-uid');
    doc.querySelector('a.permalink')?.remove();
    const report = testProfile(PROFILE, doc, { now: NOW });
    expect(report).toMatchObject({ rows: 10, parsed: 5 });
    expect(report.misses).toEqual({
      'selectors.time.attribute': 1,
      'selectors.time.format': 1,
      'selectors.text': 1,
      'selectors.author.keyAttribute': 1,
      'selectors.id': 1,
    });
    expect(JSON.stringify(report.misses)).not.toMatch(/order|Lena|退款/);
  });

  it('does not read a message whose text is still empty (its body renders later), and reads it once filled', () => {
    const doc = page();
    const said = doc.querySelector('[data-entry-key="e-1001"] p.said') as Element;
    const text = said.textContent;
    said.textContent = '   ';
    const adapter = createProfileAdapter(PROFILE);
    const row = doc.querySelector('[data-entry-key="e-1001"]') as Element;
    expect(adapter.parseRow(row, { now: NOW })).toEqual({ ok: false, missed: 'selectors.text' });
    said.textContent = text;
    expect(adapter.parseRow(row, { now: NOW })).toMatchObject({ ok: true, event: { text: text?.trim() } });
  });

  it('never throws on unknown nodes', () => {
    const adapter = createProfileAdapter(PROFILE);
    const doc = page();
    for (const node of [doc.createElement('span'), doc.createElement('li'), doc.body, doc.documentElement]) {
      expect(adapter.parseRow(node, { now: NOW }).ok).toBe(false);
      expect(() => adapter.authorAt(node)).not.toThrow();
    }
    expect(adapter.currentGroup(new DOMParser().parseFromString('<p>x</p>', 'text/html'))).toBeNull();
    // A stored profile that skipped validation can only miss.
    const broken = { ...PROFILE, selectors: { ...PROFILE.selectors, text: ['p[['] } } as SiteProfile;
    expect(createProfileAdapter(broken).parseRow(doc.querySelector('li.entry') as Element, { now: NOW })).toEqual({
      ok: false,
      missed: 'selectors.text',
    });
  });

  it('hashes a stable id from author, time and text when the site shows none', () => {
    const noIds = profileWith((p) => {
      delete p.selectors.id;
    });
    const first = parseAll(noIds, page()).map((r) => (r.ok ? r.event.externalId : ''));
    const again = parseAll(noIds, page()).map((r) => (r.ok ? r.event.externalId : ''));
    expect(first.every((id) => /^h-[0-9a-z]+$/.test(id))).toBe(true);
    expect(new Set(first).size).toBe(10);
    expect(again).toEqual(first);
  });

  it('finds the author a click landed on, in both markups', () => {
    const doc = page();
    const adapter = createProfileAdapter(PROFILE);
    expect(adapter.authorAt(doc.querySelector('[data-entry-key="e-1004"] b.who') as Element)).toEqual({ externalId: 'u-200', name: '陈小明' });
    expect(adapter.authorAt(doc.querySelector('span.nick') as Element)).toEqual({ externalId: 'u-100', name: 'Lena Fischer' });
    expect(adapter.authorAt(doc.querySelector('p.said') as Element)).toBeNull();
    expect(adapter.authorElements?.(doc)).toHaveLength(10);
  });

  it('puts text into a contenteditable composer, and names the composer key when there is none', () => {
    document.body.innerHTML = page().body.innerHTML;
    const adapter = createProfileAdapter(PROFILE);
    const editor = adapter.composer(document) as HTMLElement;
    expect(editor.className).toBe('editor');
    // Rich editors handle beforeinput themselves and cancel it.
    editor.addEventListener('beforeinput', (event) => {
      event.preventDefault();
      editor.textContent += (event as InputEvent).data ?? '';
    });
    expect(adapter.insertText(document, 'Your case number is 88.')).toEqual({ ok: true, method: 'beforeinput' });
    expect(editor.textContent).toBe('Your case number is 88.');

    const noComposer = profileWith((p) => {
      p.selectors.composer = '.no-such-editor';
    });
    expect(createProfileAdapter(noComposer).insertText(document, 'x')).toEqual({ ok: false, missed: 'selectors.composer' });
    document.body.innerHTML = '';
  });

  it('takes the group from the URL when the profile says so, and the page path by default', () => {
    const doc = document.implementation.createHTMLDocument();
    doc.title = 'Room 7';
    const url = new URL('https://chat.parley.example/rooms/r-7/?tab=chat#/thread/9');
    Object.defineProperty(doc, 'URL', { value: url.href });
    const fromPath = profileWith((p) => {
      p.selectors.group = { id: { urlPath: -1 } };
    });
    expect(createProfileAdapter(fromPath).currentGroup(doc)).toEqual({ externalId: 'r-7', title: 'Room 7' });
    const fromQuery = profileWith((p) => {
      p.selectors.group = { id: [{ urlQuery: 'room' }, { urlHash: true }] };
    });
    expect(createProfileAdapter(fromQuery).currentGroup(doc)).toEqual({ externalId: '/thread/9', title: 'Room 7' });
    const byDefault = profileWith((p) => {
      delete p.selectors.group;
    });
    expect(createProfileAdapter(byDefault).currentGroup(doc)).toEqual({ externalId: '/rooms/r-7/', title: 'Room 7' });
  });
});

describe('parseTimeValue', () => {
  it('reads epoch seconds and milliseconds, ISO strings and bare clock times', () => {
    expect(parseTimeValue('1795510980', NOW)).toBe(1795510980000);
    expect(parseTimeValue('1795510980000', NOW)).toBe(1795510980000);
    expect(parseTimeValue('2026-11-24T09:03:00Z', NOW)).toBe(1795510980000);
    const now = new Date(2026, 10, 24, 12, 0).getTime();
    expect(parseTimeValue('09:30', now)).toBe(new Date(2026, 10, 24, 9, 30).getTime());
    expect(parseTimeValue('2:05 PM', now)).toBe(new Date(2026, 10, 23, 14, 5).getTime());
    expect(parseTimeValue('yesterday-ish', now)).toBeNull();
    expect(parseTimeValue('25:00', now)).toBeNull();
  });
});

describe('the reader with a profile adapter', () => {
  it('reads each row once and reports a broken selector by its key', async () => {
    const load = () => {
      document.body.innerHTML = page().body.innerHTML;
    };
    const run = (profile: SiteProfile) => {
      const batches: ReaderBatch[] = [];
      const statuses: ReaderStatus[] = [];
      const controller = new AbortController();
      const reader = startReader({
        adapter: createProfileAdapter(profile),
        root: document,
        signal: controller.signal,
        now: () => NOW,
        batchDelayMs: 0,
        send: async (batch) => {
          batches.push(batch);
        },
        onStatus: (status) => statuses.push(status),
      });
      return { batches, statuses, reader, controller };
    };

    load();
    const good = run(PROFILE);
    good.reader.flush();
    await Promise.resolve();
    expect(good.batches.flatMap((b) => b.events)).toEqual(EXPECTED.events);
    expect(good.reader.status().health).toMatchObject({ state: 'ok', rowsSeen: 10, rowsParsed: 10 });
    good.controller.abort();

    load();
    const bad = run(profileWith((p) => {
      p.selectors.time = { selector: '.when', attribute: 'title' };
    }));
    expect(bad.reader.status().health).toMatchObject({ state: 'broken', misses: { 'selectors.time': 10 } });
    bad.controller.abort();
    document.body.innerHTML = '';
  });
});
