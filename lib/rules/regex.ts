import { RE2JS } from 're2js';

/**
 * User-supplied regular expressions run on RE2 semantics (re2js): matching time is linear
 * in the text, so a pattern like `(a+)+$` cannot hang the background on a hostile message.
 * The price is no look-around and no back-references; such patterns are refused at entry
 * with a message that says so, instead of failing later.
 */

export const MAX_PATTERN_LENGTH = 1_000;
/** Enough evidence for a person to see what fired; more adds nothing. */
const MAX_MATCHES = 50;

export interface SafeRegex {
  readonly source: string;
  readonly re: RE2JS;
}

export type RegexCompileResult =
  | { readonly ok: true; readonly regex: SafeRegex }
  | { readonly ok: false; readonly error: string };

export function compileUserRegex(
  pattern: string,
  options: { caseInsensitive?: boolean } = {},
): RegexCompileResult {
  if (pattern.length === 0) return { ok: false, error: 'regular expression must not be empty' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: `regular expression must be at most ${MAX_PATTERN_LENGTH} characters` };
  }
  try {
    const flags = options.caseInsensitive === false ? 0 : RE2JS.CASE_INSENSITIVE;
    const re = RE2JS.compile(pattern, flags);
    // A pattern that matches the empty string would flag every message.
    if (re.matches('')) return { ok: false, error: 'regular expression matches empty text' };
    return { ok: true, regex: { source: pattern, re } };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const hint = /\(\?[=!<]|\\[1-9]/.test(pattern)
      ? ' (look-ahead, look-behind and back-references are not supported: they can take exponential time)'
      : '';
    return { ok: false, error: `invalid regular expression: ${detail}${hint}` };
  }
}

/** All non-overlapping matches as [start, end) pairs in UTF-16 offsets of `text`. */
export function findAll(regex: SafeRegex, text: string, limit = MAX_MATCHES): [number, number][] {
  const found: [number, number][] = [];
  if (text.length === 0) return found;
  const m = regex.re.matcher(text);
  let from = 0;
  while (found.length < limit && from <= text.length && m.find(from)) {
    const s = m.start();
    const e = m.end();
    if (e > s) found.push([s, e]);
    from = e > s ? e : e + 1;
  }
  return found;
}
