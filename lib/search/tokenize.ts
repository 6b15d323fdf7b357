/**
 * Search terms for chat text in Chinese and Latin scripts. Chinese has no spaces, and word
 * segmenters disagree with how people type a query ("优惠券" vs "优惠 券"), so runs of CJK
 * characters become overlapping bigrams (a run of one character stays one term): a query
 * matches wherever all its bigrams occur, whatever the segmentation. Latin words and numbers
 * are whole lower-cased terms. Full-width forms fold to ASCII first (NFKC), so "ＡＢＣ１２３"
 * finds "abc123".
 */

/** Han, Hiragana, Katakana, Hangul, CJK symbols: scripts written without spaces. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Letters and digits of other scripts form words; everything else separates. */
const WORD = /[\p{L}\p{N}_]/u;

/** A message with many distinct terms is still indexed by its first this many. */
export const MAX_TERMS_PER_MESSAGE = 400;
/** Longer Latin "words" (hashes, base64 blobs) are cut; nobody types them into a search. */
const MAX_WORD_LENGTH = 40;

export function tokenize(text: string, limit = MAX_TERMS_PER_MESSAGE): string[] {
  const terms = new Set<string>();
  const normal = text.normalize('NFKC').toLowerCase();
  let word = '';
  let cjkRun = '';
  const endWord = () => {
    if (word) terms.add(word.slice(0, MAX_WORD_LENGTH));
    word = '';
  };
  const endRun = () => {
    const chars = [...cjkRun];
    if (chars.length === 1) terms.add(chars[0] as string);
    for (let i = 0; i + 1 < chars.length; i++) terms.add((chars[i] as string) + (chars[i + 1] as string));
    cjkRun = '';
  };
  for (const char of normal) {
    if (terms.size >= limit) break;
    if (CJK.test(char)) {
      endWord();
      cjkRun += char;
    } else if (WORD.test(char)) {
      endRun();
      word += char;
    } else {
      endWord();
      endRun();
    }
  }
  endWord();
  endRun();
  return [...terms].slice(0, limit);
}

/** Filter terms: a member's or group's messages are found like a word is. */
export const memberTerm = (memberId: string) => `\u0001m:${memberId}`;
export const groupTerm = (groupId: string) => `\u0001g:${groupId}`;
