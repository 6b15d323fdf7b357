import type { IngestOptions, IngestStep, StoredBatch } from '../db/repos/ingest';
import { membershipKey } from '../db/repos/ingest';
import type { Case, Message } from '../model';
import { NewMemberSchema, type RuleMessage } from '../model/rule';
import { type CompiledRules, evaluateMessage, lastEvaluationHosts, type Suggestion } from '../rules/engine';
import type { GroupSignals } from '../rules/group-signals';

/** How far back a member's messages count as context for behaviour rules (flood, repeats). */
export const CONTEXT_WINDOW_MS = 24 * 3_600_000;
/** The newest this many of them. */
export const CONTEXT_LIMIT = 100;

/**
 * What the ingest transaction must read of each member's earlier messages for these rules.
 * Flood, burst and repeat rules look at every message in a short window (minutes), read in
 * full; new-member rules look a day back, but only for a join among the last few records,
 * read as the newest few. Reading a whole day per member made each batch read its members'
 * entire day of history (10,000 records a batch in a busy group).
 */
export function contextReadFor(compiled: CompiledRules): IngestOptions {
  let windowMs = 0;
  let recentWindowMs = 0;
  let firstMessages = 0;
  for (const { rule } of compiled.rules) {
    const b = rule.triggers.behaviour;
    // A flood that fires compares with the window before the member's previous message too.
    if (b.floodRate) windowMs = Math.max(windowMs, 2 * b.floodRate.windowSec * 1_000);
    if (b.floodBurst) windowMs = Math.max(windowMs, (b.floodBurst.count + 1) * b.floodBurst.maxGapSec * 1_000);
    if (b.repeat) windowMs = Math.max(windowMs, b.repeat.windowSec * 1_000);
    if (rule.conditions.newMembersOnly) {
      const p = b.newMember ?? NewMemberSchema.parse({});
      recentWindowMs = Math.max(recentWindowMs, p.windowHours * 3_600_000);
      firstMessages = Math.max(firstMessages, p.firstMessages);
    }
  }
  return {
    contextWindowMs: Math.min(windowMs, CONTEXT_WINDOW_MS),
    // A join is among the newest records unless the member wrote `firstMessages` since (then
    // they are not new); the margin covers their records in other groups and other events.
    contextRecent: recentWindowMs > 0 ? { windowMs: recentWindowMs, limit: 2 * firstMessages + 10 } : undefined,
  };
}

const toRuleMessage = (m: Message): RuleMessage => ({ id: m.id, groupId: m.groupId, memberId: m.memberId, text: m.text, ts: m.ts, role: m.role });

/** The case recorded for one suggestion on one message: what the sidebar lists and staff decide on. */
export function suggestionCase(message: Message, suggestion: Suggestion, at: number, id: string): Case {
  return {
    id,
    kind: 'suggested',
    at,
    groupId: message.groupId,
    memberId: message.memberId,
    messageId: message.id,
    ruleId: suggestion.ruleId,
    category: suggestion.category,
    memberAction: suggestion.memberAction,
    // Stored in both languages' neutral form: the reason never names the matched word.
    reason: suggestion.reason,
    reasonZh: suggestion.reasonZh,
    actor: suggestion.auditOnly ? 'audit' : '',
    evidence: { text: message.text, authorName: message.authorName, ts: message.ts, spans: suggestion.spans },
  };
}

/**
 * Rule suggestions for the messages a batch stored, in memory: each message is judged with
 * its member's earlier messages in the same group (read by the ingest transaction) plus the
 * batch's own, as if the messages had arrived one by one.
 */
export function suggestForBatch(compiled: CompiledRules, batch: StoredBatch, newId: () => string, signals?: GroupSignals): Case[] {
  if (compiled.rules.length === 0) return [];
  const byMember = new Map<string, Message[]>();
  // The batch's joins by member, found in the same pass: filtering the whole batch once per
  // member (300 members × 1,000 messages a batch) was a tenth of the rules' time in a stream.
  const joinedInBatch = new Map<string, Message[]>();
  for (const m of batch.stored) {
    if (m.kind !== 'message' && m.kind !== 'join') continue;
    const key = membershipKey(m.groupId, m.memberId);
    const into = m.kind === 'message' ? byMember : joinedInBatch;
    const list = into.get(key);
    if (list) list.push(m);
    else into.set(key, [m]);
  }
  const cases: Case[] = [];
  for (const [key, messages] of byMember) {
    const first = messages[0] as Message;
    const inGroup = (m: Message) => m.groupId === first.groupId && m.memberId === first.memberId;
    const earlierInGroup = (batch.earlier.get(first.memberId) ?? []).filter(inGroup);
    const earlier = earlierInGroup.filter((m) => m.kind === 'message');
    const context = [...earlier, ...messages].sort((a, b) => a.ts - b.ts).map(toRuleMessage);
    // "New" only from a join seen (within the context window): members already there when
    // the group was first read are established, however few messages they have posted.
    const joins = [...earlierInGroup.filter((m) => m.kind === 'join'), ...(joinedInBatch.get(key) ?? [])].map((m) => m.ts);
    for (const message of messages) {
      let end = context.length;
      while (end > 0 && (context[end - 1] as RuleMessage).ts > message.ts) end--;
      const recent = context.slice(Math.max(0, end - CONTEXT_LIMIT), end);
      const memberJoinedAt = lastJoinBefore(joins, message.ts);
      const found = evaluateMessage(compiled, toRuleMessage(message), { recent, memberJoinedAt, now: batch.now, signals: signals?.contextFor(message) });
      for (const s of found) cases.push(suggestionCase(message, s, batch.now, newId()));
      // Known domains and recent texts grow as messages are read, in memory (no store read).
      // Rules skip staff, so their links (the shop's own site) are found by the tracker.
      signals?.learn(message, message.role === 'staff' ? null : lastEvaluationHosts(), found.some((s) => s.category === 'ad' && !s.auditOnly));
    }
  }
  return cases;
}

function lastJoinBefore(joins: readonly number[], ts: number): number | undefined {
  let last: number | undefined;
  for (const at of joins) if (at <= ts && (last === undefined || at > last)) last = at;
  return last;
}

/**
 * The ingest step that evaluates rules inside the batch's transaction, so a message is never
 * stored without its suggestions (a worker stopped mid-batch stores neither). `onCases` learns
 * what was written once the step has run.
 */
export function suggestStep(
  compiled: CompiledRules,
  onCases: (cases: Case[]) => void,
  newId = () => `case-${crypto.randomUUID()}`,
  signals?: GroupSignals,
): IngestStep {
  return (tx, batch) => {
    const cases = suggestForBatch(compiled, batch, newId, signals);
    onCases(cases);
    const store = tx.objectStore('cases');
    return cases.map((c) => store.add(c));
  };
}
