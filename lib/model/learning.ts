import { z } from 'zod';
import { TimestampSchema } from './ids';
import { RULE_CATEGORIES } from './rule';

/**
 * What staff taught the extension, kept per group: the phrases allowed in a group (its
 * allow-list) and the proposals staff approved or ignored, so an ignored proposal is never
 * proposed again. Nothing here changes a rule by itself; see lib/rules/learning.ts.
 */

export const MAX_ALLOW_PHRASE_LENGTH = 200;
export const MAX_ALLOW_PHRASES = 1_000;

export const AllowPhraseSchema = z
  .string()
  .trim()
  .min(1, 'an allowed phrase must not be empty')
  .max(MAX_ALLOW_PHRASE_LENGTH, `an allowed phrase must be at most ${MAX_ALLOW_PHRASE_LENGTH} characters`);

export const AllowEntrySchema = z.object({
  phrase: AllowPhraseSchema,
  addedAt: TimestampSchema,
  addedBy: z.string().max(100).default(''),
  /** Typed by staff in the options, or an approved proposal. */
  source: z.enum(['manual', 'proposal']).default('manual'),
});
export type AllowEntry = z.infer<typeof AllowEntrySchema>;

/** One group's allow-list: evidence inside these phrases no longer makes a suggestion in that group. */
export const GroupAllowListSchema = z.object({
  groupId: z.string().min(1).max(600),
  entries: z.array(AllowEntrySchema).max(MAX_ALLOW_PHRASES, `an allow-list holds at most ${MAX_ALLOW_PHRASES} phrases`),
  updatedAt: TimestampSchema,
});
export type GroupAllowList = z.infer<typeof GroupAllowListSchema>;

export const PROPOSAL_KINDS = ['word', 'allow'] as const;
export const ProposalKindSchema = z.enum(PROPOSAL_KINDS);
export type ProposalKind = z.infer<typeof ProposalKindSchema>;

/** Staff's answer to one proposal, kept so an ignored (or approved) phrase is not proposed again. */
export const ProposalDecisionSchema = z.object({
  /** `${groupId}\u0000${kind}\u0000${phrase}` (see proposalDecisionId). */
  id: z.string().min(1),
  groupId: z.string().min(1).max(600),
  kind: ProposalKindSchema,
  phrase: z.string().min(1).max(MAX_ALLOW_PHRASE_LENGTH),
  decision: z.enum(['approved', 'ignored']),
  /** For approved words: the category of the rule the word went into. */
  category: z.enum(RULE_CATEGORIES).optional(),
  at: TimestampSchema,
  actor: z.string().max(100).default(''),
});
export type ProposalDecision = z.infer<typeof ProposalDecisionSchema>;

export function proposalDecisionId(groupId: string, kind: ProposalKind, phrase: string): string {
  return `${groupId}\u0000${kind}\u0000${phrase}`;
}
