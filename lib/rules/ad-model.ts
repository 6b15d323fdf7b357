import type { Span } from '../model/case';
import type { DetectorHit } from './detectors';
import type { Normalized } from './normalize';
import { toOriginalSpan } from './normalize';

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
  /** "ngram\tweight" lines. */
  readonly features: string;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

const isCjk = (c: number): boolean => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isWordCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
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
 * Every feature of a normalised text, in order: `visit(hash, start, end)` with normalised
 * offsets. Training (with the canonical strings, see featureStrings) and scoring read the
 * text the same way.
 */
export function scanFeatures(codes: Uint16Array, length: number, visit: (hash: number, start: number, end: number) => void): void {
  let prevStart = -1;
  let prevEnd = -1;
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
    if (isWordCode(c)) {
      let e = i + 1;
      while (e < length && isWordCode(codes[e] as number)) e++;
      let h = FNV_OFFSET;
      for (let k = i; k < e; k++) h = step(h, codes[k] as number);
      visit(h === 0 ? 1 : h, i, e);
      if (prevStart >= 0) {
        let p = FNV_OFFSET;
        for (let k = prevStart; k < prevEnd; k++) p = step(p, codes[k] as number);
        p = step(p, SPACE);
        for (let k = i; k < e; k++) p = step(p, codes[k] as number);
        visit(p === 0 ? 1 : p, prevStart, e);
      }
      prevStart = i;
      prevEnd = e;
      i = e;
      continue;
    }
    if (breaksPair(c)) prevStart = -1;
    i++;
  }
}

/** The canonical strings of a normalised text's features (training and tests). */
export function featureStrings(text: string): string[] {
  const codes = Uint16Array.from(text, (ch) => ch.charCodeAt(0));
  const canonical = (s: number, e: number): string => {
    const slice = text.slice(s, e).replace(/[0-9]/g, '0');
    if (isCjk(text.charCodeAt(s))) return slice;
    // A word pair: the two words with one space, whatever separated them.
    return slice
      .split(/[^a-z0-9_]+/)
      .filter(Boolean)
      .join(' ');
  };
  const out: string[] = [];
  scanFeatures(codes, text.length, (_h, s, e) => out.push(canonical(s, e)));
  return out;
}

export interface CompiledAdModel {
  readonly data: AdModelData;
  readonly keys: Uint32Array;
  readonly weights: Float32Array;
  readonly mask: number;
  readonly size: number;
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
  return { data, keys, weights, mask, size: entries.length };
}

// Per-message scratch: which table slots were counted (each feature once per message) and
// the strongest contributions, so scoring allocates nothing but its result.
let stamps = new Uint32Array(0);
let stamp = 0;
const TOP = 3;
const topWeight = new Float64Array(TOP);
const topStart = new Int32Array(TOP);
const topEnd = new Int32Array(TOP);
let logit = 0;
let current: CompiledAdModel | null = null;

function visitFeature(h: number, s: number, e: number): void {
  const model = current as CompiledAdModel;
  let slot = h & model.mask;
  for (;;) {
    const k = model.keys[slot] as number;
    if (k === 0) return;
    if (k === h) break;
    slot = (slot + 1) & model.mask;
  }
  if (stamps[slot] === stamp) return;
  stamps[slot] = stamp;
  const w = model.weights[slot] as number;
  logit += w;
  if (w <= (topWeight[TOP - 1] as number)) return;
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

function run(model: CompiledAdModel, norm: Normalized): void {
  if (stamps.length !== model.keys.length) {
    stamps = new Uint32Array(model.keys.length);
    stamp = 0;
  }
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    stamps.fill(0);
    stamp = 1;
  }
  topWeight.fill(0);
  logit = model.data.bias;
  current = model;
  scanFeatures(norm.codes, norm.length, visitFeature);
  current = null;
}

/** The graded contribution for a logit: 0 below the offset, `max` at most. */
export function adModelGrade(data: AdModelData, value: number): number {
  const graded = (value - data.offset) * data.scale;
  if (graded <= 0) return 0;
  return Math.round(Math.min(graded, data.max) * 100) / 100;
}

const NONE: readonly DetectorHit[] = Object.freeze([]);

/**
 * The detector: nothing when the model's graded contribution is 0; otherwise one hit per
 * n-gram that pushed the logit up most (at most three, their spans are the evidence), the
 * first carrying the contribution as its `weight`.
 */
export function detectAdLikeness(model: CompiledAdModel, norm: Normalized): readonly DetectorHit[] {
  run(model, norm);
  const grade = adModelGrade(model.data, logit);
  if (grade <= 0) return NONE;
  const spans: Span[] = [];
  for (let k = 0; k < TOP; k++) {
    if ((topWeight[k] as number) <= 0) break;
    spans.push(toOriginalSpan(norm, topStart[k] as number, topEnd[k] as number));
  }
  if (spans.length === 0) return NONE;
  return spans.map((span, k) => (k === 0 ? { kind: 'ad_model' as const, span, weight: grade } : { kind: 'ad_model' as const, span }));
}
