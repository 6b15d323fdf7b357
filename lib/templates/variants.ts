import type { TextLanguage } from '../i18n/detect-language';
import type { Template } from '../model';

/** Templates written for `language`, plus those for any language. */
export function templatesInLanguage(templates: readonly Template[], language: TextLanguage): Template[] {
  return templates.filter((template) => template.lang === language || template.lang === 'any');
}

/**
 * The variant of a category for a group: its language first, then one for any language,
 * then whatever exists (a team with only English templates still gets one).
 */
export function pickVariant(templates: readonly Template[], category: string, language: TextLanguage): Template | undefined {
  const inCategory = templates.filter((template) => template.category === category);
  return (
    inCategory.find((template) => template.lang === language) ?? inCategory.find((template) => template.lang === 'any') ?? inCategory[0]
  );
}
