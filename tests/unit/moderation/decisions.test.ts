import { countingDecisions, decidedMessageIds, flaggedMessages, ladderPoints } from '../../../lib/moderation/decisions';
import type { Case } from '../../../lib/model';

const T = Date.UTC(2026, 10, 28);
const DAY = 86_400_000;
let n = 0;
function c(over: Partial<Case>): Case {
  n++;
  return { id: `c${n}`, kind: 'suggested', at: T, groupId: 'g', memberId: 'u', memberAction: 'remind', reason: '', actor: '', ...over };
}
const evidence = (text: string, start: number, end: number) => ({ text, authorName: '陈强', ts: T - 1000, spans: [{ start, end }] });

describe('flaggedMessages', () => {
  it('groups suggestions per message: one item, every category with its evidence, the strongest rule action', () => {
    const text = '兼职日结，加我微信 abc12345';
    const cases = [
      c({ id: 's-ad', messageId: 'm1', category: 'ad', memberAction: 'warn', evidence: evidence(text, 0, 4), reason: 'Advertising' }),
      c({ id: 's-contact', messageId: 'm1', category: 'contact', evidence: evidence(text, 10, 18), reason: 'Contact' }),
      // A second rule of a category already listed adds its evidence, not another entry.
      c({ id: 's-ad2', messageId: 'm1', category: 'ad', evidence: evidence(text, 2, 6) }),
      c({ id: 's-other', messageId: 'm2', category: 'link', evidence: { ...evidence('see x.example', 4, 13), ts: T } }),
      c({ id: 's-audit', messageId: 'm3', category: 'custom', actor: 'audit', evidence: evidence('年费', 0, 2) }),
    ];
    const flags = flaggedMessages(cases);
    expect(flags.map((f) => f.messageId)).toEqual(['m2', 'm1']);
    const m1 = flags[1];
    expect(m1?.categories.map((x) => [x.category, x.suggestionId, x.memberAction])).toEqual([
      ['ad', 's-ad', 'warn'],
      ['contact', 's-contact', 'remind'],
    ]);
    expect(m1?.categories[0]?.spans).toEqual([{ start: 0, end: 6 }]);
    expect(m1?.spans).toEqual([
      { start: 0, end: 6 },
      { start: 10, end: 18 },
    ]);
    expect(m1).toMatchObject({ ruleAction: 'warn', text, authorName: '陈强' });
  });

  it('leaves out messages with a decision, old-style (refersTo) or new (messageId)', () => {
    const cases = [
      c({ id: 's1', messageId: 'm1', category: 'ad' }),
      c({ id: 's2', messageId: 'm1', category: 'contact' }),
      c({ id: 's3', messageId: 'm2', category: 'ad' }),
      c({ id: 's4', messageId: 'm3', category: 'ad' }),
      c({ kind: 'applied', refersTo: 's2' }),
      c({ kind: 'dismissed', messageId: 'm3', memberAction: 'none' }),
    ];
    expect([...decidedMessageIds(cases)].sort()).toEqual(['m1', 'm3']);
    expect(flaggedMessages(cases).map((f) => f.messageId)).toEqual(['m2']);
  });
});

describe('countingDecisions and ladderPoints', () => {
  it('counts decisions, not categories: a message decided twice by an older release counts once', () => {
    const cases = [
      c({ kind: 'applied', messageId: 'm1', category: 'ad', at: T - 3 * DAY }),
      c({ kind: 'applied', messageId: 'm1', category: 'contact', at: T - 3 * DAY }),
      c({ kind: 'applied', messageId: 'm2', at: T - 2 * DAY, weight: 2, categories: ['insult'] }),
      c({ kind: 'manual-warning', at: T - DAY, memberAction: 'warn' }),
    ];
    const records = countingDecisions(cases, { groupId: 'g', memberId: 'u' }, T, 30);
    expect(records.map((r) => [r.messageId ?? '-', r.weight])).toEqual([
      ['m1', 1],
      ['m2', 2],
      ['-', 1],
    ]);
    expect(ladderPoints(records, 30)).toEqual({ points: 4, count: 3, nextExpiry: T - 3 * DAY + 30 * DAY });
  });

  it('skips dismissals, record-only decisions, revoked ones, other members and groups, and expired ones', () => {
    const applied = c({ kind: 'applied', messageId: 'm1' });
    const cases = [
      applied,
      c({ kind: 'warning-revoked', refersTo: applied.id, memberAction: 'none' }),
      c({ kind: 'dismissed', messageId: 'm2', memberAction: 'none' }),
      c({ kind: 'applied', messageId: 'm3', memberAction: 'none', step: 0 }),
      c({ kind: 'applied', messageId: 'm4', memberId: 'other' }),
      c({ kind: 'applied', messageId: 'm5', groupId: 'g2' }),
      c({ kind: 'applied', messageId: 'm6', at: T - 31 * DAY }),
    ];
    expect(countingDecisions(cases, { groupId: 'g', memberId: 'u' }, T, 30)).toEqual([]);
    expect(ladderPoints([], 30)).toEqual({ points: 0, count: 0 });
  });
});

describe('decidedMessageIds', () => {
  it('counts a message staff flagged by hand as decided, so a rule learned later does not reopen it', () => {
    const cases = [
      c({ id: 'f1', kind: 'manual-warning', messageId: 'm-flagged', memberAction: 'warn' }),
      c({ id: 'w-old', kind: 'manual-warning', memberAction: 'warn' }),
      c({ id: 's1', messageId: 'm-flagged', category: 'ad', evidence: evidence('星空盲盒', 0, 4) }),
      c({ id: 's2', messageId: 'm-open', category: 'ad', evidence: evidence('星空盲盒', 0, 4) }),
    ];
    expect([...decidedMessageIds(cases)]).toEqual(['m-flagged']);
    expect(flaggedMessages(cases).map((f) => f.messageId)).toEqual(['m-open']);
  });
});
