import { to as openccTo, from as openccFrom } from 'opencc-js/preset/t2cn';
import type { Span } from '../model/case';

/**
 * Text normalisation against the evasions spammers use in group chats, with an exact map
 * back to the original text so evidence can be highlighted where it was written.
 *
 * What it undoes: full-width forms, case, compatibility forms (NFKC-style, per character),
 * diacritics, zero-width and other invisible characters, separators inserted between
 * characters (spaces, dots, symbols, emoji), traditional Chinese (to simplified), Chinese
 * numerals and circled / full-width digits inside number runs (phone and QQ numbers),
 * Cyrillic look-alike letters. Leetspeak is undone in a parallel "folded" view used only
 * by the keyword matcher, so digits stay digits for the phone and QQ detectors.
 *
 * Why per character and not `String#normalize` on the whole text: whole-string
 * normalisation loses the offset map. Each code point is mapped once, cached, and the
 * mapping is computed to a fixed point, which is what makes the whole thing idempotent.
 */

/**
 * Hostile input can be megabytes long. Only the first MAX_SCAN code units are examined, so
 * every message is processed in bounded time; a spammer gains nothing by padding, because
 * the start of the message is what the group sees first.
 */
export const MAX_SCAN = 20_000;

/** Character classes in the normalised stream. */
const DROP = 0; // invisible: removed entirely
const W = 1; // ASCII word char a-z 0-9 _ and letters of space-separated scripts
const C = 2; // CJK ideographs, kana, hangul: scripts written without spaces between words
const P = 3; // ASCII punctuation: kept, it carries structure (URLs, e-mail, masking)
const S = 4; // whitespace, other punctuation, symbols: a separator
const E = 5; // emoji: a separator that is also counted

export interface Normalized {
  /** Length of the normalised text; the arrays below may be longer (scratch buffers). */
  readonly length: number;
  /** The normalised text (at most MAX_SCAN code units of the original were read). */
  readonly text: string;
  /** The normalised text's code units. */
  readonly codes: Uint16Array;
  /** Leetspeak folded (0→o, 1→i, @→a …) for keyword matching; indices as in `text`. */
  readonly folded: Uint16Array;
  /** For normalised code unit i: the original [starts[i], ends[i]) it came from. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly originalLength: number;
  /** True when the original was longer than MAX_SCAN and only its start was read. */
  readonly truncated: boolean;
  readonly emojiCount: number;
  readonly digitCount: number;
  /** A `*` survived inside the text: the matcher then also tries masked words (f*ck). */
  readonly hasMask: boolean;
  /** HAS_DOT | HAS_AT | … (see below). */
  readonly flags: number;
  /**
   * The first letters of the Latin words of one or two letters (runs of a-z in `codes`), bit
   * (letter - 'a') each: one-letter contact cues ("加 v abc", "q : 123") are looked for only
   * where one may stand, without a second walk over the text.
   */
  readonly shortLatinWordInitials: number;
  /** Which ASCII punctuation characters the text kept: bit punctBit(c) for each. */
  readonly punct: number;
  /**
   * MARK_* bits: characters of the text as written that normalisation turns into
   * separators but a detector reads in the original (share-token currency signs, middle
   * dots in domains), so it can skip its pattern when none occurs. Only the first MAX_SCAN
   * code units are seen: when `truncated`, the rest may hold any.
   */
  readonly marks: number;
}

/** A currency sign a share token is wrapped in (¥ ￥ € $ £ ₤). */
export const MARK_CURRENCY_SIGN = 1;
/** A middle dot standing for a domain's dot (· • ‧ ∙ ⋅ ・ ･). */
export const MARK_MIDDLE_DOT = 2;
/**
 * An "@" as written. Normalisation keeps most of them, but drops one between two Chinese
 * characters, so "the original holds an @" (mentions are read there) needs its own mark.
 */
export const MARK_AT = 4;

/** The MARK_* bits of each marked character as written. */
const ORIGINAL_MARKS: ReadonlyMap<number, number> = new Map([
  ...[...'¥￥€$£₤'].map((c) => [c.charCodeAt(0), MARK_CURRENCY_SIGN] as const),
  ...[...'·•‧∙⋅・･'].map((c) => [c.charCodeAt(0), MARK_MIDDLE_DOT] as const),
  [0x40, MARK_AT],
]);

/** The bit of an ASCII punctuation character in `Normalized.punct` (its index among the 32). */
export function punctBit(code: number): number {
  if (code >= 0x21 && code <= 0x2f) return 1 << (code - 0x21); // ! … /   15
  if (code >= 0x3a && code <= 0x40) return 1 << (code - 0x3a + 15); // : … @   7
  if (code >= 0x5b && code <= 0x60) return 1 << (code - 0x5b + 22); // [ … `   6
  if (code >= 0x7b && code <= 0x7e) return 1 << (code - 0x7b + 28); // { … ~   4
  return 0;
}

// ---------------------------------------------------------------------------------------
// Traditional → simplified, one character at a time, built once from OpenCC's dictionaries.

let t2sTable: Map<number, number> | null = null;

function addDict(
  table: Map<number, number>,
  simplified: Set<number>,
  dict: unknown,
  compose: boolean,
): void {
  if (typeof dict !== 'string') return;
  for (const entry of dict.split('|')) {
    const space = entry.indexOf(' ');
    if (space <= 0) continue;
    const key = entry.slice(0, space);
    const values = entry.slice(space + 1).split(' ');
    // A character that is also a valid simplified form (么 in 什么) is left alone.
    if (values.includes(key)) continue;
    const value = values[0] ?? '';
    const kc = key.codePointAt(0);
    const vc = value.codePointAt(0);
    // Phrases are skipped: a per-character table is exact about offsets and fast; the
    // phrase-level differences do not matter for spotting spam words.
    if (kc === undefined || vc === undefined) continue;
    if (String.fromCodePoint(kc).length !== key.length) continue;
    if (String.fromCodePoint(vc).length !== value.length) continue;
    if (compose) {
      // A regional variant key that is itself a simplified character (么 → 幺 in Taiwan's
      // table) would corrupt simplified text, so only unknown traditional forms are added.
      if (!table.has(kc) && !simplified.has(kc)) table.set(kc, table.get(vc) ?? vc);
    } else {
      table.set(kc, vc);
      simplified.add(vc);
    }
  }
}

function getT2s(): Map<number, number> {
  if (t2sTable) return t2sTable;
  const table = new Map<number, number>();
  const simplified = new Set<number>();
  for (const group of openccTo.cn ?? []) for (const dict of group) addDict(table, simplified, dict, false);
  // Taiwan / Hong Kong variant forms first become standard traditional, then simplified.
  for (const region of ['tw', 'hk'] as const) {
    for (const group of openccFrom[region] ?? []) for (const dict of group) addDict(table, simplified, dict, true);
  }
  // Resolve chains (A→B, B→C) so one lookup gives the final form: idempotence needs it.
  for (const [k, v] of table) {
    let target = v;
    for (let i = 0; i < 4; i++) {
      const next = table.get(target);
      if (next === undefined || next === target) break;
      target = next;
    }
    if (target === k) table.delete(k);
    else table.set(k, target);
  }
  t2sTable = table;
  return table;
}

// ---------------------------------------------------------------------------------------
// Per code point mapping, cached.

/** Cyrillic letters that look like Latin ones, used to dodge English word lists. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ь: 'b', г: 'r', п: 'n', ш: 'w', д: 'a',
  // Greek and other look-alikes NFKC leaves alone.
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ς: 'c',
  σ: 'o', μ: 'u', ω: 'w', ı: 'i', ȷ: 'j', ɑ: 'a', ɡ: 'g', ʋ: 'u', ⅼ: 'l', ǀ: 'l', ø: 'o', đ: 'd', ł: 'l', ħ: 'h',
};

/** Characters NFKC leaves alone but spammers use as plain ASCII. */
const SPECIAL: Record<number, string> = {
  0x3002: '.', // 。 ideographic full stop, as in www。example。com
  0xff61: '.',
  0x2024: '.',
  0x2795: '+', // ➕ as in ➕V
  0x271a: '+',
  0x2719: '+',
  0x3000: ' ',
  // Emoji that stand for a word in contact cues and insults ("加❤", "🛰：abc", "你🐴", "🐶东西").
  0x2764: 'v',
  0x2665: 'v',
  0x1f49c: 'v',
  0x1f49a: 'v',
  0x1f6f0: '卫星',
  0x1f6f8: '飞机',
  0x2708: '飞机',
  0x1f427: '企鹅',
  0x1f434: '马',
  0x1f40e: '马',
  0x1f436: '狗',
  0x1f415: '狗',
  0x1f437: '猪',
  0x1f416: '猪',
  0x1f4a9: '屎',
  0x1f33f: '草',
  0x1f331: '草',
};

interface Mapped {
  readonly codes: readonly number[];
  readonly classes: readonly number[];
}

const MARKS = /[\p{Mn}\p{Me}]/gu;
const INVISIBLE = /^[\p{Cf}\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{Mn}\p{Me}]$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const WHITESPACE = /^\s$/u;

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x3100 && cp <= 0x312f) ||
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    cp === 0x3007
  );
}

function classify(ch: string, cp: number): number {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x5f) return W;
    if (cp >= 0x41 && cp <= 0x5a) return W;
    if (cp <= 0x20 || cp === 0x7f) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) ? S : DROP;
    return P;
  }
  if (isCjk(cp)) return C;
  if (EMOJI.test(ch)) return E;
  // Before the whitespace test: JavaScript's \s includes U+FEFF, an invisible character.
  if (INVISIBLE.test(ch)) return DROP;
  if (WHITESPACE.test(ch)) return S;
  if (LETTER_OR_NUMBER.test(ch)) return W;
  return S;
}

/** One step of the mapping for a single code point; the result may be several chars. */
function mapOnce(cp: number): string {
  const special = SPECIAL[cp];
  if (special !== undefined) return special;
  const ch = String.fromCodePoint(cp);
  if (cp >= 0xd800 && cp <= 0xdfff) return ''; // lone surrogate
  if (EMOJI.test(ch)) return ch; // keep emoji as one separator; NFKD would split some
  let s = ch.normalize('NFKD').replace(MARKS, '').normalize('NFC').toLowerCase();
  if (s.length === 0) return '';
  let out = '';
  for (const c of s) {
    const h = HOMOGLYPHS[c];
    if (h !== undefined) {
      out += h;
      continue;
    }
    const code = c.codePointAt(0) ?? 0;
    const sp = SPECIAL[code];
    if (sp !== undefined) {
      out += sp;
      continue;
    }
    const simp = getT2s().get(code);
    out += simp === undefined ? c : String.fromCodePoint(simp);
  }
  s = out;
  return s;
}

function computeMapped(cp: number): Mapped {
  // Iterate to a fixed point so normalising normalised text changes nothing.
  let s = mapOnce(cp);
  for (let round = 0; round < 4; round++) {
    let next = '';
    for (const c of s) {
      const code = c.codePointAt(0) ?? 0;
      next += mapOnce(code);
    }
    if (next === s) break;
    s = next;
  }
  const codes: number[] = [];
  const classes: number[] = [];
  for (const c of s) {
    const code = c.codePointAt(0) ?? 0;
    const cls = classify(c, code);
    if (cls === DROP) continue;
    for (let i = 0; i < c.length; i++) {
      codes.push(c.charCodeAt(i));
      classes.push(cls);
    }
  }
  return { codes, classes };
}

/**
 * BMP cache: -1 unknown; -2 several code units (MULTI, see multiCache); otherwise packed:
 * the mapped code in bits 0-15, its class in bits 16-19, NUMERAL_BIT when it is a Chinese
 * numeral, and the written character's MARK_* bits from MARK_SHIFT up. One lookup per
 * code unit gives everything phase 1 counts.
 */
const CLASS_MASK = 0xf;
const NUMERAL_BIT = 1 << 20;
const MARK_SHIFT = 21;

function packed(original: number, cls: number, code: number): number {
  const numeral = cls === C && NUMERAL_TABLE[code] !== 0 ? NUMERAL_BIT : 0;
  return ((ORIGINAL_MARKS.get(original) ?? 0) << MARK_SHIFT) | numeral | (cls << 16) | code;
}

let bmpCache: Int32Array | null = null;
const multiCache = new Map<number, Mapped>();

function lookupBmp(code: number): number {
  // Surrogates are only reached here when unpaired; never cache them (a pair may follow).
  if (code >= 0xd800 && code <= 0xdfff) return DROP << 16;
  const cache = bmpCache ?? initCache();
  let v = cache[code] ?? -1;
  if (v !== -1) return v;
  const m = computeMapped(code);
  if (m.codes.length === 0) v = packed(code, DROP, 0);
  else if (m.codes.length === 1) v = packed(code, m.classes[0] ?? S, m.codes[0] ?? 0x20);
  else {
    multiCache.set(code, m);
    v = -2;
  }
  cache[code] = v;
  return v;
}

function initCache(): Int32Array {
  const cache = new Int32Array(0x10000).fill(-1);
  // ASCII is precomputed: the hot path never leaves this table for English text.
  for (let c = 0; c < 0x80; c++) {
    const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    cache[c] = packed(c, classify(String.fromCharCode(lower), lower), lower);
  }
  bmpCache = cache;
  return cache;
}

/** Astral code points are cached too, but the cache is bounded: text is attacker-controlled. */
const MAX_MULTI_CACHE = 20_000;

function lookupAstral(cp: number): Mapped {
  let m = multiCache.get(cp);
  if (!m) {
    m = computeMapped(cp);
    if (multiCache.size >= MAX_MULTI_CACHE) {
      // BMP entries marked -2 live here too; forget them as well so the table stays consistent.
      multiCache.clear();
      bmpCache?.forEach((v, i, a) => {
        if (v === -2) a[i] = -1;
      });
    }
    multiCache.set(cp, m);
  }
  return m;
}

// ---------------------------------------------------------------------------------------
// Chinese numerals inside number runs.

const NUMERALS: Record<number, number> = {};
for (const [chars, digit] of [
  ['〇零○', 0],
  ['一壹幺', 1],
  ['二贰两', 2],
  ['三叁参', 3],
  ['四肆', 4],
  ['五伍', 5],
  ['六陆', 6],
  ['七柒', 7],
  ['八捌', 8],
  ['九玖', 9],
] as const) {
  for (const ch of chars) NUMERALS[ch.charCodeAt(0)] = 0x30 + digit;
}

/** Dense form of NUMERALS for the hot loop. */
const NUMERAL_TABLE = new Uint8Array(0x10000);
for (const [k, v] of Object.entries(NUMERALS)) NUMERAL_TABLE[Number(k)] = v;

/**
 * A run this long of digits and Chinese numerals (separators allowed between them) is a
 * number, not prose: "一单一结" keeps its words, "一三八一二三四五六七八" becomes digits.
 */
const NUMERAL_RUN_MIN = 5;

// ---------------------------------------------------------------------------------------
// Working buffers. Phase 1 maps the text straight into the output arrays of the caller's
// scratch (code, start, end per mapped code unit; classes in bufCls), and phase 2 compacts
// them in place: it only ever writes at or before the position it reads, so text that
// needs no compaction (most of it) is neither copied nor read twice.

let bufCode = new Uint16Array(0);
let bufStart = new Int32Array(0);
let bufEnd = new Int32Array(0);
let bufCls = new Uint8Array(1024);

/** Room for n mapped code units, keeping what phase 1 wrote so far. */
function ensure(n: number): void {
  if (bufCls.length < n) bufCls = grownTo(bufCls, n);
  if (bufCode.length < n) {
    bufCode = grownTo(bufCode, n);
    bufStart = grownTo(bufStart, n);
    bufEnd = grownTo(bufEnd, n);
  }
}

function grownTo<T extends Uint8Array | Uint16Array | Int32Array>(array: T, n: number): T {
  let size = Math.max(array.length, 16);
  while (size < n) size *= 2;
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}


const UNDERSCORE_BIT = punctBit(0x5f);

/** Leetspeak folding for the keyword view. */
const FOLD = new Uint16Array(0x80);
for (let c = 0; c < 0x80; c++) FOLD[c] = c;
for (const [from, to] of [
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
] as const) {
  FOLD[from.charCodeAt(0)] = to.charCodeAt(0);
}
const FOLD_SYMBOL: Record<number, number> = { 0x40: 0x61, 0x24: 0x73, 0x21: 0x69 }; // @ $ !

/** Output arrays; the engine reuses one set for every message instead of allocating. */
export class NormalizeScratch {
  codes = new Uint16Array(256);
  folded = new Uint16Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  /** One result object per scratch, refilled by each call (the engine's hot path). */
  result: NormalizedResult | null = null;

  ensure(n: number): void {
    if (this.codes.length >= n) return;
    let size = this.codes.length;
    while (size < n) size *= 2;
    this.codes = new Uint16Array(size);
    this.folded = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }
}

class NormalizedResult implements Normalized {
  length = 0;
  codes: Uint16Array;
  folded: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  originalLength = 0;
  truncated = false;
  emojiCount = 0;
  digitCount = 0;
  hasMask = false;
  flags = 0;
  shortLatinWordInitials = 0;
  punct = 0;
  marks = 0;
  private cachedText: string | null = null;

  constructor(codes: Uint16Array, folded: Uint16Array, starts: Int32Array, ends: Int32Array) {
    this.codes = codes;
    this.folded = folded;
    this.starts = starts;
    this.ends = ends;
  }

  /** Built on first use: most messages never need the string (nothing to detect). */
  get text(): string {
    if (this.cachedText === null) this.cachedText = decode(this.codes, this.length);
    return this.cachedText;
  }

  resetText(): void {
    this.cachedText = null;
  }
}

/** Bits of `Normalized.flags`: cheap facts detectors use to skip work. */
export const HAS_DOT = 1; // '.'
export const HAS_AT = 2; // '@'
export const HAS_SLASH = 4; // '/'
export const HAS_CJK_DOT = 8; // '点', a dot spelled in Chinese
export const HAS_LATIN = 16; // a-z
export const HAS_COLON = 32; // ':'
/** A '.' dropped while joining spaced-out letters ("e x a m p l e . c o m"). */
export const HAS_JOINED_DOT = 64;
/**
 * An "@", "$" or "!" was folded into a letter ("sh!t"). Matching runs on the folded text,
 * where such a symbol no longer ends a word: "tg@bob" holds no whole word "tg" there,
 * though the text does.
 */
export const HAS_FOLDED_SYMBOL = 128;
export const HAS_EQUALS = 256; // '='
/** A Chinese character (CJK unified ideographs and their extension A, compatibility ideographs). */
export const HAS_CJK = 512;

/**
 * Normalise a message. The result owns its arrays. The engine uses `normalizeInto` with a
 * scratch to skip the copies; that result is only valid until the scratch is reused.
 */
let publicScratch: NormalizeScratch | null = null;

export function normalize(input: string): Normalized {
  // A private scratch: results are copied out at once, so the engine's own scratch (and any
  // result it is holding) is never touched by this call.
  publicScratch ??= new NormalizeScratch();
  const r = normalizeInto(input, publicScratch);
  const n = r.length;
  const out = new NormalizedResult(r.codes.slice(0, n), r.folded.slice(0, n), r.starts.slice(0, n), r.ends.slice(0, n));
  out.length = n;
  out.originalLength = r.originalLength;
  out.truncated = r.truncated;
  out.emojiCount = r.emojiCount;
  out.digitCount = r.digitCount;
  out.hasMask = r.hasMask;
  out.flags = r.flags;
  out.shortLatinWordInitials = r.shortLatinWordInitials;
  out.punct = r.punct;
  out.marks = r.marks;
  return out;
}

export function normalizeInto(input: string, scratch: NormalizeScratch): Normalized {
  const originalLength = input.length;
  let limit = Math.min(originalLength, MAX_SCAN);
  // Never cut a surrogate pair in half at the limit.
  if (limit < originalLength && limit > 0) {
    const last = input.charCodeAt(limit - 1);
    if (last >= 0xd800 && last <= 0xdbff) limit--;
  }
  scratch.ensure(limit * 2 + 16);
  bufCode = scratch.codes;
  bufStart = scratch.starts;
  bufEnd = scratch.ends;
  ensure(limit * 2 + 16);
  const cache = bmpCache ?? initCache();

  // Phase 1: map every code point, drop invisible ones.
  let n = 0;
  let emojiCount = 0;
  let numerals = 0; // Chinese numerals written as such
  let mappedNumerals = 0; // and those inside a character mapped to several ("㈠" → "(一)")
  let packedBits = 0; // every packed cache entry OR-ed together: the MARK_* bits come from here
  for (let i = 0; i < limit; i++) {
    const c = input.charCodeAt(i);
    let v = cache[c] as number;
    if (v === -1) {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < limit) {
        const lo = input.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          const m = lookupAstral(((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000);
          if (n + m.codes.length + 2 > bufCode.length) ensure(n + m.codes.length + 2);
          for (let j = 0; j < m.codes.length; j++) {
            const cls = m.classes[j] ?? S;
            if (cls === E && j === 0) emojiCount++;
            else if (cls === C && NUMERAL_TABLE[m.codes[j] ?? 0] !== 0) mappedNumerals++;
            bufCode[n] = m.codes[j] ?? 0x20;
            bufCls[n] = cls;
            bufStart[n] = i;
            bufEnd[n] = i + 2;
            n++;
          }
          i++;
          continue;
        }
      }
      v = lookupBmp(c);
    }
    if (v >= 0) {
      packedBits |= v;
      const cls = (v >>> 16) & CLASS_MASK;
      if (cls === DROP) continue;
      const code = v & 0xffff;
      if (cls === E) emojiCount++;
      else if ((v & NUMERAL_BIT) !== 0) numerals++;
      bufCode[n] = code;
      bufCls[n] = cls;
      bufStart[n] = i;
      bufEnd[n] = i + 1;
      n++;
    } else {
      packedBits |= (ORIGINAL_MARKS.get(c) ?? 0) << MARK_SHIFT;
      const m = multiCache.get(c);
      if (!m) continue;
      if (n + m.codes.length + 2 > bufCode.length) ensure(n + m.codes.length + 2);
      for (let j = 0; j < m.codes.length; j++) {
        const cls = m.classes[j] ?? S;
        if (cls === E && j === 0) emojiCount++;
        else if (cls === C && NUMERAL_TABLE[m.codes[j] ?? 0] !== 0) mappedNumerals++;
        bufCode[n] = m.codes[j] ?? 0x20;
        bufCls[n] = cls;
        bufStart[n] = i;
        bufEnd[n] = i + 1;
        n++;
      }
    }
  }

  // Phase 1b: Chinese numerals inside long number runs become digits. A run needs
  // NUMERAL_RUN_MIN digits and numerals in all: "一" in ordinary prose has too few.
  const allNumerals = numerals + mappedNumerals;
  if (numerals > 0 && (allNumerals >= NUMERAL_RUN_MIN || allNumerals + countDigits(n, NUMERAL_RUN_MIN - allNumerals) >= NUMERAL_RUN_MIN)) {
    convertNumeralRuns(n);
  }

  // Phase 2: resolve separator runs, fold leetspeak, write the output in place.
  if (scratch.codes !== bufCode) {
    // Phase 1 outgrew the scratch (characters that map to several): keep the grown arrays.
    scratch.codes = bufCode;
    scratch.starts = bufStart;
    scratch.ends = bufEnd;
  }
  if (scratch.folded.length < bufCode.length) scratch.folded = new Uint16Array(bufCode.length);
  const outCode = bufCode;
  const folded = scratch.folded;
  const starts = bufStart;
  const ends = bufEnd;
  let m = 0;
  let hasMask = false;
  let flags = 0;
  let punct = 0;
  let digitCount = 0;
  let tokenLen = 0; // length of the W token that ends just before the current position
  let pendingSymbol = -1; // index of an emitted @ $ ! whose folding depends on what follows
  let stretch = 0; // length of the run of one Latin letter ending at the last output
  let latinRun = 0; // a-z letters written since the last other code unit
  let latinInitial = 0; // the first of them
  let shortLatinWordInitials = 0;
  let i = 0;
  while (i < n) {
    const cls = bufCls[i] as number;
    if (cls === W || cls === C) {
      const code = bufCode[i] as number;
      // Stretched letters ("fuuuuck", "shiiit"): a run of three or more of one Latin letter
      // becomes one ("www" and "xxx" stay: they carry meaning). Doubles are left alone.
      if (code >= 0x61 && code <= 0x7a && code !== 0x77 && code !== 0x78 && m > 0 && outCode[m - 1] === code) {
        stretch++;
        if (stretch >= 3) {
          // The second copy goes; the first now covers the run. Token lengths count what is
          // written, so a second pass sees the same tokens (idempotence).
          if (stretch === 3) {
            m--;
            tokenLen--;
            latinRun--;
          }
          // The run ends in one written letter, so the token is at least one long, also
          // when its letters were joined across dropped separators (tokenLen restarted there).
          if (tokenLen < 1) tokenLen = 1;
          ends[m - 1] = bufEnd[i] as number;
          i++;
          continue;
        }
      } else stretch = 1;
      // Nothing dropped so far: the code unit is already where it belongs.
      if (m !== i) {
        outCode[m] = code;
        starts[m] = starts[i] as number;
        ends[m] = ends[i] as number;
      }
      if (code < 0x80) {
        folded[m] = FOLD[code] as number;
        if (code === 0x5f) punct |= UNDERSCORE_BIT; // "_" is a word character here, and punctuation
        if (code <= 0x39) {
          if (code >= 0x30) digitCount++;
        } else if (code >= 0x61) flags |= HAS_LATIN;
        else if (code === 0x5f) hasMask = true; // "f_u_c_k
        if (pendingSymbol >= 0 && code !== 0x5f) {
          // "sh!t", "@ss", "a$$hole": symbols right before a letter stand for letters.
          for (let k = pendingSymbol; k < m; k++) folded[k] = FOLD_SYMBOL[outCode[k] as number] as number;
          flags |= HAS_FOLDED_SYMBOL;
        }
      } else {
        folded[m] = code;
        if (code >= 0x3400 && code <= 0xfaff && (code <= 0x9fff || code >= 0xf900)) flags |= code === 0x70b9 ? HAS_CJK | HAS_CJK_DOT : HAS_CJK;
      }
      if (code >= 0x61 && code <= 0x7a) {
        if (latinRun++ === 0) latinInitial = code;
      } else if (latinRun !== 0) {
        if (latinRun <= 2) shortLatinWordInitials |= 1 << (latinInitial - 0x61);
        latinRun = 0;
      }
      pendingSymbol = -1;
      tokenLen = cls === W ? tokenLen + 1 : 0;
      m++;
      i++;
      continue;
    }
    // A separator run [i, j).
    let j = i + 1;
    while (j < n && (bufCls[j] as number) >= P) j++;
    const leading = m === 0;
    const trailing = j >= n;
    const leftCls = leading ? -1 : (bufCls[i - 1] as number);
    const rightCls = trailing ? -1 : (bufCls[j] as number);
    const writtenBeforeSeparator = m;
    // 0 drop, 1 keep mask chars only, 2 keep punctuation only, 3 punctuation + one space.
    let mode: number;
    if (leading || trailing) mode = 2;
    else if (leftCls === C && rightCls === C) {
      // Between two Chinese numerals that did not become a number the separator stays, so
      // a second pass sees the same runs (idempotence); elsewhere CJK separators go.
      const both = NUMERAL_TABLE[bufCode[i - 1] as number] !== 0 && NUMERAL_TABLE[bufCode[j] as number] !== 0;
      mode = both ? 3 : 0;
    }
    else if (leftCls === W && rightCls === W && tokenLen === 1 && writtenAsOneLetter(j, n) && !maskedWordAfterSpace(i, j, n)) {
      // Single characters spaced out ("f u c k", "1 3 9 …"): join them.
      mode = 1;
    } else mode = 3;
    if (mode !== 0) {
      let lastSpace = false;
      let stars = 0;
      if (mode === 1) for (let k = i; k < j; k++) if (bufCode[k] === 0x2a) stars++;
      for (let k = i; k < j; k++) {
        const code = bufCode[k] as number;
        if (bufCls[k] === P) {
          // Joining spaced-out letters drops the separators, a lone '*' included
          // ("f*u*c*k"); several stars in a row mask letters ("f**k") and stay.
          if (mode === 1 && code !== 0x40 && !(code === 0x2a && stars >= 2)) {
            // The joined text loses the dot; the link detector reads the original instead.
            if (code === 0x2e || code === 0x3002) flags |= HAS_JOINED_DOT;
            continue;
          }
          outCode[m] = code;
          folded[m] = code;
          starts[m] = bufStart[k] as number;
          ends[m] = bufEnd[k] as number;
          punct |= punctBit(code);
          const isSymbol = code === 0x40 || code === 0x24 || code === 0x21;
          // A chain of @ $ ! directly before a letter is folded when the letter arrives.
          if (isSymbol) {
            if (pendingSymbol < 0 || lastSpace) pendingSymbol = m;
            if (code === 0x40) flags |= HAS_AT;
            // "f@ck", "sh!t": a symbol inside a word may stand for any letter.
            if (leftCls === W && rightCls === W) hasMask = true;
          } else {
            pendingSymbol = -1;
            if (code === 0x2e) flags |= HAS_DOT;
            else if (code === 0x2f) flags |= HAS_SLASH;
            else if (code === 0x3a) flags |= HAS_COLON;
            else if (code === 0x3d) flags |= HAS_EQUALS;
            else if (code === 0x2a) hasMask = true;
            else if ((code === 0x23 || code === 0x25 || code === 0x3f) && leftCls === W && rightCls === W) hasMask = true;
          }
          m++;
          lastSpace = false;
        } else if (mode === 3 && !lastSpace) {
          pendingSymbol = -1;
          outCode[m] = 0x20;
          folded[m] = 0x20;
          starts[m] = bufStart[k] as number;
          ends[m] = bufEnd[k] as number;
          m++;
          lastSpace = true;
        }
      }
    }
    // Token lengths restart, so a chain "f u c k" joins letter by letter. A stretch restarts
    // only where the separator left something in the output: letters it joined ("B-B*B")
    // stand side by side, and a second pass would collapse them, so this pass must too
    // (idempotence; fast-check found the case).
    tokenLen = 0;
    if (m !== writtenBeforeSeparator) {
      stretch = 0;
      // What the separator wrote ends a Latin word (what it dropped joins letters instead).
      if (latinRun !== 0 && latinRun <= 2) shortLatinWordInitials |= 1 << (latinInitial - 0x61);
      latinRun = 0;
    }
    i = j;
  }
  if (latinRun !== 0 && latinRun <= 2) shortLatinWordInitials |= 1 << (latinInitial - 0x61);

  let r = scratch.result;
  if (r === null || r.codes !== outCode || r.folded !== folded) {
    r = new NormalizedResult(outCode, folded, starts, ends);
    scratch.result = r;
  }
  r.resetText();
  r.length = m;
  r.originalLength = originalLength;
  r.truncated = limit < originalLength;
  r.emojiCount = emojiCount;
  r.digitCount = digitCount;
  r.hasMask = hasMask;
  r.flags = flags;
  r.shortLatinWordInitials = shortLatinWordInitials;
  r.punct = punct;
  r.marks = packedBits >>> MARK_SHIFT;
  return r;
}

/**
 * Whether the word token starting at `j` is written as one letter: a single character, or a
 * stretched run of one Latin letter ("aaa" is written "a"). Spaced-out single letters are
 * joined, and a second pass sees the stretch already collapsed, so this pass must judge the
 * token as written ("a.aaa" → "a.a" would become "aa" next time; fast-check found it).
 */
function maskedWordAfterSpace(i: number, j: number, n: number): boolean {
  // "a f*cking mess", "what a c*nt": across plain whitespace, a letter with a mask right after
  // it and more letters after the mask starts a masked word, not a spaced-out letter; joining
  // it to the "a" before would hide the word. Runs with a mask in them ("f * u * c * k") and
  // masks with no space before ("f*u*c*k") join as before.
  const c = bufCode[j] as number;
  if (c < 0x61 || c > 0x7a) return false;
  for (let k = i; k < j; k++) if (bufCls[k] !== S) return false;
  let k = j + 1;
  while (k < n && k - j <= 3 && (bufCode[k] === 0x2a || bufCode[k] === 0x23)) k++;
  if (k === j + 1 || k >= n || bufCls[k] !== W) return false;
  const after = bufCode[k] as number;
  // The letters after the mask must stay a word of their own: a lone letter there ("a a#a")
  // is joined across the mask, and the space must then go too (idempotence).
  return after >= 0x61 && after <= 0x7a && !writtenAsOneLetter(k, n);
}

function writtenAsOneLetter(j: number, n: number): boolean {
  if (j + 1 >= n || bufCls[j + 1] !== W) return true;
  const code = bufCode[j] as number;
  if (code < 0x61 || code > 0x7a || code === 0x77 || code === 0x78) return false;
  let k = j + 1;
  while (k < n && bufCls[k] === W && bufCode[k] === code) k++;
  if (k < n && bufCls[k] === W) return false;
  return k - j >= 3;
}

function decode(codes: Uint16Array, len: number): string {
  let s = '';
  const CHUNK = 4096;
  for (let k = 0; k < len; k += CHUNK) {
    s += String.fromCharCode.apply(null, codes.subarray(k, Math.min(len, k + CHUNK)) as unknown as number[]);
  }
  return s;
}

/** ASCII digits among the first n mapped code units, counting no further than `enough`. */
function countDigits(n: number, enough: number): number {
  let digits = 0;
  for (let i = 0; i < n && digits < enough; i++) {
    const c = bufCode[i] as number;
    if (c >= 0x30 && c <= 0x39 && bufCls[i] === W) digits++;
  }
  return digits;
}

function convertNumeralRuns(n: number): void {
  let i = 0;
  while (i < n) {
    const code = bufCode[i] as number;
    const cls = bufCls[i] as number;
    const digitLike = (cls === W && isDigitCode(code)) || (cls === C && NUMERALS[code] !== undefined);
    if (!digitLike) {
      i++;
      continue;
    }
    // Extend over digits, numerals and separators between them.
    let j = i;
    let count = 0;
    let numerals = 0; // Chinese numerals written as such
  let mappedNumerals = 0; // and those inside a character mapped to several ("㈠" → "(一)")
    let lastDigit = i;
    // The Chinese numerals directly before the next word, if any ("… 一单一结"): when
    // fewer than a number's worth, they belong to that word, not to the number.
    let tailStart = -1;
    let tailCount = 0;
    while (j < n) {
      const cj = bufCode[j] as number;
      const kj = bufCls[j] as number;
      if (kj === W && isDigitCode(cj)) {
        count++;
        lastDigit = j;
        tailStart = -1;
        tailCount = 0;
      } else if (kj === C && NUMERALS[cj] !== undefined) {
        count++;
        numerals++;
        lastDigit = j;
        if (tailStart < 0) tailStart = j;
        tailCount++;
      } else if (kj !== P && kj !== S && kj !== E) break;
      else {
        tailStart = -1;
        tailCount = 0;
      }
      j++;
    }
    if (j < n && tailStart >= 0 && bufCls[j] === C && tailCount < NUMERAL_RUN_MIN) {
      count -= tailCount;
      numerals -= tailCount;
      lastDigit = tailStart - 1;
      while (
        lastDigit > i &&
        !(isDigitCode(bufCode[lastDigit] as number) || NUMERALS[bufCode[lastDigit] as number] !== undefined)
      ) {
        lastDigit--;
      }
    }
    if (count >= NUMERAL_RUN_MIN && numerals > 0) {
      for (let k = i; k <= lastDigit; k++) {
        const d = bufCls[k] === C ? NUMERALS[bufCode[k] as number] : undefined;
        if (d !== undefined) {
          bufCode[k] = d;
          bufCls[k] = W;
        }
      }
    }
    i = j > i ? j : i + 1;
  }
}

/** Map a span of the normalised text [start, end) to original-text offsets. */
export function toOriginalSpan(norm: Normalized, start: number, end: number): Span {
  const len = norm.length;
  if (len === 0) return { start: 0, end: 0 };
  const s = Math.max(0, Math.min(start, len - 1));
  const e = Math.max(s + 1, Math.min(end, len));
  return { start: norm.starts[s] as number, end: norm.ends[e - 1] as number };
}

/** Convenience for callers that only need the string (tests, rule compilation). */
export function normalizeText(input: string): string {
  return normalize(input).text;
}
