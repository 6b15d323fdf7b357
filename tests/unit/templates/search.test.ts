import { foldForSearch, indexTemplates, searchTemplates } from '../../../lib/templates/search';
import { template } from '../db/records';

const LIBRARY = [
  template({ id: 'body-only', name: '账单说明', category: 'general', body: '关于年费的常见问题请看 App', keywords: [] }),
  template({ id: 'keyword', name: '扣费说明', category: 'general', body: '请私信卡号后四位', keywords: ['年费', 'annual fee'] }),
  template({ id: 'name-prefix', name: '年费政策', category: 'general', body: '首年免年费', keywords: [] }),
  template({ id: 'name-inside', name: 'FAQ：年费', category: 'faq', body: '刷满 6 次免年费', keywords: [] }),
  template({ id: 'category', name: 'Welcome', category: 'Welcome Pack', body: 'Hello {member}', keywords: [] }),
];
const index = indexTemplates(LIBRARY);
const ids = (query: string, limit?: number) => searchTemplates(index, query, limit).map((t) => t.id);

describe('foldForSearch', () => {
  it('folds width, case and spacing', () => {
    expect(foldForSearch('  ＦＡＱ\u3000 Annual\n\tFee ')).toBe('faq annual fee');
    expect(foldForSearch('１２３ＡＢＣ')).toBe('123abc');
  });
});

describe('searchTemplates', () => {
  it('ranks name hits (prefix first) above keyword and category hits, above body hits', () => {
    expect(ids('年费')).toEqual(['name-prefix', 'name-inside', 'keyword', 'body-only']);
  });

  it('finds category hits, and ignores width and case in the query', () => {
    expect(ids('ｗｅｌｃｏｍｅ　ＰＡＣＫ')).toEqual(['category']);
    expect(ids('ANNUAL FEE')).toEqual(['keyword']);
  });

  it('requires every word of the query', () => {
    expect(ids('年费 首年')).toEqual(['name-prefix']);
    expect(ids('年费 不存在')).toEqual([]);
  });

  it('returns the library for an empty query, and respects the limit', () => {
    expect(ids('   ')).toEqual(LIBRARY.map((t) => t.id));
    expect(ids('', 2)).toEqual(['body-only', 'keyword']);
    expect(ids('年费', 2)).toEqual(['name-prefix', 'name-inside']);
  });
});
