// Page side of `npm run bench:sidebar` (driven by scripts/bench-sidebar.mjs): the real sidebar
// components and their naive baselines, mounted side by side in one page and timed with
// performance.now(). Every sample is "the work a user waits for": Preact's render (made
// synchronous below) plus a forced layout (reading offsetHeight). Painting is not included.
import { type ComponentChildren, options, render } from 'preact';
import { useState } from 'preact/hooks';
import { MemberCard } from '../../components/MemberCard';
import { TagEditor } from '../../components/TagEditor';
import { TemplatePicker } from '../../components/TemplatePicker';
import { formatDateTime } from '../../components/format';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import { createClient, type SendMessage } from '../../lib/messaging/client';
import type { MemberCard as MemberCardData, RequestEnvelope } from '../../lib/messaging/protocol';
import type { Tag, Template } from '../../lib/model';
import { createSidebarStore, type SidebarStore } from '../../lib/state/sidebar-store';
import type { TemplateValues } from '../../lib/templates/render';
import en from '../../public/_locales/en/messages.json';
import { makeCard, makeTags, makeTemplates, seeded, TAG_QUERIES, TEMPLATE_QUERIES } from './data';

// A state update from an event handler re-renders before dispatchEvent returns, so one
// performance.now() pair brackets handler + search + diff + commit, the same way for ours and
// for the baselines. (Preact's default defers it to a microtask, which a synchronous timer
// would miss.) @preact/signals re-renders components through setState, so this covers it too.
options.debounceRendering = (flush) => flush();

const t = createTranslator(en as LocaleMessages);
const LANGUAGE = 'en';
const noop = () => {};
const yes = async () => true;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const nextFrame = () => new Promise<void>((ok) => requestAnimationFrame(() => ok()));
const TEMPLATE_VALUES: TemplateValues = { member: '王小明', group: '官方旗舰店售后群', staff: '小李', date: '2025年6月1日', rule: undefined };

let tags: Tag[] = [];
let card: MemberCardData | null = null;
let templates: Template[] = [];
let store: SidebarStore | null = null;

function host(id: string): HTMLElement {
  const existing = document.getElementById(id);
  if (existing) return existing;
  const el = document.createElement('div');
  el.id = id;
  el.className = 'bench-host';
  document.body.append(el);
  return el;
}

const withI18n = (children: ComponentChildren) => <I18nContext.Provider value={t}>{children}</I18nContext.Provider>;

// ---------------------------------------------------------------------------------------
// 1. Opening a member

/** Baseline: the same card with an empty history, then every history row in a plain <ul>. */
function FullHistoryCard({ card }: { card: MemberCardData }) {
  const groupTitles = new Map(card.memberships.map((m) => [m.groupId, m.groupTitle]));
  return (
    <>
      <MemberCardWith card={{ ...card, history: [] }} />
      <section class="history" style={{ height: '280px', overflowY: 'auto' }}>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {card.history.map((m) => (
            <li key={m.id} style={{ height: '58px' }}>
              <div class="history-item" data-testid="gs-history-item">
                <div class="history-meta">
                  {formatDateTime(m.ts, LANGUAGE)} · {groupTitles.get(m.groupId) ?? ''}
                </div>
                <div class="history-text">{m.kind === 'message' ? m.text : t(`event_${m.kind}`)}</div>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function MemberCardWith({ card }: { card: MemberCardData }) {
  return (
    <MemberCard
      card={card}
      tagSuggestions={tags}
      language={LANGUAGE}
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
    />
  );
}

function openMember(which: 'ours' | 'baseline') {
  if (!card) throw new Error('setup() first');
  const el = host('open');
  render(null, el); // close the previous member, outside the timing
  // A fresh object, as a new answer from the background would be.
  const next: MemberCardData = { ...card, history: [...card.history] };
  gc();
  const t0 = performance.now();
  render(withI18n(which === 'ours' ? <MemberCardWith card={next} /> : <FullHistoryCard card={next} />), el);
  void el.offsetHeight;
  const ms = performance.now() - t0;
  return { ms, rows: el.querySelectorAll('[data-testid="gs-history-item"]').length };
}

// ---------------------------------------------------------------------------------------
// 2. Typing a tag

/** Baseline: input + datalist of the tags whose lower-cased name contains the draft. */
function NaiveTagInput({ tags }: { tags: readonly Tag[] }) {
  const [draft, setDraft] = useState('');
  const q = draft.toLowerCase();
  const matches = tags.filter((tag) => tag.name.toLowerCase().includes(q));
  return (
    <section class="tags">
      <input
        class="tag-input"
        data-testid="gs-tag-input"
        list="naive-tag-options"
        value={draft}
        aria-label="tag"
        onInput={(event) => setDraft((event.currentTarget as HTMLInputElement).value)}
      />
      <datalist id="naive-tag-options">
        {matches.map((tag) => (
          <option key={tag.id} value={tag.name} />
        ))}
      </datalist>
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// 3. Searching templates

/** Ours: what the sidebar's templates tab renders, fed by the real store's signals. */
function StoreTemplatePicker({ store }: { store: SidebarStore }) {
  return (
    <TemplatePicker
      templates={store.foundTemplates.value}
      query={store.templateQuery.value}
      onQuery={(q) => {
        store.templateQuery.value = q;
      }}
      values={TEMPLATE_VALUES}
      onInsert={yes}
    />
  );
}

const naiveFold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Baseline: no index; folds every name and body on every keystroke. Same 50-item cap. */
function NaiveTemplatePicker({ templates }: { templates: readonly Template[] }) {
  const [query, setQuery] = useState('');
  const words = naiveFold(query).split(' ').filter(Boolean);
  const found = (
    words.length === 0
      ? templates
      : templates.filter((tpl) => {
          const name = naiveFold(tpl.name);
          const body = naiveFold(tpl.body);
          return words.every((w) => name.includes(w) || body.includes(w));
        })
  ).slice(0, 50);
  return <TemplatePicker templates={found} query={query} onQuery={setQuery} values={TEMPLATE_VALUES} onInsert={yes} />;
}

// ---------------------------------------------------------------------------------------

type Kind = 'tag' | 'template';

function mountTyping(kind: Kind, which: 'ours' | 'baseline'): { el: HTMLElement; input: HTMLInputElement; check: (prefix: string) => void } {
  if (!store) throw new Error('setup() first');
  const s = store;
  const el = host(`${kind}-${which}`);
  render(null, el);
  if (kind === 'tag') {
    render(withI18n(which === 'ours' ? <TagEditor tags={tags.slice(0, 5)} suggestions={tags} onAdd={yes} onRemove={noop} /> : <NaiveTagInput tags={tags} />), el);
  } else {
    s.templateQuery.value = '';
    render(withI18n(which === 'ours' ? <StoreTemplatePicker store={s} /> : <NaiveTemplatePicker templates={templates} />), el);
  }
  const input = el.querySelector<HTMLInputElement>(kind === 'tag' ? '[data-testid="gs-tag-input"]' : '[data-testid="gs-template-search"]');
  if (!input) throw new Error(`${kind}/${which}: no input`);
  // Checked after each timed keystroke (outside the timing): the DOM shows this prefix's result.
  const check = (prefix: string) => {
    if (input.value !== prefix) throw new Error(`${kind}/${which}: input shows "${input.value}", typed "${prefix}"`);
    if (kind === 'tag') {
      const options = el.querySelectorAll('datalist option').length;
      // Ours offers at most 30 tags that start with what was typed (components/TagEditor.tsx).
      const expected =
        which === 'ours'
          ? Math.min(30, tags.filter((tag) => tag.name.toLowerCase().startsWith(prefix.trim().toLowerCase())).length)
          : tags.filter((tag) => tag.name.toLowerCase().includes(prefix.toLowerCase())).length;
      if (options !== expected) throw new Error(`tag/${which}: ${options} options for "${prefix}", expected ${expected}`);
    } else if (which === 'ours') {
      const ids = [...el.querySelectorAll('[data-template-id]')].map((n) => n.getAttribute('data-template-id'));
      const want = s.foundTemplates.value.map((tpl) => tpl.id);
      if (ids.join() !== want.join()) throw new Error(`template/ours: DOM not committed for "${prefix}" (${ids.length} items, store has ${want.length})`);
    }
  };
  return { el, input, check };
}

/** Types every query once, one prefix per keystroke, a frame apart; returns ms per keystroke. */
async function typeQueries(kind: Kind, which: 'ours' | 'baseline') {
  const { el, input, check } = mountTyping(kind, which);
  input.focus();
  const samples: number[] = [];
  const counts: number[] = [];
  for (const query of kind === 'tag' ? TAG_QUERIES : TEMPLATE_QUERIES) {
    const chars = [...query];
    for (let i = 1; i <= chars.length; i++) {
      const prefix = chars.slice(0, i).join('');
      await nextFrame();
      const t0 = performance.now();
      input.value = prefix;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      void el.offsetHeight;
      samples.push(performance.now() - t0);
      check(prefix);
      counts.push(el.querySelectorAll(kind === 'tag' ? 'datalist option' : '[data-testid="gs-template-item"]').length);
    }
    // Clear for the next query, untimed.
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  render(null, el);
  return { samples, counts };
}

/** Builds the data and the store (through a fake background, as the sidebar gets it). */
async function setup(historyCount: number, tagCount: number, templateCount: number) {
  const rng = seeded(20250601);
  tags = makeTags(rng, tagCount);
  templates = makeTemplates(rng, templateCount);
  card = makeCard(rng, historyCount, tags);
  const answers: Partial<Record<string, unknown>> = { listTemplates: templates, listTags: tags, getSettings: null };
  const send: SendMessage = async (message: RequestEnvelope) => ({ ok: true, data: answers[message.name] ?? null });
  store = createSidebarStore({ client: createClient(send), insertText: async () => ({ ok: true, method: 'bench' }) });
  await store.start();
  if (store.templates.value.length !== templateCount) throw new Error('store did not load the templates');
  const lengths = card.history.filter((m) => m.kind === 'message').map((m) => m.text.length);
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    history: card.history.length,
    tags: tags.length,
    templates: templates.length,
    textChars: { min: Math.min(...lengths), max: Math.max(...lengths) },
    zhShare: lengths.length ? card.history.filter((m) => /[\u4e00-\u9fff]/.test(m.text)).length / lengths.length : 0,
  };
}

Object.assign(globalThis, { GSBench: { setup, openMember, typeQueries } });
