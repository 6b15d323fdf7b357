import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoAdapter } from '../../../lib/adapters/demo';
import { DEMO_SELECTORS } from '../../../lib/adapters/demo/selectors';
import type { GroupRef } from '../../../lib/adapters/types';
import type { ChatEvent } from '../../../lib/model';
import { mountDemoChat, renderRow } from '../reader/demo-dom';

const FIXTURES = join(import.meta.dirname, '../../fixtures/demo');
const FIXTURE = join(FIXTURES, '2026-11-24.html');
const EXPECTED = join(FIXTURES, '2026-11-24.expected.json');
const NOW = { now: Date.UTC(2026, 10, 24, 3, 0, 0) };

function loadFixture() {
  document.body.innerHTML = readFileSync(FIXTURE, 'utf8');
  return JSON.parse(readFileSync(EXPECTED, 'utf8')) as { group: GroupRef; events: ChatEvent[] };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('demo adapter on the 2026-11-24 snapshot', () => {
  it('recognises the page and the open group', () => {
    const expected = loadFixture();
    expect(demoAdapter.matches(new URL('http://127.0.0.1:5173/?group=g-service'), document)).toBe(true);
    expect(demoAdapter.currentGroup(document)).toEqual(expected.group);
    expect(demoAdapter.messageContainer(document)?.classList.contains('message-list')).toBe(true);
  });

  it('parses every row as the server recorded it', () => {
    const expected = loadFixture();
    const rows = [...document.querySelectorAll(demoAdapter.rowSelector)];
    expect(rows).toHaveLength(expected.events.length);
    const parsed = rows.map((row) => demoAdapter.parseRow(row, NOW));
    expect(parsed).toEqual(expected.events.map((event) => ({ ok: true, event })));
  });

  it('covers every kind of row the snapshot holds', () => {
    const { events } = loadFixture();
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['message', 'join', 'leave']));
    expect(new Set(events.map((e) => e.role))).toEqual(new Set(['staff', 'customer']));
  });

  it('keeps message text containing markup as text', () => {
    loadFixture();
    // The chat rendered the text as text; nothing in the snapshot became an element.
    expect(document.querySelector('img, b')).toBeNull();
    const row = document.querySelector('[data-msg-id="g-service-000025"]');
    if (!row) throw new Error('row missing');
    const result = demoAdapter.parseRow(row, NOW);
    expect(result).toMatchObject({ ok: true, event: { text: '<img src=x onerror=alert(1)> <b>看这里</b> & 5 < 6' } });
  });

  it('finds the author a click landed on: name, avatar or member list entry', () => {
    loadFixture();
    const row = document.querySelector('[data-msg-id="g-service-000018"]');
    const avatar = row?.querySelector('.avatar');
    const name = row?.querySelector('.author');
    const text = row?.querySelector('.text');
    if (!avatar || !name || !text) throw new Error('row parts missing');
    expect(demoAdapter.authorAt(avatar)).toEqual({ externalId: 'staff-lin', name: 'Lin (Support)' });
    expect(demoAdapter.authorAt(name)).toEqual({ externalId: 'staff-lin', name: 'Lin (Support)' });
    expect(demoAdapter.authorAt(text)).toBeNull();
    const member = document.querySelector('.member[data-user-id="u-zhou"]');
    if (!member) throw new Error('member missing');
    expect(demoAdapter.authorAt(member)).toEqual({ externalId: 'u-zhou', name: '周杰' });
  });

  it('lists the author elements of the rows for inline badges', () => {
    const { events } = loadFixture();
    const authors = demoAdapter.authorElements?.(document) ?? [];
    expect(authors.map((a) => a.author)).toEqual(events.map((e) => e.author));
    expect(authors.every((a) => a.element.matches(DEMO_SELECTORS.author))).toBe(true);
  });
});

describe('demo adapter on unknown or broken nodes', () => {
  const row = (html: string) => {
    const host = document.createElement('div');
    host.innerHTML = html.trim();
    const element = host.firstElementChild;
    if (!element) throw new Error('no element');
    return element;
  };
  const time = '<time datetime="2026-11-24T02:00:00.000Z">10:00</time>';
  const author = '<span class="author" data-user-id="u-chen">陈强</span>';

  it.each([
    ['an empty element', 'row-id', '<div></div>'],
    ['an svg', 'row-id', '<svg><circle r="2"></circle></svg>'],
    ['a row of an unknown kind', 'row-kind', `<div class="row" data-msg-id="m-1" data-kind="poll">${author}${time}</div>`],
    ['a row without kind', 'row-kind', `<div class="row" data-msg-id="m-1">${author}${time}</div>`],
    ['a row without author', 'author', `<div class="row msg" data-msg-id="m-1" data-kind="message"><div class="text">hi</div>${time}</div>`],
    ['an author without id', 'author', `<div class="row msg" data-msg-id="m-1" data-kind="message"><span class="author" data-user-id="">x</span>${time}<div class="text">hi</div></div>`],
    ['a row without time', 'time', `<div class="row msg" data-msg-id="m-1" data-kind="message">${author}<div class="text">hi</div></div>`],
    ['a row with a bad time', 'time', `<div class="row msg" data-msg-id="m-1" data-kind="message">${author}<time datetime="yesterday">?</time><div class="text">hi</div></div>`],
    ['a message without text', 'text', `<div class="row msg" data-msg-id="m-1" data-kind="message">${author}${time}</div>`],
  ])('%s gives {ok: false, missed: %s}', (_label, missed, html) => {
    const element = row(html);
    expect(() => demoAdapter.parseRow(element, NOW)).not.toThrow();
    expect(demoAdapter.parseRow(element, NOW)).toEqual({ ok: false, missed });
  });

  it('cuts an author name too long to store (with an ellipsis) instead of dropping the row (issue #11, finding 6)', () => {
    const element = row(`<div class="row system" data-msg-id="m-1" data-kind="join"><span class="author" data-user-id="u-x">${'名'.repeat(201)}</span>${time}</div>`);
    const parsed = demoAdapter.parseRow(element, NOW);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event.author.name).toHaveLength(200);
    expect(parsed.event.author.name.endsWith('名…')).toBe(true);
  });

  it('never puts message text in what it reports', () => {
    const element = row(`<div class="row msg" data-msg-id="m-1" data-kind="message"><div class="text">机密内容</div>${time}</div>`);
    expect(JSON.stringify(demoAdapter.parseRow(element, NOW))).not.toContain('机密');
  });

  it('answers null for a page without the demo chat', () => {
    document.body.innerHTML = '<main><h1>Some other site</h1><textarea></textarea></main>';
    expect(demoAdapter.matches(new URL('https://example.com/'), document)).toBe(false);
    expect(demoAdapter.currentGroup(document)).toBeNull();
    expect(demoAdapter.messageContainer(document)).toBeNull();
    expect(demoAdapter.composer(document)).toBeNull();
    expect(demoAdapter.insertText(document, 'hello')).toEqual({ ok: false, missed: 'composer' });
    expect(demoAdapter.authorAt(document.body)).toBeNull();
    expect(demoAdapter.authorElements?.(document)).toEqual([]);
  });

  it('answers no group while the chat has no group id yet', () => {
    const { chat } = mountDemoChat(document, { id: 'g-service', title: 'x' });
    chat?.removeAttribute('data-group-id');
    expect(demoAdapter.currentGroup(document)).toBeNull();
  });

  it('reads a system row rendered by the demo markup', () => {
    const system = renderRow(document, { id: 'g-1', kind: 'kick', userId: 'u-spam', name: 'Mike88', ts: Date.UTC(2026, 10, 24) });
    expect(demoAdapter.parseRow(system, NOW)).toEqual({
      ok: true,
      event: { externalId: 'g-1', kind: 'kick', author: { externalId: 'u-spam', name: 'Mike88' }, role: 'customer', text: '', ts: Date.UTC(2026, 10, 24) },
    });
  });
});

describe('demo adapter insertText', () => {
  it('fills the composer and fires input, so the page sees the change', () => {
    loadFixture();
    const composer = demoAdapter.composer(document);
    if (!(composer instanceof HTMLTextAreaElement)) throw new Error('composer is not a textarea');
    const inputs: InputEvent[] = [];
    document.addEventListener('input', (event) => inputs.push(event as InputEvent));

    expect(demoAdapter.insertText(document, '您好，请私信我卡号后四位。')).toEqual({ ok: true, method: 'native-setter' });
    expect(composer.value).toBe('您好，请私信我卡号后四位。');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.target).toBe(composer);
    expect(inputs[0]?.data).toBe('您好，请私信我卡号后四位。');
    expect(document.activeElement).toBe(composer);
  });

  it('inserts at the caret, replacing the selection, and leaves the caret after the text', () => {
    loadFixture();
    const composer = demoAdapter.composer(document) as HTMLTextAreaElement;
    composer.value = '@陈强 XXX 谢谢';
    composer.setSelectionRange(4, 7);
    demoAdapter.insertText(document, '请稍等');
    expect(composer.value).toBe('@陈强 请稍等 谢谢');
    expect(composer.selectionStart).toBe(7);
    expect(composer.selectionEnd).toBe(7);
  });

  it('puts markup in as plain text, never as elements', () => {
    loadFixture();
    const composer = demoAdapter.composer(document) as HTMLTextAreaElement;
    demoAdapter.insertText(document, '<img src=x onerror=alert(1)>');
    expect(composer.value).toBe('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
  });
});
