import type { Case, MemberAction, Span } from '../model/case';
import { ACTION_RANK } from './ladder';

/**
 * One decision per message. The rule engine may flag one message for several categories
 * (an ad that also carries a phone number); staff see one item per message listing every
 * category and its evidence, decide once, and the ladder counts that one decision. All
 * functions are pure over the case log.
 */

export interface FlaggedCategory {
  suggestionId: string;
  category: string;
  ruleId?: string;
  reason: string;
  reasonZh?: string;
  memberAction: MemberAction;
  spans: Span[];
}

export interface MessageFlag {
  messageId: string;
  groupId: string;
  memberId: string;
  authorName: string;
  text: string;
  ts: number;
  /** Every category's evidence, merged. */
  spans: Span[];
  categories: FlaggedCategory[];
  /** The strongest member action any of the rules asks for. */
  ruleAction: MemberAction;
  /** When the first suggestion for it was recorded. */
  flaggedAt: number;
}

// A message staff flagged by hand (manual-warning with its message) is decided too: a rule
// learned later must not reopen it as a suggestion.
const isDecision = (c: Case) => c.kind === 'applied' || c.kind === 'dismissed' || (c.kind === 'manual-warning' && c.messageId !== undefined);

/** Messages that already have a decision (applied, dismissed, flagged by staff); none of them is ever reopened. */
export function decidedMessageIds(cases: readonly Case[]): Set<string> {
  const suggestionMessage = new Map(cases.filter((c) => c.kind === 'suggested').map((c) => [c.id, c.messageId]));
  const decided = new Set<string>();
  for (const c of cases) {
    if (!isDecision(c)) continue;
    const messageId = c.messageId ?? (c.refersTo ? suggestionMessage.get(c.refersTo) : undefined);
    if (messageId) decided.add(messageId);
  }
  return decided;
}

export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * Undecided flagged messages, newest first, one item per message. Audit-only suggestions
 * (rules that only count) are left out; suggestions without a message id (none are written
 * today) stand alone under their own id.
 */
export function flaggedMessages(cases: readonly Case[], decided: ReadonlySet<string> = decidedMessageIds(cases)): MessageFlag[] {
  const byMessage = new Map<string, MessageFlag>();
  for (const c of cases) {
    if (c.kind !== 'suggested' || c.actor === 'audit') continue;
    const messageId = c.messageId ?? c.id;
    if (decided.has(messageId)) continue;
    let flag = byMessage.get(messageId);
    if (!flag) {
      flag = {
        messageId,
        groupId: c.groupId,
        memberId: c.memberId,
        authorName: c.evidence?.authorName ?? '',
        text: c.evidence?.text ?? '',
        ts: c.evidence?.ts ?? c.at,
        spans: [],
        categories: [],
        ruleAction: 'none',
        flaggedAt: c.at,
      };
      byMessage.set(messageId, flag);
    }
    // One entry per category: a second rule of a category already listed adds its evidence.
    const category = c.category ?? 'custom';
    const existing = flag.categories.find((x) => x.category === category);
    const spans = c.evidence?.spans ?? [];
    if (existing) {
      existing.spans = mergeSpans([...existing.spans, ...spans]);
      if (ACTION_RANK[c.memberAction] > ACTION_RANK[existing.memberAction]) existing.memberAction = c.memberAction;
    } else {
      flag.categories.push({
        suggestionId: c.id,
        category,
        ...(c.ruleId ? { ruleId: c.ruleId } : {}),
        reason: c.reason,
        ...(c.reasonZh ? { reasonZh: c.reasonZh } : {}),
        memberAction: c.memberAction,
        spans: [...spans],
      });
    }
    flag.spans = mergeSpans([...flag.spans, ...spans]);
    if (ACTION_RANK[c.memberAction] > ACTION_RANK[flag.ruleAction]) flag.ruleAction = c.memberAction;
    flag.flaggedAt = Math.min(flag.flaggedAt, c.at);
  }
  return [...byMessage.values()].sort((a, b) => b.ts - a.ts || b.flaggedAt - a.flaggedAt);
}

export interface LadderDecisionRecord {
  id: string;
  messageId?: string;
  at: number;
  weight: number;
  categories: string[];
}

/**
 * The member's decisions in this group that still count: applied decisions with a member
 * action and manual warnings, not revoked, inside the window. A message counts once even if
 * older releases recorded one decision per category for it.
 */
export function countingDecisions(
  cases: readonly Case[],
  key: { groupId: string; memberId: string },
  now: number,
  windowDays: number,
): LadderDecisionRecord[] {
  const from = now - windowDays * 86_400_000;
  const revoked = new Set(cases.filter((c) => c.kind === 'warning-revoked' && c.refersTo).map((c) => c.refersTo));
  const byMessage = new Map<string, LadderDecisionRecord>();
  const records: LadderDecisionRecord[] = [];
  for (const c of cases) {
    if (c.groupId !== key.groupId || c.memberId !== key.memberId) continue;
    if (c.kind !== 'applied' && c.kind !== 'manual-warning') continue;
    if (c.memberAction === 'none' || revoked.has(c.id) || c.at <= from || c.at > now) continue;
    const record: LadderDecisionRecord = {
      id: c.id,
      ...(c.messageId ? { messageId: c.messageId } : {}),
      at: c.at,
      weight: c.weight ?? 1,
      categories: c.categories ?? (c.category ? [c.category] : []),
    };
    if (!c.messageId) {
      records.push(record);
      continue;
    }
    const earlier = byMessage.get(c.messageId);
    if (!earlier) byMessage.set(c.messageId, record);
    else if (record.weight > earlier.weight) byMessage.set(c.messageId, { ...record, at: earlier.at });
  }
  return [...records, ...byMessage.values()].sort((a, b) => a.at - b.at);
}

/** Ladder points: the sum of the counting decisions' weights, and when the oldest expires. */
export function ladderPoints(records: readonly LadderDecisionRecord[], windowDays: number): { points: number; count: number; nextExpiry?: number } {
  const points = records.reduce((sum, r) => sum + r.weight, 0);
  const oldest = records[0];
  return { points, count: records.length, ...(oldest ? { nextExpiry: oldest.at + windowDays * 86_400_000 } : {}) };
}
