// Page side of `npm run bench:card` (driven by scripts/bench-card.mjs): the member card from
// request to rendered DOM, with the real background handler (lib/background/handlers.ts
// getMemberCard over Chromium's IndexedDB) and the real <MemberCard>, side by side with the
// read it replaced in the same page.
import { type ComponentChildren, options, render } from 'preact';
import { MemberCard } from '../../components/MemberCard';
import { createHandlers } from '../../lib/background/handlers';
import { type Database, openDatabase } from '../../lib/db/open';
import { ingestBatch } from '../../lib/db/repos/ingest';
import { getMemberHistory } from '../../lib/db/repos/members';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { MemberCard as MemberCardData } from '../../lib/messaging/protocol';
import type { ChatEvent, Message } from '../../lib/model';
import { HISTORY_PAGE } from '../../lib/state/history-store';
import en from '../../public/_locales/en/messages.json';

// Render synchronously, so one performance.now() pair brackets request + render + layout.
options.debounceRendering = (flush) => flush();

const t = createTranslator(en as LocaleMessages);
const noop = () => {};
const yes = async () => true;
const withI18n = (children: ComponentChildren) => <I18nContext.Provider value={t}>{children}</I18nContext.Provider>;
const WORDS = ['请问', '年费', '怎么', '收', '订单', 'refund', '发货', 'tracking', '你好', 'please', '客服', 'when', '退款', 'thanks', '信用卡', '积分', '额度', 'statement'];
const BASE = Date.UTC(2026, 0, 1);

let db: Database;
let handlers: ReturnType<typeof createHandlers>;

/** Stores `counts[i]` messages for member u-i (plus 10,000 from 300 others), 1,000 a transaction. */
async function setup(counts: number[]) {
  db = await openDatabase({ name: `bench-card-${Date.now()}` });
  handlers = createHandlers({ db, now: () => BASE + 400 * 86_400_000, timeZone: 'UTC' });
  const events: Array<{ group: string; event: ChatEvent }> = [];
  let n = 0;
  const add = (member: string, i: number) => {
    n++;
    let h = Math.imul(n, 2654435761) >>> 0;
    let text = '';
    for (let w = 0; w < 4 + (n % 7); w++) {
      h = (Math.imul(h, 1103515245) + 12345) >>> 0;
      text += `${WORDS[h % WORDS.length]} `;
    }
    events.push({ group: `g-${n % 3}`, event: { externalId: `m-${n}`, kind: 'message', author: { externalId: member, name: `Member ${member}` }, role: 'customer', text: `${text}#${n}`, ts: BASE + i * 60_000 + n } });
  };
  for (const [k, count] of counts.entries()) for (let i = 0; i < count; i++) add(`u-card-${k}`, i);
  for (let i = 0; i < 10_000; i++) add(`u-${i % 300}`, i);
  events.sort((a, b) => a.event.ts - b.event.ts);
  for (let start = 0; start < events.length; start += 1_000) {
    const byGroup = new Map<string, ChatEvent[]>();
    for (const { group, event } of events.slice(start, start + 1_000)) byGroup.set(group, [...(byGroup.get(group) ?? []), event]);
    await ingestBatch(db, [...byGroup].map(([g, list]) => ({ site: 'demo', group: { externalId: g, title: g }, events: list })), BASE + 400 * 86_400_000);
  }
  return { stored: events.length, crossOriginIsolated: self.crossOriginIsolated };
}

function host(): HTMLElement {
  const el = document.getElementById('card') ?? document.createElement('div');
  el.id = 'card';
  document.body.append(el);
  return el;
}

function show(card: MemberCardData) {
  render(
    withI18n(
      <MemberCard
        card={card}
        tagSuggestions={[]}
        language="en"
        groupId={card.memberships[0]?.groupId ?? null}
        onAddTag={yes}
        onRemoveTag={noop}
        onAddNote={yes}
        onDeleteNote={noop}
        onStageChange={noop}
        onTierChange={noop}
        onEditNote={yes}
        onRevokeWarnings={noop}
        onForget={noop}
      />,
    ),
    host(),
  );
}

/**
 * ours: getMemberCard as the sidebar asks for it (one history page, counts from the
 * memberships) and the render. baseline: the card as it was before (the member's whole
 * history read through the index, the newest 5,000 kept), same render.
 */
async function open(which: 'ours' | 'baseline', k: number) {
  const memberId = `demo:u-card-${k}`;
  render(null, host());
  const t0 = performance.now();
  let card: MemberCardData | null;
  if (which === 'ours') {
    card = await handlers.getMemberCard({ memberId, historyLimit: HISTORY_PAGE }, {});
  } else {
    const page = await handlers.getMemberCard({ memberId, historyLimit: 1 }, {});
    const all: Message[] = await db.getAllFromIndex('messages', 'byMemberTime', IDBKeyRange.bound([memberId, 0], [memberId, Number.MAX_SAFE_INTEGER]));
    card = page && { ...page, history: all.reverse().slice(0, 5_000), historyMore: all.length > 5_000, messageCount: all.filter((m) => m.kind === 'message').length };
  }
  if (!card) throw new Error(`no card for ${memberId}`);
  show(card);
  void host().offsetHeight;
  const ms = performance.now() - t0;
  return { ms, rows: host().querySelectorAll('[data-testid="gs-history-item"]').length, count: card.messageCount };
}

/** Scrolling: the next page of history after the first, as the card asks for it. */
async function nextPage(k: number) {
  const memberId = `demo:u-card-${k}`;
  const first = await getMemberHistory(db, memberId, HISTORY_PAGE);
  const last = first.messages.at(-1) as Message;
  const t0 = performance.now();
  const page = await handlers.getMemberHistory({ memberId, before: { ts: last.ts, id: last.id }, limit: HISTORY_PAGE }, {});
  return { ms: performance.now() - t0, rows: page.messages.length };
}

(globalThis as { GSCard?: unknown }).GSCard = { setup, open, nextPage };
