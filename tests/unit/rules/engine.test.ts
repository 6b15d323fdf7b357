import fc from 'fast-check';
import type { RuleInput, RuleMessage } from '../../../lib/model/rule';
import { parseRules } from '../../../lib/model/rule';
import { compileRules, evaluateMessage } from '../../../lib/rules/engine';

const NOW = Date.UTC(2026, 10, 23, 4, 0, 0);
let seq = 0;
function msg(text: string, extra: Partial<RuleMessage> = {}): RuleMessage {
  seq++;
  return { id: `m${seq}`, groupId: 'g1', memberId: 'u1', text, ts: NOW, role: 'customer', ...extra };
}
const ctx = { recent: [] as RuleMessage[], memberJoinedAt: NOW - 100 * 86_400_000, now: NOW };

const adRule: RuleInput = {
  id: 'ad',
  name: 'Ads',
  category: 'ad',
  priority: 5,
  triggers: { keywords: ['刷单', 'crypto signals'] },
  memberAction: 'warn',
  contentAction: 'suggest_delete',
};

// Property tests on a busy machine can be slow; correctness, not speed, is under test here.
vi.setConfig({ testTimeout: 0 });

describe('compileRules', () => {
  it('reports a bad rule by id, name and field and keeps the others', () => {
    const { compiled, errors } = compileRules([
      adRule,
      { id: 'bad-regex', name: 'Bad regex', category: 'custom', triggers: { regexes: [{ pattern: '(a' }] } },
      { id: 'bad-field', name: 'Bad field', category: 'nope', triggers: {} },
      { id: 'ad', name: 'Duplicate', category: 'ad', triggers: {} },
    ]);
    expect(compiled.rules.map((r) => r.rule.id)).toEqual(['ad']);
    expect(errors).toEqual([
      expect.objectContaining({ ruleId: 'bad-regex', ruleName: 'Bad regex', field: 'triggers.regexes.0.pattern' }),
      expect.objectContaining({ ruleId: 'bad-field', field: 'category' }),
      expect.objectContaining({ ruleId: 'ad', field: 'id' }),
    ]);
    expect(evaluateMessage(compiled, msg('兼职刷单'), ctx)).toHaveLength(1);
  });

  it('parseRules validates imports rule by rule', () => {
    const { rules, errors } = parseRules([adRule, { id: 'x', name: '', category: 'ad', triggers: {} }, 42]);
    expect(rules).toHaveLength(1);
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'name'],
      [2, ''],
    ]);
    expect(parseRules('nope').errors[0]?.message).toMatch(/list/);
  });
});

describe('evaluateMessage', () => {
  const { compiled } = compileRules([
    adRule,
    {
      id: 'contact',
      name: 'Contact',
      category: 'contact',
      triggers: { detectors: ['phone', 'wechat'] },
      memberAction: 'remind',
    },
    {
      id: 'contact-strict',
      name: 'Contact (VIP group)',
      category: 'contact',
      priority: 50,
      severity: 'high',
      triggers: { detectors: ['phone'] },
      scope: { kind: 'groups', groupIds: ['vip'] },
      memberAction: 'remove',
    },
    {
      id: 'links',
      name: 'Links',
      category: 'link',
      triggers: { detectors: ['url'] },
      exemptions: { domains: ['mybank.com'], memberIds: ['trusted'] },
    },
    {
      id: 'custom-re',
      name: 'Custom',
      category: 'custom',
      triggers: { regexes: [{ pattern: 'refund\\s+now' }] },
      auditOnly: true,
    },
  ]);

  it('returns spans in original text and a reason that hides the word', () => {
    const text = '兼 職 刷 單 来';
    const [s] = evaluateMessage(compiled, msg(text), ctx);
    expect(s?.ruleId).toBe('ad');
    expect(s?.spans.map((sp) => text.slice(sp.start, sp.end))).toEqual(['刷 單']);
    expect(s?.reason).not.toMatch(/刷|单/);
    expect(s?.reasonZh).not.toMatch(/刷|单/);
    expect(s?.memberAction).toBe('warn');
    expect(s?.contentAction).toBe('suggest_delete');
  });

  it('explains contact details by kind', () => {
    const [s] = evaluateMessage(compiled, msg('电话 13812345678'), ctx);
    expect(s?.reason).toBe('Contact details (phone number)');
    expect(s?.reasonZh).toBe('联系方式（手机号）');
    expect(s?.reason).not.toContain('138');
  });

  it('exempts staff by default', () => {
    expect(evaluateMessage(compiled, msg('刷单 13812345678', { role: 'staff' }), ctx)).toEqual([]);
  });

  it('applies scope and precedence (one suggestion per category, highest priority)', () => {
    const normal = evaluateMessage(compiled, msg('13812345678'), ctx);
    expect(normal.map((s) => s.ruleId)).toEqual(['contact']);
    const vip = evaluateMessage(compiled, msg('13812345678', { groupId: 'vip' }), ctx);
    expect(vip.map((s) => s.ruleId)).toEqual(['contact-strict']);
  });

  it('applies exempt members and domains', () => {
    expect(evaluateMessage(compiled, msg('https://help.mybank.com/faq'), ctx)).toEqual([]);
    expect(evaluateMessage(compiled, msg('https://evil.example.com'), ctx).map((s) => s.ruleId)).toEqual(['links']);
    expect(evaluateMessage(compiled, msg('https://evil.example.com', { memberId: 'trusted' }), ctx)).toEqual([]);
  });

  it('marks audit-only suggestions and never lets them suppress live ones', () => {
    const out = evaluateMessage(compiled, msg('Refund   NOW'), ctx);
    expect(out).toEqual([expect.objectContaining({ ruleId: 'custom-re', auditOnly: true })]);
  });

  it('never throws and stays bounded on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(() => evaluateMessage(compiled, msg(text), ctx)).not.toThrow();
      }),
      { numRuns: 500 },
    );
    const huge = `${'刷单 13812345678 http://x.com '.repeat(20_000)}`;
    const out = evaluateMessage(compiled, msg(huge), ctx);
    for (const s of out) for (const sp of s.spans) expect(sp.end).toBeLessThanOrEqual(20_000);
  });
});

describe('behaviour rules in the engine', () => {
  const { compiled } = compileRules([
    {
      id: 'flood',
      name: 'Flood',
      category: 'flood',
      triggers: { behaviour: { floodRate: { count: 4, windowSec: 10 } } },
    },
    {
      id: 'repeat',
      name: 'Repeat',
      category: 'repeat',
      triggers: { behaviour: { repeat: { count: 3, windowSec: 600, similarity: 0.85, minLength: 4 } } },
    },
    {
      id: 'new-link',
      name: 'New member link',
      category: 'link',
      triggers: { detectors: ['url'] },
      conditions: { newMembersOnly: true },
      memberAction: 'remove',
    },
    {
      id: 'night',
      name: 'Quiet hours',
      category: 'custom',
      triggers: { behaviour: { allowedHours: { startHour: 8, endHour: 22, tzOffsetMinutes: 480 } } },
    },
  ]);

  it('detects flooding with related message ids', () => {
    const recent = [1, 2, 3].map((i) => msg(`hi ${i}`, { ts: NOW - i * 1000 }));
    const out = evaluateMessage(compiled, msg('again'), { recent, now: NOW });
    const flood = out.find((s) => s.ruleId === 'flood');
    expect(flood?.relatedMessageIds).toHaveLength(3);
  });

  it('detects repeats of nearly the same text', () => {
    const recent = [msg('加群领福利 1', { ts: NOW - 60_000 }), msg('加群领福利 2', { ts: NOW - 30_000 })];
    const out = evaluateMessage(compiled, msg('加群领福利 3'), { recent, now: NOW });
    expect(out.map((s) => s.ruleId)).toContain('repeat');
  });

  it('flags links only from new members', () => {
    const link = msg('www.example.com');
    expect(evaluateMessage(compiled, link, { recent: [], memberJoinedAt: NOW - 3_600_000, now: NOW })[0]?.reason).toMatch(/^New member/);
    expect(evaluateMessage(compiled, link, { recent: [], memberJoinedAt: NOW - 30 * 86_400_000, now: NOW })).toEqual([]);
  });

  it('flags posts outside allowed hours', () => {
    const at3am = Date.UTC(2026, 10, 22, 19, 0, 0); // 03:00 in UTC+8
    expect(evaluateMessage(compiled, msg('hello', { ts: at3am }), { recent: [], memberJoinedAt: 0, now: at3am })[0]?.ruleId).toBe('night');
  });
});
