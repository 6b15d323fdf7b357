import type { Span } from '../model/case';
import type { DetectorKind } from '../model/rule';
import { HAS_AT, HAS_CJK_DOT, HAS_DOT, HAS_JOINED_DOT, HAS_LATIN, HAS_SLASH, MARK_CURRENCY_SIGN, MARK_MIDDLE_DOT, type Normalized, punctBit, toOriginalSpan } from './normalize';

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
/** A digit spelled as an English word ("five", "nine"); bits 5-25 belong to the ad shapes and the question cue. */
export const CUE_NUMBER_WORD = 1 << 26;
export const ALL_CUES = 0x7fffffff;

export const CUE_WORDS: readonly { readonly bit: number; readonly words: readonly string[]; readonly wholeWord: boolean }[] = [
  {
    bit: CUE_WECHAT,
    // A superset of WECHAT_CUE below (no word boundaries): it only decides whether to look.
    words: ['微信', '薇信', '威信', '徽信', '危信', '维信', '卫信', '围信', '喂信', '微芯', '薇芯', 'v信', 'wei信', '微x',
      'vx', 'wx', 'vchat', 'weixin', 'weix', 'wechat', '加v', '+v', '➕v', '加w', '+w', 'v:', 'v=', 'v :', '卫星', '加薇', '加微',
      '加威', '+薇', '+微', '薇', '威', '微', 'v号', 'vx号', '绿泡泡', '加我v', '加个v', '加一下v', 'v我'],
    wholeWord: false,
  },
  {
    bit: CUE_QQ,
    words: ['qq', '扣扣', '抠抠', '寇寇', '蔻蔻', '球球', '企鹅', 'q群', 'q号', '加q', '+q', '加扣', '+扣', '加抠', 'q:', 'q=',
      'q :', '扣'],
    wholeWord: false,
  },
  {
    bit: CUE_MESSENGER,
    words: ['telegram', 'tg', 'whatsapp', 'whats app', 'wa', 'line', 'signal', 'skype', 'kakao', 'kik', 'discord',
      'viber', 'snapchat', 'snap', 'instagram', 'insta', 'ins', 'ig', 'facebook', 'fb', 'twitter', 'search', '纸飞机', '飞机', '电报',
      '推特', '钉钉', '抖音', '快手', '飞书', '小红书', '微博', '陌陌', '探探', '搜索', '搜一下', 'tiktok', 'youtube', 'bilibili',
      'b站', '哔哩哔哩', '视频号', '知乎'],
    wholeWord: true,
  },
  { bit: CUE_DOT_WORD, words: ['dot'], wholeWord: true },
  { bit: CUE_AT_WORD, words: ['at'], wholeWord: true },
  // "zero"/"oh" and "one"…"four" are too common to say anything alone; a spelled number needs
  // one of the rarer digits too.
  { bit: CUE_NUMBER_WORD, words: ['five', 'six', 'seven', 'eight', 'nine'], wholeWord: true },
];

export interface DetectorHit {
  readonly kind: DetectorKind;
  /** Original-text offsets. */
  readonly span: Span;
  /** What kind of phone number, for the reason text (never the number itself). */
  readonly detail?: PhoneKind;
  /** For links: the host, so per-rule allowed domains can be applied afterwards. */
  readonly host?: string;
  /**
   * A graded detector's own strength for this message (the learned ad-likeness signal): on
   * the first hit, what the kind adds to a score before the rule's weight, instead of 1 per
   * counted hit.
   */
  readonly weight?: number;
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

/**
 * The threshold options where a rule leaves them out (the rule schema fills in the same):
 * each is a bar more text must pass, so a lower one is looser (see loosestDetectorOptions).
 */
export const THRESHOLD_DEFAULTS = {
  mentionThreshold: 5,
  emojiThreshold: 12,
  maxLength: 1_500,
  maxLines: 40,
  repeatedCharRun: 30,
} as const satisfies Required<Omit<DetectorOptions, 'allowDomains'>>;

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

const RUN_SEPARATORS = new Set([0x20, 0x2d, 0x2e, 0x28, 0x29, 0x2f, 0x5f, 0x7e, 0x7c, 0x2a]);

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
  /(?:订单|单号|快递|运单|物流|编号|流水|卡号|账号|帐号|尾号|金额|价格|会员号|工号|发票|票号|取件码|验证码|(?<![a-z])(?:order|tracking|invoice|ref|no\.?|id|acct|account|awb)(?![a-z])|#|¥|￥|\$|£|€|rmb)[^0-9]{0,4}$/;
/**
 * A phone word between such a word and the number names the number after all: in "价格高，电话
 * 138…" the price is said and done before "电话" introduces the number.
 */
const PHONE_CUE_LAST = /(?:电话|手机|手机号|联系|致电|热线|tel|phone|mobile|call|ring|whatsapp)[^0-9a-z\u4e00-\u9fff]{0,3}$/;
const NOT_PHONE_AFTER = /^\s?(?:元|块|円|%|rmb|usd|cny|万|千|kg|件)/;
/** Words of someone warning about a caller, near the number they report. */
const REPORTED_NUMBER = /冒充|骗子|诈骗|自称是|陌生号码|陌生电话|可疑|claiming to be|claimed to be|pretending|pretended|(?<!not a |no |not )scam|fraudster|spoof/;

/**
 * A freephone or non-geographic service number (UK 0800 / 0808 / 0300 / 0345) named as a
 * company's hotline is the official number staff post ("call the official hotline 0800 …"),
 * not contact details someone touts. Premium-rate 09 / 087 numbers are never exempt.
 */
const SERVICE_NUMBER = /^0(?:800|808|300|345)/;
const HOTLINE_BEFORE = /(?:hotline|helpline|official|customer (?:service|care|support)s?|(?:service|support) (?:line|number)|热线|客服|官方)[^0-9]{0,12}$/;

/**
 * Whether the sentence that goes on from `from` ends in a question mark: a customer asking
 * about a freephone number ("is 0800 800 150 the right number for lost cards?") is not
 * touting it.
 */
function sentenceAsks(text: string, from: number): boolean {
  const end = text.slice(from, from + 120).search(/[?？.!。！\n]/);
  return end !== -1 && (text[from + end] === '?' || text[from + end] === '？');
}

export type PhoneKind = 'mobile' | 'international' | 'landline' | 'national' | 'shortcode';

/**
 * A North American number written the way people write one, "(415) 555-0132", "415-555-0132",
 * "415.555.0132": the separators are what tells it from an order number of ten digits.
 */
const NANP_WRITTEN = /^[2-9][0-9]{2}\)?[ .-]{1,2}[2-9][0-9]{2}[ .-][0-9]{4}$/;
/** Chinese 400 / 800 service lines and North American toll-free numbers: a company's hotline. */
const NANP_SERVICE = /^(?:[48]00|8(?:88|77|66|55|44|33))/;

/**
 * What a run of digits is, by shape: Chinese mobiles (with or without 86 / 0086), numbers
 * with a "+" country code or a 00 prefix, Chinese landlines with their area code and UK
 * numbers (0 and 9-11 more digits: 020 7946 0018, 07700 900123, 0800 / 0871 / 0906
 * premium-rate). 400 / 800 service numbers are a company's official hotline (staff and
 * customers quote them all day), so they are not contact details someone is touting.
 */
export function classifyPhone(run: DigitRun): PhoneKind | null {
  const d = run.digits;
  if (d.length === 11 && /^1[3-9]/.test(d)) return 'mobile';
  if (d.length === 13 && /^861[3-9]/.test(d)) return 'mobile';
  if (d.length === 15 && /^00861[3-9]/.test(d)) return 'mobile';
  if (run.plus && d.length >= 8 && d.length <= 15) return 'international';
  if (/^00[1-9]/.test(d) && d.length >= 11 && d.length <= 15) return 'international';
  if (d.length === 10 && /^[48]00/.test(d)) return null;
  if (/^0[1-9]/.test(d) && d.length >= 10 && d.length <= 12) return 'landline';
  return null;
}

function phonePrefix(text: string, run: DigitRun): DigitRun | null {
  let digits = '';
  let best: DigitRun | null = null;
  for (let i = run.start + (run.plus ? 1 : 0); i < run.end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      digits += text[i];
      continue;
    }
    if (digits.length >= 10 && digits.length < run.digits.length) {
      const candidate = { start: run.start, end: i, digits, plus: run.plus };
      if (classifyPhone(candidate)) best = candidate;
    }
  }
  if (best) return best;
  if (/^0[789]\d{9}/.test(run.digits) && run.digits.length >= 12) {
    // No separators: count 11 digits from the start.
    let n = 0;
    let i = run.start;
    while (i < run.end && n < 11) if (isDigit(text.charCodeAt(i++))) n++;
    return { start: run.start, end: i, digits: run.digits.slice(0, 11), plus: false };
  }
  return null;
}

/** "txt WIN to 87121", "send STOP to 85069": a keyword sent to a premium short code. */
const SHORT_CODE_BEFORE = /(?:^|[^a-z])(?:txt|text|txting|texting|send|sms|reply|msg|call|ring)(?:[^a-z][^.!?\n]{0,24})?[^a-z](?:to|2|on)\s?:?\s?$/;

/**
 * Whether some digit run could be read as a phone number or short code at all, from the
 * code units (no string is built): most numbers in a chat are prices, times, dates and
 * order numbers whose length or first digits no phone shape has. A superset of what
 * classifyPhone, phonePrefix and the short-code test accept, so false means no phone.
 */
export function mayHoldPhone(norm: Normalized): boolean {
  if (norm.digitCount < 5) return false;
  const codes = norm.codes;
  const n = norm.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(codes[i] as number)) {
      i++;
      continue;
    }
    // The run as digitRuns reads it: up to 3 separators between digits.
    const first = codes[i] as number;
    let second = -1;
    let count = 0;
    let j = i;
    let end = i;
    while (j < n) {
      const c = codes[j] as number;
      if (isDigit(c)) {
        if (count === 1) second = c;
        count++;
        j++;
        end = j;
        continue;
      }
      let k = j;
      while (k < n && k - j < 3 && RUN_SEPARATORS.has(codes[k] as number)) k++;
      if (k > j && k < n && isDigit(codes[k] as number)) {
        j = k;
        continue;
      }
      break;
    }
    if (count >= 5) {
      let p = i - 1;
      while (p >= 0 && codes[p] === 0x20) p--;
      const plus = p >= 0 && codes[p] === 0x2b;
      if (plus && count >= 8) return true;
      if (first === 0x30) {
        if (count >= 10) return true; // landline, 00 international, a UK number glued to more
      } else if (first === 0x31) {
        if (count >= 11 && second >= 0x33) return true; // a mobile, maybe glued to more
      } else if (first === 0x38) {
        if (count >= 13 && second === 0x36) return true; // 86 + a mobile
      }
      if (count === 5 && first >= 0x36 && first <= 0x38) return true; // a short code
      if (count === 10 && first >= 0x32) return true; // a North American number, "(415) 555-0132"
    }
    i = end;
  }
  return false;
}

export function detectPhones(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  const digits = mayHoldPhone(norm) ? findPhones(norm) : NONE;
  if ((cues & CUE_NUMBER_WORD) === 0 || (norm.flags & HAS_LATIN) === 0) return digits;
  const spelled = findSpelledPhones(norm);
  return spelled.length === 0 ? digits : digits.length === 0 ? spelled : [...digits, ...spelled];
}

/**
 * A phone number spelled out in English words to slip past digit filters ("my number is five
 * five five, two one three, four four nine one"): seven or more digits in a row, as words
 * (zero/oh … nine) or digits, with at most a space, comma, dot or dash between. Nobody spells
 * out a price or an order number, and counting ("one two three …") is left out.
 */
const SPELLED_DIGIT = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|[0-9]{1,4})';
const SPELLED_RUN = new RegExp(`\\b${SPELLED_DIGIT}(?:[ ,.\\-]{1,3}${SPELLED_DIGIT}){2,14}\\b`, 'g');
const DIGIT_OF: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
/** Whether the digits count up or down by one ("123456789", "98765"). */
function counts(digits: string): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - digits.charCodeAt(i - 1);
    if (d !== 1) up = false;
    if (d !== -1) down = false;
  }
  return up || down;
}

export function findSpelledPhones(norm: Normalized): readonly DetectorHit[] {
  const text = norm.text;
  let hits: DetectorHit[] | null = null;
  for (const m of text.matchAll(SPELLED_RUN)) {
    const digits = m[0].split(/[ ,.\-]+/).map((w) => DIGIT_OF[w] ?? w).join('');
    // Seven to fifteen digits; digits alone are the digit detector's: a run needs a word, one
    // digit from five to nine (the cue). Counting up or down ("one two three … ten, ready or not") is no number.
    if (digits.length < 7 || digits.length > 15 || !/\b(?:five|six|seven|eight|nine)\b/.test(m[0]) || counts(digits)) continue;
    const start = m.index as number;
    const end = start + m[0].length;
    if (REPORTED_NUMBER.test(text.slice(Math.max(0, start - 40), start))) continue;
    const kind = classifyPhone({ start, end, digits, plus: false }) ?? 'national';
    hits ??= [];
    hits.push({ kind: 'phone', span: toOriginalSpan(norm, start, end), detail: kind });
  }
  return hits ?? NONE;
}

/** detectPhones without its cheap test (exported so a test can check the test is sound). */
export function findPhones(norm: Normalized): readonly DetectorHit[] {
  const text = norm.text;
  const hits: DetectorHit[] = [];
  for (const whole of digitRuns(text)) {
    let run = whole;
    let kind = classifyPhone(run);
    if (!kind && run.digits.length === 5 && /^[6-8]/.test(run.digits)) {
      if (SHORT_CODE_BEFORE.test(text.slice(Math.max(0, run.start - 40), run.start))) kind = 'shortcode';
    }
    if (!kind && run.digits.length === 10 && !NANP_SERVICE.test(run.digits) && NANP_WRITTEN.test(text.slice(run.start, run.end))) {
      kind = 'national';
      if (text.charCodeAt(run.start - 1) === 0x28) run = { ...run, start: run.start - 1 }; // "(415) …"
    }
    if (!kind && run.digits.length > 10) {
      // A number glued to what follows ("0800 542 0578 (18+)", "08700621170150p"): try
      // the run up to each separator, then an 11-digit UK number written without any.
      const prefix = phonePrefix(text, run);
      if (prefix) {
        run = prefix;
        kind = classifyPhone(prefix);
      }
    }
    if (!kind) continue;
    const before = text.slice(Math.max(0, run.start - 12), run.start);
    const after = text.slice(run.end, run.end + 6);
    if ((NOT_PHONE_BEFORE.test(before) && !PHONE_CUE_LAST.test(before)) || NOT_PHONE_AFTER.test(after)) continue;
    // A number someone reports ("有人冒充客服给我打电话，号码是 021-…", "a call from 0161 … claiming
    // to be my bank") is a warning to the group, not contact details.
    if (REPORTED_NUMBER.test(text.slice(Math.max(0, run.start - 40), run.start)) || REPORTED_NUMBER.test(text.slice(run.end, run.end + 40))) continue;
    if (kind === 'landline' && SERVICE_NUMBER.test(run.digits) && (HOTLINE_BEFORE.test(text.slice(Math.max(0, run.start - 24), run.start)) || sentenceAsks(text, run.end))) continue;
    hits.push({ kind: 'phone', span: toOriginalSpan(norm, run.start, run.end), detail: kind });
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// WeChat: an id near a cue word (QQ numbers: detectors/qq.ts).

const WECHAT_CUE =
  /(?:微信|薇信|威信|徽信|危信|维信|卫信|围信|喂信|微芯|薇芯|v信|wei信|微x|卫星号?|绿泡泡|(?<![a-z])(?:vx|wx|vchat|weixin|wechat|vxin|weix)(?![a-z])|(?:加|\+|➕)\s?(?:我|个|一下)?\s?(?:v|w|薇|微|威)v?(?![a-z信])|(?<![a-z])vv?\s?(?:[:=号]|我)|(?:薇|威|微)\s?[:=]|(?:联系|找|加)(?:薇|威|微)(?=\s?[a-z0-9])|(?:薇|威|微|卫)v(?![a-z0-9])|(?<![稍细轻略卑精显衰微])(?:薇|威|微)(?=号?\s?[a-z][a-z0-9_-]*[0-9_-])|(?<![a-z0-9])v(?![a-z0-9]))/g;
const WECHAT_FILLER = /^[\s:=~\-,/号是同为我的加id]{0,8}/;
const WECHAT_ID = /^[a-z][a-z0-9_-]{5,19}(?![a-z0-9_-])/;
/**
 * A few Chinese words between the cue and the id ("➕我 v 详聊 kf_2024", "加微信了解 dz_8866"):
 * the id then must look like one (a digit, "_" or "-" besides its letters), and the words
 * must not name some other number ("微信支付订单号 wx2026…").
 */
const WECHAT_GAP = /^[\u4e00-\u9fff]{1,6}[\s:=]{0,3}/;
const WECHAT_GAP_NOT_CONTACT = /订单|单号|编号|型号|版本|支付|密码|流水|快递|运单|发票|尾号|验证码|取件|账单|红包|转账/;
/** A "v" standing alone may be anything ("维生素 v 片"): it needs words about getting in touch. */
const WECHAT_GAP_TOUCH = /详|聊|了解|咨询|联系|私|备注|领|沟通|加|找|拉|进|问|谈/;

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
    // A "v" standing alone is a cue only with words before the id ("v 详聊 kf_2024").
    const lone = m[0] === 'v';
    const id = lone ? undefined : WECHAT_ID.exec(tail)?.[0];
    if (!id) {
      const gap = WECHAT_GAP.exec(tail)?.[0];
      const gapped = gap && !WECHAT_GAP_NOT_CONTACT.test(gap) ? WECHAT_ID.exec(tail.slice(gap.length))?.[0] : undefined;
      if (gap && gapped && /[0-9_-]/.test(gapped) && (!lone || WECHAT_GAP_TOUCH.test(gap))) {
        const s = startInText + gap.length;
        hits.push({ kind: 'wechat', span: toOriginalSpan(norm, s, s + gapped.length) });
        WECHAT_CUE.lastIndex = s + gapped.length;
        continue;
      }
      if (lone) continue;
    }
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

// App names are whole words as the engine's cue pass sees them (letters, digits and "_"
// are word characters there), so the detector and its cue agree on every text.
const MESSENGER_CUE =
  /(?:(?<![a-z0-9_])(?:telegram|tg|whatsapp|whats app|wa|line|signal|skype|kakao|kik|discord|viber|snapchat|snap|instagram|insta|ins|ig|facebook|fb|twitter|tiktok|youtube|bilibili)(?![a-z0-9_])|(?<![a-z0-9_])b站|哔哩哔哩|视频号|知乎号?|纸飞机|飞机号?|电报|推特|钉钉号?|抖音号?|快手号?|飞书号?|小红书号?|微博|陌陌号?|探探|搜索\s?(?:id|号)?|搜一下|(?<![a-z0-9_])search(?![a-z0-9_])(?: for)?(?: id)?)/g;
const MESSENGER_HANDLE = /^[^@\n]{0,20}?@([a-z0-9_.]{3,32})/;
// Between the app's name and the id only separators and words naming the id: "youtube 上的教程
// part2" is no handle.
const MESSENGER_ID = /^[^a-z0-9\n\u3400-\u9fff]{0,6}(?:(?:me|us) ?(?=[:：]))?(?:id|号|账号|号码)?\s?(?:[:：]|是|搜|is(?= ))?\s?([a-z][a-z0-9_.-]{3,31})/;

/**
 * A name to search for and a promise to be found ("飞书搜 王晓明 就能找到我", "钉钉上搜李娜加我",
 * "抖音搜 小鱼好物分享 关注我": shop accounts run longer than a person's name): an account
 * named in characters, which MESSENGER_ID (Latin ids) cannot read.
 */
const NAME_SEARCH = /^\s?(?:号|上|里)?\s?(?:搜|搜索|搜一下)\s?([\u4e00-\u9fff]{2,10}?)\s?(?:就能|就可以|可以|即可|就)?(?:找到我|加我|关注我|添加我)/;

/**
 * The account's name given first, the search after it ("小红书叫 甜甜的小铺，搜一下就能找到我",
 * "抖音名字是老王说茶 直接搜", "快手叫 xiaoyu6688 搜索关注我"): the name sits between a naming
 * word and the search A question about a name ("抖音上叫什么？我搜一下") names none.
 */
const NAME_THEN_SEARCH =
  /^\s?(?:号|上|里|账号|店铺|店名|名字|名称|昵称)?\s?(?:叫做|名叫|叫|是|为)\s?([\u4e00-\u9fffa-z0-9_.]{2,12}?)\s?(?:直接|你们|大家|可以|去)?(?:搜一下|搜索|搜)(?!不)/;
/** A question about a name, or one's own name that cannot be found, names no account. */
const NAME_IS_A_QUESTION = /什么|啥|哪|谁|吗|呢|自己|名字/;

/**
 * App names that are also everyday English words: "the customer service line 0800 …", "a
 * phone line", "signal 5 bars" name no app when a word like these comes first, so a number
 * after them is not a messenger account.
 */
const PLAIN_WORD_CUE = /^(?:line|signal)$/;
const PLAIN_WORD_BEFORE = /(?:service|support|phone|customer|help|hot|care|land|toll|free|direct|main|dedicated|telephone|fixed)\s?$/;

export function detectMessenger(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  if ((cues & CUE_MESSENGER) === 0) return NONE;
  const text = norm.text;
  const hits: DetectorHit[] = [];
  MESSENGER_CUE.lastIndex = 0;
  for (let m = MESSENGER_CUE.exec(text); m; m = MESSENGER_CUE.exec(text)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + 60);
    let handle = MESSENGER_HANDLE.exec(rest);
    if (!handle) {
      handle = MESSENGER_ID.exec(rest);
      // Without ":" / "号" / "id" the word must look like an id ("line rental" is English).
      if (handle?.[1] && !/[:：是号搜]|id/.test(handle[0].slice(0, handle[0].length - handle[1].length)) && !/[0-9_]/.test(handle[1])) {
        handle = null;
      }
    }
    if (handle?.[1]) {
      const end = from + handle.index + handle[0].length;
      const at = handle[0].charCodeAt(handle[0].length - handle[1].length - 1) === 0x40 ? 1 : 0;
      hits.push({ kind: 'messenger', span: toOriginalSpan(norm, end - handle[1].length - at, end) });
      MESSENGER_CUE.lastIndex = end;
      continue;
    }
    const run = digitRuns(rest.slice(0, 40)).find((r) => r.start < 12 && r.digits.length >= 7);
    if (run && !(PLAIN_WORD_CUE.test(m[0]) && PLAIN_WORD_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index)))) {
      hits.push({ kind: 'messenger', span: toOriginalSpan(norm, from + run.start, from + run.end) });
      MESSENGER_CUE.lastIndex = from + run.end;
      continue;
    }
    const named = NAME_SEARCH.exec(rest) ?? nameThenSearch(rest);
    if (named?.[1]) {
      const nameStart = from + named[0].indexOf(named[1]);
      hits.push({ kind: 'messenger', span: toOriginalSpan(norm, nameStart, nameStart + named[1].length) });
      MESSENGER_CUE.lastIndex = from + named[0].length;
    }
  }
  return hits;
}

function nameThenSearch(rest: string): RegExpExecArray | null {
  const m = NAME_THEN_SEARCH.exec(rest);
  return m?.[1] && !NAME_IS_A_QUESTION.test(m[1]) ? m : null;
}

// ---------------------------------------------------------------------------------------
// E-mail addresses: scanned out from each "@", so there is no backtracking at all.

const LOCAL_CHARS = /[a-z0-9._%+-]/;
const DOMAIN_CHARS = /[a-z0-9.-]/;
const EMAIL_OBFUSCATED =
  /(?<![a-z0-9._-])([a-z0-9._-]{2,40})\s?(?:\(at\)|\[at\]|\{at\}| at )\s?([a-z0-9-]{2,40})\s?(?:\.|\(dot\)|\[dot\]| dot )\s?(com|net|org|cn|co|io|me)(?![a-z0-9])/g;

const EMAIL_HASH =
  /(?<![a-z0-9._-])[a-z0-9._-]{2,40}\s?#\s?(?:163|126|qq|gmail|hotmail|outlook|yahoo|sina|sohu|foxmail|139|aliyun|icloud|live|yeah)\s?\.\s?(?:com|cn|net)(?:\.cn)?(?![a-z0-9])/g;

/** Mail providers: "anna at gmail.com" is an address whatever the word before "at". */
const MAIL_PROVIDERS = new Set([
  'gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'icloud', 'me', 'aol', 'protonmail', 'proton', 'yandex',
  'gmx', 'mail', 'qq', '163', '126', 'yeah', 'sina', 'sohu', 'foxmail', '139', 'aliyun', 'btinternet', 'sky', 'virginmedia',
]);

/**
 * Whether "LOCAL at DOMAIN…" with a plain " at " spells an e-mail address: the domain is a
 * mail provider, the dot is spelled too ("dot"), or the word before "at" looks like a mailbox
 * (a digit, ".", "_" or "-" in it). "photos at tinyurl.com" and "now at example.co.uk" name
 * a place; they stay links.
 */
function spelledAtIsAddress(local: string, domain: string, whole: string): boolean {
  return MAIL_PROVIDERS.has(domain) || /\sdot\s|\(dot\)|\[dot\]/.test(whole) || /[0-9._-]/.test(local);
}

/** Whether detectEmails could find anything: an "@", a spelled "at" with a dot, or "#" with a dot. */
export function mayFindEmail(norm: Normalized, cues: number = ALL_CUES): boolean {
  if ((norm.flags & HAS_AT) !== 0) return true;
  const dot = (norm.flags & HAS_DOT) !== 0;
  if ((cues & CUE_AT_WORD) !== 0 && (dot || (cues & CUE_DOT_WORD) !== 0)) return true;
  return dot && (norm.punct & HASH_BIT) !== 0;
}
const HASH_BIT = punctBit(0x23);

export function detectEmails(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  if (!mayFindEmail(norm, cues)) return NONE;
  const spelled = (cues & CUE_AT_WORD) !== 0 && ((norm.flags & HAS_DOT) !== 0 || (cues & CUE_DOT_WORD) !== 0);
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
  if (text.includes('#')) {
    // "name#163.com": a mail provider's domain after "#" standing in for "@".
    EMAIL_HASH.lastIndex = 0;
    for (let m = EMAIL_HASH.exec(text); m; m = EMAIL_HASH.exec(text)) {
      hits.push({ kind: 'email', span: toOriginalSpan(norm, m.index, m.index + m[0].length) });
    }
  }
  if (spelled) {
    EMAIL_OBFUSCATED.lastIndex = 0;
    for (let m = EMAIL_OBFUSCATED.exec(text); m; m = EMAIL_OBFUSCATED.exec(text)) {
      const end = m.index + m[0].length;
      // "photos at tinyurl.com/abc", "renew now at example.co.uk": a place, not an address.
      if (/^\s?at\s?$/.test(m[0].slice((m[1] ?? '').length, m[0].indexOf(m[2] ?? '', (m[1] ?? '').length)))) {
        if (text.charCodeAt(end) === 0x2f || !spelledAtIsAddress(m[1] ?? '', m[2] ?? '', m[0])) continue;
      }
      hits.push({ kind: 'email', span: toOriginalSpan(norm, m.index, end) });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// Links and domains, plain or obfuscated.

/**
 * TLDs accepted after a plain dot ("example.com"). "at" and "gy" are here for the link
 * shorteners that use them (shorturl.at, rb.gy); both are in AMBIGUOUS_TLD, so "look.at"
 * stays a sentence and only "shorturl.at/abc" is a link.
 */
const TLDS =
  'com|net|org|cn|top|xyz|vip|shop|cc|io|me|info|biz|site|online|club|link|live|store|pro|work|ink|wang|ltd|asia|app|dev|icu|fun|tk|ml|ga|cf|gq|ly|gl|gd|ws|tv|co|uk|ru|jp|hk|tw|sg|us|de|fr|in|to|su|pw|bid|win|loan|cash|bet|vin|red|kim|ren|mobi|tech|space|website|buzz|cloud|email|im|la|so|sh|one|ai|gg|cyou|bond|sbs|cfd|lol|club|at|gy';
/** TLDs accepted after a spelled-out or spaced dot ("example dot com", "example . top"). */
const STRICT_TLDS = 'com|net|org|cn|top|xyz|vip|shop|cc|io|info|site|online|club|link|store|icu|me|ly|co';
const LABEL = '[a-z0-9][a-z0-9-]{0,62}';

const SCHEME_URL = /(?:h[tx]{2}ps?|ftp)\s?:\s?\/\s?\/\s?[^\s"'<>，。]{1,300}/g;
const WWW_URL = /(?<![a-z0-9])www\s?(?:\.|点|\sdot\s)\s?[a-z0-9-]{1,63}[^\s"'<>，。]{0,300}/g;
const DOMAIN = new RegExp(
  `(?<![a-z0-9@._#-])${LABEL}(?:\\.${LABEL}){0,4}\\.(?:${TLDS})(?![a-z0-9@-])(?:/[^\\s"'<>，。]{0,200})?`,
  'g',
);
const OBFUSCATED_DOT = '(?:\\s\\.\\s?|\\.\\s|\\s?\\(\\.\\)\\s?|\\s?\\[\\.\\]\\s?|\\s?[(\\[]dot[)\\]]\\s?|\\sdot\\s|点)';
const OBFUSCATED_DOMAIN = new RegExp(
  `(?<![a-z0-9@._-])${LABEL}(?:${OBFUSCATED_DOT}${LABEL}){0,3}${OBFUSCATED_DOT}(?:${STRICT_TLDS})(?![a-z0-9@-])(?:\\s?/\\s?[a-z0-9_\\-./?=&%#]{1,200})?`,
  'g',
);

const URL_PATTERNS: readonly RegExp[] = [SCHEME_URL, WWW_URL, DOMAIN, OBFUSCATED_DOMAIN];

/**
 * "com" and "net" said aloud and written in characters ("九九九点康姆", "abc88 点耐特"): two
 * characters anywhere, a lone 康/抗/扛 only where no other character follows ("三点康复" is
 * a time and a ward).
 */
const PHONETIC_TLD = '(?:康姆|康木|康母|抗姆|扛姆|考姆|寇姆|卡姆|耐特|奈特|内特|乃特|(?:康|抗|扛)(?![\\u3400-\\u9fff]))';
/** First characters of PHONETIC_TLD: 康 抗 扛 考 寇 卡 耐 奈 内 乃. */
const PHONETIC_TLD_FIRST = new Set([0x5eb7, 0x6297, 0x625b, 0x8003, 0x5bc7, 0x5361, 0x8010, 0x5948, 0x5185, 0x4e43]);
/**
 * Whether a text with 点 may hold a TLD said aloud: a 点 followed (after one space at most)
 * by a first character of PHONETIC_TLD. Read from the code units, so the many Chinese
 * messages with 点 in a time ("三点半") never build the normalised string here.
 */
function mayHavePhoneticTld(norm: Normalized): boolean {
  const codes = norm.codes;
  const n = norm.length;
  for (let i = 0; i < n - 1; i++) {
    if (codes[i] !== 0x70b9) continue;
    const next = codes[i + 1] === 0x20 ? codes[i + 2] : codes[i + 1];
    if (next !== undefined && i + 1 < n && PHONETIC_TLD_FIRST.has(next)) return true;
  }
  return false;
}
/** One character of a spelled domain name: Latin letters, digits, Chinese numerals, "-". */
const SPELLED_LABEL_CHAR = '[a-z0-9零一二三四五六七八九〇壹贰叁肆伍陆柒捌玖-]';
/**
 * "九九九点com", "abc点cn", "ylc 八 八 点 net", "lc99点康姆": a domain spelled with Chinese
 * numerals, single spaces inside the name, 点 for the dot, or the TLD said aloud.
 */
const SPELLED_DOMAIN = new RegExp(
  `(?<![a-z0-9])${SPELLED_LABEL_CHAR}(?:\\s?${SPELLED_LABEL_CHAR}){1,29}\\s?点\\s?(?:(?:com|cn|net|top|vip|xyz|cc|co|org|me|shop|club|site|info)(?![a-z])|${PHONETIC_TLD})`,
  'g',
);
/** App share tokens (淘口令): "￥AbCd1234XyZ￥", "€Xyz9876AbC€", "$AbC123xyz$". */
const SHARE_TOKEN = /[¥￥€$£₤]\s?[a-z0-9]{6,16}\s?[¥￥€$£₤]/gi;

/**
 * TLDs that are also English words or abbreviations: after a plain dot they count only with
 * a path, a "www.", a second dot, a digit or hyphen in the name, so "my car.so fast" or
 * "ok.me too" stay sentences while "t.co/abc" and "abc-shop.me" are links.
 */
const AMBIGUOUS_TLD = new Set([
  'so', 'in', 'to', 'me', 'us', 'it', 'is', 'at', 'be', 'no', 'do', 'go', 'my', 'am', 'an', 'as', 'by', 'of', 'on', 'or',
  'up', 'we', 'la', 'im', 'sh', 'one', 'fun', 'red', 'win', 'pro', 'bid', 'app', 'dev', 'ink', 'kim', 'live', 'work',
  'link', 'club', 'store', 'tech', 'space', 'cash', 'email', 'cloud', 'bond', 'buzz', 'lol', 'tv', 'ai', 'gg', 'de', 'fr',
  'uk', 'jp', 'ws', 'ml', 'ga', 'cf', 'gq', 'tk', 'su', 'pw', 'gy',
]);

/** Words that lead to an address ("at luckyslots.win", "visit deals.club"): then a TLD that is also a word counts. */
const LEADS_TO_ADDRESS = /(?:^|[^a-z])(?:at|visit|visiting|go to|goto|join|check|check out|click|via|on)\s$/;

function plausibleDomain(found: string, before = ''): boolean {
  if (/[/]/.test(found)) return true;
  const host = found.replace(/[/?#].*$/, '');
  const labels = host.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (!AMBIGUOUS_TLD.has(tld)) return true;
  if (labels.length > 2 || /^www$/.test(labels[0] ?? '')) return true;
  const name = labels[0] ?? '';
  if (/[0-9-]/.test(name)) return true;
  // "at luckyslots.win": a name of some length led to by "at" or "visit" is an address even
  // when the TLD is also a word; two-letter ones ("at home.so") stay sentences.
  if (tld.length >= 3 && name.length >= 7 && LEADS_TO_ADDRESS.test(before)) return true;
  // "t.co", "x.ai": single letters are not words, except the ones English (and texting:
  // "wit u.So b happy") writes as words.
  return name.length === 1 && !'aiury'.includes(name);
}
const EMAIL_DOMAIN_BEFORE = /(?:@|\(at\)|\[at\]|\{at\}|(?<![a-z])at|#)\s?$/;
/** The TLDs EMAIL_OBFUSCATED reads after a spelled "at". */
const SPELLED_EMAIL_TLD = /^(?:com|net|org|cn|co|io|me)$/;
/** A plain " at " before a domain, with the word before it: an address only if spelledAtIsAddress. */
const PLAIN_AT_BEFORE = /([a-z0-9._-]{2,40})\s(?:at)\s?$/;
const SHORTENERS: ReadonlySet<string> = new Set([
  't.cn', 'url.cn', 'dwz.cn', 'suo.im', 'bit.ly', 't.co', 'tinyurl.com', 'goo.gl', 'is.gd', 'ow.ly', 'rb.gy', 'cutt.ly',
  'shorturl.at', 'tiny.cc', 'v.gd', 'reurl.cc',
]);
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

/**
 * Whether detectUrls could find anything: a dot (plain, spelled, "点" next to Latin letters,
 * or one dropped between spaced letters), a "/" or a share-token mark in the original.
 */
export function mayFindUrl(norm: Normalized, cues: number = ALL_CUES, original = ''): boolean {
  const f = norm.flags;
  if ((f & (HAS_DOT | HAS_SLASH | HAS_JOINED_DOT)) !== 0 || (cues & CUE_DOT_WORD) !== 0) return true;
  if ((f & HAS_LATIN) === 0) return (f & HAS_CJK_DOT) !== 0 && mayHavePhoneticTld(norm);
  // The patterns read the original only where the normaliser saw the sign or dot they need.
  return (
    (f & HAS_CJK_DOT) !== 0 ||
    (writtenMay(norm, MARK_CURRENCY_SIGN) && SHARE_TOKEN_SHAPE.test(original)) ||
    (writtenMay(norm, MARK_MIDDLE_DOT) && MIDDLE_DOT_SHAPE.test(original))
  );
}

/** Whether the text as written may hold a MARK_* character (past MAX_SCAN it may hold anything). */
export function writtenMay(norm: Normalized, mark: number): boolean {
  return norm.truncated || (norm.marks & mark) !== 0;
}
/** SHARE_TOKEN without the "g" flag: whether the original holds one at all. */
const SHARE_TOKEN_SHAPE = /[¥￥€$£₤]\s?[a-z0-9]{6,16}\s?[¥￥€$£₤]/i;

export function detectUrls(
  norm: Normalized,
  options: DetectorOptions = {},
  cues: number = ALL_CUES,
  original = '',
): readonly DetectorHit[] {
  const f = norm.flags;
  const shares = shareTokens(original);
  const hasDot =
    (f & HAS_DOT) !== 0 ||
    (cues & CUE_DOT_WORD) !== 0 ||
    ((f & HAS_CJK_DOT) !== 0 && ((f & HAS_LATIN) !== 0 || mayHavePhoneticTld(norm)));
  const hasScheme = (f & HAS_SLASH) !== 0;
  const joined = (f & HAS_JOINED_DOT) !== 0 ? spacedDomains(original) : NONE;
  const dotted = (f & HAS_LATIN) !== 0 && MIDDLE_DOT_SHAPE.test(original) ? middleDotDomains(original) : NONE;
  const spaced = dotted.length === 0 ? joined : [...joined, ...dotted];
  if (!hasDot && !hasScheme) return spaced.length > 0 ? [...spaced, ...shares] : shares;
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
      if (r === 2 && !plausibleDomain(text.slice(s, end), text.slice(Math.max(0, s - 10), s))) continue;
      taken.push(s, end);
      const host = hostOf(text.slice(s, end));
      // The domain of an e-mail address ("name [at] example.com") is contact, not a link.
      if (r >= 2 && EMAIL_DOMAIN_BEFORE.test(text.slice(Math.max(0, s - 8), s))) {
        // "mail anna at example dot com" is an address; "see the photos at tinyurl.com/x" a link.
        const plain = PLAIN_AT_BEFORE.exec(text.slice(Math.max(0, s - 48), s));
        if (!plain) continue;
        // An address only where detectEmails reads one: its TLDs, no path, a mailbox-like word.
        const tld = host.slice(host.lastIndexOf('.') + 1);
        if (SPELLED_EMAIL_TLD.test(tld) && !/[/]/.test(text.slice(s, end)) && spelledAtIsAddress(plain[1] ?? '', host.split('.')[0] ?? '', text.slice(s, end))) continue;
      }
      // A link shortener named without a path ("a t.cn link, is it real?") leads nowhere.
      if (SHORTENERS.has(host) && !/[/]/.test(text.slice(s, end))) continue;
      if (allow.length > 0 && isAllowedHost(host, allow)) continue;
      hits.push({ kind: 'url', span: toOriginalSpan(norm, s, end), host });
    }
  }
  if ((f & HAS_CJK_DOT) !== 0) {
    SPELLED_DOMAIN.lastIndex = 0;
    for (let m = SPELLED_DOMAIN.exec(text); m; m = SPELLED_DOMAIN.exec(text)) {
      const s = m.index;
      const end = s + m[0].length;
      if (overlapsAny(taken, s, end)) continue;
      taken.push(s, end);
      hits.push({ kind: 'url', span: toOriginalSpan(norm, s, end), host: hostOf(m[0].replace(/\s/g, '')) });
    }
  }
  for (const h of spaced) if (!overlapsAny(taken, h.span.start, h.span.end)) hits.push(h);
  return shares.length > 0 ? [...hits, ...shares] : hits;
}

/**
 * "e x a m p l e . c o m", "w w w . a b c . c n": a domain spelled letter by letter. The
 * normaliser joins the letters and drops the dots (so "f . u . c . k" stays a word), so
 * these are read from the original text; only called when such a dot was dropped.
 */
const SPACED_DOMAIN =
  /(?<![a-z0-9])(?:[a-z0-9][ \t]{1,3}){2,62}[a-z0-9][ \t]{0,3}[.。．][ \t]{0,3}(?:c[ \t]{0,3}o[ \t]{0,3}m|n[ \t]{0,3}e[ \t]{0,3}t|o[ \t]{0,3}r[ \t]{0,3}g|c[ \t]{0,3}n|t[ \t]{0,3}o[ \t]{0,3}p|x[ \t]{0,3}y[ \t]{0,3}z|v[ \t]{0,3}i[ \t]{0,3}p|c[ \t]{0,3}c|i[ \t]{0,3}o|m[ \t]{0,3}e)(?![a-z0-9])/gi;

/** "h t t p : / / t . c n / A 6 Z x": a whole address spelled out, scheme first. */
const SPACED_SCHEME_URL = /h[ \t]{0,3}t[ \t]{0,3}t[ \t]{0,3}p[ \t]{0,3}(?:s[ \t]{0,3})?[:：][ \t]{0,3}\/[ \t]{0,3}\/(?:[ \t]{0,3}[a-z0-9.\-_/?=&%#]){3,300}/gi;

function spacedDomains(original: string): readonly DetectorHit[] {
  const text = original.length > MAX_ORIGINAL_SCAN ? original.slice(0, MAX_ORIGINAL_SCAN) : original;
  let hits: DetectorHit[] | null = null;
  SPACED_SCHEME_URL.lastIndex = 0;
  for (let m = SPACED_SCHEME_URL.exec(text); m; m = SPACED_SCHEME_URL.exec(text)) {
    const address = m[0].replace(/\s/g, '').replace(/^https?[:：]\/\//i, '');
    if (!address.includes('.')) continue;
    hits ??= [];
    hits.push({ kind: 'url', span: { start: m.index, end: m.index + m[0].length }, host: (address.split('/')[0] ?? '').toLowerCase() });
  }
  SPACED_DOMAIN.lastIndex = 0;
  for (let m = SPACED_DOMAIN.exec(text); m; m = SPACED_DOMAIN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (hits?.some((h) => start < h.span.end && end > h.span.start)) continue;
    hits ??= [];
    hits.push({ kind: 'url', span: { start: m.index, end: m.index + m[0].length }, host: m[0].replace(/[\s]/g, '').replace(/[。．]/g, '.').toLowerCase() });
  }
  return hits ?? NONE;
}

/**
 * "www·example·com", "abc888 • top": a middle dot, bullet or katakana dot standing for the
 * dot. The normaliser turns these into separators, so they are read from the original. Only
 * TLDs that are not also ordinary words or initials count ("约翰·Co" is a name).
 */
const MIDDLE_DOTS = '[·•‧∙⋅・･]';
/** Whether the original holds such a dot at all (a superset of MIDDLE_DOT_DOMAIN, cheap to test). */
const MIDDLE_DOT_SHAPE = new RegExp(MIDDLE_DOTS);
const MIDDLE_DOT_DOMAIN = new RegExp(
  `(?<![a-z0-9])(?:[a-z0-9][a-z0-9-]{0,62}\\s?${MIDDLE_DOTS}\\s?){1,4}(?:com|net|org|cn|top|xyz|vip|shop|info|site|online|club|store|icu|cc)(?![a-z0-9])`,
  'gi',
);

function middleDotDomains(original: string): readonly DetectorHit[] {
  const text = original.length > MAX_ORIGINAL_SCAN ? original.slice(0, MAX_ORIGINAL_SCAN) : original;
  let hits: DetectorHit[] | null = null;
  MIDDLE_DOT_DOMAIN.lastIndex = 0;
  for (let m = MIDDLE_DOT_DOMAIN.exec(text); m; m = MIDDLE_DOT_DOMAIN.exec(text)) {
    const host = m[0].replace(/\s/g, '').replace(new RegExp(MIDDLE_DOTS, 'g'), '.').toLowerCase();
    // One letter before the dot is an initial ("J·com" is no site).
    if (/^[a-z0-9]\./.test(host) && host.split('.').length === 2) continue;
    hits ??= [];
    hits.push({ kind: 'url', span: { start: m.index, end: m.index + m[0].length }, host });
  }
  return hits ?? NONE;
}

/** Share tokens read from the original text: the normaliser turns "￥" into a separator. */
function shareTokens(original: string): readonly DetectorHit[] {
  if (original.length === 0) return NONE;
  const text = original.length > MAX_ORIGINAL_SCAN ? original.slice(0, MAX_ORIGINAL_SCAN) : original;
  if (!/[¥￥€$£₤]/.test(text)) return NONE;
  const hits: DetectorHit[] = [];
  SHARE_TOKEN.lastIndex = 0;
  for (let m = SHARE_TOKEN.exec(text); m; m = SHARE_TOKEN.exec(text)) {
    // A token mixes letters and digits; "$100$" or "$abcdef$" is not one.
    if (/[0-9]/.test(m[0]) && /[a-z]/i.test(m[0])) {
      hits.push({ kind: 'url', span: { start: m.index, end: m.index + m[0].length }, host: '' });
    }
  }
  return hits.length > 0 ? hits : NONE;
}
const MAX_ORIGINAL_SCAN = 20_000;

// ---------------------------------------------------------------------------------------
// Spam shapes: many mentions, many emoji, very long or stretched messages.

export function detectMentionSpam(original: string, threshold: number = THRESHOLD_DEFAULTS.mentionThreshold): readonly DetectorHit[] {
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

export function detectEmojiSpam(norm: Normalized, threshold: number = THRESHOLD_DEFAULTS.emojiThreshold): readonly DetectorHit[] {
  return norm.emojiCount >= threshold
    ? [{ kind: 'emoji_spam', span: { start: 0, end: Math.min(norm.originalLength, 20_000) } }]
    : NONE;
}


/**
 * Whether a message of `length` code units could pass any of the length-spam limits: longer
 * than maxLength, or long enough to hold more than maxLines lines or a run of
 * repeatedCharRun copies of one character. False means detectLengthSpam finds nothing.
 */
export function mayBeLengthSpam(length: number, options: DetectorOptions = {}): boolean {
  const maxLength = options.maxLength ?? THRESHOLD_DEFAULTS.maxLength;
  const maxLines = options.maxLines ?? THRESHOLD_DEFAULTS.maxLines;
  const maxRun = options.repeatedCharRun ?? THRESHOLD_DEFAULTS.repeatedCharRun;
  return length > maxLength || length >= maxRun || length > maxLines;
}

export function detectLengthSpam(original: string, options: DetectorOptions = {}): readonly DetectorHit[] {
  const maxLength = options.maxLength ?? THRESHOLD_DEFAULTS.maxLength;
  const maxLines = options.maxLines ?? THRESHOLD_DEFAULTS.maxLines;
  const maxRun = options.repeatedCharRun ?? THRESHOLD_DEFAULTS.repeatedCharRun;
  if (original.length > maxLength) return wholeMessage(original);
  if (!mayBeLengthSpam(original.length, options)) return NONE;
  // More lines than allowed, counted by the native indexOf (a line break that opens the
  // message starts no line).
  if (original.length > maxLines) {
    let lines = 1;
    for (let i = original.indexOf('\n', 1); i !== -1; i = original.indexOf('\n', i + 1)) {
      if (++lines > maxLines) return wholeMessage(original);
    }
  }
  return hasRepeatedRun(original, maxRun) ? wholeMessage(original) : NONE;
}

/** A length-spam hit over the whole message, built only when found (this runs on every message). */
function wholeMessage(original: string): readonly DetectorHit[] {
  return [{ kind: 'length_spam', span: { start: 0, end: Math.min(original.length, 20_000) } }];
}

/**
 * Whether `text` holds `min` or more copies of one character (not a space) in a row. Such
 * a run contains two positions a multiple of `step` = min / 2 apart from the start, so only
 * those are compared, and a run is measured only where two of them are equal.
 */
function hasRepeatedRun(text: string, atLeast: number): boolean {
  // A run is counted from a pair of equal neighbours, so a minimum below 2 means a pair.
  const min = Math.max(2, atLeast);
  if (text.length < min) return false;
  const step = Math.max(1, Math.floor(min / 2));
  for (let p = 0; p + step < text.length; p += step) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || text.charCodeAt(p + step) !== c) continue;
    let start = p;
    while (start > 0 && text.charCodeAt(start - 1) === c) start--;
    let end = p + 1;
    while (end < text.length && text.charCodeAt(end) === c) end++;
    if (end - start >= min) return true;
    // The run ends before p + step (a different character sits between): go on from there.
  }
  return false;
}
