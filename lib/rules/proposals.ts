import type { Case, Message, ProposalDecision, RuleCategory, RuleInput } from '../model';
import { RULE_CATEGORIES } from '../model/rule';
import { type CompiledRules, evaluateMessage } from './engine';
import { compactPhrase, type DismissedEvidence, proposeAllowPhrases, proposeWords } from './learning';
import { normalize } from './normalize';

/**
 * The options page's proposals for one group, assembled from its case log and messages
 * (pure; lib/background/learning.ts reads the stores). Words come from what staff flagged
 * or acted on against the group's ordinary messages; allow-list entries from what staff
 * dismissed. Phrases staff already approved or ignored, phrases in the group's allow-list
 * and phrases the rules already catch are never proposed.
 */

export interface WordProposalView {
  phrase: string;
  /** Flagged messages of the group containing it, and ordinary ones. */
  flagged: number;
  normal: number;
  score: number;
  /** The category staff gave most of the flagged messages containing it. */
  category: RuleCategory;
}

export interface AllowProposalView {
  phrase: string;
  /** Dismissals whose evidence it was: as "allowed in this group", and as "not a problem". */
  allowedInGroup: number;
  notAProblem: number;
}

export interface GroupProposals {
  words: WordProposalView[];
  allow: AllowProposalView[];
  /** What the proposals were learned from. */
  basis: { flagged: number; normal: number; dismissed: number };
}

export interface ProposalInput {
  cases: readonly Case[];
  /** The group's recent messages (any order). */
  messages: readonly Message[];
  allowList: readonly string[];
  decisions: readonly ProposalDecision[];
  /** The rules as they are now: a phrase they already catch is not proposed. */
  compiled: CompiledRules;
  groupId: string;
  now: number;
  /** At most this many of each kind (default 20). */
  limit?: number;
}

/** "Not a problem" needs to be said this often before its evidence is proposed; "allowed in this group" once. */
export const NOT_A_PROBLEM_MIN = 2;

const isCategory = (c: string | undefined): c is RuleCategory => (RULE_CATEGORIES as readonly string[]).includes(c ?? '');

/** The phrase as the engine sees it (lower case, simplified, separators folded), for comparing. */
export function canonicalPhrase(phrase: string): string {
  return normalize(phrase).text.trim();
}

export function groupProposals(input: ProposalInput): GroupProposals {
  const limit = input.limit ?? 20;
  const decided = {
    word: new Set(input.decisions.filter((d) => d.kind === 'word').map((d) => d.phrase)),
    allow: new Set(input.decisions.filter((d) => d.kind === 'allow').map((d) => d.phrase)),
  };
  const allowed = new Set(input.allowList.map(compactPhrase));

  // Flagged: a staff flag or an applied decision, one per message, with its categories.
  const flaggedByMessage = new Map<string, { text: string; categories: string[] }>();
  const dismissedAllowed: DismissedEvidence[] = [];
  const dismissedNotAProblem: DismissedEvidence[] = [];
  const withCase = new Set<string>();
  for (const c of input.cases) {
    if (c.groupId !== input.groupId) continue;
    const messageId = c.messageId ?? c.id;
    if (c.kind === 'suggested' || c.kind === 'applied' || c.kind === 'manual-warning') withCase.add(messageId);
    if ((c.kind === 'applied' || c.kind === 'manual-warning') && c.evidence) {
      flaggedByMessage.set(messageId, { text: c.evidence.text, categories: c.categories ?? (c.category ? [c.category] : []) });
    } else if (c.kind === 'dismissed' && c.evidence) {
      const evidence = { text: c.evidence.text, spans: c.evidence.spans };
      if (c.reasonCode === 'allowed-in-group') dismissedAllowed.push(evidence);
      else if (c.reasonCode === 'not-a-problem') dismissedNotAProblem.push(evidence);
    }
  }
  // A dismissed message is an ordinary one after all.
  for (const c of input.cases) if (c.kind === 'dismissed' && c.messageId && !flaggedByMessage.has(c.messageId)) withCase.delete(c.messageId);
  const flagged = [...flaggedByMessage.values()];
  const normal = input.messages.filter((m) => m.kind === 'message' && m.groupId === input.groupId && !withCase.has(m.id) && m.text.trim() !== '').map((m) => m.text);

  const caught = (phrase: string) =>
    evaluateMessage(input.compiled, { id: 'proposal', groupId: input.groupId, memberId: 'proposal', text: phrase, ts: input.now, role: 'customer' }, { recent: [], now: input.now }).some(
      (s) => !s.auditOnly && s.category !== 'flood' && s.category !== 'repeat',
    );
  const known = new Set([...decided.word, ...input.allowList.map(canonicalPhrase)]);
  const words: WordProposalView[] = [];
  for (const p of proposeWords(
    flagged.map((f) => f.text),
    normal,
    { known, limit: limit * 3 },
  )) {
    if (words.length >= limit) break;
    if (caught(p.phrase)) continue;
    const votes = new Map<RuleCategory, number>();
    for (const f of flagged) {
      if (!canonicalPhrase(f.text).includes(p.phrase)) continue;
      for (const c of f.categories) if (isCategory(c)) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    const category = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'custom';
    words.push({ ...p, category });
  }

  const allowCounts = new Map<string, AllowProposalView>();
  for (const { phrase, count } of proposeAllowPhrases(dismissedAllowed, 1)) allowCounts.set(phrase, { phrase, allowedInGroup: count, notAProblem: 0 });
  for (const { phrase, count } of proposeAllowPhrases(dismissedNotAProblem, 1)) {
    const existing = allowCounts.get(phrase);
    if (existing) existing.notAProblem = count;
    else allowCounts.set(phrase, { phrase, allowedInGroup: 0, notAProblem: count });
  }
  const allow = [...allowCounts.values()]
    .filter((a) => (a.allowedInGroup >= 1 || a.notAProblem >= NOT_A_PROBLEM_MIN) && !decided.allow.has(a.phrase) && !allowed.has(compactPhrase(a.phrase)))
    .sort((a, b) => b.allowedInGroup - a.allowedInGroup || b.notAProblem - a.notAProblem || a.phrase.localeCompare(b.phrase))
    .slice(0, limit);

  return {
    words,
    allow,
    basis: { flagged: flagged.length, normal: normal.length, dismissed: dismissedAllowed.length + dismissedNotAProblem.length },
  };
}

/** The rule approved words of a category go into. */
export const learnedRuleId = (category: RuleCategory) => `learned-${category}`;

/**
 * The learned rule of `category` with `phrase` added (created when missing), ready for the
 * same validation as any rule. A phrase the rule already has is an error naming it.
 */
export function withLearnedWord(existing: RuleInput | undefined, category: RuleCategory, phrase: string): RuleInput {
  const word = phrase.trim();
  if (!word) throw new Error('approved word is empty');
  if (/^[0-9\s]+$/.test(word)) throw new Error(`approved word "${word}": a number alone is not a word (order numbers and prices would match)`);
  const base: RuleInput = existing ?? {
    id: learnedRuleId(category),
    name: `Learned words: ${category}`,
    description: 'Words staff approved from proposals in the options (learned from flagged messages).',
    category,
    severity: 'medium',
    memberAction: 'remind',
    triggers: { keywords: [] },
  };
  const keywords = [...(base.triggers?.keywords ?? [])];
  if (keywords.some((k) => compactPhrase(k) === compactPhrase(word))) throw new Error(`approved word "${word}" is already in rule "${base.name}"`);
  return { ...base, triggers: { ...base.triggers, keywords: [...keywords, word] } };
}
