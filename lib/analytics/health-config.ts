import { z } from 'zod';
import { BusinessHoursError, BusinessHoursInputSchema, type BusinessHours, parseBusinessHours } from './business-hours';

/** How questions are timed in one group. Every field has a default, so `{}` is a valid config. */
export const GroupHealthConfigSchema = z.object({
  /** First-response target: waiting items turn amber at half of it and red past it. */
  targetMinutes: z.number().int().min(1).max(1440).default(5),
  /** A question nobody answered for this long ends as "never answered". */
  neverAfterHours: z.number().int().min(1).max(720).default(24),
  /**
   * A staff message that names nobody answers the latest question asked since the previous
   * staff message (how staff reply in a busy group). Off: only a reply, quote or mention does.
   */
  nextStaffMessageAnswers: z.boolean().default(true),
  /** Every customer message opens a question, not only ones that read as questions. */
  everyMessageIsQuestion: z.boolean().default(false),
  /** A desktop notification on a miss in this group: null follows the general setting. Not part of the timing: changing it recounts nothing. */
  notifyOnMiss: z.boolean().nullable().default(null),
  /** null: timed around the clock. */
  businessHours: BusinessHoursInputSchema.nullable().default(null),
});
export type GroupHealthConfig = z.infer<typeof GroupHealthConfigSchema>;
export const DEFAULT_HEALTH_CONFIG: GroupHealthConfig = GroupHealthConfigSchema.parse({});

/**
 * Checks a config as entered: the error names the field (`targetMinutes`,
 * `businessHours.days.mon`, …) so the form can point at it.
 */
export function parseHealthConfig(raw: unknown): { config: GroupHealthConfig; hours: BusinessHours | null } {
  const parsed = GroupHealthConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).join('.') || 'config';
    throw new BusinessHoursError(field, issue?.message ?? 'invalid');
  }
  const hours = parsed.data.businessHours ? parseBusinessHours(parsed.data.businessHours) : null;
  return { config: parsed.data, hours };
}

/** A stored config that no longer parses (hand-edited backup) falls back to defaults, never throws. */
export function readHealthConfig(raw: unknown): { config: GroupHealthConfig; hours: BusinessHours | null } {
  try {
    return parseHealthConfig(raw ?? {});
  } catch {
    return { config: DEFAULT_HEALTH_CONFIG, hours: null };
  }
}
