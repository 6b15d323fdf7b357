import type { Template } from '../model';
import { foldForSearch } from './search';

export interface FaqMatch {
  template: Template;
  /** How many of the template's keywords the question contains. */
  hits: number;
}

/** Letters of a Latin word: a Chinese character before "refund" (我的refund) still starts a word. */
const LATIN_WORD_CHAR = /[\p{Script=Latin}\p{N}]/u;
const LATIN_START = /^[a-z0-9]/;

/**
 * Whether folded `text` holds `keyword`. Chinese is written without spaces, so a Chinese
 * keyword counts anywhere; a Latin one only where a word starts, so "ship" is not found in
 * "relationship" nor "vat" in "private". The end stays open for plurals and tenses
 * ("refund" finds "refunds", "deliver" finds "delivered").
 */
export function containsKeyword(text: string, keyword: string): boolean {
  if (!keyword) return false;
  if (!LATIN_START.test(keyword)) return text.includes(keyword);
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) {
    if (at === 0 || !LATIN_WORD_CHAR.test(text[at - 1] ?? '')) return true;
  }
  return false;
}

/**
 * Each template's keywords folded once: the waiting list asks for every question it shows on
 * every re-read (about once a second while a chat streams), and folding each keyword of each
 * template again for each question was most of that work.
 */
const foldedKeywords = new WeakMap<Template, { from: readonly string[]; folded: string[] }>();
function foldedKeywordsOf(template: Template): string[] {
  const cached = foldedKeywords.get(template);
  if (cached && cached.from === template.keywords) return cached.folded;
  const folded = template.keywords.map(foldForSearch);
  foldedKeywords.set(template, { from: template.keywords, folded });
  return folded;
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
    for (const keyword of foldedKeywordsOf(template)) if (containsKeyword(text, keyword)) hits++;
    if (hits > 0) matches.push({ template, hits });
  }
  return matches.sort((a, b) => b.hits - a.hits).slice(0, limit);
}
