import type { Database } from '../db/open';
import { appendCase, getGroupCases } from '../db/repos/cases';
import { getGroup, getRecentGroupMessages, listGroups } from '../db/repos/groups';
import { addAllowPhrases, getAllowList, listProposalDecisions, putProposalDecision, removeAllowPhrase } from '../db/repos/learning';
import { listRules, saveRule } from '../db/repos/rules';
import { getSettings } from '../db/repos/settings';
import {
  AllowPhraseSchema,
  type Case,
  type GroupAllowList,
  type ProposalDecision,
  type ProposalKind,
  proposalDecisionId,
  type RuleCategory,
} from '../model';
import { countingDecisions, decidedMessageIds, flaggedMessages, ladderPoints } from '../moderation/decisions';
import { categoryWeight, chooseStep } from '../moderation/ladder';
import { canonicalPhrase, type GroupProposals, groupProposals, learnedRuleId, withLearnedWord } from '../rules/proposals';
import type { Moderation } from './moderation';

/** Ordinary messages of a group the word proposals compare against (the newest). */
export const PROPOSAL_MESSAGE_LIMIT = 3_000;

/**
 * Learning from staff decisions (issue: "flag this message", dismissal reasons, proposals,
 * per-group allow-lists). Reads and writes through the repos; the choices are pure
 * functions in lib/rules/proposals.ts and lib/moderation/. Nothing changes a rule or an
 * allow-list except staff approving a proposal or editing the list.
 */
export function createLearning({ db, now, moderation }: { db: Database; now: () => number; moderation: Moderation }) {
  async function staffName(): Promise<string> {
    const { staffName: name } = await getSettings(db);
    if (!name.trim()) throw new Error('staff name missing: enter your name first; every case is signed');
    return name;
  }

  async function proposalsFor(groupId: string): Promise<GroupProposals> {
    const [cases, messages, allowList, decisions, compiled] = await Promise.all([
      getGroupCases(db, groupId, 0),
      getRecentGroupMessages(db, groupId, PROPOSAL_MESSAGE_LIMIT),
      getAllowList(db, groupId),
      listProposalDecisions(db, groupId),
      moderation.compiledRules(),
    ]);
    return groupProposals({ cases, messages, allowList: allowList.entries.map((e) => e.phrase), decisions, compiled, groupId, now: now() });
  }

  return {
    /**
     * Staff flag a message the rules missed: a manual case with the message as evidence, in
     * the category staff chose, counted on the ladder like any decision (the step it climbs
     * to is recorded with it). A message already decided, or waiting in the suggestions, is
     * refused: it gets its one decision there.
     */
    async flagMessage(input: { messageId: string; category: RuleCategory; reason: string }): Promise<Case> {
      const actor = await staffName();
      const message = await db.get('messages', input.messageId);
      if (!message) throw new Error(`no stored message "${input.messageId}"`);
      if (message.kind !== 'message') throw new Error('only a message can be flagged, not a join or leave');
      const cases = await getGroupCases(db, message.groupId, 0);
      const ofMessage = cases.filter((c) => c.messageId === message.id);
      if (decidedMessageIds(cases).has(message.id) || ofMessage.some((c) => c.kind === 'manual-warning')) {
        throw new Error('this message already has a decision');
      }
      if (flaggedMessages(ofMessage).length > 0) throw new Error('this message is waiting in the suggestions: apply or dismiss it there');
      const settings = await getSettings(db);
      const at = now();
      const key = { groupId: message.groupId, memberId: message.memberId };
      const prior = ladderPoints(countingDecisions(cases, key, at, settings.warningWindowDays), settings.warningWindowDays);
      const weight = categoryWeight(settings.ladder, [input.category]);
      // The ladder alone decides the step: staff flagging asks for no more than the ladder gives.
      const choice = chooseStep(settings.ladder, { priorPoints: prior.points, weight, ruleAction: 'remind' });
      return appendCase(db, {
        id: `case-${crypto.randomUUID()}`,
        kind: 'manual-warning',
        at,
        groupId: message.groupId,
        memberId: message.memberId,
        messageId: message.id,
        category: input.category,
        categories: [input.category],
        memberAction: choice.memberAction,
        // No channel: flagging tells the member nothing; the step is where it counts on the ladder.
        step: choice.step,
        weight,
        recordedBy: 'staff-confirmed',
        reason: input.reason,
        actor,
        evidence: { text: message.text, authorName: message.authorName, ts: message.ts, spans: [] },
      });
    },

    /** The groups, and for one of them (the given one, else the first) its proposals and allow-list. */
    async listProposals(input: { groupId?: string }) {
      const groups = (await listGroups(db)).sort((a, b) => b.lastSeen - a.lastSeen).map((g) => ({ id: g.id, title: g.title }));
      const groupId = input.groupId && groups.some((g) => g.id === input.groupId) ? input.groupId : (groups[0]?.id ?? null);
      if (!groupId) return { groups, groupId: null, words: [], allow: [], basis: { flagged: 0, normal: 0, dismissed: 0 }, allowList: [] };
      const [proposals, allowList] = await Promise.all([proposalsFor(groupId), getAllowList(db, groupId)]);
      return { groups, groupId, ...proposals, allowList: allowList.entries };
    },

    /**
     * Approve or ignore one proposal. An approved word goes into the learned rule of its
     * category through the same validation as any rule (the error names the word); an
     * approved allow entry goes into the group's allow-list. Either way the answer is kept,
     * so the phrase is not proposed again.
     */
    async decideProposal(input: { groupId: string; kind: ProposalKind; phrase: string; decision: 'approve' | 'ignore'; category?: RuleCategory }): Promise<ProposalDecision> {
      const actor = await staffName();
      if (!(await getGroup(db, input.groupId))) throw new Error(`unknown group "${input.groupId}"`);
      const phrase = canonicalPhrase(input.phrase);
      if (!phrase) throw new Error('the proposed phrase is empty');
      const at = now();
      if (input.decision === 'approve') {
        if (input.kind === 'word') {
          const category = input.category ?? 'custom';
          const existing = (await listRules(db)).find((r) => r.id === learnedRuleId(category));
          const rule = withLearnedWord(existing, category, phrase);
          try {
            await saveRule(db, rule);
          } catch (error) {
            throw new Error(`approved word "${phrase}": ${error instanceof Error ? error.message : String(error)}`);
          }
        } else {
          await addAllowPhrases(db, input.groupId, [checkedAllowEntry(phrase, at, actor, 'proposal')], at);
        }
        await moderation.rulesChanged();
      }
      return putProposalDecision(db, {
        id: proposalDecisionId(input.groupId, input.kind, phrase),
        groupId: input.groupId,
        kind: input.kind,
        phrase,
        decision: input.decision === 'approve' ? 'approved' : 'ignored',
        ...(input.kind === 'word' && input.decision === 'approve' ? { category: input.category ?? 'custom' } : {}),
        at,
        actor,
      });
    },

    async addAllowPhrase(input: { groupId: string; phrase: string }): Promise<GroupAllowList> {
      if (!(await getGroup(db, input.groupId))) throw new Error(`unknown group "${input.groupId}"`);
      const at = now();
      const saved = await addAllowPhrases(db, input.groupId, [checkedAllowEntry(input.phrase, at, (await getSettings(db)).staffName, 'manual')], at);
      await moderation.rulesChanged();
      return saved;
    },

    async removeAllowPhrase(input: { groupId: string; phrase: string }): Promise<GroupAllowList> {
      const saved = await removeAllowPhrase(db, input.groupId, input.phrase, now());
      await moderation.rulesChanged();
      return saved;
    },
  };
}

/** An allow-list entry as typed or approved; the error names the phrase. */
export function checkedAllowEntry(phrase: string, at: number, addedBy: string, source: 'manual' | 'proposal') {
  const parsed = AllowPhraseSchema.safeParse(phrase);
  if (!parsed.success) throw new Error(`allowed phrase "${phrase.slice(0, 60)}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (!/[\p{L}\p{N}]/u.test(parsed.data) || !canonicalPhrase(parsed.data)) {
    throw new Error(`allowed phrase "${phrase.slice(0, 60)}": it has no letters or digits, so it would allow nothing`);
  }
  return { phrase: parsed.data, addedAt: at, addedBy: addedBy.slice(0, 100), source };
}

export type Learning = ReturnType<typeof createLearning>;
