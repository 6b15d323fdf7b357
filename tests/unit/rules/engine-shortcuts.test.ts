import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleInput, RuleMessage } from '../../../lib/model/rule';
import { compileRules, evaluateMessage, evaluateMessageExhaustively, type RuleContext } from '../../../lib/rules/engine';
import { DEFAULT_RULE_INPUTS } from '../../../lib/rules/packs';
import { TEAM_KEYWORD_RULE, TEAM_REGEX_RULE, TEAM_TIGHT_SPAM_RULE } from '../../fixtures/rules/team-rules';

/**
 * The engine skips rules, detectors and patterns that cannot fire on a message (no trigger
 * character, no cue word, a score out of reach). These tests check that the shortcuts
 * change nothing: every message of the development sets, under several contexts, gets
 * exactly what the engine gives when it runs everything.
 */

const FIXTURES = join(__dirname, '../../fixtures/rules');
const corpus: string[] = [];
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort()) {
  for (const line of readFileSync(join(FIXTURES, file), 'utf8').split('\n')) {
    if (line.trim()) corpus.push((JSON.parse(line) as { text: string }).text);
  }
}

// A custom keyword rule, a user regex rule and tight spam limits next to the packs, as a team would add them.
const extraRules: RuleInput[] = [TEAM_KEYWORD_RULE, TEAM_REGEX_RULE, TEAM_TIGHT_SPAM_RULE];
const { compiled, errors } = compileRules([...DEFAULT_RULE_INPUTS, ...extraRules]);
const now = Date.UTC(2026, 0, 15, 12);

function message(text: string, i: number): RuleMessage {
  return { id: `m${i}`, groupId: 'g', memberId: 'u1', text, ts: now, role: 'customer' };
}

const contexts: { name: string; context: RuleContext }[] = [
  { name: 'established member, no signals', context: { recent: [], now } },
  {
    name: 'new member, unknown domains, seen in other groups',
    context: {
      recent: [],
      now,
      memberJoinedAt: now - 60_000,
      signals: { isKnownDomain: (host) => host === 'example.com', sameTextInOtherGroups: 2 },
    },
  },
];

describe('engine shortcuts', () => {
  it('compiles the packs and the extra rules', () => {
    expect(errors).toEqual([]);
    expect(corpus.length).toBeGreaterThan(1000);
  });

  for (const { name, context } of contexts) {
    it(`give the same suggestions as running everything (${name})`, () => {
      let fired = 0;
      corpus.forEach((text, i) => {
        const fast = evaluateMessage(compiled, message(text, i), context);
        const full = evaluateMessageExhaustively(compiled, message(text, i), context);
        expect(fast, text).toEqual(full);
        if (full.length > 0) fired++;
      });
      // The comparison means something only if many messages fire.
      expect(fired).toBeGreaterThan(corpus.length / 3);
    });
  }

  it('find contact details written with a one-letter cue standing apart', () => {
    for (const text of ['加 v abc123', '加 w abc123', '加 个 v abc123', 'v 我 abc123', 'v 号 abc123', 'q : 12345678', 'weix abc123']) {
      const fast = evaluateMessage(compiled, message(text, 0), contexts[0]?.context as RuleContext);
      expect(fast, text).toEqual(evaluateMessageExhaustively(compiled, message(text, 0), contexts[0]?.context as RuleContext));
      expect(fast.map((s) => s.category), text).toContain('contact');
    }
  });

  it('give the same suggestions on generated text full of trigger characters', () => {
    const pieces = [
      '加', '微', 'v', 'x', ':', 'q', 'Q', '扣', '1', '3', '8', '0', '5', '6', '7', '9', ' ', '.', '。', '点', 'com', '@',
      '$', '￥', '£', '/', 'http', 'www', '日', '入', '结', '需要的', '找我', '转发', '群', '原价', '现价', '大量', '收', '兼职',
      '刷单', 'txt', 'to', 'win', 'order', '-', '傻', '逼', 'sb', 'fuck', 'f*ck', '是真的吗', 'is this real', '😀', '@bob',
      'at', 'dot', '#', 'tg', 'line', 'AbC123', 'free', 'call', 'prize', 'make', 'earn', '=', '号', '我', '(', ')', '[', ']', '!',
      // One-letter cues standing apart ("加 v abc123", "v 我"), and spellings around them.
      'w', '个', '一下', 'weix', 'vv', '➕', '：', 'abcdef', '1388888', '+86', '0086', '00',
      // A cue with words before the id ("v 详聊 kf_2024"), QQ cues and deductions ("扣我", "扣款").
      '详聊', '了解', 'kf_2024', '企鹅', '球球', '款', '了', '积分', '元', '为什么',
      // Runs, lines and mentions for the tight spam limits ("哈哈哈", "@张三@李四").
      '哈哈哈', '\n', '!!!', '张三', '@李四', '😀😀',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.boolean(), (parts, fresh) => {
        const text = parts.join('');
        const context = fresh ? (contexts[1] as (typeof contexts)[number]).context : { recent: [], now };
        expect(evaluateMessage(compiled, message(text, 0), context)).toEqual(
          evaluateMessageExhaustively(compiled, message(text, 0), context),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
