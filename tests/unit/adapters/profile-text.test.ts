import { describe, expect, it } from 'vitest';
import { createProfileAdapter, messageText, parseSiteProfile } from '../../../lib/adapters/profile';
import { reviewDraft } from '../../../lib/setup/review';
import { setUp } from '../setup/clicks';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const doc = (body: string) => new DOMParser().parseFromString(`<!doctype html><body>${body}</body>`, 'text/html');
const el = (html: string) => doc(html).body.firstElementChild as Element;

describe('messageText', () => {
  it('keeps lines apart, from <br> and from block elements, and reads no extra blank lines', () => {
    expect(messageText(el('<div>加我<br>vx123</div>'), null)).toBe('加我\nvx123');
    expect(messageText(el('<div>\n  <p>First line.</p>\n  <p>Second line.</p>\n</div>'), null).trim()).toBe('First line.\nSecond line.');
    expect(messageText(el('<div><div>a</div><div><br></div><div>b</div></div>'), null)).toBe('a\nb');
  });

  it('reads an inline-only body as it always did, emoji images by their alt', () => {
    expect(messageText(el('<span>hi <b>there</b> <img alt="😀"></span>'), null)).toBe('hi there 😀');
  });

  it('leaves out the time a chat draws inside the bubble, wherever it sits', () => {
    const bubble = el('<div class="text">Hello, is the shop open? <span class="time">12:34</span></div>');
    expect(messageText(bubble, bubble.querySelector('.time')).trim()).toBe('Hello, is the shop open?');
    // A time outside the body is none of its business.
    const row = el('<li><span class="time">12:34</span><div class="text">Hi</div></li>');
    expect(messageText(row.querySelector('.text') as Element, row.querySelector('.time'))).toBe('Hi');
  });
});

describe('a profile whose chat draws the time inside the text (Telegram-style)', () => {
  const parsed = parseSiteProfile({
    id: 'bubbles',
    name: 'Bubbles',
    matches: ['http://127.0.0.1/*'],
    selectors: {
      container: '.history',
      row: '.bubble',
      author: { selector: '.name' },
      text: '.message',
      time: { selector: '.message .time' },
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const adapter = createProfileAdapter(parsed.profile);
  const page = doc(`<div class="history">
    <div class="bubble"><span class="name">Ann</span><div class="message">Add me on vx<br>ann_8899 <span class="time">11:02</span></div></div>
  </div>`);
  const result = adapter.parseRow(page.querySelector('.bubble') as Element, { now: NOW });

  it('reads the body without the clock and with its lines apart, and still reads the time', () => {
    if (!result.ok) throw new Error(result.missed);
    expect(result.event.text).toBe('Add me on vx\nann_8899');
    expect(new Date(result.event.ts).getHours()).toBe(11);
  });

  it('keeps the id hash of earlier releases (built from the plain text), so a row read again after an update is not stored twice', () => {
    if (!result.ok) throw new Error(result.missed);
    // The id 0.1.0 stored for this row, when the clock was read as part of the text.
    expect(result.event.externalId).toBe(EARLIER_ID);
  });
});

// 0.1.0 read this row as "Add me on vxann_8899 11:02" and stored it under this id.
const EARLIER_ID = 'h-3y6kytx5sw';

describe('setting up a chat that draws the time inside the bubble', () => {
  it('finds the clock by itself, and the saved profile reads bodies without it, lines apart', () => {
    const chat = doc(`<main><div class="history">
      <div class="bubble" data-mid="101"><span class="name">Ann</span><div class="message">Is the shop open on Sunday? <span class="time">11:02</span></div></div>
      <div class="bubble" data-mid="102"><span class="name">Bo</span><div class="message">Yes, 10 to 6.<br>Closed on holidays. <span class="time">11:04</span></div></div>
      <div class="bubble" data-mid="103"><span class="name">Cy</span><div class="message">加我 vx<br>cy_2024 <span class="time">11:05</span></div></div>
    </div><div contenteditable="true" class="input"></div></main>`);
    const rows = [...chat.querySelectorAll('.bubble')];
    const draft = setUp(chat, [
      ['row', () => rows[1] ?? null],
      ['author', () => rows[1]?.querySelector('.name') ?? null],
      ['text', () => rows[1]?.querySelector('.message') ?? null],
      ['composer', () => chat.querySelector('.input')],
    ]);
    expect(draft.time?.selector.length).toBeGreaterThan(0);
    const review = reviewDraft(draft, chat, new URL('http://127.0.0.1:8080/chat'), NOW);
    const saved = parseSiteProfile(review.profile);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const bubbleAdapter = createProfileAdapter(saved.profile);
    const texts = rows.map((row) => {
      const parsed = bubbleAdapter.parseRow(row, { now: NOW });
      return parsed.ok ? parsed.event.text : parsed.missed;
    });
    expect(texts).toEqual(['Is the shop open on Sunday?', 'Yes, 10 to 6.\nClosed on holidays.', '加我 vx\ncy_2024']);
  });
});
