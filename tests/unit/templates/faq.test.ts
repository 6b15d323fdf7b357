import { suggestFaqTemplates } from '../../../lib/templates/faq';
import { template } from '../db/records';

const LIMIT = template({ id: 'limit', name: 'FAQ：提额', category: 'faq', keywords: ['额度', '提额', '临时额度'], body: '提额说明' });
const FEE = template({ id: 'fee', name: 'FAQ：年费', category: 'faq', keywords: ['年费', '扣费'], body: '年费说明' });
const CASHBACK = template({ id: 'cashback', name: 'FAQ: cashback', category: 'faq', keywords: ['Cash Back', 'rebate'], body: 'cashback' });
const NOT_FAQ = template({ id: 'general', name: '年费公告', category: 'general', keywords: ['年费', '扣费', '年费政策'], body: '公告' });
const NO_KEYWORDS = template({ id: 'empty', name: 'FAQ：空', category: 'faq', keywords: [], body: '空' });
const LIBRARY = [LIMIT, FEE, CASHBACK, NOT_FAQ, NO_KEYWORDS];

describe('suggestFaqTemplates', () => {
  it('suggests FAQ templates whose keywords the question contains, most hits first', () => {
    const matches = suggestFaqTemplates('我的年费怎么还扣费了？临时额度也没到', LIBRARY);
    // Equal hits keep the library's order.
    expect(matches.map((m) => [m.template.id, m.hits])).toEqual([
      ['limit', 2],
      ['fee', 2],
    ]);
    expect(suggestFaqTemplates('年费扣费，额度', LIBRARY).map((m) => [m.template.id, m.hits])).toEqual([
      ['fee', 2],
      ['limit', 1],
    ]);
    expect(suggestFaqTemplates('临时额度怎么提额', LIBRARY).map((m) => [m.template.id, m.hits])).toEqual([['limit', 3]]);
  });

  it('only suggests the faq category', () => {
    expect(suggestFaqTemplates('年费政策是什么', LIBRARY).map((m) => m.template.id)).toEqual(['fee']);
  });

  it('folds width and case on both sides', () => {
    expect(suggestFaqTemplates('When does my ＣＡＳＨ ＢＡＣＫ arrive?', LIBRARY).map((m) => m.template.id)).toEqual(['cashback']);
  });

  it('suggests nothing for an unrelated or empty question, and respects the limit', () => {
    expect(suggestFaqTemplates('好的谢谢', LIBRARY)).toEqual([]);
    expect(suggestFaqTemplates('   ', LIBRARY)).toEqual([]);
    expect(suggestFaqTemplates('年费 额度 rebate', LIBRARY, 2)).toHaveLength(2);
  });
});
