import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setUp } from './clicks';
import { createProfileAdapter } from '../../../lib/adapters/profile/adapter';
import { parseSiteProfile } from '../../../lib/adapters/profile/schema';
import { isStableClass, type PickHint, pickFor, type SetupDraft, type SetupStep } from '../../../lib/setup/derive';
import { reviewDraft } from '../../../lib/setup/review';

/*
 * Chat pages nobody tuned the setup for (tests/fixtures/chats: our own HTML imitating the
 * DOM shapes of common web chats). Each is set up with the clicks a staff member would make,
 * and the profile must read every message row with the right author and text.
 */

const NOW = Date.parse('2026-11-28T12:00:00Z');
const URL_CHAT = new URL('http://127.0.0.1:8123/chat');

function load(file: string): Document {
  const html = readFileSync(resolve('tests/fixtures/chats', file), 'utf8');
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
  return document;
}

/** The innermost element whose own text (not a descendant's) contains `text`. */
function byText(doc: Document, text: string, within: ParentNode = doc): Element {
  const hits = [...within.querySelectorAll(within === doc ? 'body *' : '*')].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.nodeValue?.includes(text)));
  const hit = hits[0];
  if (!hit) throw new Error(`no element shows "${text}"`);
  return hit;
}

type Click = () => Element | null;

/** Every message the saved profile reads from the page, as "author: text". */
function readAll(draft: SetupDraft, doc: Document): { lines: string[]; misses: string[]; kinds: string[] } {
  const review = reviewDraft(draft, doc, URL_CHAT, NOW);
  const parsed = parseSiteProfile(review.profile);
  if (!parsed.ok) throw new Error(`profile refused: ${JSON.stringify(parsed.errors)}`);
  const adapter = createProfileAdapter(parsed.profile);
  const container = adapter.messageContainer(doc);
  const rows = container ? [...container.querySelectorAll(adapter.rowSelector)] : [];
  const lines: string[] = [];
  const misses: string[] = [];
  const kinds: string[] = [];
  for (const row of rows) {
    const result = adapter.parseRow(row, { now: NOW });
    if (!result.ok) misses.push(result.missed);
    else if (result.event.kind === 'message') lines.push(`${result.event.author.name}: ${result.event.text.replace(/\s+/g, ' ')}`);
    else kinds.push(`${result.event.kind}: ${result.event.author.name}`);
  }
  return { lines, misses, kinds };
}

/** Class names in the selectors that look like build hashes. */
function hashedClasses(draft: SetupDraft): string[] {
  const all = JSON.stringify(draft);
  return [...all.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1] ?? '').filter((name) => !isStableClass(name));
}

interface Page {
  file: string;
  clicks: (doc: Document) => Array<[SetupStep, Click]>;
  messages: string[];
  /** Natural slips: a click that must either give the same reading or one of these hints. */
  slips: (doc: Document) => Array<{ step: SetupStep; target: Click; hints: PickHint[] }>;
}

const PAGES: Page[] = [
  {
    file: 'slack-like.html',
    clicks: (doc) => [
      ['row', () => byText(doc, 'I could not find it')],
      ['author', () => byText(doc, 'Mei Tan')],
      ['text', () => byText(doc, 'Thanks! Also')],
      ['composer', () => doc.querySelector('[role=textbox] p')],
    ],
    messages: [
      'Ben Carter: Is the webinar recording online yet?',
      'Ben Carter: I could not find it on the portal 🙏',
      '客服小王: 您好 @Ben Carter，录像今天下午上线。',
      '客服小王: 链接会发在这个频道里。',
      'Mei Tan: Thanks! Also, will there be a Q&A afterwards?',
      '林小雨: 请问周五的活动还能报名吗？',
      '林小雨: 我带两位同事 😊',
    ],
    slips: (doc) => [
      { step: 'author', target: () => doc.querySelector('[aria-label="Mei Tan"] img'), hints: ['not-a-name'] },
      { step: 'author', target: () => byText(doc, '9:04 AM'), hints: ['is-time'] },
      { step: 'text', target: () => byText(doc, '9:04 AM'), hints: ['is-time'] },
    ],
  },
  {
    file: 'discord-like.html',
    clicks: (doc) => [
      ['row', () => byText(doc, '是的，老客户免费升级')],
      ['author', () => byText(doc, '客服小王')],
      ['text', () => byText(doc, '是的，老客户免费升级')],
      ['composer', () => doc.querySelector('[role=textbox]')],
    ],
    messages: [
      'Ben Carter: Hi all, is the upgrade to v3 free for existing customers?',
      'Ben Carter: Asking for our whole team 🙂',
      '客服小王: @Ben Carter 是的，老客户免费升级。详情见 example.com/upgrade',
      'Mei Tan: Does that include the reporting add-on?',
      '客服小王: 报表插件需要单独购买，@Mei Tan 可以先试用 14 天。',
      '客服小王: 试用申请在后台“插件”页面。',
      '王芳: 大家好，我是新来的，请多关照 👋',
    ],
    slips: (doc) => [
      { step: 'author', target: () => doc.querySelector('#chat-messages-1180-9005 img'), hints: ['not-a-name'] },
      { step: 'author', target: () => doc.querySelector('#message-timestamp-9005'), hints: ['is-time'] },
    ],
  },
  {
    file: 'whatsapp-like.html',
    clicks: (doc) => [
      ['row', () => byText(doc, 'Is there parking nearby?')],
      ['author', () => byText(doc, 'Mei Tan')],
      ['text', () => byText(doc, 'Is there parking nearby?')],
      ['composer', () => doc.querySelector('footer [contenteditable] p')],
    ],
    messages: [
      'Ben Carter: Hello everyone, is the VIP session on Friday? 🙂',
      'Ben Carter: And can I bring a colleague?',
      '林小雨: 收到，谢谢 @Ben Carter 一起去吧',
      'Mei Tan: Is there parking nearby?',
      'Mei Tan: 我开车过去 🚗',
    ],
    slips: (doc) => [
      { step: 'author', target: () => doc.querySelectorAll('._amk5 img')[2] ?? null, hints: ['not-a-name'] },
      { step: 'text', target: () => byText(doc, '09:07'), hints: ['is-time'] },
    ],
  },
  {
    file: 'element-like.html',
    clicks: (doc) => [
      ['row', () => byText(doc, '我们也遇到了同样的问题')],
      ['author', () => byText(doc, '林小雨', doc.querySelector('[data-event-id="$a1b8:example.org"]') as Element)],
      ['text', () => byText(doc, '我们也遇到了同样的问题')],
      ['composer', () => doc.querySelector('.mx_BasicMessageComposer_input div')],
    ],
    messages: [
      'Ben Carter: Hi, is the API rate limit per key or per account?',
      'Ben Carter: We keep hitting 429s in the evening 😕',
      '客服小王: 按账号计算，每分钟 600 次。',
      '林小雨: 我们也遇到了同样的问题，能提高额度吗？',
      '客服小王: Please open a ticket and we will raise it for you.',
      '客服小王: 工单地址：https://support.example.org',
    ],
    slips: (doc) => [
      { step: 'author', target: () => doc.querySelector('[data-event-id="$a1b8:example.org"] .mx_BaseAvatar img'), hints: ['not-a-name'] },
      { step: 'author', target: () => doc.querySelector('[data-event-id="$a1b8:example.org"] .mx_ReadReceiptGroup img'), hints: ['not-a-name', 'no-selector'] },
      { step: 'text', target: () => doc.querySelector('[data-event-id="$a1b8:example.org"] .mx_MessageTimestamp span'), hints: ['is-time'] },
    ],
  },
  {
    file: 'forum-table.html',
    clicks: (doc) => [
      ['row', () => byText(doc, 'Anyone tried the new export')],
      ['author', () => byText(doc, 'Ben Carter')],
      ['text', () => byText(doc, 'Anyone tried the new export')],
      ['composer', () => doc.querySelector('input[name=message]')],
    ],
    messages: [
      'Ben Carter: Morning all! Anyone tried the new export?',
      '林小雨: 试过了，CSV 里中文是乱码 :(',
      'Admin_Zhou: 用 Excel 打开时选 UTF-8 编码就好，see this topic',
      'Mei Tan: Thanks, that works for me too',
      'Ben Carter: 谢谢 Admin_Zhou！',
      'Mei Tan: One more: can the export include deleted users?',
    ],
    slips: (doc) => [
      { step: 'author', target: () => byText(doc, '[09:04]'), hints: ['is-time'] },
      { step: 'text', target: () => byText(doc, '[09:04]'), hints: ['is-time'] },
    ],
  },
  {
    file: 'wecom-like.html',
    clicks: (doc) => [
      ['row', () => byText(doc, '请问发票可以开专票吗')],
      ['author', () => byText(doc, '陈静', doc.querySelector('[data-msg-id="7189220031004"]') as Element)],
      ['text', () => byText(doc, '请问发票可以开专票吗')],
      ['composer', () => doc.querySelector('[contenteditable]')],
    ],
    messages: [
      '张伟: 各位好，我们公司上周下的订单（订单号 20261120-0031）到现在还没有发货，物流信息也查不到。 麻烦帮忙看一下，客户那边催得很急，谢谢！',
      '李娜@华东物流: @张伟 您好，已经在查了，仓库反馈是缺货，预计明天发出。',
      '陈静: 请问发票可以开专票吗？@李娜@华东物流',
      'Tom Li: Same question here, we need a VAT invoice for the December order.',
      '张伟: 好的，辛苦了 [抱拳]',
    ],
    slips: (doc) => [
      { step: 'author', target: () => doc.querySelector('[data-msg-id="7189220031004"] .msg-avatar img'), hints: ['not-a-name'] },
      { step: 'author', target: () => byText(doc, '09:05'), hints: ['is-time'] },
      { step: 'text', target: () => doc.querySelector('[data-msg-id="7189220031004"] .msg-bubble'), hints: [] },
    ],
  },
  {
    file: 'grouped-like.html',
    clicks: (doc) => [
      ['row', () => byText(doc, 'And for supplementary cards?')],
      ['author', () => byText(doc, 'Emma Wilson')],
      ['text', () => byText(doc, 'And for supplementary cards?')],
      ['composer', () => doc.querySelector('textarea')],
    ],
    messages: [
      '陈强: 请问信用卡账单日可以改吗？',
      '陈强: 我想改到每月 5 号',
      '客服小美: @陈强 可以的，在 App 的“账单设置”里修改。',
      'Emma Wilson: Is the annual fee waived in the first year?',
      'Emma Wilson: And for supplementary cards?',
      'Emma Wilson: Thanks in advance!',
      '财富自由导师: 兼职刷单，日结300，有意者私聊',
    ],
    slips: (doc) => [
      { step: 'author', target: () => byText(doc, '09:05'), hints: ['is-time'] },
      { step: 'author', target: () => byText(doc, '今天'), hints: ['is-time'] },
    ],
  },
];

describe.each(PAGES)('setup on an unseen chat: $file', (page) => {
  it('reads every message row with its author and text, from one click per part', () => {
    const doc = load(page.file);
    const draft = setUp(doc, page.clicks(doc));
    const read = readAll(draft, doc);
    if (process.env.SETUP_DEBUG) console.log(page.file, JSON.stringify(draft, null, 1), read);
    expect(read.lines).toEqual(page.messages);
    expect(read.misses).toEqual([]);
    const review = reviewDraft(draft, doc, URL_CHAT, NOW);
    expect(review.problems).toEqual([]);
    expect(review).toMatchObject({ ok: true, rows: page.messages.length, parsed: page.messages.length });
  });

  it('builds selectors without hashed classes or positions', () => {
    const doc = load(page.file);
    const draft = setUp(doc, page.clicks(doc));
    expect(hashedClasses(draft)).toEqual([]);
    expect(JSON.stringify(draft)).not.toContain('nth-');
    expect(draft.composer).toHaveLength(1);
  });

  it('a click on the row itself (its padding) picks the same rows', () => {
    const doc = load(page.file);
    const clicks = page.clicks(doc);
    const fromText = setUp(doc, clicks.slice(0, 1));
    const rows = doc.querySelectorAll(fromText.row?.[0] ?? '');
    const row = rows[rows.length - 1] as Element;
    const fromPadding = setUp(doc, [['row', () => row], ...clicks.slice(1)]);
    expect(readAll(fromPadding, doc).lines).toEqual(page.messages);
  });

  it('natural slips either read the same or give a hint', () => {
    const doc = load(page.file);
    const clicks = page.clicks(doc);
    // The padding of the clicked message's row, for the name and for the text.
    const rowOfText = () => {
      const draft = setUp(doc, clicks.slice(0, 1));
      return [...doc.querySelectorAll(draft.row?.[0] ?? '')].find((row) => row.contains(clicks[0]?.[1]() ?? null)) ?? null;
    };
    const slips = [...page.slips(doc), { step: 'author' as const, target: rowOfText, hints: ['not-a-name'] as PickHint[] }, { step: 'text' as const, target: rowOfText, hints: [] as PickHint[] }];
    for (const slip of slips) {
      const index = clicks.findIndex(([step]) => step === slip.step);
      const draft = setUp(doc, clicks.slice(0, index));
      const target = slip.target();
      if (!target) throw new Error(`nothing to click for the ${slip.step} slip`);
      const result = pickFor(slip.step, target, draft, doc);
      if (result.ok) {
        let full = result.draft;
        for (const [step, find] of clicks.slice(index + 1)) {
          const next = pickFor(step, find() as Element, full, doc);
          if (!next.ok) throw new Error(`${step} after slip: ${next.hint}`);
          full = next.draft;
        }
        expect(readAll(full, doc).lines, `${slip.step} slip`).toEqual(page.messages);
      } else {
        expect(slip.hints, `${slip.step} slip`).toContain(result.hint);
      }
    }
  });
});
