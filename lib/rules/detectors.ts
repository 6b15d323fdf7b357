import type { Span } from '../model/case';
import type { DetectorKind } from '../model/rule';
import { HAS_AT, HAS_CJK_DOT, HAS_DOT, HAS_LATIN, HAS_SLASH, type Normalized, toOriginalSpan } from './normalize';

/**
 * Detectors for contact details, links and spam shapes. They read the normalised text
 * (so "微 信", "ｗｗｗ。example。com" and "一三八…" are already plain) and report spans in the
 * ORIGINAL text. Every pattern here has bounded repetition or is a hand-written scan, so
 * a hostile 20,000-character message cannot make them backtrack for long.
 */

export type { DetectorKind };

/**
 * Cue words. The engine puts them into its keyword automaton, so the one pass it already
 * makes over the text tells which detectors have anything to look at; most messages then
 * skip the detectors' regular expressions entirely. Called on their own (tests, tools),
 * detectors assume every cue is present (ALL_CUES) and simply do the full work.
 */
export const CUE_WECHAT = 1;
export const CUE_QQ = 2;
export const CUE_MESSENGER = 4;
export const CUE_DOT_WORD = 8;
export const CUE_AT_WORD = 16;
export const ALL_CUES = 0x7fffffff;

export const CUE_WORDS: readonly { readonly bit: number; readonly words: readonly string[]; readonly wholeWord: boolean }[] = [
  {
    bit: CUE_WECHAT,
    // A superset of WECHAT_CUE below (no word boundaries): it only decides whether to look.
    words: ['微信', '薇信', '威信', '徽信', '危信', '维信', '卫信', '围信', '喂信', '微芯', '薇芯', 'v信', 'wei信', '微x',
      'vx', 'wx', 'vchat', 'weixin', 'wechat', '加v', '+v', '➕v', '加w', '+w', 'v:', 'v=', 'v :'],
    wholeWord: false,
  },
  { bit: CUE_QQ, words: ['qq', '扣扣', '抠抠', '寇寇', '蔻蔻', '企鹅', 'q群', 'q号', '加q', '+q'], wholeWord: false },
  {
    bit: CUE_MESSENGER,
    words: ['telegram', 'tg', 'whatsapp', 'whats app', 'wa', 'line', 'signal', 'skype', 'kakao', 'kik', 'discord',
      'viber', 'snapchat', 'snap', '纸飞机', '飞机', '电报', '推特'],
    wholeWord: true,
  },
  { bit: CUE_DOT_WORD, words: ['dot'], wholeWord: true },
  { bit: CUE_AT_WORD, words: ['at'], wholeWord: true },
];

export interface DetectorHit {
  readonly kind: DetectorKind;
  /** Original-text offsets. */
  readonly span: Span;
  /** What kind of phone number, for the reason text (never the number itself). */
  readonly detail?: 'mobile' | 'international';
  /** For links: the host, so per-rule allowed domains can be applied afterwards. */
  readonly host?: string;
}

/** Shared empty result: most messages hit no detector, and this path allocates nothing. */
const NONE: readonly DetectorHit[] = Object.freeze([]);

export interface DetectorOptions {
  /** Domains that are fine to post (the company's own); subdomains included. */
  readonly allowDomains?: readonly string[];
  readonly mentionThreshold?: number;
  readonly emojiThreshold?: number;
  readonly maxLength?: number;
  readonly maxLines?: number;
  readonly repeatedCharRun?: number;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;

// ---------------------------------------------------------------------------------------
// Digit runs: digits with short separators between them ("139-1234-5678", "138 0013 8000").

interface DigitRun {
  start: number;
  end: number;
  digits: string;
  plus: boolean;
}

const RUN_SEPARATORS = new Set([0x20, 0x2d, 0x2e, 0x28, 0x29, 0x2f]);

/** Runs of digits in normalised text, each with its digit string; linear scan. */
export function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    let digits = '';
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) {
        digits += text[j];
        j++;
        end = j;
        continue;
      }
      // Up to 3 separator characters, then a digit must follow.
      let k = j;
      while (k < n && k - j < 3 && RUN_SEPARATORS.has(text.charCodeAt(k))) k++;
      if (k > j && k < n && isDigit(text.charCodeAt(k))) {
        j = k;
        continue;
      }
      break;
    }
    let plus = false;
    let p = start - 1;
    while (p >= 0 && text.charCodeAt(p) === 0x20) p--;
    if (p >= 0 && text.charCodeAt(p) === 0x2b) plus = true;
    runs.push({ start: plus ? p : start, end, digits, plus });
    i = end;
  }
  return runs;
}

/** Words that make a number an order, tracking number, amount or account, not a phone. */
const NOT_PHONE_BEFORE =
  /(?:订单|单号|快递|运单|物流|编号|流水|卡号|账号|帐号|尾号|金额|价格|会员号|工号|order|tracking|invoice|ref|no\.?|#|¥|￥|\$|rmb)[^0-9]{0,4}$/;
const NOT_PHONE_AFTER = /^\s?(?:元|块|円|%|rmb|usd|cny|万|千|kg|件)/;

export function classifyPhone(run: DigitRun): 'mobile' | 'international' | null {
  const d = run.digits;
  if (d.length === 11 && /^1[3-9]/.test(d)) return 'mobile';
  if (d.length === 13 && /^861[3-9]/.test(d)) return 'mobile';
  if (d.length === 15 && /^00861[3-9]/.test(d)) return 'mobile';
  if (run.plus && d.length >= 8 && d.length <= 15) return 'international';
  return null;
}

export function detectPhones(norm: Normalized): readonly DetectorHit[] {
  if (norm.digitCount < 8) return NONE;
  const text = norm.text;
  const hits: DetectorHit[] = [];
  for (const run of digitRuns(text)) {
    const kind = classifyPhone(run);
    if (!kind) continue;
    const before = text.slice(Math.max(0, run.start - 12), run.start);
    const after = text.slice(run.end, run.end + 6);
    if (NOT_PHONE_BEFORE.test(before) || NOT_PHONE_AFTER.test(after)) continue;
    hits.push({ kind: 'phone', span: toOriginalSpan(norm, run.start, run.end), detail: kind });
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// QQ and WeChat: an id near a cue word.

const QQ_CUE = /(?:(?<![a-z])qq|扣扣|抠抠|寇寇|蔻蔻|企鹅|(?<![a-z])q群|(?<![a-z])q号|(?:加|\+)q(?![a-z]))/g;

export function detectQq(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  if (norm.digitCount < 5 || (cues & CUE_QQ) === 0) return NONE;
  const text = norm.text;
  const hits: DetectorHit[] = [];
  QQ_CUE.lastIndex = 0;
  for (let m = QQ_CUE.exec(text); m; m = QQ_CUE.exec(text)) {
    const from = m.index + m[0].length;
    // The number follows within a few characters ("QQ群号：", "扣扣: ").
    let k = from;
    while (k < text.length && k - from < 10 && !isDigit(text.charCodeAt(k))) k++;
    if (k >= text.length || !isDigit(text.charCodeAt(k))) continue;
    const run = digitRuns(text.slice(k, k + 40))[0];
    if (!run || run.start !== 0) continue;
    if (run.digits.length < 5 || run.digits.length > 12 || run.digits[0] === '0') continue;
    hits.push({ kind: 'qq', span: toOriginalSpan(norm, k, k + run.end) });
    QQ_CUE.lastIndex = k + run.end;
  }
  return hits;
}

const WECHAT_CUE =
  /(?:微信|薇信|威信|徽信|危信|维信|卫信|围信|喂信|微芯|薇芯|v信|wei信|微x|(?<![a-z])(?:vx|wx|vchat|weixin|wechat|vxin|weix)(?![a-z])|(?:加|\+|➕)\s?(?:v|w)(?![a-z])|(?<![a-z])v\s?[:=])/g;
const WECHAT_FILLER = /^[\s:=~\-,/号是同为我的加id]{0,8}/;
const WECHAT_ID = /^[a-z][a-z0-9_-]{5,19}(?![a-z0-9_-])/;

export function detectWechat(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  if ((cues & CUE_WECHAT) === 0) return NONE;
  const text = norm.text;
  const hits: DetectorHit[] = [];
  WECHAT_CUE.lastIndex = 0;
  for (let m = WECHAT_CUE.exec(text); m; m = WECHAT_CUE.exec(text)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + 48);
    const filler = WECHAT_FILLER.exec(rest)?.[0] ?? '';
    const tail = rest.slice(filler.length);
    const startInText = from + filler.length;
    const id = WECHAT_ID.exec(tail)?.[0];
    if (id) {
      // A letters-only word right after "wechat" is usually English ("wechat payment");
      // it counts as an id only after an explicit "id:" / "号" / "是".
      const explicit = /[:=号是]|id/.test(filler) || /^(?:v|\+v|加v|\+w|加w)/.test(m[0]);
      if (/[0-9_-]/.test(id) || explicit) {
        hits.push({ kind: 'wechat', span: toOriginalSpan(norm, startInText, startInText + id.length) });
        WECHAT_CUE.lastIndex = startInText + id.length;
      }
      continue;
    }
    const run = digitRuns(tail.slice(0, 30))[0];
    if (run && run.start === 0 && run.digits.length >= 5 && run.digits.length <= 13) {
      hits.push({ kind: 'wechat', span: toOriginalSpan(norm, startInText, startInText + run.end) });
      WECHAT_CUE.lastIndex = startInText + run.end;
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// Other messengers (Telegram, WhatsApp, Line …): a handle or number near the app's name.

const MESSENGER_CUE =
  /(?:(?<![a-z])(?:telegram|tg|whatsapp|whats app|wa|line|signal|skype|kakao|kik|discord|viber|snapchat|snap)(?![a-z])|纸飞机|飞机|电报|推特)/g;
const MESSENGER_HANDLE = /^[^@\n]{0,20}?@([a-z0-9_.]{3,32})/;
const MESSENGER_ID = /^[^a-z0-9\n]{0,6}(?:id|号)?\s?[:：]\s?([a-z][a-z0-9_.-]{3,31})/;

export function detectMessenger(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  if ((cues & CUE_MESSENGER) === 0) return NONE;
  const text = norm.text;
  const hits: DetectorHit[] = [];
  MESSENGER_CUE.lastIndex = 0;
  for (let m = MESSENGER_CUE.exec(text); m; m = MESSENGER_CUE.exec(text)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + 60);
    const handle = MESSENGER_HANDLE.exec(rest) ?? MESSENGER_ID.exec(rest);
    if (handle?.[1]) {
      const end = from + handle.index + handle[0].length;
      hits.push({ kind: 'messenger', span: toOriginalSpan(norm, end - handle[1].length - 1, end) });
      MESSENGER_CUE.lastIndex = end;
      continue;
    }
    const run = digitRuns(rest.slice(0, 40)).find((r) => r.start < 12 && r.digits.length >= 7);
    if (run) {
      hits.push({ kind: 'messenger', span: toOriginalSpan(norm, from + run.start, from + run.end) });
      MESSENGER_CUE.lastIndex = from + run.end;
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// E-mail addresses: scanned out from each "@", so there is no backtracking at all.

const LOCAL_CHARS = /[a-z0-9._%+-]/;
const DOMAIN_CHARS = /[a-z0-9.-]/;
const EMAIL_OBFUSCATED =
  /(?<![a-z0-9._-])([a-z0-9._-]{2,40})\s?(?:\(at\)|\[at\]|\{at\}| at )\s?([a-z0-9-]{2,40})\s?(?:\.|\(dot\)|\[dot\]| dot )\s?(com|net|org|cn|co|io|me)(?![a-z0-9])/g;

export function detectEmails(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  const hasAt = (norm.flags & HAS_AT) !== 0;
  const spelled = (cues & CUE_AT_WORD) !== 0 && ((norm.flags & HAS_DOT) !== 0 || (cues & CUE_DOT_WORD) !== 0);
  if (!hasAt && !spelled) return NONE;
  const text = norm.text;
  const hits: DetectorHit[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    let s = at;
    while (s > 0 && at - s < 64 && LOCAL_CHARS.test(text[s - 1] ?? '')) s--;
    let e = at + 1;
    while (e < text.length && e - at < 255 && DOMAIN_CHARS.test(text[e] ?? '')) e++;
    // Trailing dots and hyphens belong to the sentence, not the address.
    while (e > at + 1 && /[.-]/.test(text[e - 1] ?? '')) e--;
    const domain = text.slice(at + 1, e);
    const dot = domain.lastIndexOf('.');
    if (s < at && dot > 0 && /^[a-z]{2,24}$/.test(domain.slice(dot + 1))) {
      hits.push({ kind: 'email', span: toOriginalSpan(norm, s, e) });
    }
    at = text.indexOf('@', Math.max(e, at + 1));
  }
  if (spelled) {
    EMAIL_OBFUSCATED.lastIndex = 0;
    for (let m = EMAIL_OBFUSCATED.exec(text); m; m = EMAIL_OBFUSCATED.exec(text)) {
      hits.push({ kind: 'email', span: toOriginalSpan(norm, m.index, m.index + m[0].length) });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// Links and domains, plain or obfuscated.

/** TLDs accepted after a plain dot ("example.com"). */
const TLDS =
  'com|net|org|cn|top|xyz|vip|shop|cc|io|me|info|biz|site|online|club|link|live|store|pro|work|ink|wang|ltd|asia|app|dev|icu|fun|tk|ml|ga|cf|gq|ly|gl|gd|ws|tv|co|uk|ru|jp|hk|tw|sg|us|de|fr|in|to|su|pw|bid|win|loan|cash|bet|vin|red|kim|ren|mobi|tech|space|website|buzz|cloud|email|im|la|so|sh|one|ai|gg|cyou|bond|sbs|cfd|lol|club';
/** TLDs accepted after a spelled-out or spaced dot ("example dot com", "example . top"). */
const STRICT_TLDS = 'com|net|org|cn|top|xyz|vip|shop|cc|io|info|site|online|club|link|store|icu|me|ly|co';
const LABEL = '[a-z0-9][a-z0-9-]{0,62}';

const SCHEME_URL = /(?:h[tx]{2}ps?|ftp)\s?:\s?\/\s?\/\s?[^\s"'<>，。]{1,300}/g;
const WWW_URL = /(?<![a-z0-9])www\s?(?:\.|点|\s?dot\s)\s?[a-z0-9-]{1,63}[^\s"'<>，。]{0,300}/g;
const DOMAIN = new RegExp(
  `(?<![a-z0-9@._-])${LABEL}(?:\\.${LABEL}){0,4}\\.(?:${TLDS})(?![a-z0-9@-])(?:/[^\\s"'<>，。]{0,200})?`,
  'g',
);
const OBFUSCATED_DOT = '(?:\\s\\.\\s?|\\.\\s|\\s?\\(\\.\\)\\s?|\\s?\\[\\.\\]\\s?|\\s?[(\\[]dot[)\\]]\\s?|\\sdot\\s|点)';
const OBFUSCATED_DOMAIN = new RegExp(
  `(?<![a-z0-9@._-])${LABEL}(?:${OBFUSCATED_DOT}${LABEL}){0,3}${OBFUSCATED_DOT}(?:${STRICT_TLDS})(?![a-z0-9@-])(?:\\s?/\\s?[a-z0-9_\\-./?=&%#]{1,200})?`,
  'g',
);

const URL_PATTERNS: readonly RegExp[] = [SCHEME_URL, WWW_URL, DOMAIN, OBFUSCATED_DOMAIN];
const TRAILING_PUNCT = /[.,;:!?)\]]/;

function overlapsAny(taken: readonly number[], s: number, e: number): boolean {
  for (let i = 0; i < taken.length; i += 2) if (s < (taken[i + 1] as number) && e > (taken[i] as number)) return true;
  return false;
}

function hostOf(found: string): string {
  return found
    .replace(/^(?:h[tx]{2}ps?|ftp)\s?:\s?\/\s?\/\s?/, '')
    .replace(/\s?(?:\(\.\)|\[\.\]|[(\[]dot[)\]]|\sdot\s|点)\s?/g, '.')
    .replace(/\s/g, '')
    .split(/[/?#:]/)[0] as string;
}

export function isAllowedHost(host: string, allowDomains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowDomains.some((d) => {
    const dd = d.toLowerCase().replace(/^\*?\./, '');
    return h === dd || h.endsWith(`.${dd}`);
  });
}

export function detectUrls(norm: Normalized, options: DetectorOptions = {}, cues: number = ALL_CUES): readonly DetectorHit[] {
  const f = norm.flags;
  const hasDot =
    (f & HAS_DOT) !== 0 ||
    (cues & CUE_DOT_WORD) !== 0 ||
    ((f & HAS_CJK_DOT) !== 0 && (f & HAS_LATIN) !== 0);
  const hasScheme = (f & HAS_SLASH) !== 0;
  if (!hasDot && !hasScheme) return NONE;
  const text = norm.text;
  const allow = options.allowDomains ?? [];
  const plainDot = (f & HAS_DOT) !== 0;
  const spelledDot =
    (cues & CUE_DOT_WORD) !== 0 ||
    (f & HAS_CJK_DOT) !== 0 ||
    (plainDot && (text.includes(' .') || text.includes('. ') || text.includes('(.)') || text.includes('[.]')));
  const hits: DetectorHit[] = [];
  const taken: number[] = []; // start, end pairs already reported
  for (let r = 0; r < URL_PATTERNS.length; r++) {
    if (r === 0 ? !hasScheme : r === 1 ? !hasDot || !text.includes('www') : r === 2 ? !plainDot : !spelledDot) continue;
    const re = URL_PATTERNS[r] as RegExp;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const s = m.index;
      let end = s + m[0].length;
      while (end > s && TRAILING_PUNCT.test(text[end - 1] ?? '')) end--;
      if (end <= s || overlapsAny(taken, s, end)) continue;
      taken.push(s, end);
      const host = hostOf(text.slice(s, end));
      if (allow.length > 0 && isAllowedHost(host, allow)) continue;
      hits.push({ kind: 'url', span: toOriginalSpan(norm, s, end), host });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// Spam shapes: many mentions, many emoji, very long or stretched messages.

export function detectMentionSpam(original: string, threshold = 5): readonly DetectorHit[] {
  if (original.indexOf('@') === -1) return NONE;
  const text = original.length > 20_000 ? original.slice(0, 20_000) : original;
  const spans: Span[] = [];
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0x20;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0x20;
    // A mention starts a word (not an e-mail) and names someone.
    if (isLower(prev | 0x20) || isDigit(prev) || next === 0x20 || next === 0x40) continue;
    let e = i + 1;
    while (e < text.length && e - i < 40 && !/[\s@]/.test(text[e] ?? ' ')) e++;
    spans.push({ start: i, end: e });
  }
  return spans.length >= threshold ? [{ kind: 'mention_spam', span: spanOf(spans) }] : [];
}

function spanOf(spans: Span[]): Span {
  return { start: spans[0]?.start ?? 0, end: spans[spans.length - 1]?.end ?? 0 };
}

export function detectEmojiSpam(norm: Normalized, threshold = 12): readonly DetectorHit[] {
  return norm.emojiCount >= threshold
    ? [{ kind: 'emoji_spam', span: { start: 0, end: Math.min(norm.originalLength, 20_000) } }]
    : NONE;
}

export function detectLengthSpam(original: string, options: DetectorOptions = {}): readonly DetectorHit[] {
  const maxLength = options.maxLength ?? 1_500;
  const maxLines = options.maxLines ?? 40;
  const maxRun = options.repeatedCharRun ?? 30;
  const whole = { start: 0, end: Math.min(original.length, 20_000) };
  if (original.length > maxLength) return [{ kind: 'length_spam', span: whole }];
  if (original.length < maxRun && original.length <= maxLines) return NONE;
  let lines = 1;
  let run = 1;
  for (let i = 1; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c === 0x0a && ++lines > maxLines) return [{ kind: 'length_spam', span: whole }];
    if (c === original.charCodeAt(i - 1) && c !== 0x20) {
      if (++run >= maxRun) return [{ kind: 'length_spam', span: whole }];
    } else run = 1;
  }
  return NONE;
}

/** Run one detector by kind. */
export function runDetector(
  kind: DetectorKind,
  norm: Normalized,
  original: string,
  options: DetectorOptions = {},
  cues: number = ALL_CUES,
): readonly DetectorHit[] {
  switch (kind) {
    case 'url':
      return detectUrls(norm, options, cues);
    case 'phone':
      return detectPhones(norm);
    case 'qq':
      return detectQq(norm, cues);
    case 'wechat':
      return detectWechat(norm, cues);
    case 'email':
      return detectEmails(norm, cues);
    case 'messenger':
      return detectMessenger(norm, cues);
    case 'mention_spam':
      return detectMentionSpam(original, options.mentionThreshold);
    case 'emoji_spam':
      return detectEmojiSpam(norm, options.emojiThreshold);
    case 'length_spam':
      return detectLengthSpam(original, options);
  }
}
