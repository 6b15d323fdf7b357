import type { ChatAdapter } from '../adapters/types';
import type { MemberBadge } from '../messaging/protocol';
import { memberKey } from '../model/keys';

export interface InlineBadgeDeps {
  adapter: ChatAdapter;
  document: Document;
  signal: AbortSignal;
  loadBadges: (memberIds: string[]) => Promise<Record<string, MemberBadge>>;
  warningsLabel: (count: number) => string;
  /** How long a member's badge is trusted before it is asked for again. */
  cacheMs?: number;
  now?: () => number;
}

const BADGE_TAG = 'gs-inline-badge';
const MAX_TAGS_SHOWN = 3;

/**
 * Opt-in badges next to author names in the chat page: tags and the warning count, and
 * nothing else (notes and history stay in the sidebar). Text only, set with textContent.
 * Drawn after the author element as a sibling, so the client's own markup is untouched.
 */
export function startInlineBadges(deps: InlineBadgeDeps) {
  const doc = deps.document;
  const now = deps.now ?? Date.now;
  const cacheMs = deps.cacheMs ?? 5_000;
  const cache = new Map<string, { badge: MemberBadge; at: number }>();
  let scheduled = false;

  const draw = (element: Element, badge: MemberBadge | undefined) => {
    const next = element.nextElementSibling;
    const existing = next?.tagName.toLowerCase() === BADGE_TAG ? (next as HTMLElement) : null;
    if (!badge || (badge.tags.length === 0 && badge.warnings === 0)) {
      existing?.remove();
      return;
    }
    const label = [...badge.tags.slice(0, MAX_TAGS_SHOWN).map((t) => t.name), ...(badge.warnings ? [deps.warningsLabel(badge.warnings)] : [])].join(' · ');
    if (existing?.textContent === label) return;
    const el = existing ?? doc.createElement(BADGE_TAG);
    el.setAttribute('data-testid', 'gs-inline-badge');
    el.style.cssText =
      'all:initial;display:inline-block;margin:0 4px;padding:0 5px;border-radius:8px;font:11px/16px system-ui,sans-serif;' +
      `color:#fff;background:${badge.warnings ? '#b91c1c' : (badge.tags[0]?.color ?? '#475569')};vertical-align:middle;`;
    el.textContent = label;
    if (!existing) element.after(el);
  };

  const refresh = async () => {
    scheduled = false;
    if (deps.signal.aborted) return;
    const authors = deps.adapter.authorElements?.(doc) ?? [];
    const ids = [...new Set(authors.map((a) => memberKey(deps.adapter.id, a.author.externalId)))];
    const stale = ids.filter((id) => (cache.get(id)?.at ?? -Infinity) < now() - cacheMs);
    if (stale.length > 0) {
      try {
        const fresh = await deps.loadBadges(stale.slice(0, 500));
        for (const [id, badge] of Object.entries(fresh)) cache.set(id, { badge, at: now() });
      } catch {
        return;
      }
    }
    for (const { element, author } of authors) draw(element, cache.get(memberKey(deps.adapter.id, author.externalId))?.badge);
  };

  const schedule = () => {
    if (scheduled || deps.signal.aborted) return;
    scheduled = true;
    setTimeout(() => void refresh(), 300);
  };

  const observer = new MutationObserver((records) => {
    // Our own badges are mutations too; ignore batches made only of them.
    if (records.every((r) => [...r.addedNodes, ...r.removedNodes].every((n) => n.nodeName.toLowerCase() === BADGE_TAG))) return;
    schedule();
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  deps.signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      for (const el of doc.querySelectorAll(BADGE_TAG)) el.remove();
    },
    { once: true },
  );
  schedule();

  return {
    /** A tag or warning changed: forget cached badges and redraw. */
    invalidate() {
      cache.clear();
      schedule();
    },
  };
}
