import type { Span } from '../model/case';

/**
 * Sentences that ask something. A customer who asks "兼职的话可以申请信用卡吗？" is not
 * offering part-time work, while "招兼职，日结300，可以申请" is: the same words weigh less
 * inside a question (see `conditions.askedShare`). Only the phrases of the sentence that
 * asks are lowered, so an ad opening with a rhetorical question ("有需要贷款的吗？当天下款")
 * keeps the weight of what it states, and contact details or links never lose any.
 *
 * Read on the original text: the normaliser drops punctuation between Chinese characters
 * (it is a common separator evasion), so sentence ends are no longer there.
 */

/** What ends a sentence. Commas do not: "你好，兼职可以办卡吗？" is one question. */
const isSentenceEnd = (c: number): boolean =>
  c === 0x3002 || c === 0xff01 || c === 0x21 || c === 0xff1f || c === 0x3f || c === 0xff1b || c === 0x3b || c === 0x0a || c === 0x2026;
const isQuestionMark = (c: number): boolean => c === 0xff1f || c === 0x3f;
/** Sentence-final particles that make a question without a question mark ("能退吗", "怎么办呢"). */
const isQuestionParticle = (c: number): boolean => c === 0x5417 /* 吗 */ || c === 0x5462 /* 呢 */ || c === 0x561b /* 嘛 */;
/** Trailing characters that do not decide what kind of sentence it is (spaces, quotes, emoji). */
const isTrailingFiller = (c: number): boolean =>
  c <= 0x20 || c === 0x3000 || c === 0x201d || c === 0x300d || c === 0x2019 || c === 0x22 || c === 0x27 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfe0f || c === 0x2c || c === 0xff0c || c === 0x7e;

/**
 * A question without a mark anywhere in the sentence: A-not-A ("这个是不是京东的退款链接"),
 * "是什么", or asking others to look ("大家帮忙看看").
 */
const INTERROGATIVE = /是不是|有没有|能不能|可不可以|会不会|要不要|对不对|行不行|是什么|帮忙看看|帮我看看/;
/** Words that end a question without a mark or particle ("我想回收手机号怎么办", "能便宜点不"). */
const QUESTION_END = /(?:怎么办|怎么弄|怎么回事|怎么样|为什么|多少钱|多少|在哪|在哪里|哪里|哪儿|几点|几号|行不行|可不可以|能不能|好不好|对吧|是吧|对不对|是不是|有没有|可以不|行不)$/;
/** The first characters of QUESTION_END's words: a cheap test before the pattern runs. */
const QUESTION_END_CHARS = new Set([...'怎为多在哪几行可能好对是有不会要帮'].map((c) => c.charCodeAt(0)));

function endsWithQuestionWord(text: string, start: number, end: number): boolean {
  let k = end - 1;
  while (k >= start && isTrailingFiller(text.charCodeAt(k))) k--;
  if (k < start) return false;
  return QUESTION_END.test(text.slice(Math.max(start, k - 3), k + 1));
}

/** Cheap pre-test: whether the text can hold a question at all. */
export function mayAsk(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isQuestionMark(c) || isQuestionParticle(c) || QUESTION_END_CHARS.has(c)) return true;
  }
  return false;
}

/** Start and end offsets (end exclusive) of each sentence of `text` that asks, as pairs. */
export function questionSentences(text: string): number[] {
  const ranges: number[] = [];
  let start = 0;
  const n = Math.min(text.length, 20_000);
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x0a;
    if (!isSentenceEnd(c)) continue;
    let asks = isQuestionMark(c);
    if (!asks) {
      let k = i - 1;
      while (k >= start && isTrailingFiller(text.charCodeAt(k))) k--;
      asks = k >= start && isQuestionParticle(text.charCodeAt(k));
    }
    if (!asks) asks = endsWithQuestionWord(text, start, i) || INTERROGATIVE.test(text.slice(start, i));
    if (asks && i > start) ranges.push(start, i + 1);
    start = i + 1;
  }
  return ranges;
}

/** Whether every span lies inside one of the ranges (pairs as from questionSentences). */
export function allInside(spans: readonly Span[], ranges: readonly number[]): boolean {
  if (ranges.length === 0 || spans.length === 0) return false;
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s] as Span;
    let inside = false;
    for (let r = 0; r < ranges.length; r += 2) {
      if (span.start >= (ranges[r] as number) && span.end <= (ranges[r + 1] as number)) {
        inside = true;
        break;
      }
    }
    if (!inside) return false;
  }
  return true;
}
