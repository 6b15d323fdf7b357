import { describe, expect, it } from 'vitest';
import { compileRules, evaluateMessage } from '../../../lib/rules/engine';
import type { Case, Message } from '../../../lib/model';
import { applyGroupAllowList, proposeAllowPhrases, proposeWords, withGroupAllowLists } from '../../../lib/rules/learning';
import { groupProposals, withLearnedWord } from '../../../lib/rules/proposals';
import { validateRules } from '../../../lib/rules/validate';
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

  it('proposes each run of flagged text once, not every shifted piece of it', () => {
    const flaggedRuns = Array.from({ length: 6 }, (_, i) => `星空盲盒第${i}期开团，名额有限`);
    const proposals = proposeWords(flaggedRuns, ['请问信用卡额度怎么提高？', '好的谢谢', '年费怎么还扣了']).map((p) => p.phrase);
    expect(proposals[0]).toBe('星空盲盒');
    expect(proposals).not.toContain('空盲盒第');
    // "期开团名额有限" is one run: one proposal from it, not four overlapping ones.
    expect(proposals.filter((p) => '期开团名额有限'.includes(p))).toHaveLength(1);
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

describe('per-group allow-lists in the engine', () => {
  const { compiled } = compileRules(DEFAULT_RULES);
  const now = Date.UTC(2026, 0, 1);
  const withLists = withGroupAllowLists(compiled, [
    { groupId: 'g-bank', entries: [{ phrase: '021-61234567' }] },
    { groupId: 'g-empty', entries: [] },
  ]);
  const run = (groupId: string, text: string) =>
    evaluateMessage(withLists, { id: 'm', groupId, memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now }).map((s) => s.category);

  it("applies a group's list to that group's suggestions only", () => {
    expect(run('g-bank', '客服电话 021 6123 4567')).toEqual([]);
    expect(run('g-other', '客服电话 021 6123 4567')).toEqual(['contact']);
    expect(run('g-bank', '加我微信 abc12345')).toEqual(['contact']);
  });

  it('leaves the compiled rules as they are when no group has a list', () => {
    expect(withGroupAllowLists(compiled, [{ groupId: 'g', entries: [] }])).toBe(compiled);
    expect(withLists.groupAllowLists?.has('g-empty')).toBe(false);
  });
});

describe('groupProposals', () => {
  const { compiled } = compileRules(DEFAULT_RULES);
  const now = Date.UTC(2026, 0, 1);
  const G = 'g';
  let n = 0;
  const msg = (text: string): Message => ({ id: `m${++n}`, externalId: `m${n}`, groupId: G, memberId: 'u', authorName: 'U', kind: 'message', role: 'customer', text, ts: now - n, readAt: now });
  const flag = (m: Message, category = 'ad'): Case => ({
    id: `c-${m.id}`, kind: 'manual-warning', at: now, groupId: G, memberId: 'u', messageId: m.id, category, categories: [category], memberAction: 'remind', reason: '', actor: 'staff',
    evidence: { text: m.text, authorName: 'U', ts: m.ts, spans: [] },
  });
  const dismissal = (m: Message, start: number, end: number, reasonCode: Case['reasonCode']): Case => ({
    id: `d-${m.id}`, kind: 'dismissed', at: now, groupId: G, memberId: 'u', messageId: m.id, memberAction: 'none', reason: '', actor: 'staff', reasonCode,
    evidence: { text: m.text, authorName: 'U', ts: m.ts, spans: [{ start, end }] },
  });
  const ordinary = ['明天几点开门？', '我的卡什么时候寄到', '年费怎么收的', '谢谢客服', '好的收到'].map(msg);
  const spam = ['星空盲盒今晚开团，来抢', '星空盲盒开团啦 名额有限'].map(msg);
  const base = { messages: [...ordinary, ...spam], allowList: [], decisions: [], compiled, groupId: G, now };

  it('proposes phrases of flagged messages that the rules do not catch, with the counts and the category', () => {
    const out = groupProposals({ ...base, cases: spam.map((m) => flag(m)) });
    expect(out.basis).toEqual({ flagged: 2, normal: ordinary.length, dismissed: 0 });
    expect(out.words[0]).toMatchObject({ phrase: '星空盲盒', flagged: 2, normal: 0, category: 'ad' });
    // Flagged messages are not counted as ordinary ones.
    expect(out.words.every((w) => w.normal === 0)).toBe(true);
  });

  it('leaves out decided phrases and phrases the rules already catch', () => {
    const decided = { id: 'x', groupId: G, kind: 'word' as const, phrase: '星空盲盒', decision: 'ignored' as const, at: now, actor: '' };
    const out = groupProposals({ ...base, cases: spam.map((m) => flag(m)), decisions: [decided] });
    expect(out.words.map((w) => w.phrase)).not.toContain('星空盲盒');
    // Once a rule has the word (approved into the learned rule), the rules catch it: not proposed.
    const learned = compileRules([...DEFAULT_RULES, withLearnedWord(undefined, 'ad', '星空盲盒')]).compiled;
    const caught = groupProposals({ ...base, compiled: learned, cases: spam.map((m) => flag(m)) });
    expect(caught.words.map((w) => w.phrase).filter((p) => p.includes('星空'))).toEqual([]);
  });

  it('proposes dismissed evidence for the allow-list: "allowed in this group" once, "not a problem" twice', () => {
    const hotline = msg('官方电话 021-61234567');
    const start = hotline.text.indexOf('021');
    const allowed = groupProposals({ ...base, cases: [dismissal(hotline, start, hotline.text.length, 'allowed-in-group')] });
    expect(allowed.allow).toHaveLength(1);
    expect(allowed.allow[0]).toMatchObject({ allowedInGroup: 1, notAProblem: 0 });
    const once = groupProposals({ ...base, cases: [dismissal(hotline, start, hotline.text.length, 'not-a-problem')] });
    expect(once.allow).toEqual([]);
    const again = msg('官方电话 021-61234567');
    const twice = groupProposals({ ...base, cases: [dismissal(hotline, start, hotline.text.length, 'not-a-problem'), dismissal(again, start, again.text.length, 'not-a-problem')] });
    expect(twice.allow.map((a) => a.notAProblem)).toEqual([2]);
    const listed = groupProposals({ ...base, allowList: ['021 61234567'], cases: [dismissal(hotline, start, hotline.text.length, 'allowed-in-group')] });
    expect(listed.allow).toEqual([]);
  });
});

describe('withLearnedWord', () => {
  it('creates the learned rule of a category and adds to it; the result passes rule validation', () => {
    const rule = withLearnedWord(undefined, 'ad', '星空盲盒');
    expect(rule).toMatchObject({ id: 'learned-ad', category: 'ad', triggers: { keywords: ['星空盲盒'] } });
    const next = withLearnedWord(rule, 'ad', '开团');
    expect(next.triggers.keywords).toEqual(['星空盲盒', '开团']);
    expect(validateRules([next]).errors).toEqual([]);
  });

  it('refuses, naming the word, an empty word, a number alone or a word already there', () => {
    const rule = withLearnedWord(undefined, 'ad', '星空盲盒');
    expect(() => withLearnedWord(rule, 'ad', ' ')).toThrow('approved word is empty');
    expect(() => withLearnedWord(rule, 'ad', '455')).toThrow('approved word "455"');
    expect(() => withLearnedWord(rule, 'ad', '星空 盲盒')).toThrow('approved word "星空 盲盒" is already in rule');
  });
});
