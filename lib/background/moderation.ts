import type { Database } from '../db/open';
import { appendCase, getGroupCases, listCases } from '../db/repos/cases';
import { lastJoinInGroup } from '../db/repos/joins';
import { getRecentMessages } from '../db/repos/members';
import { currentKeysOf } from '../db/repos/nick-links';
import { getPendingActions, updatePendingActions } from '../db/repos/moderation-state';
import { listAllowLists } from '../db/repos/learning';
import { listRules } from '../db/repos/rules';
import { withGroupAllowLists } from '../rules/learning';
import { getSettings } from '../db/repos/settings';
import type { Case, DismissReasonCode, Message } from '../model';
import type { RuleMessage } from '../model/rule';
import { countingDecisions, decidedMessageIds, flaggedMessages, ladderPoints, type MessageFlag } from '../moderation/decisions';
import { categoryWeight, chooseStep, type StepChoice } from '../moderation/ladder';
import { isExpired, matchRemovals, matchSentMessages, type PendingAction } from '../moderation/pending';
import { type CompiledRules, compileRules, evaluateMessage, lastEvaluationHosts, type RuleCompileError, type Suggestion } from '../rules/engine';
import { GroupSignals } from '../rules/group-signals';
import { suggestionCase } from './suggest';

/** Messages re-checked when the rules change. */
export const REEVALUATE_LIMIT = 2_000;
/**
 * Older messages read before the re-checked ones only to learn the groups' domains and
 * recent texts, as the background's signals learnt them when they arrived.
 */
export const REEVALUATE_SIGNAL_WARMUP = 2_000;

/** A flagged message as the sidebar shows it: every category, the step chosen and why, and any pending action. */
export interface FlaggedMessage extends MessageFlag {
  choice: StepChoice;
  /** Earlier decisions about this member in this group that still count. */
  activeDecisions: number;
  nextExpiry?: number;
  pending: PendingAction | null;
}

/** Applied decisions and manual warnings that were not revoked, as window records (for revoking). */
export function warningRecords(cases: readonly Case[]) {
  const revoked = new Set(cases.filter((c) => c.kind === 'warning-revoked' && c.refersTo).map((c) => c.refersTo));
  return cases
    .filter((c) => (c.kind === 'applied' || c.kind === 'manual-warning') && c.memberAction !== 'none' && !revoked.has(c.id))
    .map((c) => ({ id: c.id, groupId: c.groupId, memberId: c.memberId, at: c.at, ruleId: c.ruleId, category: c.category, action: c.memberAction }));
}

const toRuleMessage = (m: Message): RuleMessage => ({ id: m.id, groupId: m.groupId, memberId: m.memberId, text: m.text, ts: m.ts, role: m.role });

/**
 * Runs the rule engine on what the reader stores and keeps the case log. Each suggestion
 * is an append-only case with a snapshot of the evidence; staff decide once per message
 * (grouping happens in lib/moderation/decisions.ts); a ladder step's text becomes a pending
 * action when inserted, and a case only when the chat shows it sent or staff confirm.
 */
export function createModeration({ db, now }: { db: Database; now: () => number }) {
  let compiled: Promise<{ compiled: CompiledRules; errors: RuleCompileError[] }> | null = null;
  const rules = () => {
    // Each group's approved allow-list travels with the rules, so every path that evaluates
    // (batched ingest, re-checks) applies it.
    compiled ??= Promise.all([listRules(db), listAllowLists(db)]).then(([stored, lists]) => {
      const result = compileRules(stored);
      return { ...result, compiled: withGroupAllowLists(result.compiled, lists) };
    });
    return compiled;
  };

  async function record(message: Message, suggestion: Suggestion): Promise<Case> {
    return appendCase(db, suggestionCase(message, suggestion, now(), `case-${crypto.randomUUID()}`));
  }

  /** The flagged message with the step the ladder gives it now. */
  async function flagged(groupId: string, messageId: string): Promise<{ flag: MessageFlag; choice: StepChoice; cases: Case[] }> {
    const settings = await getSettings(db);
    const cases = await getGroupCases(db, groupId, 0);
    if (decidedMessageIds(cases).has(messageId)) throw new Error('this message already has a decision');
    const flag = flaggedMessages(cases).find((f) => f.messageId === messageId);
    if (!flag) throw new Error(`no flagged message "${messageId}" in this group`);
    const records = countingDecisions(cases, flag, now(), settings.warningWindowDays);
    const choice = chooseStep(settings.ladder, {
      priorPoints: ladderPoints(records, settings.warningWindowDays).points,
      weight: categoryWeight(settings.ladder, flag.categories.map((c) => c.category)),
      ruleAction: flag.ruleAction,
    });
    return { flag, choice, cases };
  }

  async function staffName(): Promise<string> {
    const { staffName: name } = await getSettings(db);
    if (!name.trim()) throw new Error('staff name missing: enter your name first; every case is signed');
    return name;
  }

  /** Writes the one decision a message gets. */
  function appendDecision(
    flag: MessageFlag,
    fields: Pick<Case, 'kind' | 'memberAction' | 'reason' | 'actor'> & Partial<Case>,
  ): Promise<Case> {
    return appendCase(db, {
      id: `case-${crypto.randomUUID()}`,
      refersTo: flag.categories[0]?.suggestionId,
      at: now(),
      groupId: flag.groupId,
      memberId: flag.memberId,
      messageId: flag.messageId,
      ruleId: flag.categories[0]?.ruleId,
      category: flag.categories[0]?.category,
      categories: flag.categories.map((c) => c.category),
      evidence: { text: flag.text, authorName: flag.authorName, ts: flag.ts, spans: flag.spans },
      ...fields,
    });
  }

  async function dropPending(messageId: string) {
    await updatePendingActions(db, (list) => list.filter((p) => p.messageId !== messageId && !isExpired(p, now())));
  }

  return {
    /** The compiled rules, cached until they change; batched ingest evaluates with them. */
    compiledRules: async () => (await rules()).compiled,
    async compileErrors() {
      return (await rules()).errors;
    },
    /**
     * Rules changed: recompile, and check recent history again. A message that already has
     * a decision is never reopened, and a category already flagged on a message is not
     * flagged twice.
     */
    async rulesChanged(): Promise<number> {
      compiled = null;
      const { compiled: c } = await rules();
      if (c.rules.length === 0) return 0;
      const suggested = await listCases(db, 'suggested');
      const decided = decidedMessageIds([
        ...suggested,
        ...(await listCases(db, 'applied')),
        ...(await listCases(db, 'dismissed')),
        ...(await listCases(db, 'manual-warning')),
      ]);
      const existing = new Set(suggested.map((x) => `${x.messageId}\u0000${x.category}`));
      // Oldest first, so the context signals (a domain new to the group, the same text in
      // other groups) are replayed as they stood when each message arrived: the live
      // tracker has since learnt every one of these messages, its own link included.
      const chronological = (await getRecentMessages(db, REEVALUATE_LIMIT + REEVALUATE_SIGNAL_WARMUP))
        .filter((m) => m.kind === 'message')
        .reverse();
      const firstChecked = Math.max(0, chronological.length - REEVALUATE_LIMIT);
      const signals = new GroupSignals();
      signals.warm(chronological.slice(0, firstChecked));
      const joins = new Map<string, number | undefined>();
      let created = 0;
      for (const message of chronological.slice(firstChecked)) {
        const key = `${message.groupId}\u0000${message.memberId}`;
        if (!joins.has(key)) joins.set(key, await lastJoinInGroup(db, message.memberId, message.groupId, Number.MAX_SAFE_INTEGER));
        const joinedAt = joins.get(key);
        const suggestions = evaluateMessage(c, toRuleMessage(message), {
          recent: [toRuleMessage(message)],
          memberJoinedAt: joinedAt !== undefined && joinedAt <= message.ts ? joinedAt : undefined,
          now: now(),
          signals: signals.contextFor(message),
        });
        // Learn as ingest does: staff links from the text, a message judged an ad teaches no domain.
        signals.learn(message, message.role === 'staff' ? null : lastEvaluationHosts(), suggestions.some((s) => s.category === 'ad' && !s.auditOnly));
        if (decided.has(message.id)) continue;
        for (const s of suggestions) {
          if (existing.has(`${message.id}\u0000${s.category}`)) continue;
          await record(message, s);
          created++;
        }
      }
      return created;
    },
    /** Flagged messages in a group that have no decision yet, newest first, with the step each would get. */
    async pending(groupId: string, since: number): Promise<FlaggedMessage[]> {
      const [cases, settings, actions] = await Promise.all([getGroupCases(db, groupId, 0), getSettings(db), getPendingActions(db)]);
      const at = now();
      const recentCases = cases.filter((c) => c.kind !== 'suggested' || c.at >= since);
      const open = actions.filter((p) => p.groupId === groupId && !isExpired(p, at));
      const flags = flaggedMessages(recentCases, decidedMessageIds(cases));
      const currentKeys = await currentKeysOf(db, [...new Set(flags.map((f) => f.memberId))]);
      return flags.map((flag) => {
        const records = countingDecisions(cases, flag, at, settings.warningWindowDays);
        const { points, count, nextExpiry } = ladderPoints(records, settings.warningWindowDays);
        return {
          ...flag,
          choice: chooseStep(settings.ladder, {
            priorPoints: points,
            weight: categoryWeight(settings.ladder, flag.categories.map((c) => c.category)),
            ruleAction: flag.ruleAction,
          }),
          activeDecisions: count,
          ...(nextExpiry !== undefined ? { nextExpiry } : {}),
          pending: open.find((p) => p.messageId === flag.messageId) ?? null,
          ...(currentKeys.has(flag.memberId) ? { currentKey: currentKeys.get(flag.memberId) } : {}),
        };
      });
    },
    /**
     * Staff put the step's text somewhere (the group composer, the member's DM, the
     * clipboard): remember it until the chat shows it sent or staff confirm. Replaces an
     * earlier pending action for the same message.
     */
    async startAction(input: { groupId: string; messageId: string; text: string; templateId?: string; reason: string }): Promise<PendingAction> {
      const actor = await staffName();
      const { flag, choice } = await flagged(input.groupId, input.messageId);
      if (!choice.channel || choice.channel === 'staff') throw new Error('this step posts nothing: confirm what you did instead');
      const action: PendingAction = {
        id: `pending-${crypto.randomUUID()}`,
        groupId: flag.groupId,
        memberId: flag.memberId,
        messageId: flag.messageId,
        step: choice.step,
        channel: choice.channel,
        outcome: choice.outcome,
        memberAction: choice.memberAction,
        weight: choice.weight,
        categories: flag.categories.map((c) => c.category),
        ...(input.templateId ? { templateId: input.templateId } : {}),
        text: input.text,
        insertedAt: now(),
        actor,
        reason: input.reason,
      };
      await updatePendingActions(db, (list) => [...list.filter((p) => p.messageId !== flag.messageId && !isExpired(p, now())), action]);
      return action;
    },
    async cancelAction(input: { groupId: string; messageId: string }): Promise<void> {
      await updatePendingActions(db, (list) => list.filter((p) => !(p.groupId === input.groupId && p.messageId === input.messageId)));
    },
    /**
     * Staff confirm what they did: reminded privately, muted or removed in the chat, or (for
     * a rule asking for no member action) simply recorded it. A public step without an
     * outcome is recorded only when the chat shows it sent.
     */
    async confirmAction(input: { groupId: string; messageId: string; reason: string }): Promise<Case> {
      const actor = await staffName();
      const { flag, choice } = await flagged(input.groupId, input.messageId);
      const pending = (await getPendingActions(db)).find((p) => p.messageId === flag.messageId && p.groupId === flag.groupId && !isExpired(p, now()));
      if (choice.channel === 'public' && choice.outcome === 'none') {
        throw new Error('a public warning is recorded when it appears in the chat; send it there');
      }
      if (choice.channel === 'private' && choice.outcome === 'none' && !pending) {
        throw new Error('send the private reminder first, then confirm it');
      }
      const created = await appendDecision(flag, {
        kind: 'applied',
        memberAction: choice.memberAction,
        step: choice.step,
        channel: choice.channel ?? 'staff',
        outcome: choice.outcome,
        weight: choice.step === 0 ? 0 : choice.weight,
        recordedBy: 'staff-confirmed',
        reason: input.reason || pending?.reason || '',
        actor,
        ...(pending ? { sentText: pending.text } : {}),
      });
      await dropPending(flag.messageId);
      return created;
    },
    /** Nothing to act on: one dismissal for the message, with a reason code and the staff's words. */
    async dismiss(input: { groupId: string; messageId: string; reasonCode: DismissReasonCode; text: string }): Promise<Case> {
      const actor = await staffName();
      const { flag } = await flagged(input.groupId, input.messageId);
      const created = await appendDecision(flag, { kind: 'dismissed', memberAction: 'none', reasonCode: input.reasonCode, reason: input.text, actor });
      await dropPending(flag.messageId);
      return created;
    },
    /**
     * Newly stored messages: a staff message that shows a pending action's text sent, or a
     * kick that completes a removal step, turns it into a case (signed by the staff member
     * who inserted the text).
     */
    async recordSent(stored: readonly Message[]): Promise<Case[]> {
      if (!stored.some((m) => (m.role === 'staff' && m.kind === 'message') || m.kind === 'kick')) return [];
      const at = now();
      const open = (await getPendingActions(db)).filter((p) => !isExpired(p, at));
      const created: Case[] = [];
      /** The pending action, seen done in the chat: its case, unless the message was decided meanwhile. */
      const complete = async (action: PendingAction, seen: Message, recordedBy: 'sent-seen' | 'removal-seen', sentText: string) => {
        const cases = await getGroupCases(db, action.groupId, 0);
        if (decidedMessageIds(cases).has(action.messageId)) return;
        const flag = flaggedMessages(cases).find((f) => f.messageId === action.messageId);
        if (!flag) return;
        created.push(
          await appendDecision(flag, {
            kind: 'applied',
            at: seen.ts,
            memberAction: action.memberAction,
            step: action.step,
            channel: action.channel,
            outcome: action.outcome,
            weight: action.weight,
            recordedBy,
            sentText,
            reason: action.reason,
            actor: action.actor,
          }),
        );
      };
      // A removal step is done when the chat shows the member kicked: recorded without the
      // staff's click, which is easy to forget once the member is gone.
      for (const { action, message } of matchRemovals(open, stored)) await complete(action, message, 'removal-seen', action.text);
      for (const { action, message } of matchSentMessages(open, stored)) await complete(action, message, 'sent-seen', message.text.slice(0, 4_000));
      if (created.length > 0) {
        const done = new Set(created.map((c) => c.messageId));
        await updatePendingActions(db, (list) => list.filter((p) => !done.has(p.messageId) && !isExpired(p, at)));
      }
      return created;
    },
  };
}

export type Moderation = ReturnType<typeof createModeration>;
