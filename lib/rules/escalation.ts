import { z } from 'zod';
import { type MemberAction, MemberActionSchema } from '../model/case';

/**
 * The warning ladder. Staff practice: a private reminder before a public warning, a
 * warning before removal. Warnings count per member per group within a window (30 days by
 * default) and expire after it, so an old slip does not push someone to removal.
 * All functions are pure over a list of warning records; storage belongs to lib/db.
 */

export const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 30;

export const WarningRecordSchema = z.object({
  id: z.string().min(1),
  groupId: z.string().min(1),
  memberId: z.string().min(1),
  at: z.number().int().nonnegative(),
  ruleId: z.string().optional(),
  category: z.string().max(40).optional(),
  /** The action the warning was given with (what the member was told). */
  action: MemberActionSchema.default('warn'),
});
export type WarningRecord = z.infer<typeof WarningRecordSchema>;

/** Steps of the ladder: the n-th active warning (1-based) suggests steps[n-1], the last repeats. */
export const LadderSchema = z.object({
  steps: z.array(MemberActionSchema).min(1, 'a ladder needs at least one step').max(10),
  windowDays: z.number().min(1).max(3_650).default(DEFAULT_WINDOW_DAYS),
});
export type Ladder = z.infer<typeof LadderSchema>;

export const LADDER_PRESETS = {
  /** Default: 1st remind privately, 2nd warn publicly, 3rd suggest removal. */
  standard: { steps: ['remind', 'warn', 'remove'], windowDays: DEFAULT_WINDOW_DAYS },
  removeAtOnce: { steps: ['remove'], windowDays: DEFAULT_WINDOW_DAYS },
  warnThenRemove: { steps: ['warn', 'remove'], windowDays: DEFAULT_WINDOW_DAYS },
  threeWarningsThenRemove: { steps: ['warn', 'warn', 'warn', 'remove'], windowDays: DEFAULT_WINDOW_DAYS },
  warnOnly: { steps: ['warn'], windowDays: DEFAULT_WINDOW_DAYS },
} as const satisfies Record<string, Ladder>;
export type LadderPreset = keyof typeof LADDER_PRESETS;
export const DEFAULT_LADDER: Ladder = LADDER_PRESETS.standard as unknown as Ladder;

const ACTION_RANK: Record<MemberAction, number> = { none: 0, remind: 1, warn: 2, mute: 3, remove: 4 };

export interface MemberKey {
  readonly groupId: string;
  readonly memberId: string;
}

/** The member's warnings in this group that are still inside the window, oldest first. */
export function activeWarnings(
  records: readonly WarningRecord[],
  key: MemberKey,
  now: number,
  windowDays: number = DEFAULT_WINDOW_DAYS,
): WarningRecord[] {
  const from = now - windowDays * DAY_MS;
  return records
    .filter((r) => r.groupId === key.groupId && r.memberId === key.memberId && r.at > from && r.at <= now)
    .sort((a, b) => a.at - b.at);
}

export interface LadderDecision {
  /** Suggested member action for the warning about to be given. */
  readonly action: MemberAction;
  /** Active warnings before this one. */
  readonly activeCount: number;
  /** 1-based step of the ladder this warning is on. */
  readonly step: number;
  /** When the oldest active warning expires (so staff can tell the member), if any. */
  readonly nextExpiry?: number;
}

/** The action the ladder suggests for the member's next warning. */
export function nextAction(
  records: readonly WarningRecord[],
  key: MemberKey,
  now: number,
  ladder: Ladder = DEFAULT_LADDER,
): LadderDecision {
  const active = activeWarnings(records, key, now, ladder.windowDays);
  const step = active.length + 1;
  const action = ladder.steps[Math.min(step, ladder.steps.length) - 1] ?? 'warn';
  const oldest = active[0];
  return {
    action,
    activeCount: active.length,
    step,
    ...(oldest ? { nextExpiry: oldest.at + ladder.windowDays * DAY_MS } : {}),
  };
}

/**
 * Combine a rule's suggested action with the ladder: the stronger of the two. A rule that
 * suggests 'none' (content only, e.g. delete a stray link) does not climb the ladder.
 */
export function escalate(
  ruleAction: MemberAction,
  records: readonly WarningRecord[],
  key: MemberKey,
  now: number,
  ladder: Ladder = DEFAULT_LADDER,
): LadderDecision {
  const decision = nextAction(records, key, now, ladder);
  if (ruleAction === 'none') return { ...decision, action: 'none' };
  const action = ACTION_RANK[ruleAction] > ACTION_RANK[decision.action] ? ruleAction : decision.action;
  return { ...decision, action };
}

/** Remove the member's most recent active warning in the group (an appeal upheld). */
export function removeLastWarning(
  records: readonly WarningRecord[],
  key: MemberKey,
  now: number,
  windowDays: number = DEFAULT_WINDOW_DAYS,
): WarningRecord[] {
  const last = activeWarnings(records, key, now, windowDays).at(-1);
  return last ? records.filter((r) => r !== last) : [...records];
}

/** Clear all of the member's warnings in the group; other members and groups are untouched. */
export function resetWarnings(records: readonly WarningRecord[], key: MemberKey): WarningRecord[] {
  return records.filter((r) => !(r.groupId === key.groupId && r.memberId === key.memberId));
}

/** Drop records past the window (for the store's periodic clean-up). */
export function expireWarnings(
  records: readonly WarningRecord[],
  now: number,
  windowDays: number = DEFAULT_WINDOW_DAYS,
): WarningRecord[] {
  const from = now - windowDays * DAY_MS;
  return records.filter((r) => r.at > from);
}
