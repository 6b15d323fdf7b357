import { SettingsSchema } from '../../../lib/model';
import {
  categoryWeight,
  checkLadder,
  chooseStep,
  DEFAULT_LADDER,
  describeLadderProblem,
  type Ladder,
  migrateLadderSetting,
  stepAction,
  templateVariantId,
} from '../../../lib/moderation/ladder';

const ladder: Ladder = {
  steps: [
    { channel: 'private', templateId: 'tpl-remind-zh', outcome: 'none' },
    { channel: 'public', templateId: 'tpl-warn-zh', outcome: 'none' },
    { channel: 'public', templateId: 'tpl-remove-zh', outcome: 'remove' },
  ],
  weights: { insult: 2 },
};

describe('chooseStep', () => {
  it('climbs one step per earlier decision point and repeats the last step', () => {
    const steps = [0, 1, 2, 3, 7].map((priorPoints) => chooseStep(ladder, { priorPoints, weight: 1, ruleAction: 'remind' }));
    expect(steps.map((c) => [c.step, c.channel, c.outcome, c.why])).toEqual([
      [1, 'private', 'none', 'ladder'],
      [2, 'public', 'none', 'ladder'],
      [3, 'public', 'remove', 'ladder'],
      [3, 'public', 'remove', 'ladder'],
      [3, 'public', 'remove', 'ladder'],
    ]);
    expect(steps[0]).toMatchObject({ totalSteps: 3, templateId: 'tpl-remind-zh', memberAction: 'remind' });
  });

  it('a weight climbs more than one step at once', () => {
    expect(chooseStep(ladder, { priorPoints: 0, weight: 2, ruleAction: 'remind' })).toMatchObject({ step: 2, weight: 2, why: 'ladder' });
  });

  it("treats a rule's action as a minimum, and says when it overrode the ladder", () => {
    expect(chooseStep(ladder, { priorPoints: 0, weight: 1, ruleAction: 'warn' })).toMatchObject({ step: 2, ladderStep: 1, why: 'rule-minimum' });
    expect(chooseStep(ladder, { priorPoints: 0, weight: 1, ruleAction: 'remove' })).toMatchObject({ step: 3, ladderStep: 1, why: 'rule-minimum', outcome: 'remove' });
    // Already at or past what the rule asks: the ladder's step stands.
    expect(chooseStep(ladder, { priorPoints: 2, weight: 1, ruleAction: 'warn' })).toMatchObject({ step: 3, why: 'ladder' });
  });

  it('without a step as strong as the rule asks, takes the strongest step', () => {
    const soft: Ladder = { steps: [ladder.steps[0], ladder.steps[1]] as Ladder['steps'], weights: {} };
    expect(chooseStep(soft, { priorPoints: 0, weight: 1, ruleAction: 'remove' })).toMatchObject({ step: 2, why: 'rule-minimum' });
  });

  it('a rule asking for no member action gives step 0 (record only)', () => {
    expect(chooseStep(ladder, { priorPoints: 1, weight: 1, ruleAction: 'none' })).toMatchObject({ step: 0, channel: null, templateId: null, why: 'rule-none', memberAction: 'none' });
  });

  it('maps steps to member actions and categories to weights', () => {
    expect(ladder.steps.map(stepAction)).toEqual(['remind', 'warn', 'remove']);
    expect(stepAction({ channel: 'staff', outcome: 'mute' })).toBe('mute');
    expect(categoryWeight(ladder, ['ad', 'insult'])).toBe(2);
    expect(categoryWeight(ladder, ['ad'])).toBe(1);
  });
});

describe('checkLadder', () => {
  it('refuses a ladder without steps', () => {
    const result = checkLadder({ steps: [] });
    expect(result).toEqual({ ok: false, problems: [{ kind: 'no-steps' }] });
    if (!result.ok) expect(describeLadderProblem(result.problems[0] as never)).toBe('the ladder needs at least one step');
  });

  it('refuses a step without a template, naming the step as staff count it', () => {
    const result = checkLadder({ steps: [{ channel: 'public', templateId: 'tpl-warn-zh' }, { channel: 'private', templateId: '  ' }] });
    expect(result).toEqual({ ok: false, problems: [{ kind: 'step-without-template', step: 2 }] });
    if (!result.ok) expect(describeLadderProblem(result.problems[0] as never)).toBe('step 2 has no template');
  });

  it('refuses a template that no longer exists and a weight out of range', () => {
    const result = checkLadder({ steps: [{ channel: 'public', templateId: 'gone' }], weights: { ad: 9 } }, new Set(['tpl-warn-zh']));
    expect(result).toEqual({ ok: false, problems: [{ kind: 'unknown-template', step: 1, templateId: 'gone' }, { kind: 'bad-weight', category: 'ad' }] });
  });

  it('accepts any number of steps with channel, template and outcome', () => {
    const result = checkLadder({ steps: [...ladder.steps, { channel: 'staff', templateId: 'tpl-remove-en', outcome: 'mute' }], weights: { insult: 3 } });
    expect(result.ok && result.ladder.steps).toHaveLength(4);
  });
});

describe('stored ladder setting', () => {
  it('reads the presets of earlier releases as their steps', () => {
    expect(SettingsSchema.parse({}).ladder).toEqual(DEFAULT_LADDER);
    expect(SettingsSchema.parse({ ladder: 'standard' }).ladder.steps.map((s) => [s.channel, s.outcome])).toEqual([
      ['private', 'none'],
      ['public', 'none'],
      ['public', 'remove'],
    ]);
    expect(SettingsSchema.parse({ ladder: 'warnOnly' }).ladder.steps).toEqual([{ channel: 'public', templateId: 'tpl-warn-zh', outcome: 'none' }]);
    expect(SettingsSchema.parse({ ladder: 'threeWarningsThenRemove' }).ladder.steps).toHaveLength(4);
    expect(migrateLadderSetting('no-such-preset')).toEqual({ steps: DEFAULT_LADDER.steps, weights: {} });
    expect(migrateLadderSetting(ladder)).toBe(ladder);
  });

  it('refuses a stored ladder without steps with the reason', () => {
    const parsed = SettingsSchema.safeParse({ ladder: { steps: [] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('a ladder needs at least one step');
  });
});

describe('templateVariantId', () => {
  it('picks the sibling in the wanted language when there is one', () => {
    const ids = new Set(['tpl-warn-zh', 'tpl-warn-en', 'tpl-custom']);
    expect(templateVariantId('tpl-warn-zh', 'en', ids)).toBe('tpl-warn-en');
    expect(templateVariantId('tpl-warn-en', 'zh', ids)).toBe('tpl-warn-zh');
    expect(templateVariantId('tpl-custom', 'en', ids)).toBe('tpl-custom');
    expect(templateVariantId('tpl-solo-zh', 'en', ids)).toBe('tpl-solo-zh');
  });
});
