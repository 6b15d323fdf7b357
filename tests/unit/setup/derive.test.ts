import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setUp } from './clicks';
import { parseSiteProfile } from '../../../lib/adapters/profile/schema';
import { isStableClass, lastCompound, mergeSelectors, pickFor, type SetupStep, stablePrefix, stepForMiss } from '../../../lib/setup/derive';
import { draftFromProfile, profileIdFor, reviewDraft } from '../../../lib/setup/review';

const KESTREL = readFileSync(resolve('tests/fixtures/messenger/2026-11-28.html'), 'utf8');
const NOW = Date.parse('2026-11-28T12:00:00Z');
const URL_KESTREL = new URL('http://127.0.0.1:4321/chat/vip');

function load(html: string): Document {
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
  return document;
}

/** The Kestrel fixture's hashed class of an element, as a test would click it. */
const byText = (doc: Document, selector: string, text: string) => [...doc.querySelectorAll(selector)].find((el) => el.textContent?.includes(text)) ?? null;

describe('class names', () => {
  it('tells written names from build hashes', () => {
    for (const name of ['msg', 'message-row', 'chat-msg__author', 'content', 'messageRow']) expect(isStableClass(name), name).toBe(true);
    for (const name of ['x1o0h8xq', '_3Ki9q', 'css-1q2w3e', 'sc-bdVaJa', 'kQzPfLxW', 'xkqzpfl', 'active', 'is-selected', 'color-12']) expect(isStableClass(name), name).toBe(false);
  });
});

describe('point-and-click setup on a messenger with hashed classes', () => {
  const steps = (doc: Document): Array<[SetupStep, () => Element | null]> => [
    ['row', () => byText(doc, '[role=row] span', 'VIP session')],
    ['author', () => byText(doc, '[role=row] span[data-uid]', 'Ben Carter')],
    ['text', () => byText(doc, '[role=row] span', 'VIP session')],
    ['composer', () => doc.getElementById('composer')],
  ];

  it('derives selectors without hashed classes or positions, from one example row', () => {
    const doc = load(KESTREL);
    const draft = setUp(doc, steps(doc));
    const all = JSON.stringify(draft);
    expect(all).not.toMatch(/\.x[0-9a-z]{5,}/);
    expect(all).not.toContain('nth-');
    expect(draft.row).toEqual(['div[role="row"]']);
    expect(draft.container).toEqual(['#list']);
    expect(draft.id).toEqual([{ attribute: 'data-mid' }]);
    expect(draft.time).toEqual({ selector: ['time[datetime]'], attribute: ['datetime'] });
    expect(draft.author).toEqual({ selector: ['[data-qa="author-name"]'], keyAttribute: ['data-uid'], inherit: true });
    expect(draft.text).toEqual(['div[dir="auto"]']);
    expect(draft.composer).toEqual(['#composer']);
  });

  it('reads every row, continuation rows take the previous author, emoji images keep their alt', () => {
    const doc = load(KESTREL);
    const review = reviewDraft(setUp(doc, steps(doc)), doc, URL_KESTREL, NOW);
    expect(review.problems).toEqual([]);
    expect(review.ok).toBe(true);
    const rows = doc.querySelectorAll('[role=row]').length;
    expect(review).toMatchObject({ rows, parsed: rows, authors: 4 });
    expect(review.preview.map((p) => `${p.author}: ${p.text}`)).toEqual([
      'Ben Carter: Is the VIP session still on Friday?',
      'Ben Carter: Thanks 👍',
      'Ben Carter: See you there',
      '客服小王: 周五下午三点，欢迎参加！',
      'Mei Tan: Good morning everyone',
    ]);
    expect(review.profile).toMatchObject({ id: '127-0-0-1-4321', matches: ['http://127.0.0.1:4321/*'] });
    expect(parseSiteProfile(review.profile).ok).toBe(true);
  });

  it('gives a hint for the page body and the composer, and for a click outside any row', () => {
    const doc = load(KESTREL);
    expect(pickFor('row', doc.body, {}, doc)).toEqual({ ok: false, hint: 'body' });
    expect(pickFor('row', doc.getElementById('list') as Element, {}, doc)).toEqual({ ok: false, hint: 'body' });
    expect(pickFor('row', doc.getElementById('composer') as Element, {}, doc)).toEqual({ ok: false, hint: 'composer-not-row' });
    const draft = setUp(doc, steps(doc).slice(0, 1));
    expect(pickFor('author', doc.querySelector('header') as Element, draft, doc)).toEqual({ ok: false, hint: 'outside-row' });
    expect(pickFor('composer', doc.querySelector('header') as Element, draft, doc)).toEqual({ ok: false, hint: 'not-a-composer' });
    expect(pickFor('send', doc.querySelector('header') as Element, draft, doc)).toEqual({ ok: false, hint: 'not-a-button' });
  });

  it('does not throw when the clicked element left the page (the list re-rendered)', () => {
    const doc = load(KESTREL);
    const row = doc.querySelector('[role=row] span') as Element;
    row.closest('[data-index]')?.remove();
    expect(pickFor('row', row, {}, doc)).toEqual({ ok: false, hint: 'gone' });
  });

  it('refuses a profile whose author selector catches more than one name per row, and one that reads no rows', () => {
    const doc = load(KESTREL);
    const draft = setUp(doc, steps(doc));
    // A quoted reply shows another member's name with the same marker.
    const quoted = doc.createElement('span');
    quoted.setAttribute('data-qa', 'author-name');
    quoted.textContent = 'Mei Tan';
    doc.querySelector('[role=row] [data-qa="author-name"]')?.parentElement?.append(quoted);
    const mixed = reviewDraft(draft, doc, URL_KESTREL, NOW);
    expect(mixed.ok).toBe(false);
    expect(mixed.problems).toContainEqual({ key: 'mixed-authors', rows: 1 });

    const none = reviewDraft({ ...draft, row: ['[role="listitem"]'] }, doc, URL_KESTREL, NOW);
    expect(none.ok).toBe(false);
    expect(none.problems).toContainEqual({ key: 'no-rows' });
  });

  it('refuses the author as text', () => {
    const doc = load(KESTREL);
    const draft = setUp(doc, steps(doc).slice(0, 2));
    expect(pickFor('text', byText(doc, '[role=row] span[data-uid]', 'Ben Carter') as Element, draft, doc)).toEqual({ ok: false, hint: 'author-is-text' });
  });

  it('after a deploy, re-picking the author puts the new selector first and keeps the old one as a fallback', () => {
    const doc = load(KESTREL);
    const review = reviewDraft(setUp(doc, steps(doc)), doc, URL_KESTREL, NOW);
    const saved = parseSiteProfile(review.profile);
    if (!saved.ok) throw new Error('not saved');
    for (const el of doc.querySelectorAll('[data-qa="author-name"]')) el.setAttribute('data-qa', 'msg-sender');
    const broken = reviewDraft(draftFromProfile(saved.profile), doc, URL_KESTREL, NOW, saved.profile);
    expect(broken.ok).toBe(false);
    expect(broken.problems).toContainEqual({ key: 'none-read', missed: 'selectors.author' });
    expect(stepForMiss('selectors.author')).toBe('author');

    const repaired = pickFor('author', byText(doc, '[role=row] span[data-uid]', 'Mei Tan') as Element, draftFromProfile(saved.profile), doc);
    if (!repaired.ok) throw new Error(repaired.hint);
    expect(repaired.draft.author?.selector).toEqual(['[data-qa="msg-sender"]', '[data-qa="author-name"]']);
    const fixed = reviewDraft(repaired.draft, doc, URL_KESTREL, NOW, saved.profile);
    expect(fixed.ok).toBe(true);
    expect(fixed.profile?.id).toBe(saved.profile.id);
  });
});

describe('a chat with readable classes and ids per row (The Lounge-like)', () => {
  const html = `<div id="chat"><div class="messages">
    ${['alice', 'bob', 'alice', 'carol']
      .map(
        (nick, i) =>
          `<div id="msg-${i + 10}" class="msg" data-type="message"><span class="time" aria-label="2026-11-28 09:1${i}">09:1${i}</span><span class="from"><span role="button" class="user color-${i}" data-name="${nick}">${nick}</span></span><span class="content">hello ${i} <a href="#">link</a></span></div>`,
      )
      .join('')}
    <div class="date-marker-container"><div class="date-marker">Today</div></div>
  </div></div><form><textarea id="input"></textarea><button type="submit" id="submit">Send</button></form>`;

  it('uses the readable class, the row id and the nick attribute', () => {
    const doc = load(`<html><body>${html}</body></html>`);
    const draft = setUp(doc, [
      ['row', () => doc.querySelector('#msg-11 .content')],
      ['author', () => doc.querySelector('#msg-11 .user')],
      ['text', () => doc.querySelector('#msg-11 .content a')],
      ['composer', () => doc.getElementById('input')],
      ['send', () => doc.getElementById('submit')],
    ]);
    expect(draft.row).toEqual(['[data-type="message"]']);
    expect(draft.id).toEqual([{ attribute: 'id' }]);
    expect(draft.author?.keyAttribute).toEqual(['data-name']);
    expect(draft.author?.inherit).toBeUndefined();
    expect(draft.text).toEqual(['span.content']);
    expect(draft.send).toEqual(['#submit']);
    const review = reviewDraft(draft, doc, new URL('http://localhost:9000/'), NOW);
    expect(review).toMatchObject({ ok: true, rows: 4, parsed: 4, authors: 3 });
    expect(review.preview[0]).toEqual({ author: 'alice', text: 'hello 0 link' });
  });
});

describe('the real clients, from their captured DOM', () => {
  const LOUNGE = readFileSync(resolve('tests/fixtures/thelounge/2026-11-24.html'), 'utf8');
  const CONVERSE = readFileSync(resolve('tests/fixtures/converse/2026-11-24.html'), 'utf8');
  const row = (doc: Document, selector: string, text: string) => [...doc.querySelectorAll(selector)].find((el) => el.textContent?.includes(text)) ?? null;

  it('The Lounge: rows by their kind, not by the author shown in them; every author read', () => {
    const doc = load(LOUNGE);
    const message = row(doc, '.msg[data-type="message"]', 'Hello team') ?? row(doc, '.msg[data-type="message"]', '') as Element;
    const draft = setUp(doc, [
      ['row', () => message.querySelector('.content')],
      ['author', () => message.querySelector('.from .user')],
      ['text', () => message.querySelector('.content')],
      ['composer', () => doc.getElementById('input')],
    ]);
    // `data-from="alice"` and `data-name="alice"` name one person: never the row or the author.
    expect(JSON.stringify(draft)).not.toMatch(/data-(from|name)="/);
    expect(draft.row).toEqual(['[data-type="message"]']);
    expect(draft.author?.keyAttribute).toEqual(['data-name']);
    const review = reviewDraft(draft, doc, new URL('http://127.0.0.1:9000/'), NOW);
    expect(review.problems).toEqual([]);
    const messageRows = doc.querySelectorAll('#chat .msg[data-type="message"]').length;
    const authors = new Set([...doc.querySelectorAll('#chat .msg[data-type="message"] .from .user')].map((el) => el.textContent));
    expect(review).toMatchObject({ ok: true, rows: messageRows, parsed: messageRows, authors: authors.size });
    expect(authors.size).toBeGreaterThan(1);
  });

  it('Converse.js: the row by its message id, the follow-up rows take the earlier author', () => {
    const doc = load(CONVERSE);
    const message = row(doc, '.chat-msg', 'team') as Element;
    const draft = setUp(doc, [
      ['row', () => message.querySelector('.chat-msg__text')],
      ['author', () => message.querySelector('.chat-msg__author')],
      ['text', () => message.querySelector('.chat-msg__text')],
      ['composer', () => doc.querySelector('textarea.chat-textarea')],
    ]);
    expect(draft.row).toEqual(['div[data-msgid]']);
    expect(draft.id).toEqual([{ attribute: 'data-msgid' }]);
    expect(draft.author?.inherit).toBe(true);
    const review = reviewDraft(draft, doc, new URL('http://localhost:9000/'), NOW);
    expect(review.problems).toEqual([]);
    const rows = doc.querySelectorAll('div[data-msgid]').length;
    expect(review).toMatchObject({ ok: true, rows, parsed: rows });
  });
});

describe('helpers', () => {
  it('merges selectors newest first without duplicates, at most ten', () => {
    expect(mergeSelectors('a', ['b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
    expect(mergeSelectors('z', Array.from({ length: 12 }, (_, i) => `s${i}`))).toHaveLength(10);
  });
  it('keeps the word before a number in generated ids, nothing else', () => {
    expect(stablePrefix('chat-messages-1180-9001')).toBe('chat-messages-');
    expect(stablePrefix('message-content-9001')).toBe('message-content-');
    expect(stablePrefix('msg_7189')).toBe('msg_');
    for (const value of ['message-content', 'false_120363@g.us', 'a-1', '1180-9001', '$a1b3:example.org']) expect(stablePrefix(value), value).toBeNull();
  });
  it('takes the last compound of a selector, brackets and :has() included', () => {
    expect(lastCompound('tbody > tr')).toBe('tr');
    expect(lastCompound('div[role="row"]')).toBe('div[role="row"]');
    expect(lastCompound('#list div[data-x="a b"]:has(span.t > b)')).toBe('div[data-x="a b"]:has(span.t > b)');
  });
  it('names profiles after host and port', () => {
    expect(profileIdFor(new URL('https://chat.example.com/x'))).toBe('chat-example-com');
    expect(profileIdFor(new URL('http://127.0.0.1:8080/'))).toBe('127-0-0-1-8080');
  });
});
