import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator, type LocaleMessages } from '../../../lib/i18n';
import { RequestError } from '../../../lib/messaging/client';
import { summarizeBackup } from '../../../lib/ui/backup-summary';
import { describeError } from '../../../lib/ui/errors';
import { addWords } from '../../../lib/ui/word-list';

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as LocaleMessages;
const en = createTranslator(load('en'));
const zh = createTranslator(load('zh_CN'), load('en'));

describe('addWords', () => {
  it('trims, drops empty entries and duplicates (already listed or twice in the paste), and counts them', () => {
    expect(addWords(['广告'], ' 兼职 \n\n刷单，兼职、广告;;返利\t ')).toEqual({ words: ['广告', '兼职', '刷单', '返利'], added: 3, duplicates: 2, empty: 3 });
  });

  it('one typed word is one word', () => {
    expect(addWords([], 'vx')).toEqual({ words: ['vx'], added: 1, duplicates: 0, empty: 0 });
  });
});

describe('describeError', () => {
  const serverSaid = (request: string, detail: string) => new RequestError(request, `${request}: ${detail}`);

  it('says what failed and which field in the user\'s language, without the request name twice', () => {
    const error = serverSaid('saveRule', 'rule "Odd pattern": triggers.regexes.0.pattern: invalid regular expression: missing closing )');
    expect(describeError(error, en)).toBe('Could not save the rule (rule "Odd pattern"): Regular expressions, item 1: not a valid regular expression (missing closing ))');
    expect(describeError(error, zh)).toBe('规则没有保存 (rule "Odd pattern")：正则表达式第 1 项：不是有效的正则表达式（missing closing )）');
    expect(describeError(error, zh)).not.toContain('saveRule');
  });

  it('translates the common reasons: empty, too small, unknown template field', () => {
    expect(describeError(serverSaid('updateSettings', 'warningWindowDays: Too small: expected number to be >=1'), zh)).toBe('设置没有保存：警告有效期（天）：不能小于 1');
    expect(describeError(serverSaid('saveTemplate', 'name: template name must not be empty'), en)).toBe('Could not save the template: Name: must not be empty');
    expect(describeError(serverSaid('saveTemplate', 'body: unknown field {memebr}'), en)).toContain('Text: unknown field {memebr}');
  });

  it('names the allowed phrase or approved word an error is about, with the reason in the user\'s language', () => {
    const tooLong = serverSaid('addAllowPhrase', `allowed phrase "${'x'.repeat(60)}": an allowed phrase must be at most 200 characters`);
    expect(describeError(tooLong, en)).toBe(`Could not add to the allow-list (allowed phrase "${'x'.repeat(60)}"): at most 200 characters`.replace('at most 200 characters', en('reason_maxLength', '200')));
    expect(describeError(serverSaid('decideProposal', 'approved word "455": a number alone is not a word (order numbers and prices would match)'), zh)).toBe(
      '未能记录对该建议的处理 (approved word "455")：a number alone is not a word (order numbers and prices would match)',
    );
  });

  it('an error it does not know is shown as it came, after what failed', () => {
    expect(describeError(new Error('disk full'), en)).toBe('That did not work: disk full');
  });
});

describe('summarizeBackup', () => {
  it('counts what a backup holds before anything is restored', () => {
    expect(summarizeBackup({ format: 'groupsteward-backup', exportedAt: 5, members: [1, 2], messages: [1], settings: {}, groupSettings: [1] })).toMatchObject({
      ok: true,
      exportedAt: 5,
      counts: { members: 2, messages: 1, groups: 0, groupSettings: 1 },
      hasSettings: true,
    });
    expect(summarizeBackup({ format: 'groupsteward-team-pack' })).toEqual({ ok: false });
    expect(summarizeBackup('nope')).toEqual({ ok: false });
  });
});
