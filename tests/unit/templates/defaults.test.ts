import { TemplateSchema } from '../../../lib/model';
import { DEFAULT_TEMPLATES } from '../../../lib/templates/defaults';
import { KNOWN_VARIABLES, renderTemplate } from '../../../lib/templates/render';
import { T0 } from '../db/records';

describe('DEFAULT_TEMPLATES', () => {
  it('every default is a valid template once stamped', () => {
    for (const t of DEFAULT_TEMPLATES) {
      const parsed = TemplateSchema.safeParse({ ...t, createdAt: T0, updatedAt: T0, sendDirectly: false });
      expect(parsed.success, t.id).toBe(true);
      // Parsing changes nothing: the defaults are written in their final form.
      expect(parsed.data).toEqual({ ...t, createdAt: T0, updatedAt: T0, sendDirectly: false });
    }
  });

  it('has unique ids', () => {
    const ids = DEFAULT_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(['welcome', 'rules', 'reminder', 'warning', 'removal'])('has %s templates in Chinese and English', (category) => {
    const langs = DEFAULT_TEMPLATES.filter((t) => t.category === category).map((t) => t.lang);
    expect(langs).toContain('zh');
    expect(langs).toContain('en');
  });

  it('uses only the known variables, so each renders completely when they are known', () => {
    const values = { member: '陈强', group: '星河银行客户群', staff: '客服小美', rule: '广告', date: '2026年11月24日' };
    expect(Object.keys(values)).toEqual([...KNOWN_VARIABLES]);
    for (const t of DEFAULT_TEMPLATES) {
      const result = renderTemplate(t.body, values);
      expect(result.missing, t.id).toEqual([]);
      expect(result.customFields, t.id).toEqual([]);
      expect(result.text, t.id).not.toMatch(/\{[\p{L}_]/u);
    }
  });

  it('gives every FAQ template keywords to be suggested by', () => {
    const faq = DEFAULT_TEMPLATES.filter((t) => t.category === 'faq');
    expect(faq.length).toBeGreaterThan(0);
    expect(faq.every((t) => t.keywords.length > 0)).toBe(true);
  });
});
