import type { Template } from '../model';
import { foldForSearch } from './search';

export interface FaqMatch {
  template: Template;
  /** How many of the template's keywords the question contains. */
  hits: number;
}

/**
 * Templates in the "faq" category whose keywords occur in a customer's question, best
 * first. Keywords are the team's own words for the topic (提额, annual fee), so a plain
 * substring test over folded text is what works for both Chinese and English.
 */
export function suggestFaqTemplates(question: string, templates: readonly Template[], limit = 3): FaqMatch[] {
  const text = foldForSearch(question);
  if (!text) return [];
  const matches: FaqMatch[] = [];
  for (const template of templates) {
    if (template.category !== 'faq' || template.keywords.length === 0) continue;
    let hits = 0;
    for (const keyword of template.keywords) if (text.includes(foldForSearch(keyword))) hits++;
    if (hits > 0) matches.push({ template, hits });
  }
  return matches.sort((a, b) => b.hits - a.hits).slice(0, limit);
}
