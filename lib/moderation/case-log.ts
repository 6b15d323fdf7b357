import type { Case } from '../model';

/**
 * The member's case log as staff read it. A message the rules flagged for several categories
 * is stored as one suggested case per category (each counts on its own ladder), but it is one
 * message and one thing to look at: it shows once, with every category and all the marked
 * words, as the group panel shows it. Audit-only suggestions (rules set to record, never to
 * ask staff) stay out of the log. A suggestion staff decided (applied or dismissed) is shown
 * by its decision, which carries the categories and the marked message too: one message is
 * one decision (lib/moderation/decisions.ts), so the log lists each flagged message once.
 */
export function caseLogEntries(cases: readonly Case[]): Case[] {
  const decided = new Set<string>();
  for (const c of cases) {
    if (c.kind !== 'applied' && c.kind !== 'dismissed') continue;
    if (c.messageId) decided.add(`message:${c.messageId}`);
    if (c.refersTo) decided.add(`case:${c.refersTo}`);
  }
  const entries: Case[] = [];
  const suggestedByMessage = new Map<string, number>();
  for (const c of cases) {
    if (c.kind === 'suggested' && c.actor === 'audit') continue;
    if (c.kind === 'suggested' && (decided.has(`case:${c.id}`) || (c.messageId && decided.has(`message:${c.messageId}`)))) continue;
    if (c.kind !== 'suggested' || !c.messageId) {
      entries.push(c);
      continue;
    }
    const at = suggestedByMessage.get(c.messageId);
    const earlier = at === undefined ? undefined : entries[at];
    if (at === undefined || !earlier) {
      suggestedByMessage.set(c.messageId, entries.length);
      entries.push(c);
      continue;
    }
    entries[at] = mergeSuggestion(earlier, c);
  }
  return entries;
}

function categoriesOf(c: Case): string[] {
  return c.categories ?? (c.category ? [c.category] : []);
}

function mergeSuggestion(first: Case, next: Case): Case {
  const categories = [...new Set([...categoriesOf(first), ...categoriesOf(next)])];
  if (!first.evidence) return { ...first, categories, evidence: next.evidence };
  const spans = [...first.evidence.spans];
  for (const span of next.evidence?.spans ?? []) {
    if (!spans.some((s) => s.start === span.start && s.end === span.end)) spans.push(span);
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { ...first, categories, evidence: { ...first.evidence, spans } };
}
