import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatElapsed } from '../../../lib/i18n/elapsed';
import { createTranslator, type LocaleMessages } from '../../../lib/i18n/translate';

const translator = (lang: 'en' | 'zh_CN') =>
  createTranslator(JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as LocaleMessages);
const en = translator('en');
const zh = translator('zh_CN');
const MIN = 60_000;

describe('formatElapsed', () => {
  it('counts whole minutes below an hour, and never less than one minute', () => {
    expect(formatElapsed(0, en)).toBe('1 min');
    expect(formatElapsed(59_999, en)).toBe('1 min');
    expect(formatElapsed(7 * MIN + 59_000, en)).toBe('7 min');
    expect(formatElapsed(59 * MIN, zh)).toBe('59 分钟');
  });

  it('reads hours and minutes below a day, and days and hours beyond', () => {
    expect(formatElapsed(60 * MIN, en)).toBe('1 h');
    expect(formatElapsed(1079 * MIN, en)).toBe('17 h 59 min');
    expect(formatElapsed(1079 * MIN, zh)).toBe('17 小时 59 分钟');
    expect(formatElapsed(24 * 60 * MIN, en)).toBe('1 d');
    expect(formatElapsed((3 * 24 + 4) * 60 * MIN + 30 * MIN, en)).toBe('3 d 4 h');
    expect(formatElapsed((3 * 24 + 4) * 60 * MIN, zh)).toBe('3 天 4 小时');
  });
});
