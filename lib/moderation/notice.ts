import type { Template } from '../model';
import { renderTemplate, type TemplateValues } from '../templates/render';
import { templateVariantId } from './ladder';

export type StepText =
  | { ok: true; text: string; template: Template }
  | { ok: false; problem: 'no-template'; templateId: string }
  | { ok: false; problem: 'missing-values'; missing: string[] };

/**
 * The text of a ladder step for one flagged message: the step's template in the wanted
 * language (its `-zh`/`-en` sibling when there is one), with `{rule}` filled by the human
 * names of the message's categories (from _locales, in the template's language, never
 * the rule engine's internal labels).
 */
export function stepText(
  templates: readonly Template[],
  templateId: string,
  lang: 'zh' | 'en',
  categories: readonly string[],
  categoryName: (category: string, lang: 'zh' | 'en') => string,
  values: TemplateValues,
): StepText {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const template = byId.get(templateVariantId(templateId, lang, new Set(byId.keys())));
  if (!template) return { ok: false, problem: 'no-template', templateId };
  const textLang = template.lang === 'any' ? lang : template.lang;
  const names = [...new Set(categories)].map((c) => categoryName(c, textLang));
  const rendered = renderTemplate(template.body, { ...values, rule: names.join(textLang === 'zh' ? '、' : ', ') });
  if (rendered.missing.length > 0) return { ok: false, problem: 'missing-values', missing: rendered.missing };
  return { ok: true, text: rendered.text, template };
}
