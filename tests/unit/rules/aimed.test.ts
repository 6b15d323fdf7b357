import { describe, expect, it } from 'vitest';
import { RuleSchema } from '../../../lib/model/rule';
import { compileRules, evaluateMessage } from '../../../lib/rules/engine';
import { DEFAULT_RULES } from '../../../lib/rules/packs';

const now = Date.UTC(2026, 0, 15);
const evaluate = (rules: readonly unknown[], text: string) =>
  evaluateMessage(compileRules(rules).compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });
const insult = (text: string) => evaluate(DEFAULT_RULES, text).find((s) => s.category === 'insult');

describe('mild profanity counts as an insult only when aimed at someone', () => {
  it.each([
    'oh shit, I missed the bus again today and will be late',
    'had a crap night at work so I am going to bed early',
    'damn this traffic, running about ten minutes late',
    'the app is being stupid again after the update this morning',
    'lol that party was wtf but we still had fun',
  ])('leaves "%s" alone', (text) => {
    expect(insult(text)).toBeUndefined();
  });

  it.each([
    'you are so stupid, nobody here asked for your opinion',
    'shut it, u dumb ass, nobody cares',
    'you are full of shit and everyone in this group knows it',
    'shit service',
    'stupid!!!',
  ])('flags "%s"', (text) => {
    expect(insult(text)?.ruleId).toBe('en-aimed-insult');
  });

  it('keeps slurs and strong insults whoever they are aimed at', () => {
    expect(insult('what a bunch of idiots running this place honestly, every single time')).toBeDefined();
    expect(insult('the motherfucking bus was late again this morning, third time this week')).toBeDefined();
  });

  it('highlights only the aimed hits', () => {
    const s = insult('shit, the printer jammed again; and you, you are stupid for buying it');
    const text = 'shit, the printer jammed again; and you, you are stupid for buying it';
    expect(s?.spans.map((x) => text.slice(x.start, x.end))).toEqual(['stupid']);
  });

  it('works for any language a rule is written in (你 is a second-person word)', () => {
    const rule = { id: 'zh-mild', name: '轻度', category: 'insult', triggers: { keywords: ['蠢'] }, conditions: { aimed: {} } };
    expect(evaluate([rule], '这个设计真蠢，按钮放得太远了，找了半天才找到')).toEqual([]);
    expect(evaluate([rule], '你这么蠢，一点道理都不懂还在这里说个不停').map((s) => s.ruleId)).toEqual(['zh-mild']);
  });

  it('has defaults and refuses nonsense', () => {
    const parsed = RuleSchema.parse({ id: 'x', name: 'x', category: 'insult', triggers: { keywords: ['a'] }, conditions: { aimed: {} } });
    expect(parsed.conditions.aimed).toEqual({ window: 4, shortMessage: 4 });
    const bad = RuleSchema.safeParse({ id: 'x', name: 'x', category: 'insult', triggers: { keywords: ['a'] }, conditions: { aimed: { window: 0 } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.join('.')).toBe('conditions.aimed.window');
  });
});
