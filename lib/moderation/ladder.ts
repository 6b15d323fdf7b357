import { z } from 'zod';
import type { MemberAction } from '../model/case';

/**
 * The moderation ladder, as staff edit it in the options: an ordered list of steps, each
 * saying HOW the member is told (its channel), WHAT they are told (a template) and whether
 * staff also mute or remove them (an outcome staff perform in the chat's own UI and then
 * confirm). Pure data and functions; storage lives in settings.
 *
 * Channels:
 * - `private`: a direct message to the member (the adapter opens one where the chat can),
 *   otherwise the text is copied for staff to paste into the member's DM. Never the group.
 * - `public`: the group's own composer.
 * - `staff`: nothing is posted; staff act in the chat (mute, remove) and record it.
 */
export const LADDER_CHANNELS = ['private', 'public', 'staff'] as const;
export const LadderChannelSchema = z.enum(LADDER_CHANNELS);
export type LadderChannel = z.infer<typeof LadderChannelSchema>;

export const LADDER_OUTCOMES = ['none', 'mute', 'remove'] as const;
export const LadderOutcomeSchema = z.enum(LADDER_OUTCOMES);
export type LadderOutcome = z.infer<typeof LadderOutcomeSchema>;

export const LadderStepSchema = z.object({
  channel: LadderChannelSchema,
  templateId: z.string().trim().min(1, 'each step needs a template').max(100),
  outcome: LadderOutcomeSchema.default('none'),
});
export type LadderStep = z.infer<typeof LadderStepSchema>;

export const MAX_LADDER_STEPS = 20;
export const MAX_CATEGORY_WEIGHT = 5;

export const LadderStepsSchema = z
  .array(LadderStepSchema)
  .min(1, 'a ladder needs at least one step')
  .max(MAX_LADDER_STEPS, `a ladder has at most ${MAX_LADDER_STEPS} steps`);

export const CategoryWeightsSchema = z.record(
  z.string().trim().min(1).max(40),
  z.number().int().min(1).max(MAX_CATEGORY_WEIGHT),
);

export const LadderSchema = z.object({
  steps: LadderStepsSchema,
  /** How many steps one decision about a message of this category climbs (default 1). */
  weights: CategoryWeightsSchema.default({}),
});
export type Ladder = z.infer<typeof LadderSchema>;

const step = (channel: LadderChannel, template: string, outcome: LadderOutcome = 'none'): LadderStep => ({
  channel,
  templateId: template,
  outcome,
});

/** The presets of earlier releases, as steps: a stored preset name becomes its steps. */
export const LADDER_PRESET_STEPS: Record<string, LadderStep[]> = {
  standard: [step('private', 'tpl-remind-zh'), step('public', 'tpl-warn-zh'), step('public', 'tpl-remove-zh', 'remove')],
  removeAtOnce: [step('public', 'tpl-remove-zh', 'remove')],
  warnThenRemove: [step('public', 'tpl-warn-zh'), step('public', 'tpl-remove-zh', 'remove')],
  threeWarningsThenRemove: [
    step('public', 'tpl-warn-zh'),
    step('public', 'tpl-warn-zh'),
    step('public', 'tpl-warn-zh'),
    step('public', 'tpl-remove-zh', 'remove'),
  ],
  warnOnly: [step('public', 'tpl-warn-zh')],
};

/** Remind privately, warn publicly, then announce and remove. */
export const DEFAULT_LADDER: Ladder = { steps: LADDER_PRESET_STEPS.standard as LadderStep[], weights: {} };

/** Reads a stored ladder setting, turning an old preset name into its steps. */
export function migrateLadderSetting(value: unknown): unknown {
  if (typeof value === 'string') {
    const steps = LADDER_PRESET_STEPS[value];
    return { steps: steps ?? DEFAULT_LADDER.steps, weights: {} };
  }
  return value;
}

export type LadderProblem =
  | { kind: 'no-steps' }
  | { kind: 'too-many-steps' }
  | { kind: 'step-without-template'; step: number }
  | { kind: 'unknown-template'; step: number; templateId: string }
  | { kind: 'bad-weight'; category: string };

/**
 * Checks a ladder before it is saved. Steps are numbered from 1, as staff see them, so the
 * message can name the step. `templateIds` (when given) also catches a step naming a
 * template that was deleted.
 */
export function checkLadder(input: unknown, templateIds?: ReadonlySet<string>): { ok: true; ladder: Ladder } | { ok: false; problems: LadderProblem[] } {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as { steps?: unknown; weights?: unknown };
  const problems: LadderProblem[] = [];
  const steps = Array.isArray(raw.steps) ? raw.steps : [];
  if (steps.length === 0) problems.push({ kind: 'no-steps' });
  if (steps.length > MAX_LADDER_STEPS) problems.push({ kind: 'too-many-steps' });
  steps.forEach((s, i) => {
    const templateId = typeof (s as { templateId?: unknown })?.templateId === 'string' ? (s as { templateId: string }).templateId.trim() : '';
    if (!templateId) problems.push({ kind: 'step-without-template', step: i + 1 });
    else if (templateIds && !templateIds.has(templateId)) problems.push({ kind: 'unknown-template', step: i + 1, templateId });
  });
  const weights = typeof raw.weights === 'object' && raw.weights !== null ? (raw.weights as Record<string, unknown>) : {};
  for (const [category, weight] of Object.entries(weights)) {
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > MAX_CATEGORY_WEIGHT) problems.push({ kind: 'bad-weight', category });
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = LadderSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: [{ kind: 'no-steps' }] };
  return { ok: true, ladder: parsed.data };
}

/** An English description of a problem, for errors raised in the background. */
export function describeLadderProblem(problem: LadderProblem): string {
  switch (problem.kind) {
    case 'no-steps':
      return 'the ladder needs at least one step';
    case 'too-many-steps':
      return `the ladder has more than ${MAX_LADDER_STEPS} steps`;
    case 'step-without-template':
      return `step ${problem.step} has no template`;
    case 'unknown-template':
      return `step ${problem.step} uses template "${problem.templateId}", which does not exist`;
    case 'bad-weight':
      return `the weight of "${problem.category}" must be a whole number from 1 to ${MAX_CATEGORY_WEIGHT}`;
  }
}

/** How strong a step is, on the member-action scale the case log and badges use. */
export function stepAction(s: Pick<LadderStep, 'channel' | 'outcome'>): MemberAction {
  if (s.outcome === 'remove') return 'remove';
  if (s.outcome === 'mute') return 'mute';
  return s.channel === 'private' ? 'remind' : 'warn';
}

export const ACTION_RANK: Record<MemberAction, number> = { none: 0, remind: 1, warn: 2, mute: 3, remove: 4 };

export function categoryWeight(ladder: Ladder, categories: readonly string[]): number {
  let weight = 1;
  for (const c of categories) weight = Math.max(weight, ladder.weights[c] ?? 1);
  return weight;
}

export interface StepChoice {
  /** 1-based step chosen; 0 when the rule asks for no member action (record only). */
  readonly step: number;
  readonly totalSteps: number;
  readonly channel: LadderChannel | null;
  readonly outcome: LadderOutcome;
  readonly templateId: string | null;
  readonly memberAction: MemberAction;
  /** Why: the ladder alone, a rule asking for at least this much, or a rule asking for none. */
  readonly why: 'ladder' | 'rule-minimum' | 'rule-none';
  /** The step the ladder alone gives (1-based). */
  readonly ladderStep: number;
  /** Points from earlier decisions still inside the window. */
  readonly priorPoints: number;
  /** How many steps this message climbs (its categories' weight). */
  readonly weight: number;
}

/**
 * The step for a message: earlier decisions' points plus this message's weight give the
 * ladder's step (the last step repeats). A rule's member action is a minimum: when it asks
 * for more than that step (a new member posting a link, "remove"), the first step at least
 * that strong is chosen instead, and `why` says so. A rule asking for no member action
 * (content only) gives step 0: the decision is recorded without climbing the ladder.
 */
export function chooseStep(ladder: Ladder, input: { priorPoints: number; weight: number; ruleAction: MemberAction }): StepChoice {
  const total = ladder.steps.length;
  const ladderIndex = Math.min(total - 1, Math.max(0, input.priorPoints + input.weight - 1));
  const base = { totalSteps: total, ladderStep: ladderIndex + 1, priorPoints: input.priorPoints, weight: input.weight };
  if (input.ruleAction === 'none') {
    return { ...base, step: 0, channel: null, outcome: 'none', templateId: null, memberAction: 'none', why: 'rule-none' };
  }
  let index = ladderIndex;
  let why: StepChoice['why'] = 'ladder';
  const ladderRank = ACTION_RANK[stepAction(ladder.steps[ladderIndex] as LadderStep)];
  if (ACTION_RANK[input.ruleAction] > ladderRank) {
    // The first step at least as strong as the rule asks; without one, the strongest step.
    let found = ladder.steps.findIndex((s, i) => i > ladderIndex && ACTION_RANK[stepAction(s)] >= ACTION_RANK[input.ruleAction]);
    if (found < 0) {
      found = ladderIndex;
      ladder.steps.forEach((s, i) => {
        if (ACTION_RANK[stepAction(s)] > ACTION_RANK[stepAction(ladder.steps[found] as LadderStep)]) found = i;
      });
    }
    if (found !== ladderIndex) {
      index = found;
      why = 'rule-minimum';
    }
  }
  const chosen = ladder.steps[index] as LadderStep;
  return {
    ...base,
    step: index + 1,
    channel: chosen.channel,
    outcome: chosen.outcome,
    templateId: chosen.templateId,
    memberAction: stepAction(chosen),
    why,
  };
}

/** The variant of a step's template in another language (`tpl-warn-zh` → `tpl-warn-en`), when one exists. */
export function templateVariantId(templateId: string, lang: 'zh' | 'en', existing: ReadonlySet<string>): string {
  const base = templateId.replace(/-(zh|en)$/, '');
  if (base === templateId) return templateId;
  const variant = `${base}-${lang}`;
  return existing.has(variant) ? variant : templateId;
}
