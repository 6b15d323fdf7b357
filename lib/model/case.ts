import { z } from 'zod';
import { TimestampSchema } from './ids';

export const MEMBER_ACTIONS = ['none', 'remind', 'warn', 'mute', 'remove'] as const;
export const MemberActionSchema = z.enum(MEMBER_ACTIONS);
export type MemberAction = z.infer<typeof MemberActionSchema>;

/** Why a flagged message was dismissed; the free text goes in `reason`. */
export const DISMISS_REASON_CODES = ['not-a-problem', 'allowed-in-group', 'handled-elsewhere', 'other'] as const;
export type DismissReasonCode = (typeof DISMISS_REASON_CODES)[number];

export const SpanSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Span = z.infer<typeof SpanSchema>;

/**
 * The case log is append-only: a suggestion is one case, and each decision on it
 * (applied, dismissed) is another case that points back at it. Nothing is edited in place,
 * so the record of who decided what, when and why cannot be rewritten.
 */
export const CaseSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['suggested', 'applied', 'dismissed', 'manual-warning', 'warning-revoked']),
  /** For decisions: the suggestion case they decide. */
  refersTo: z.string().optional(),
  at: TimestampSchema,
  groupId: z.string().min(1),
  memberId: z.string().min(1),
  messageId: z.string().optional(),
  ruleId: z.string().optional(),
  category: z.string().max(40).optional(),
  memberAction: MemberActionSchema.default('none'),
  reason: z.string().max(1_000).default(''),
  /** The rule's reason in Chinese, for suggestions (decisions carry the moderator's own words in `reason`). */
  reasonZh: z.string().max(1_000).optional(),
  actor: z.string().max(100).default(''),
  /** A copy of the message as it was, so the evidence survives deletion in the chat. */
  evidence: z
    .object({ text: z.string().max(20_000), authorName: z.string().max(200), ts: TimestampSchema, spans: z.array(SpanSchema).default([]) })
    .optional(),
  /** For decisions: every category the message was flagged for (one decision per message). */
  categories: z.array(z.string().max(40)).max(20).optional(),
  /** For applied decisions: the ladder step (1-based; 0 = recorded without a member action). */
  step: z.number().int().min(0).max(100).optional(),
  /** How the member was told: a direct message, the group, or a staff action in the chat. */
  channel: z.enum(['private', 'public', 'staff']).optional(),
  /** What staff did besides telling the member. */
  outcome: z.enum(['none', 'mute', 'remove']).optional(),
  /** Ladder points this decision counts for (its categories' weight). */
  weight: z.number().int().min(0).max(10).optional(),
  /**
   * What made it a case: the reader saw the staff message in the chat, saw the member
   * kicked after a removal step, or staff confirmed it.
   */
  recordedBy: z.enum(['sent-seen', 'removal-seen', 'staff-confirmed']).optional(),
  /** The text the member was sent (a snapshot, as it was inserted). */
  sentText: z.string().max(4_000).optional(),
  /** For dismissals: why, as a code others can count; `reason` holds the staff's own words. */
  reasonCode: z.enum(DISMISS_REASON_CODES).optional(),
});
export type Case = z.infer<typeof CaseSchema>;
