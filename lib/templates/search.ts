import type { Template } from '../model';

/** Case, width and spacing do not matter when staff search ("ＦＡＱ" finds "faq"). */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface SearchableTemplate {
  template: Template;
  name: string;
  body: string;
  category: string;
  keywords: string;
}

/** Fold once when the library changes, not on every keystroke. */
export function indexTemplates(templates: readonly Template[]): SearchableTemplate[] {
  return templates.map((template) => ({
    template,
    name: foldForSearch(template.name),
    body: foldForSearch(template.body),
    category: foldForSearch(template.category),
    keywords: foldForSearch(template.keywords.join(' ')),
  }));
}

/**
 * Every query word must appear in the template; name hits rank above keyword and category
 * hits, which rank above body hits. Chinese has no spaces, so words are substrings.
 */
export function searchTemplates(index: readonly SearchableTemplate[], query: string, limit = 50): Template[] {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return index.slice(0, limit).map((entry) => entry.template);
  const scored: Array<{ template: Template; score: number }> = [];
  for (const entry of index) {
    let score = 0;
    let all = true;
    for (const word of words) {
      if (entry.name.startsWith(word)) score += 8;
      else if (entry.name.includes(word)) score += 6;
      else if (entry.keywords.includes(word) || entry.category.includes(word)) score += 4;
      else if (entry.body.includes(word)) score += 1;
      else {
        all = false;
        break;
      }
    }
    if (all) scored.push({ template: entry.template, score });
  }
  scored.sort((a, b) => b.score - a.score || a.template.name.localeCompare(b.template.name));
  return scored.slice(0, limit).map((s) => s.template);
}
