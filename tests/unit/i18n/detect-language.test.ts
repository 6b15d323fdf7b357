import { describe, expect, it } from 'vitest';
import { detectGroupLanguage, detectLanguage } from '../../../lib/i18n/detect-language';

describe('detectLanguage', () => {
  it('reads Chinese, English and mixed messages', () => {
    expect(detectLanguage('请问信用卡年费怎么免？')).toBe('zh');
    expect(detectLanguage('How do I waive the annual fee?')).toBe('en');
    // A Chinese sentence with an English product name is still Chinese.
    expect(detectLanguage('我的 Visa card 怎么激活')).toBe('zh');
    // An English sentence quoting one Chinese word is still English.
    expect(detectLanguage('What does 提额 mean for my card limit?')).toBe('en');
  });

  it('says nothing for digits, emoji and links alone', () => {
    expect(detectLanguage('123 456')).toBeNull();
    expect(detectLanguage('👍👍')).toBeNull();
    expect(detectLanguage('')).toBeNull();
  });
});

describe('detectGroupLanguage', () => {
  it('takes the language most messages use, falling back on a tie', () => {
    expect(detectGroupLanguage(['你好', '谢谢', 'ok thanks'], 'en')).toBe('zh');
    expect(detectGroupLanguage(['hello', 'thanks', '你好'], 'zh')).toBe('en');
    expect(detectGroupLanguage(['hello', '你好'], 'zh')).toBe('zh');
    expect(detectGroupLanguage([], 'en')).toBe('en');
    expect(detectGroupLanguage(['👍'], 'zh')).toBe('zh');
  });
});
