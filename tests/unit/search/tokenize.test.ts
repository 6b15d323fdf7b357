import { tokenize } from '../../../lib/search/tokenize';

describe('tokenize', () => {
  it('splits Chinese runs into overlapping bigrams and keeps Latin words whole, lower-cased', () => {
    expect(tokenize('优惠券领取 Hello World')).toEqual(['优惠', '惠券', '券领', '领取', 'hello', 'world']);
  });

  it('keeps a lone CJK character as a term and splits runs at Latin text and punctuation', () => {
    expect(tokenize('加V信abc123，好')).toEqual(['加', 'v', '信', 'abc123', '好']);
    expect(tokenize('你好，世界')).toEqual(['你好', '世界']);
    expect(tokenize('券')).toEqual(['券']);
  });

  it('folds full-width forms so a query typed either way matches', () => {
    expect(tokenize('ＡＢＣ１２３')).toEqual(['abc123']);
    expect(tokenize('Ｗｅｃｈａｔ 微信')).toEqual(['wechat', '微信']);
  });

  it('caps the number of terms of one message and never repeats a term', () => {
    const long = Array.from({ length: 1_000 }, (_, i) => `w${i}`).join(' ');
    expect(tokenize(long)).toHaveLength(400);
    expect(tokenize('hello hello HELLO')).toEqual(['hello']);
  });
});
