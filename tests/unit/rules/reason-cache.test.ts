import { reasonTexts } from '../../../lib/rules/reason';

describe('reasonTexts (rendered once per distinct reason)', () => {
  it('gives the same texts for the same reason, and tells apart what differs only in a figure', () => {
    const flood = (count: number, windowSec: number) => ({ category: 'flood' as const, details: [{ key: 'flood' as const, count, windowSec }], newMember: false });
    const [en6, zh6] = reasonTexts(flood(6, 30));
    expect(reasonTexts(flood(6, 30))).toEqual([en6, zh6]);
    expect(en6).toContain('6');
    expect(reasonTexts(flood(8, 30))[0]).toContain('8');
    expect(reasonTexts(flood(6, 60))[0]).not.toBe(en6);
    const plain = reasonTexts({ category: 'ad', details: [{ key: 'keyword' }], newMember: false });
    const fresh = reasonTexts({ category: 'ad', details: [{ key: 'keyword' }], newMember: true });
    expect(fresh[0]).not.toBe(plain[0]);
    expect(fresh[1]).not.toBe(plain[1]);
  });

  it('a caller changing the returned pair does not change what the next caller gets', () => {
    const reason = { category: 'link' as const, details: [{ key: 'url' as const }], newMember: false };
    const first = reasonTexts(reason);
    first[0] = 'changed';
    expect(reasonTexts(reason)[0]).not.toBe('changed');
  });
});
