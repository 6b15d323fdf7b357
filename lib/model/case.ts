import { z } from 'zod';
import { TimestampSchema } from './ids';

export const MEMBER_ACTIONS = ['none', 'remind', 'warn', 'mute', 'remove'] as const;
export const MemberActionSchema = z.enum(MEMBER_ACTIONS);
export type MemberAction = z.infer<typeof MemberActionSchema>;

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
});
export type Case = z.infer<typeof CaseSchema>;
