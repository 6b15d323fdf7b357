import { suggestForBatch } from '../../../lib/background/suggest';
import type { StoredBatch } from '../../../lib/db/repos/ingest';
import type { Message } from '../../../lib/model';
import { compileRules, evaluateMessage, lastEvaluationHosts } from '../../../lib/rules/engine';
import { GroupSignals, textFingerprint } from '../../../lib/rules/group-signals';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { reasonTexts } from '../../../lib/rules/reason';
import { message as stored, MINUTE, T0 } from '../db/records';

const { compiled } = compileRules(DEFAULT_RULES);
const msg = (text: string, groupId = 'g1', ts = T0) => ({ id: `m${ts}`, groupId, memberId: 'u', text, ts, role: 'customer' as const });

describe('GroupSignals', () => {
  it('knows a domain posted in the group, with its subdomains, and only in that group', () => {
    const signals = new GroupSignals();
    signals.learn(msg('see https://www.shop.example.com/help', 'g1'), ['www.shop.example.com'], false);
    const g1 = signals.contextFor(msg('x', 'g1'));
    expect(g1.isKnownDomain?.('shop.example.com')).toBe(true);
    expect(g1.isKnownDomain?.('m.shop.example.com')).toBe(true);
    expect(g1.isKnownDomain?.('example.com')).toBe(false);
    expect(g1.isKnownDomain?.('other.cn')).toBe(false);
    expect(signals.contextFor(msg('x', 'g2')).isKnownDomain?.('shop.example.com')).toBe(false);
  });

  it('does not learn the domain of a message judged an advertisement', () => {
    const signals = new GroupSignals();
    signals.learn(msg('spam', 'g1'), ['spam.example.xyz'], true);
    expect(signals.contextFor(msg('x', 'g1')).isKnownDomain?.('spam.example.xyz')).toBe(false);
  });

  it('counts other groups that saw the same text within the window, whatever the spacing', () => {
    const signals = new GroupSignals({ windowMs: 60 * MINUTE });
    signals.learn(msg('兼职日结，加我 详聊 abc', 'g1', T0), [], false);
    signals.learn(msg('兼职 日结 加我详聊abc!', 'g2', T0 + MINUTE), [], false);
    expect(signals.contextFor(msg('兼职日结，加我详聊 abc', 'g3', T0 + 2 * MINUTE)).sameTextInOtherGroups).toBe(2);
    expect(signals.contextFor(msg('兼职日结，加我详聊 abc', 'g1', T0 + 2 * MINUTE)).sameTextInOtherGroups).toBe(1);
    expect(signals.contextFor(msg('兼职日结，加我详聊 abc', 'g3', T0 + 3 * 60 * MINUTE)).sameTextInOtherGroups).toBe(0);
    expect(textFingerprint('谢谢')).toBeNull();
  });

  it('forgets the oldest texts past its bound', () => {
    const signals = new GroupSignals({ maxTexts: 2 });
    for (const t of ['first message here', 'second message here', 'third message here']) signals.learn(msg(t, 'g1'), [], false);
    expect(signals.contextFor(msg('first message here', 'g2')).sameTextInOtherGroups).toBe(0);
    expect(signals.contextFor(msg('third message here', 'g2')).sameTextInOtherGroups).toBe(1);
  });

  it('warms from stored messages, finding their links itself', () => {
    const signals = new GroupSignals();
    signals.warm([stored({ groupId: 'g1', text: '官网 https://help.example.cn/faq', ts: T0 }), stored({ groupId: 'g1', kind: 'join', text: 'bad.example.cn', ts: T0 })]);
    const ctx = signals.contextFor(msg('x', 'g1', T0 + MINUTE));
    expect(ctx.isKnownDomain?.('help.example.cn')).toBe(true);
    expect(ctx.isKnownDomain?.('bad.example.cn')).toBe(false);
  });
});

describe('context signals in scoring', () => {
  const zhAd = (text: string, signals?: Parameters<typeof evaluateMessage>[2]['signals'], memberJoinedAt?: number) =>
    evaluateMessage(compiled, msg(text), { recent: [], now: T0, signals, memberJoinedAt }).find((s) => s.category === 'ad');

  it('a link to a domain new to the group adds to the words, and says so in the reason', () => {
    // "优惠" is no ad word; with a link (1.5) it stays under 2 unless the domain is new.
    const text = '福利 http://promo.example.xyz/a';
    const known = zhAd(text, { isKnownDomain: () => true });
    const fresh = zhAd(text, { isKnownDomain: () => false });
    expect(known?.score ?? 0).toBeLessThan(fresh?.score ?? 0);
    expect(fresh?.contributions?.map((c) => c.signal)).toContain('new_domain');
    expect(fresh?.evidence).toContain('new_domain');
    expect(reasonTexts(fresh?.reasonData as never)[0]).toContain('never seen in this group');
  });

  it('the surroundings never fire a rule alone', () => {
    // A bare link (1.5) reaches 2 only with the context signals: no ad.
    expect(zhAd('看看 http://qwe.example.xyz/k', { isKnownDomain: () => false, sameTextInOtherGroups: 3 })).toBeUndefined();
  });

  it('the same text in other groups and a new member add their weights', () => {
    const text = '有兴趣的了解一下';
    expect(zhAd(text)).toBeUndefined();
    const s = zhAd(text, { sameTextInOtherGroups: 2 }, T0 - MINUTE);
    expect(s?.contributions?.map((c) => c.signal)).toEqual(expect.arrayContaining(['cross_group', 'new_member']));
    expect(s?.reasonData.newMember).toBe(true);
  });

  it('reports the link hosts it found', () => {
    evaluateMessage(compiled, msg('看 https://a.example.com/x 和 b.example.org'), { recent: [], now: T0 });
    expect(lastEvaluationHosts().sort()).toEqual(['a.example.com', 'b.example.org']);
    evaluateMessage(compiled, msg('没有链接'), { recent: [], now: T0 });
    expect(lastEvaluationHosts()).toEqual([]);
  });
});

describe('batched suggestions with signals', () => {
  const batch = (messages: Message[]): StoredBatch => ({ stored: messages, members: new Map(), memberships: new Map(), earlier: new Map(), now: T0 });
  let n = 0;
  const newId = () => `c${++n}`;

  it('a domain staff posted is known to later links; a new one adds to the score', () => {
    const signals = new GroupSignals();
    // English: "win" (1) + a link (1) stays under 3; a link to a new domain (1) reaches it.
    const staff = stored({ id: 's1', memberId: 'staff', role: 'staff', groupId: 'g1', text: 'Prize page: https://act.example.com/1111', ts: T0 });
    const sameDomain = stored({ id: 'c1', memberId: 'u1', groupId: 'g1', text: 'did I win? https://act.example.com/2222', ts: T0 + MINUTE });
    const otherDomain = stored({ id: 'c2', memberId: 'u2', groupId: 'g1', text: 'did I win? https://act.qwe-x.xyz/2222', ts: T0 + 2 * MINUTE });
    const cases = suggestForBatch(compiled, batch([staff, sameDomain, otherDomain]), newId, signals);
    expect(cases.filter((c) => c.category === 'ad').map((c) => c.messageId)).toEqual(['c2']);
    expect(cases.filter((c) => c.category === 'link').map((c) => c.messageId).sort()).toEqual(['c1', 'c2']);
    // Without signals neither is an ad.
    expect(suggestForBatch(compiled, batch([staff, sameDomain, otherDomain]), newId).filter((c) => c.category === 'ad')).toEqual([]);
  });

  it('the same ad text in a second group counts the repetition', () => {
    const signals = new GroupSignals();
    const text = '有兴趣的朋友了解一下，机会不多';
    suggestForBatch(compiled, batch([stored({ id: 'a1', groupId: 'g1', memberId: 'u1', text, ts: T0 })]), newId, signals);
    const ctx = signals.contextFor({ groupId: 'g2', text, ts: T0 + MINUTE });
    expect(ctx.sameTextInOtherGroups).toBe(1);
  });
});
