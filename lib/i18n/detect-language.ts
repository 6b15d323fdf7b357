/** The language a chat message or a group is written in, as far as templates care. */
export type TextLanguage = 'zh' | 'en';

// Han ideographs (CJK Unified, Extension A, Compatibility) and CJK punctuation / full-width forms.
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/u;
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f]/u;

/**
 * Counts letters by script. One Han character carries about as much as a short English
 * word, so Han counts three times; a message with no letters of either script is `null`
 * (digits, emoji and links alone say nothing about the language).
 */
export function languageScore(text: string): { zh: number; en: number } {
  let zh = 0;
  let en = 0;
  for (const ch of text) {
    if (HAN.test(ch)) zh += 3;
    else if (LATIN_LETTER.test(ch)) en += 1;
  }
  return { zh, en };
}

export function detectLanguage(text: string): TextLanguage | null {
  const { zh, en } = languageScore(text);
  if (zh === 0 && en === 0) return null;
  return zh >= en ? 'zh' : 'en';
}

/**
 * The language of a group from its recent messages: the one most messages are written in.
 * Ties and groups with no readable messages fall back to `fallback`.
 */
export function detectGroupLanguage(texts: Iterable<string>, fallback: TextLanguage): TextLanguage {
  let zh = 0;
  let en = 0;
  for (const text of texts) {
    const language = detectLanguage(text);
    if (language === 'zh') zh++;
    else if (language === 'en') en++;
  }
  if (zh === en) return fallback;
  return zh > en ? 'zh' : 'en';
}
