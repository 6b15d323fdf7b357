import { z } from 'zod';
import { ExternalIdSchema, SiteIdSchema, TimestampSchema } from './ids';

export const LIFECYCLE_STAGES = ['prospect', 'customer', 'vip', 'churned'] as const;
export const LifecycleStageSchema = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof LifecycleStageSchema>;

export const VALUE_TIERS = ['low', 'medium', 'high'] as const;
export const ValueTierSchema = z.enum(VALUE_TIERS);

export const MemberSchema = z.object({
  id: z.string().min(1),
  site: SiteIdSchema,
  externalId: ExternalIdSchema,
  name: z.string().max(200),
  /** Earlier display names, newest last; members rename themselves to dodge moderation. */
  aliases: z.array(z.string().max(200)).max(50).default([]),
  firstSeen: TimestampSchema,
  lastSeen: TimestampSchema,
  stage: LifecycleStageSchema.optional(),
  tier: ValueTierSchema.optional(),
});
export type Member = z.infer<typeof MemberSchema>;

/** A member's presence in one group. */
export const MembershipSchema = z.object({
  groupId: z.string().min(1),
  memberId: z.string().min(1),
  firstSeen: TimestampSchema,
  lastSeen: TimestampSchema,
  messageCount: z.number().int().nonnegative(),
  left: z.boolean().default(false),
});
export type Membership = z.infer<typeof MembershipSchema>;
