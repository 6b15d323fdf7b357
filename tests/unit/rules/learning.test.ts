import { describe, expect, it } from 'vitest';
import { compileRules, evaluateMessage } from '../../../lib/rules/engine';
import { applyGroupAllowList, proposeAllowPhrases, proposeWords } from '../../../lib/rules/learning';
import { DEFAULT_RULES } from '../../../lib/rules/packs';

describe('proposeWords', () => {
  const flagged = ['低价代领外卖红包，私聊', '外卖红包代领，一元一单', '代领外卖红包群，速进', '今天天气不错'];
  const normal = ['外卖什么时候到', '红包收到了谢谢', '今天天气不错', '请问订单号 12345 到哪了', '外卖好吃吗'];

  it('proposes phrases distinctive of flagged messages in the group', () => {
    const proposals = proposeWords(flagged, normal);
    expect(proposals.length).toBeGreaterThan(0);
    expect(proposals.some((p) => p.phrase.includes('代领'))).toBe(true);
    // Common to both sides, or seen once, or numbers: never proposed.
    for (const p of proposals) {
      expect(p.phrase).not.toBe('今天');
      expect(p.phrase).not.toMatch(/^[0-9 ]+$/);
      expect(p.flagged).toBeGreaterThanOrEqual(2);
    }
  });

  it('leaves out what is already known and respects the limit', () => {
    const all = proposeWords(flagged, normal);
    const first = all[0]?.phrase as string;
    expect(proposeWords(flagged, normal, { known: new Set([first]) }).some((p) => p.phrase === first)).toBe(false);
    expect(proposeWords(flagged, normal, { limit: 1 })).toHaveLength(1);
  });

  it('works on English words and word pairs', () => {
    const proposals = proposeWords(['Free crypto signals here', 'join crypto signals today', 'crypto signals vip'], ['I like crypto news', 'hello all']);
    expect(proposals[0]?.phrase).toBe('crypto signals');
  });
});

describe('proposeAllowPhrases', () => {
  it('counts the evidence staff dismissed, once per message', () => {
    const text = '本群可以发 2B 铅笔团购';
    const start = text.indexOf('团购');
    const d = { text, spans: [{ start, end: start + 2 }, { start, end: start + 2 }] };
    expect(proposeAllowPhrases([d, d, { text: '团购', spans: [{ start: 0, end: 2 }] }])).toEqual([{ phrase: '团购', count: 3 }]);
    expect(proposeAllowPhrases([d])).toEqual([]);
  });
});

describe('applyGroupAllowList', () => {
  const { compiled } = compileRules(DEFAULT_RULES);
  const now = Date.UTC(2026, 0, 1);
  const run = (text: string) =>
    evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });

  it('drops suggestions whose evidence is all inside an approved phrase, keeps the rest', () => {
    const text = '本群团购代购，全网最低价';
    const before = run(text);
    expect(before.map((s) => s.category)).toContain('ad');
    expect(applyGroupAllowList(before, text, ['代购', '全网最低价'])).toEqual([]);
    const partly = applyGroupAllowList(before, text, ['代购']);
    expect(partly.map((s) => s.category)).toEqual(['ad']);
    expect(partly[0]?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['全网最低价']);
  });

  it('without an allow-list changes nothing', () => {
    const s = run('加我微信 abc12345');
    expect(applyGroupAllowList(s, '加我微信 abc12345', [])).toEqual(s);
  });
});
