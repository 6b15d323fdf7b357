import type { Span } from '../model/case';
import type { DetectorHit } from './detectors';
import type { Normalized } from './normalize';
import { HAS_CJK, HAS_LATIN, toOriginalSpan } from './normalize';

/**
 * A learned weak signal for "reads like an advertisement": a logistic regression over the
 * n-grams of the normalised text (Chinese: characters and character 2- and 3-grams; Latin: words and word
 * pairs, digits read as 0 so "£20" and "£35" are one feature), trained by
 * scripts/train-ad-model.ts on the development halves only and shipped as data
 * (packs/data/ad-model.ts). The hand-written families and shapes catch the wordings someone
 * wrote down; this catches the next product or scheme written in an ad's usual words.
 *
 * It is one contribution to the advertising score, graded by the model's confidence, never
 * a rule of its own; its evidence is the spans of the n-grams that pushed it up most.
 * Features are hashed (FNV-1a over the canonical n-gram) into an open-addressing table
 * built once, so a message is scored without building a string.
 */

export interface AdModelData {
  readonly bias: number;
  /** Graded contribution: clamp((logit - offset) * scale, 0, max). */
  readonly offset: number;
  readonly scale: number;
  readonly max: number;
  /**
   * Whether the message's shape counts too (SHAPE_FEATURES: a price in dollars, a percentage,
   * a question or exclamation mark, how many words): the English model reads them, since an
   * offer states a price and a customer asks; the Chinese one does not.
   */
  readonly shapes?: boolean;
  /**
   * Whether the model reads only messages without a Chinese character and with a Latin letter
   * (the English one: trained on such lines, it has no opinion on the others).
   */
  readonly latinOnly?: boolean;
  /**
   * Messages with fewer words than this (runs of Latin letters and digits) are not read: no
   * advertisement of the training data is that short, so the model's opinion there is noise,
   * and most chat lines are skipped at the cost of counting to this number.
   */
  readonly minWords?: number;
  /** "ngram\tweight" lines. */
  readonly features: string;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

const isCjk = (c: number): boolean => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isWordCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** For each ASCII code: 0 if no word character, else the code step() hashes (digits read as 0). */
const WORD_HASH_CODE: Uint8Array = Uint8Array.from({ length: 0x80 }, (_, c) => (isWordCode(c) ? (isDigit(c) ? 0x30 : c) : 0));
/** Where a pair of words stops: sentence ends and line breaks. */
const breaksPair = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x3b;

/** One code unit into an FNV-1a hash (digits read as 0). */
function step(h: number, c: number): number {
  return Math.imul(h ^ (isDigit(c) ? 0x30 : c), FNV_PRIME) >>> 0;
}

/** Hash of a canonical feature string, as the scan computes it from the text. */
export function hashFeature(feature: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < feature.length; i++) h = step(h, feature.charCodeAt(i));
  return h === 0 ? 1 : h;
}

/**
 * The shape features (AdModelData.shapes), named with "#", which no n-gram holds: "$35", "50%",
 * "?", "!", and the message's length in Latin words (up to 5, up to 15, more).
 */
export const SHAPE_FEATURES = ['#money', '#pct', '#ask', '#excl', '#short', '#mid', '#long'] as const;
const [H_MONEY, H_PCT, H_ASK, H_EXCL, H_SHORT, H_MID, H_LONG] = SHAPE_FEATURES.map(hashFeature) as [number, number, number, number, number, number, number];
const SHAPE_NAMES: ReadonlyMap<number, string> = new Map(SHAPE_FEATURES.map((f) => [hashFeature(f), f]));

/**
 * Every feature of a normalised text, in order: `visit(hash, start, end)` with normalised
 * offsets. Training (with the canonical strings, see featureStrings) and scoring read the
 * text the same way.
 */
export function scanFeatures(codes: Uint16Array, length: number, visit: (hash: number, start: number, end: number) => void, shapes = false): void {
  let prevStart = -1;
  let prevHash = 0;
  let words = 0;
  let i = 0;
  while (i < length) {
    const c = codes[i] as number;
    if (isCjk(c)) {
      prevStart = -1;
      let e = i + 1;
      while (e < length && isCjk(codes[e] as number)) e++;
      for (let s = i; s < e; s++) {
        const h1 = step(FNV_OFFSET, codes[s] as number);
        visit(h1 === 0 ? 1 : h1, s, s + 1);
        if (s + 1 >= e) break;
        const h2 = step(h1, codes[s + 1] as number);
        visit(h2 === 0 ? 1 : h2, s, s + 2);
        if (s + 2 < e) {
          const h3 = step(h2, codes[s + 2] as number);
          visit(h3 === 0 ? 1 : h3, s, s + 3);
        }
      }
      i = e;
      continue;
    }
    if (c < 0x80 && (WORD_HASH_CODE[c] as number) !== 0) {
      // The word's hash and the pair's in one pass: the pair's goes on from the previous
      // word's (FNV-1a is a running state). Int32 arithmetic, made unsigned once at the end
      // (the same bits as step()).
      let x = WORD_HASH_CODE[c] as number;
      let h = Math.imul(FNV_OFFSET ^ x, FNV_PRIME);
      let p = Math.imul(Math.imul(prevHash ^ SPACE, FNV_PRIME) ^ x, FNV_PRIME);
      let e = i + 1;
      for (; e < length; e++) {
        const d = codes[e] as number;
        if (d >= 0x80) break;
        x = WORD_HASH_CODE[d] as number;
        if (x === 0) break;
        h = Math.imul(h ^ x, FNV_PRIME);
        p = Math.imul(p ^ x, FNV_PRIME);
      }
      h >>>= 0;
      p >>>= 0;
      visit(h === 0 ? 1 : h, i, e);
      words++;
      if (prevStart >= 0) visit(p === 0 ? 1 : p, prevStart, e);
      prevStart = i;
      prevHash = h;
      i = e;
      continue;
    }
    if (breaksPair(c)) prevStart = -1;
    if (shapes) {
      if (c === 0x24 /* $ */ && i + 1 < length && isDigit(codes[i + 1] as number)) {
        let e = i + 1;
        while (e < length && isDigit(codes[e] as number)) e++;
        visit(H_MONEY, i, e);
      } else if (c === 0x25 /* % */ && i > 0 && isDigit(codes[i - 1] as number)) {
        let s = i - 1;
        while (s > 0 && isDigit(codes[s - 1] as number)) s--;
        visit(H_PCT, s, i + 1);
      } else if (c === 0x3f /* ? */) visit(H_ASK, i, i + 1);
      else if (c === 0x21 /* ! */) visit(H_EXCL, i, i + 1);
    }
    i++;
  }
  // The length has no span of its own (start = end): it is never shown as evidence.
  if (shapes && words > 0) visit(words <= 5 ? H_SHORT : words <= 15 ? H_MID : H_LONG, 0, 0);
}

/** The canonical strings of a normalised text's features (training and tests). */
export function featureStrings(text: string, shapes = false): string[] {
  const codes = Uint16Array.from(text, (ch) => ch.charCodeAt(0));
  const canonical = (h: number, s: number, e: number): string => {
    const shape = SHAPE_NAMES.get(h);
    if (shapes && shape !== undefined) return shape;
    const slice = text.slice(s, e).replace(/[0-9]/g, '0');
    if (isCjk(text.charCodeAt(s))) return slice;
    // A word pair: the two words with one space, whatever separated them.
    return slice
      .split(/[^a-z0-9_]+/)
      .filter(Boolean)
      .join(' ');
  };
  const out: string[] = [];
  scanFeatures(codes, text.length, (h, s, e) => out.push(canonical(h, s, e)), shapes);
  return out;
}

export interface CompiledAdModel {
  readonly data: AdModelData;
  readonly keys: Uint32Array;
  readonly weights: Float32Array;
  readonly mask: number;
  readonly size: number;
  /**
   * Per-message scratch of this model: which table slots were counted, by stamp (each
   * feature once per message). Each model has its own, so scoring messages with the Chinese
   * and the English model in turn allocates nothing.
   */
  readonly stamps: Uint32Array;
  stamp: number;
  /**
   * A bit per low 16 bits of a word's hash: set where some word pair of the table starts with
   * such a word. Scoring skips hashing the pair after any other word (most words start no
   * pair the model kept, and such a pair cannot be in the table).
   */
  readonly pairStarts: Uint8Array;
}

const PAIR_START_BYTES = 0x10000 >>> 3;

/** A word's running hash as the scan leaves it (unsigned, not mapped away from 0). */
function wordHash(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = step(h, text.charCodeAt(i));
  return h;
}

export function compileAdModel(data: AdModelData): CompiledAdModel {
  const entries: [string, number][] = [];
  for (const line of data.features.split('\n')) {
    if (line === '') continue;
    const tab = line.lastIndexOf('\t');
    entries.push([line.slice(0, tab), Number(line.slice(tab + 1))]);
  }
  let capacity = 16;
  while (capacity < entries.length * 2) capacity *= 2;
  const keys = new Uint32Array(capacity);
  const weights = new Float32Array(capacity);
  const mask = capacity - 1;
  for (const [feature, weight] of entries) {
    const h = hashFeature(feature);
    let slot = h & mask;
    while (keys[slot] !== 0 && keys[slot] !== h) slot = (slot + 1) & mask;
    keys[slot] = h;
    weights[slot] = weight;
  }
  const pairStarts = new Uint8Array(PAIR_START_BYTES);
  for (const [feature] of entries) {
    const space = feature.indexOf(' ');
    if (space <= 0 || !isWordCode(feature.charCodeAt(0))) continue;
    const first = wordHash(feature, 0, space);
    pairStarts[(first & 0xffff) >>> 3] = (pairStarts[(first & 0xffff) >>> 3] as number) | (1 << (first & 7));
  }
  return { data, keys, weights, mask, size: entries.length, stamps: new Uint32Array(capacity), stamp: 0, pairStarts };
}

// Per-message scratch: the model being read, its slot stamps, and the strongest
// contributions, so scoring allocates nothing but its result.
let stamps: Uint32Array = new Uint32Array(0);
let stamp = 0;
const TOP = 3;
const topWeight = new Float64Array(TOP);
const topStart = new Int32Array(TOP);
const topEnd = new Int32Array(TOP);
let logit = 0;

let tracking = false;
let currentKeys: Uint32Array = new Uint32Array(0);
let currentWeights: Float32Array = new Float32Array(0);
let currentMask = 0;

function visitFeature(h: number, s: number, e: number): void {
  const keys = currentKeys;
  let slot = h & currentMask;
  for (;;) {
    const k = keys[slot] as number;
    if (k === h) break;
    if (k === 0) return;
    slot = (slot + 1) & currentMask;
  }
  if (stamps[slot] === stamp) return;
  stamps[slot] = stamp;
  const w = currentWeights[slot] as number;
  logit += w;
  if (!tracking || w <= (topWeight[TOP - 1] as number) || e <= s) return;
  let k = TOP - 1;
  while (k > 0 && w > (topWeight[k - 1] as number)) {
    topWeight[k] = topWeight[k - 1] as number;
    topStart[k] = topStart[k - 1] as number;
    topEnd[k] = topEnd[k - 1] as number;
    k--;
  }
  topWeight[k] = w;
  topStart[k] = s;
  topEnd[k] = e;
}

/** The model's logit for a normalised text (tools and tests). */
export function adModelLogit(model: CompiledAdModel, norm: Normalized): number {
  run(model, norm);
  return logit;
}

/**
 * scanFeatures for scoring: the same features, looked up as they come (visitFeature), except
 * the word pairs whose first word starts none in the table (pairStarts), which are not hashed.
 * A test checks it sums what scanFeatures finds.
 */
function scoreFeatures(model: CompiledAdModel, codes: Uint16Array, length: number, shapes: boolean): void {
  const pairStarts = model.pairStarts;
  let prevStart = -1;
  let prevHash = 0;
  let prevStartsPair = false;
  let words = 0;
  let i = 0;
  while (i < length) {
    const c = codes[i] as number;
    if (c < 0x80) {
      const x0 = WORD_HASH_CODE[c] as number;
      if (x0 !== 0) {
        let h = Math.imul(FNV_OFFSET ^ x0, FNV_PRIME);
        let e = i + 1;
        for (; e < length; e++) {
          const d = codes[e] as number;
          if (d >= 0x80) break;
          const x = WORD_HASH_CODE[d] as number;
          if (x === 0) break;
          h = Math.imul(h ^ x, FNV_PRIME);
        }
        h >>>= 0;
        visitFeature(h === 0 ? 1 : h, i, e);
        words++;
        if (prevStartsPair && prevStart >= 0) {
          let p = Math.imul(prevHash ^ SPACE, FNV_PRIME);
          for (let k = i; k < e; k++) p = Math.imul(p ^ (WORD_HASH_CODE[codes[k] as number] as number), FNV_PRIME);
          p >>>= 0;
          visitFeature(p === 0 ? 1 : p, prevStart, e);
        }
        prevStart = i;
        prevHash = h;
        prevStartsPair = ((pairStarts[(h & 0xffff) >>> 3] as number) & (1 << (h & 7))) !== 0;
        i = e;
        continue;
      }
      if (breaksPair(c)) prevStart = -1;
      if (shapes) {
        if (c === 0x24 /* $ */ && i + 1 < length && isDigit(codes[i + 1] as number)) {
          let e = i + 1;
          while (e < length && isDigit(codes[e] as number)) e++;
          visitFeature(H_MONEY, i, e);
        } else if (c === 0x25 /* % */ && i > 0 && isDigit(codes[i - 1] as number)) {
          let s = i - 1;
          while (s > 0 && isDigit(codes[s - 1] as number)) s--;
          visitFeature(H_PCT, s, i + 1);
        } else if (c === 0x3f /* ? */) visitFeature(H_ASK, i, i + 1);
        else if (c === 0x21 /* ! */) visitFeature(H_EXCL, i, i + 1);
      }
      i++;
      continue;
    }
    if (isCjk(c)) {
      prevStart = -1;
      let e = i + 1;
      while (e < length && isCjk(codes[e] as number)) e++;
      for (let s = i; s < e; s++) {
        const h1 = step(FNV_OFFSET, codes[s] as number);
        visitFeature(h1 === 0 ? 1 : h1, s, s + 1);
        if (s + 1 >= e) break;
        const h2 = step(h1, codes[s + 1] as number);
        visitFeature(h2 === 0 ? 1 : h2, s, s + 2);
        if (s + 2 < e) {
          const h3 = step(h2, codes[s + 2] as number);
          visitFeature(h3 === 0 ? 1 : h3, s, s + 3);
        }
      }
      i = e;
      continue;
    }
    i++;
  }
  if (shapes && words > 0) visitFeature(words <= 5 ? H_SHORT : words <= 15 ? H_MID : H_LONG, 0, 0);
}

function run(model: CompiledAdModel, norm: Normalized, track = true): void {
  stamps = model.stamps;
  stamp = (model.stamp + 1) >>> 0;
  if (stamp === 0) {
    stamps.fill(0);
    stamp = 1;
  }
  model.stamp = stamp;
  tracking = track;
  if (track) topWeight.fill(0);
  logit = model.data.bias;
  currentKeys = model.keys;
  currentWeights = model.weights;
  currentMask = model.mask;
  scoreFeatures(model, norm.codes, norm.length, model.data.shapes === true);
}

/** The graded contribution for a logit: 0 below the offset, `max` at most. */
export function adModelGrade(data: AdModelData, value: number): number {
  const graded = (value - data.offset) * data.scale;
  if (graded <= 0) return 0;
  return Math.round(Math.min(graded, data.max) * 100) / 100;
}

const NONE: readonly DetectorHit[] = Object.freeze([]);

/**
 * Whether detectAdLikeness would find anything: the model has an opinion above its grading's
 * offset. Costs one scan; a detector gate that uses it spares the rule everything else for
 * the many messages the model reads as ordinary.
 */
export function adModelMayFind(model: CompiledAdModel, norm: Normalized): boolean {
  if (!reads(model.data, norm)) return false;
  run(model, norm, false);
  return adModelGrade(model.data, logit) > 0;
}

/** A message with a Latin letter and no Chinese character (AdModelData.latinOnly). */
export function readsLatinOnly(norm: Normalized): boolean {
  return (norm.flags & (HAS_LATIN | HAS_CJK)) === HAS_LATIN;
}

/** Whether the model reads this message at all (AdModelData.latinOnly and minWords). */
function reads(data: AdModelData, norm: Normalized): boolean {
  if (data.latinOnly === true && !readsLatinOnly(norm)) return false;
  const minWords = data.minWords ?? 0;
  if (minWords <= 1) return true;
  const codes = norm.codes;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < norm.length; i++) {
    const word = isWordCode(codes[i] as number);
    if (word && !inWord && ++words >= minWords) return true;
    inWord = word;
  }
  return false;
}

/**
 * The detector: nothing when the model's graded contribution is 0; otherwise one hit per
 * n-gram that pushed the logit up most (at most three, their spans are the evidence), the
 * first carrying the contribution as its `weight`.
 */
export function detectAdLikeness(model: CompiledAdModel, norm: Normalized, kind: 'ad_model' | 'ad_model_en' = 'ad_model'): readonly DetectorHit[] {
  if (!reads(model.data, norm)) return NONE;
  run(model, norm);
  const grade = adModelGrade(model.data, logit);
  if (grade <= 0) return NONE;
  const spans: Span[] = [];
  for (let k = 0; k < TOP; k++) {
    if ((topWeight[k] as number) <= 0) break;
    spans.push(toOriginalSpan(norm, topStart[k] as number, topEnd[k] as number));
  }
  if (spans.length === 0) return NONE;
  return spans.map((span, k) => (k === 0 ? { kind, span, weight: grade } : { kind, span }));
}
