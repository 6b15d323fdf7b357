import { caseLogEntries } from '../../../lib/moderation/case-log';
import type { Case } from '../../../lib/model';

const T = Date.UTC(2026, 10, 28);
let n = 0;
function c(over: Partial<Case>): Case {
  n++;
  return { id: `c${n}`, kind: 'suggested', at: T, groupId: 'g', memberId: 'u', memberAction: 'remind', reason: '', actor: '', ...over };
}
const text = '加我薇信 abc_12345 领内部优惠';
const evidence = (start: number, end: number) => ({ text, authorName: 'MEI', ts: T - 1000, spans: [{ start, end }] });

describe('caseLogEntries', () => {
  it('shows a message flagged for two categories once, with both categories and all marked words', () => {
    const cases = [
      c({ id: 'ad', messageId: 'm1', category: 'ad', evidence: evidence(0, 2) }),
      c({ id: 'contact', messageId: 'm1', category: 'contact', evidence: evidence(5, 14) }),
    ];
    const entries = caseLogEntries(cases);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: 'ad', categories: ['ad', 'contact'] });
    expect(entries[0]?.evidence?.spans).toEqual([
      { start: 0, end: 2 },
      { start: 5, end: 14 },
    ]);
    // The stored cases are not changed: each still counts on its own.
    expect(cases[0]?.categories).toBeUndefined();
  });

  it('keeps undecided suggestions, decisions and the order; a span marked by two rules shows once', () => {
    const cases = [
      c({ id: 's1', messageId: 'm1', category: 'ad', evidence: evidence(0, 2) }),
      c({ id: 's2', messageId: 'm2', category: 'link', evidence: evidence(5, 14) }),
      c({ id: 'd3', kind: 'manual-warning', actor: '客服小美' }),
      c({ id: 's3', messageId: 'm1', category: 'ad', evidence: evidence(0, 2) }),
    ];
    const entries = caseLogEntries(cases);
    expect(entries.map((e) => e.id)).toEqual(['s1', 's2', 'd3']);
    expect(entries[0]).toMatchObject({ categories: ['ad'], evidence: { spans: [{ start: 0, end: 2 }] } });
  });

  it('shows a decided message once, by its decision: the suggestions it decided (by message or by reference) leave the log', () => {
    const cases = [
      c({ id: 'd1', kind: 'applied', messageId: 'm1', categories: ['ad', 'contact'], actor: '客服小美', evidence: evidence(0, 14) }),
      c({ id: 's1', messageId: 'm1', category: 'ad', evidence: evidence(0, 2) }),
      c({ id: 's1b', messageId: 'm1', category: 'contact', evidence: evidence(5, 14) }),
      c({ id: 'x2', kind: 'dismissed', refersTo: 's2', actor: '客服小美' }),
      c({ id: 's2', messageId: 'm2', category: 'link', evidence: evidence(5, 14) }),
      c({ id: 's3', messageId: 'm3', category: 'insult', evidence: evidence(0, 2) }),
    ];
    expect(caseLogEntries(cases).map((e) => e.id)).toEqual(['d1', 'x2', 's3']);
  });

  it('leaves out suggestions recorded for audit only, and never merges cases without a message', () => {
    const cases = [
      c({ id: 'audit', messageId: 'm1', category: 'custom', actor: 'audit' }),
      c({ id: 'manual1', kind: 'manual-warning' }),
      c({ id: 'manual2', kind: 'manual-warning' }),
      c({ id: 'loose1', category: 'ad' }),
      c({ id: 'loose2', category: 'ad' }),
    ];
    expect(caseLogEntries(cases).map((e) => e.id)).toEqual(['manual1', 'manual2', 'loose1', 'loose2']);
  });
});
