import type { Template } from '../../../lib/model';
import { stepText } from '../../../lib/moderation/notice';
import { DEFAULT_TEMPLATES } from '../../../lib/templates/defaults';

const templates: Template[] = DEFAULT_TEMPLATES.map((t) => ({ ...t, sendDirectly: false, createdAt: 0, updatedAt: 0 }));
const NAMES: Record<string, [string, string]> = { ad: ['advertising', '广告'], contact: ['posting contact details', '留联系方式'] };
const name = (category: string, lang: 'zh' | 'en') => (NAMES[category] ?? ['?', '?'])[lang === 'zh' ? 1 : 0];

describe('stepText', () => {
  it('fills {rule} with human category names in the template language, never internal labels', () => {
    const zh = stepText(templates, 'tpl-warn-zh', 'zh', ['ad', 'contact'], name, { member: '陈强' });
    expect(zh.ok && zh.text).toBe('@陈强 您的消息涉及「广告、留联系方式」，违反群规，现予以警告。再次违规将被移出本群。');
    const en = stepText(templates, 'tpl-warn-zh', 'en', ['ad', 'contact'], name, { member: 'Mike88' });
    expect(en.ok && en.template.id).toBe('tpl-warn-en');
    expect(en.ok && en.text).toContain('(advertising, posting contact details)');
    expect(en.ok && en.text).not.toMatch(/（|关键词/);
  });

  it('a removal notice says the member will be removed, never that they have been', () => {
    for (const lang of ['zh', 'en'] as const) {
      const result = stepText(templates, 'tpl-remove-zh', lang, ['ad'], name, { member: 'X' });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.text).not.toMatch(/已按规定移出|has been removed/);
      expect(result.text).toMatch(/将按规定移出|will be removed/);
    }
  });

  it('names a missing template and missing values', () => {
    expect(stepText(templates, 'gone', 'zh', [], name, {})).toEqual({ ok: false, problem: 'no-template', templateId: 'gone' });
    expect(stepText(templates, 'tpl-warn-zh', 'zh', ['ad'], name, {})).toEqual({ ok: false, problem: 'missing-values', missing: ['member'] });
  });
});
