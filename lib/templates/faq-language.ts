import { detectLanguage } from '../i18n/detect-language';
import type { Template } from '../model';
import { type FaqMatch, suggestFaqTemplates } from './faq';

/**
 * FAQ answers for a question in the question's own language: a Chinese question is never
 * offered an English answer. Templates for any language always qualify; a question with no
 * readable language (digits, emoji) is offered every language.
 */
export function suggestFaqInQuestionLanguage(question: string, templates: readonly Template[], limit = 3): FaqMatch[] {
  const language = detectLanguage(question);
  const usable = language ? templates.filter((t) => t.lang === 'any' || t.lang === language) : templates;
  return suggestFaqTemplates(question, usable, limit);
}
