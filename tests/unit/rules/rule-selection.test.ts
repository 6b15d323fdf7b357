import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RuleInput, type RuleMessage, RuleSchema } from '../../../lib/model/rule';
import { floodBurst, floodRate, repeats } from '../../../lib/rules/behaviour';
import {
  type CompiledRules,
  compileRules,
  evaluateMessage,
  evaluateMessageExhaustively,
  lastEvaluationSelectedRules,
  type RuleContext,
} from '../../../lib/rules/engine';
import { DEFAULT_RULE_INPUTS } from '../../../lib/rules/packs';
import { behaviourMayFire, fewestRecentToFire } from '../../../lib/rules/rule-selection';

/**
 * The engine runs only the rules a message can make fire (rule-selection.ts): keyword-only
 * rules with a hit of theirs, detector-only rules whose detectors may find something,
 * floods and repeats with enough recent messages. A rule left out that would have fired is
 * a lost suggestion, so these check the selection is sound: every rule the engine left out,
 * compiled alone and run with every shortcut off, gives nothing on that message.
 */

const extraRules: RuleInput[] = [
  { id: 'custom-words', name: 'custom', category: 'custom', triggers: { keywords: ['退款', 'refund', '客服'] } },
  { id: 'custom-phrases', name: 'phrases', category: 'custom', triggers: { weighted: [{ pattern: '加急', weight: 2 }, { pattern: 'refund', weight: 1 }] }, conditions: { minScore: 2 } },
  { id: 'custom-links', name: 'links', category: 'link', triggers: { detectors: ['url', 'email'] } },
  { id: 'custom-burst', name: 'burst', category: 'flood', triggers: { behaviour: { floodBurst: { count: 3, maxGapSec: 60 } } } },
  { id: 'custom-hours', name: 'hours', category: 'custom', triggers: { behaviour: { allowedHours: { startHour: 9, endHour: 18 } } } },
  { id: 'custom-regex', name: 'regex', category: 'custom', triggers: { regexes: [{ pattern: '\\d{3}-\\d{4}' }] } },
  {
    id: 'custom-scored-pattern',
    name: 'scored pattern',
    category: 'custom',
    triggers: { regexes: [{ pattern: 'refund\\s?\\d+', requires: ['refund'] }], detectors: ['phone'] },
    conditions: { minScore: 1 },
  },
  // Spam limits far below the packs' (the detector gates are asked with the loosest).
  {
    id: 'custom-tight-spam',
    name: 'tight spam limits',
    category: 'flood',
    triggers: { detectors: ['length_spam', 'emoji_spam', 'mention_spam'] },
    detectorOptions: { maxLength: 60, maxLines: 2, repeatedCharRun: 3, emojiThreshold: 2, mentionThreshold: 2 },
  },
];
const inputs = [...DEFAULT_RULE_INPUTS, ...extraRules];
const { compiled, errors } = compileRules(inputs);
/** Each rule compiled on its own, by id: what it finds does not depend on the others. */
const alone = new Map<string, CompiledRules>(
  inputs.map((input) => [RuleSchema.parse(input).id, compileRules([input]).compiled]),
);

const now = Date.UTC(2026, 0, 15, 12);
const PIECES = [
  '加', '微', 'v', 'x', ':', 'q', '扣', '1', '3', '8', '0', '5', '6', '7', '9', ' ', '.', '。', '点', 'com', '@', '$', '/',
  'http', 'www', '日', '入', '结', '需要的', '找我', '转发', '群', '原价', '现价', '大量', '收', '兼职', '刷单', 'txt', 'to', 'win',
  '-', '傻', '逼', 'sb', 'fuck', 'f*ck', 'you', '你', '是真的吗', '😀', '@bob', 'at', 'dot', 'tg', 'AbC123', 'free', 'prize',
  '退款', 'refund', '客服', '加急', '\n', 'aaaa', '138', '1234', '-5678', '哈哈哈', '@张三', '😀😀',
  // Whole shapes, so detectors find something often enough for the property to bite.
  'example.com', 'www.', 'bit.ly/x', 'a@b.com', '13812345678', '加v abc123', 'QQ 12345678', ' tg @bobby ',
];

function message(text: string, i: number, role: RuleMessage['role']): RuleMessage {
  return { id: `m${i}`, groupId: 'g', memberId: 'u1', text, ts: now + i * 1_000, role };
}

describe('rule selection', () => {
  it('compiles the packs and the extra rules', () => {
    expect(errors).toEqual([]);
  });

  it('leaves out only rules that, run alone with every shortcut off, find nothing', () => {
    let leftOut = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }),
        fc.array(fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }), { maxLength: 6 }),
        fc.constantFrom<RuleMessage['role']>('customer', 'staff', 'unknown'),
        fc.boolean(),
        (parts, recentParts, role, fresh) => {
          const recent = recentParts.map((p, i) => message(p.join(''), i, role));
          const current = message(parts.join(''), recent.length, role);
          const context: RuleContext = fresh
            ? { recent, now, memberJoinedAt: now - 60_000, signals: { isKnownDomain: () => false, sameTextInOtherGroups: 1 } }
            : { recent, now };
          evaluateMessage(compiled, current, context);
          const selected = new Set(lastEvaluationSelectedRules(compiled));
          for (const cr of compiled.rules) {
            if (selected.has(cr.rule.id)) continue;
            leftOut++;
            const own = alone.get(cr.rule.id) as CompiledRules;
            expect(evaluateMessageExhaustively(own, current, context), `${cr.rule.id}: ${current.text}`).toEqual([]);
          }
        },
      ),
      { numRuns: 1_500 },
    );
    // The property means something only if rules were left out.
    expect(leftOut).toBeGreaterThan(1_500);
  });

  it('selects the rules a message needs', () => {
    const context: RuleContext = { recent: [], now };
    evaluateMessage(compiled, message('请问这款产品多少钱？', 0, 'customer'), context);
    // Nothing to find: keyword, detector and behaviour rules stay out; rules with a pattern
    // or a score keep their own checks.
    expect(lastEvaluationSelectedRules(compiled)).not.toContain('zh-insult');
    expect(lastEvaluationSelectedRules(compiled)).not.toContain('links');
    expect(lastEvaluationSelectedRules(compiled)).not.toContain('flood');
    expect(lastEvaluationSelectedRules(compiled)).toContain('custom-regex');
    expect(lastEvaluationSelectedRules(compiled)).not.toContain('custom-scored-pattern');
    expect(lastEvaluationSelectedRules(compiled)).toContain('custom-hours');
    evaluateMessage(compiled, message('你是傻逼 看 www.example.com', 0, 'customer'), context);
    expect(lastEvaluationSelectedRules(compiled)).toEqual(expect.arrayContaining(['zh-insult', 'links', 'custom-links']));
    expect(lastEvaluationSelectedRules(compiled)).not.toContain('custom-words');
  });

  it('behaviourMayFire is false only where flood and repeat find nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('领券 1', '领券 2', 'hello', 'hello!'), fc.integer({ min: 0, max: 120 })), { maxLength: 8 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 2, max: 8 }),
        (recentSpec, rateCount, burstCount, repeatCount) => {
          const recent = recentSpec.map(([text, secondsAgo], i) => ({ ...message(text, i, 'customer'), ts: now - secondsAgo * 1_000 }));
          const current = { ...message('领券 3', 99, 'customer'), ts: now };
          const b = {
            floodRate: { count: rateCount, windowSec: 60 },
            floodBurst: { count: burstCount, maxGapSec: 60 },
            repeat: { count: repeatCount, windowSec: 600, similarity: 0.5, minLength: 1 },
          };
          if (!behaviourMayFire(b, recent.length)) {
            expect(floodRate(recent, current, b.floodRate)).toBeNull();
            expect(floodBurst(recent, current, b.floodBurst)).toBeNull();
            expect(repeats(recent, current, b.repeat)).toBeNull();
          }
          expect(behaviourMayFire({ allowedHours: { startHour: 9, endHour: 18, tzOffsetMinutes: 480 } }, recent.length)).toBe(true);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('fewestRecentToFire is where behaviourMayFire turns true, and it stays true above', () => {
    const count = fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined });
    fc.assert(
      fc.property(count, count, count, fc.boolean(), (rate, burst, repeat, hours) => {
        const b = {
          ...(rate !== undefined ? { floodRate: { count: rate, windowSec: 60 } } : {}),
          ...(burst !== undefined ? { floodBurst: { count: burst, maxGapSec: 60 } } : {}),
          ...(repeat !== undefined ? { repeat: { count: repeat, windowSec: 600, similarity: 0.5, minLength: 1 } } : {}),
          ...(hours ? { allowedHours: { startHour: 9, endHour: 18, tzOffsetMinutes: 480 } } : {}),
        };
        const fewest = fewestRecentToFire(b);
        for (let recent = 0; recent <= 14; recent++) expect(behaviourMayFire(b, recent), `${recent}`).toBe(recent >= fewest);
      }),
      { numRuns: 2_000 },
    );
  });
});
