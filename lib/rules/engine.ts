import type { MemberAction, Span } from '../model/case';
import {
  type ContentAction,
  type DetectorKind,
  NewMemberSchema,
  type Rule,
  type RuleCategory,
  type RuleFieldError,
  type RuleMessage,
  type Severity,
} from '../model/rule';
import { floodBurst, floodRate, isNewMember, outsideAllowedHours, repeats } from './behaviour';
import { DETECTOR_KINDS } from '../model/rule';
import { type DetectorInput, DETECTORS, loosestDetectorOptions } from './detector-registry';
import { AD_SHAPE_CUES } from './detectors/ad-shape';
import {
  ALL_CUES,
  CUE_QQ,
  CUE_WECHAT,
  CUE_WORDS,
  type DetectorHit,
  type DetectorOptions,
  isAllowedHost,
} from './detectors';
import { allInside, mayAsk, questionSentences } from './asked';
import { applyGroupAllowList } from './learning';
import type { RuleSignals } from './group-signals';
import { grown, HitBuffer, type KeywordEntry, KeywordMatcher, MAX_HITS_PER_SCAN } from './matcher';
import {
  HAS_FOLDED_SYMBOL,
  HAS_LATIN,
  NormalizeScratch,
  type Normalized,
  normalizeInto,
  normalizeText,
  punctBit,
  toOriginalSpan,
} from './normalize';
import { type ReasonData, type ReasonDetail, reasonTexts } from './reason';
import { findAll, type SafeRegex } from './regex';
import { type RuleNeed, RuleSelection } from './rule-selection';
import { validateRules } from './validate';

/**
 * The rule engine: rules compiled once, then each message evaluated against all of them.
 * It only suggests. Suggestions carry the evidence as spans of the original text and a
 * reason that names the kind of problem, never the matched word (the reason may be shown
 * or posted in the group, where repeating the word would spread it).
 */

export interface RuleContext {
  /** The member's recent messages in this group, oldest first (may include `message`). */
  readonly recent: readonly RuleMessage[];
  /**
   * When the member joined the group, from a join event seen or a join date the chat shows.
   * Unknown for members already there when the extension first read the group: those are
   * established, never "new".
   */
  readonly memberJoinedAt?: number;
  readonly now: number;
  /** The message's surroundings from the background (known domains, other groups). */
  readonly signals?: RuleSignals;
}

export type ContextSignal = 'new_domain' | 'cross_group' | 'new_member';
export type EvidenceKind = 'keyword' | 'regex' | DetectorKind | ContextSignal | 'flood' | 'burst' | 'repeat' | 'hours';

export interface Suggestion {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  readonly priority: number;
  readonly memberAction: MemberAction;
  readonly contentAction: ContentAction;
  readonly templateId?: string;
  readonly auditOnly: boolean;
  /** Original-text UTF-16 offsets, end exclusive, sorted and merged. */
  readonly spans: Span[];
  /** What fired, by kind, for the reason and for statistics. */
  readonly evidence: EvidenceKind[];
  /** `reasonData` rendered in English and Chinese through `_locales` (see reason.ts). */
  readonly reason: string;
  readonly reasonZh: string;
  readonly reasonData: ReasonData;
  /** For behaviour rules: the other messages that make up the pattern (flood, repeats). */
  readonly relatedMessageIds: string[];
  /** For scored rules (conditions.minScore): the sum and what made it up, largest first. */
  readonly score?: number;
  readonly contributions?: Contribution[];
}

/**
 * One signal's share of a score. `signal` names the kind of signal, never the matched
 * word (contributions may be shown where repeating the word would spread it); `spans` are
 * where it was found, in original-text offsets.
 */
export interface Contribution {
  readonly signal: 'keyword' | 'weighted' | 'regex' | 'question' | DetectorKind | ContextSignal;
  readonly weight: number;
  readonly spans: Span[];
}

/** A rule left out of compilation: which rule (index, id, name), which field, and why. */
export type RuleCompileError = RuleFieldError;

interface CompiledRule {
  readonly rule: Rule;
  readonly index: number;
  readonly regexes: readonly { regex: SafeRegex; on: 'normalized' | 'original'; requires: readonly string[] }[];
  readonly groupIds: ReadonlySet<string> | null;
  readonly exemptMembers: ReadonlySet<string>;
  readonly hasKeywords: boolean;
  /** No regex, detector or behaviour trigger: only a keyword hit can make it fire. */
  readonly keywordOnly: boolean;
  /** Only detectors trigger it: a message on which none of them may find anything skips it. */
  readonly detectorsOnly: boolean;
  /** The rule's detectors as bits (1 << DETECTOR_INDEX), to test against what may be found. */
  readonly detectorMask: number;
  /** The same without detectors that need company: those alone never make the rule worth running. */
  readonly selfDetectorMask: number;
  readonly hasWeighted: boolean;
  /** The rule's detectors, looked up once, and their indices in DETECTOR_KINDS. */
  readonly detectors: readonly DetectorKind[];
  readonly detectorIndexes: readonly number[];
  /** Indices into CompiledRules.needles for each regex's `requires` (empty: always runs). */
  readonly regexNeedles: readonly (readonly number[])[];
  readonly hasBehaviour: boolean;
  /** A group scope, exempt members, a minimum length or new members only: checked per message. */
  readonly conditional: boolean;
  /** Roles the rule looks at (ROLE_BIT), staff left out when the rule exempts them. */
  readonly roleMask: number;
  /** Only weighted phrases and a score: without a phrase hit it cannot fire. */
  readonly weightedOnly: boolean;
  /** A score with a positive threshold and no behaviour trigger (see scoreUpperBound). */
  readonly scoredOnly: boolean;
  /** Each detector's bit and the most it can add to the rule's score. */
  readonly detectorWeights: readonly { readonly bit: number; readonly weight: number; readonly needsCompany: boolean }[];
  /** Bits of the rule's detectors that count as what the words say (CONTENT_SIGNALS: ad shapes). */
  readonly contentDetectorMask: number;
  /**
   * Index into `detectors` of the detector that needs company (DetectorDefinition.needsCompany),
   * or -1. It is consulted last, only when the rest leaves the score below the threshold.
   */
  readonly deferredDetector: number;
  /** Rendered reasons by the evidence kinds that fired (see reasonOf). */
  readonly reasons: Map<number, { readonly reasonData: ReasonData; readonly reason: string; readonly reasonZh: string }>;
}

const ROLE_BIT: Record<RuleMessage['role'], number> = { staff: 1, customer: 2, unknown: 4 };
/** What "new member" means for a rule that does not say: parsed once, not per message. */
const DEFAULT_NEW_MEMBER = NewMemberSchema.parse({});

export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly matcher: KeywordMatcher;
  /** Detectors any enabled rule uses, so each runs at most once per message. */
  readonly detectorKinds: ReadonlySet<DetectorKind>;
  /** The same detectors with their bits, for the per-message test of what may be found. */
  readonly detectorGates: readonly DetectorGate[];
  /**
   * Options the gates are asked with: the loosest of every rule's, so one answer per
   * message holds for each rule's own thresholds (a message too short for any rule's
   * length limit skips the length detector and the rules made of it).
   */
  readonly detectorGateOptions: DetectorOptions;
  /** Weighted phrases by matcher tag - WEIGHT_TAG_BASE: owning rule index and weight. */
  readonly weightedRule: Int32Array;
  readonly weightedWeight: Float64Array;
  /** Every distinct `requires` substring of the rules' regular expressions (normalised text). */
  readonly needles: readonly string[];
  /** 1 for a needle the keyword pass looks for (tag NEEDLE_TAG_BASE + index): not seen there, not present. */
  readonly indexedNeedles: Uint8Array;
  /** Which rules each message can make fire (see rule-selection.ts); its buffers are reused per message. */
  readonly selection: RuleSelection;
  /** The rules selected as 'scored' (ruleNeed): per message, their detectors and patterns decide. */
  readonly scoredRules: readonly CompiledRule[];
  /** Per-group allow-lists staff approved (group id → phrases); see withGroupAllowLists in learning.ts. */
  readonly groupAllowLists?: ReadonlyMap<string, readonly string[]>;
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

function milder(severity: Severity): Severity {
  return severity === 'high' ? 'medium' : 'low';
}

/**
 * Validate and compile rules. A rule that fails (bad field, invalid regular expression)
 * is left out and reported by id, name and field; all other rules still compile.
 */
export function compileRules(rules: readonly unknown[]): { compiled: CompiledRules; errors: RuleCompileError[] } {
  // The same rules are compiled again and again (every background start, every store that
  // reloads them); the packs are large, so identical input reuses the last results.
  let key: string | null = null;
  try {
    key = JSON.stringify(rules);
  } catch {
    key = null; // not serialisable: compile (and report) as usual
  }
  const cached = key === null ? undefined : compileCache.get(key);
  if (cached) return { compiled: cached.compiled, errors: [...cached.errors] };
  const result = compileRulesUncached(rules);
  if (key !== null) {
    if (compileCache.size >= COMPILE_CACHE_SIZE) compileCache.delete(compileCache.keys().next().value as string);
    compileCache.set(key, result);
  }
  return { compiled: result.compiled, errors: [...result.errors] };
}

const COMPILE_CACHE_SIZE = 4;
const compileCache = new Map<string, { compiled: CompiledRules; errors: RuleCompileError[] }>();

function compileRulesUncached(rules: readonly unknown[]): { compiled: CompiledRules; errors: RuleCompileError[] } {
  const compiledRules: CompiledRule[] = [];
  const entries: KeywordEntry[] = [];
  const detectorKinds = new Set<DetectorKind>();
  const weightedRule: number[] = [];
  const weightedWeight: number[] = [];
  const needles: string[] = [];
  const needleIndex = new Map<string, number>();
  const needleOf = (needle: string): number => {
    let i = needleIndex.get(needle);
    if (i === undefined) {
      i = needles.length;
      needles.push(needle);
      needleIndex.set(needle, i);
    }
    return i;
  };

  const { valid, errors } = validateRules(rules);
  for (const { rule, regexes: compiledRegexes } of valid) {
    if (!rule.enabled) continue;
    const regexes = rule.triggers.regexes.map((r, i) => ({
      regex: compiledRegexes[i] as SafeRegex,
      on: r.on,
      requires: r.requires.map((x) => x.toLowerCase()),
    }));
    const index = compiledRules.length;
    for (const k of rule.triggers.keywords) entries.push({ pattern: k, tag: index, wholeWord: rule.triggers.wholeWordLatin });
    for (const a of rule.triggers.allowPhrases) entries.push({ pattern: a, tag: index, allow: true, wholeWord: false });
    for (const d of rule.triggers.detectors) detectorKinds.add(d);
    for (const w of rule.triggers.weighted) {
      entries.push({ pattern: w.pattern, tag: WEIGHT_TAG_BASE + weightedRule.length, wholeWord: rule.triggers.wholeWordLatin });
      weightedRule.push(index);
      weightedWeight.push(w.weight);
    }
    compiledRules.push({
      rule,
      index,
      regexes,
      groupIds: rule.scope.kind === 'groups' ? new Set(rule.scope.groupIds) : null,
      exemptMembers: new Set(rule.exemptions.memberIds),
      conditional:
        rule.scope.kind === 'groups' ||
        rule.exemptions.memberIds.length > 0 ||
        rule.conditions.minLength !== undefined ||
        rule.conditions.newMembersOnly === true,
      hasKeywords: rule.triggers.keywords.length > 0,
      hasWeighted: rule.triggers.weighted.length > 0,
      detectors: [...rule.triggers.detectors],
      detectorIndexes: rule.triggers.detectors.map((d) => DETECTOR_KINDS.indexOf(d)),
      roleMask: rule.conditions.roles.reduce((mask, role) => (role === 'staff' && rule.exemptions.staff ? mask : mask | ROLE_BIT[role]), 0),
      weightedOnly:
        rule.conditions.minScore !== undefined &&
        rule.triggers.weighted.length > 0 &&
        rule.triggers.keywords.length === 0 &&
        regexes.length === 0 &&
        rule.triggers.detectors.length === 0,
      scoredOnly:
        rule.conditions.minScore !== undefined &&
        rule.conditions.minScore > 0 &&
        !rule.triggers.behaviour.floodRate &&
        !rule.triggers.behaviour.floodBurst &&
        !rule.triggers.behaviour.repeat &&
        !rule.triggers.behaviour.allowedHours,
      detectorWeights: rule.triggers.detectors.map((d) => ({
        bit: detectorBit(d),
        weight: Math.max(0, rule.triggers.detectorWeights[d] ?? 1) * (DETECTORS[d].maxWeight ?? DETECTORS[d].countedHits ?? 1),
        needsCompany: DETECTORS[d].needsCompany === true,
      })),
      contentDetectorMask: rule.triggers.detectors.reduce((mask, d) => (CONTENT_SIGNALS.has(d) && !DETECTORS[d].needsCompany ? mask | detectorBit(d) : mask), 0),
      deferredDetector: rule.conditions.minScore === undefined ? -1 : rule.triggers.detectors.findIndex((d) => DETECTORS[d].needsCompany === true),
      detectorMask: rule.triggers.detectors.reduce((mask, d) => mask | detectorBit(d), 0),
      selfDetectorMask: rule.triggers.detectors.reduce((mask, d) => (DETECTORS[d].needsCompany ? mask : mask | detectorBit(d)), 0),
      reasons: new Map(),
      regexNeedles: regexes.map((r) => r.requires.map(needleOf)),
      hasBehaviour:
        Boolean(rule.triggers.behaviour.floodRate) ||
        Boolean(rule.triggers.behaviour.floodBurst) ||
        Boolean(rule.triggers.behaviour.repeat) ||
        Boolean(rule.triggers.behaviour.allowedHours),
      detectorsOnly:
        rule.triggers.keywords.length === 0 &&
        rule.triggers.weighted.length === 0 &&
        regexes.length === 0 &&
        rule.triggers.detectors.length > 0 &&
        !rule.triggers.behaviour.floodRate &&
        !rule.triggers.behaviour.floodBurst &&
        !rule.triggers.behaviour.repeat &&
        !rule.triggers.behaviour.allowedHours,
      keywordOnly:
        rule.triggers.weighted.length === 0 &&
        regexes.length === 0 &&
        rule.triggers.detectors.length === 0 &&
        !rule.triggers.behaviour.floodRate &&
        !rule.triggers.behaviour.floodBurst &&
        !rule.triggers.behaviour.repeat &&
        !rule.triggers.behaviour.allowedHours,
    });
  }

  for (const cue of [...CUE_WORDS, ...AD_SHAPE_CUES, QUESTION_CUE_WORDS]) {
    for (const w of cue.words) entries.push({ pattern: w, tag: CUE_TAG_BASE + cue.bit, wholeWord: cue.wholeWord });
  }
  // Regular expressions' `requires` words ride along in the keyword pass where the automaton
  // can see them exactly (letters, digits, CJK and spaces that normalisation leaves as they
  // are): a message the pass found none in skips the substring search in decideNeedles.
  const indexedNeedles = new Uint8Array(needles.length);
  needles.forEach((needle, n) => {
    const word = needle.trim();
    if (word === '' || !/^[a-z0-9\u3400-\u9fff ]+$/.test(needle) || normalizeText(word) !== word) return;
    const pattern = `${needle.startsWith(' ') ? '|' : ''}${word}${needle.endsWith(' ') ? '|' : ''}`;
    entries.push({ pattern, tag: NEEDLE_TAG_BASE + n, wholeWord: 'marked' });
    indexedNeedles[n] = 1;
  });
  return {
    compiled: {
      rules: compiledRules,
      selection: new RuleSelection(compiledRules.map(ruleNeed)),
      scoredRules: compiledRules.filter((cr) => ruleNeed(cr).kind === 'scored'),
      matcher: KeywordMatcher.compile(entries),
      detectorKinds,
      // A detector that needs company has no gate: it is asked only beside a rule's own hits.
      detectorGates: [...detectorKinds].filter((kind) => !DETECTORS[kind].needsCompany).map((kind) => detectorGate(kind)),
      detectorGateOptions: loosestDetectorOptions(
        compiledRules.filter((cr) => cr.detectors.some((d) => DETECTORS[d].options === 'per-rule')).map((cr) => cr.rule.detectorOptions),
      ),
      weightedRule: Int32Array.from(weightedRule),
      weightedWeight: Float64Array.from(weightedWeight),
      needles,
      indexedNeedles,
    },
    errors,
  };
}

/** What a compiled rule needs from a message before it is worth running (see RuleSelection). */
function ruleNeed(cr: CompiledRule): RuleNeed {
  if (cr.keywordOnly || cr.weightedOnly) return { kind: 'hit' };
  if (cr.detectorsOnly) return { kind: 'detector', detectorMask: cr.detectorMask };
  if (cr.scoredOnly) return { kind: 'scored' };
  const t = cr.rule.triggers;
  const minScore = cr.rule.conditions.minScore;
  // Only floods, repeats or hours: with nothing in the message to find, a score made of
  // context signals alone never reaches a positive threshold (see evaluateMessage).
  const behaviourOnly =
    cr.hasBehaviour &&
    t.keywords.length === 0 &&
    t.weighted.length === 0 &&
    cr.regexes.length === 0 &&
    t.detectors.length === 0 &&
    (minScore === undefined || minScore > 0);
  if (behaviourOnly) return { kind: 'behaviour', behaviour: t.behaviour };
  return { kind: 'always' };
}

const NO_OPTIONS = {};
/**
 * Latin words of the whole-word cues ("tg", "line", "at", "dot"; "whats app" gives both
 * words) and their cue bits, for foldedSymbolCues.
 */
const WHOLE_WORD_CUE_WORDS: ReadonlyMap<string, number> = (() => {
  const words = new Map<string, number>();
  for (const cue of CUE_WORDS) {
    if (!cue.wholeWord) continue;
    for (const phrase of cue.words) {
      for (const word of phrase.split(' ')) if (/^[a-z0-9_]+$/.test(word)) words.set(word, (words.get(word) ?? 0) | cue.bit);
    }
  }
  return words;
})();
/** The same words as code units, compared in place: no string is built per folded symbol. */
const WHOLE_WORD_CUE_CODES: readonly { readonly codes: Uint16Array; readonly bits: number }[] = [...WHOLE_WORD_CUE_WORDS].map(
  ([word, bits]) => ({ codes: Uint16Array.from(word, (c) => c.charCodeAt(0)), bits }),
);
const LONGEST_WHOLE_WORD_CUE = Math.max(...[...WHOLE_WORD_CUE_WORDS.keys()].map((w) => w.length));

/**
 * Whole-word cues next to an "@", "$" or "!" that the normaliser folded into a letter:
 * matching runs on the folded text, where "tg@bob" reads "tgabob" and holds no word "tg",
 * though the text does. The word runs on either side of each folded symbol, read from the
 * text as written, are compared with the cue words.
 */
function foldedSymbolCues(norm: Normalized): number {
  const codes = norm.codes;
  const folded = norm.folded;
  const n = norm.length;
  let cues = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    if ((c !== 0x40 && c !== 0x24 && c !== 0x21) || folded[i] === c) continue;
    let s = i;
    while (s > 0 && isWordCode(codes[s - 1] as number)) s--;
    if (s < i) cues |= cueWordAt(codes, s, i);
    let e = i + 1;
    while (e < n && isWordCode(codes[e] as number)) e++;
    if (e > i + 1) cues |= cueWordAt(codes, i + 1, e);
  }
  return cues;
}

function cueWordAt(codes: Uint16Array, s: number, e: number): number {
  const length = e - s;
  if (length > LONGEST_WHOLE_WORD_CUE) return 0;
  for (let w = 0; w < WHOLE_WORD_CUE_CODES.length; w++) {
    const word = WHOLE_WORD_CUE_CODES[w] as (typeof WHOLE_WORD_CUE_CODES)[number];
    if (word.codes.length !== length) continue;
    let k = 0;
    while (k < length && codes[s + k] === word.codes[k]) k++;
    if (k === length) return word.bits;
  }
  return 0;
}

function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/**
 * Work allowed to user regular expressions per message, in text length × pattern size
 * units: about a hundred ordinary patterns over a 2,000-character message.
 */
export const REGEX_WORK_BUDGET = 2_000_000;
let regexBudgetExceeded = false;

/**
 * Link hosts the last evaluateMessage call found (empty when it looked for none), so the
 * background can learn a group's domains without finding the links a second time.
 */
export function lastEvaluationHosts(): string[] {
  const index = DETECTOR_INDEX.get('url') ?? 0;
  const hits = detectorStamp[index] === evaluationStamp ? detectorCache[index] : undefined;
  if (!hits || hits.length === 0) return [];
  const hosts: string[] = [];
  for (const h of hits) if (h.host) hosts.push(h.host);
  return hosts;
}

const CONTEXT_SIGNALS: ReadonlySet<string> = new Set<ContextSignal>(['new_domain', 'cross_group', 'new_member']);
const CONTENT_SIGNALS: ReadonlySet<string> = new Set(['keyword', 'weighted', 'regex', 'ad_shape', 'ad_shape_en', 'ad_model', 'ad_model_en']);

/**
 * Ids of the rules the last evaluateMessage call selected to run (RuleSelection): tests
 * check that every rule left out would have found nothing.
 */
export function lastEvaluationSelectedRules(compiled: CompiledRules): string[] {
  return compiled.rules.filter((cr) => compiled.selection.has(cr.index)).map((cr) => cr.rule.id);
}

/** Whether the last evaluateMessage call skipped regular expressions for lack of budget. */
export function lastEvaluationHitRegexBudget(): boolean {
  return regexBudgetExceeded;
}

/** Matcher tags at or above this are detector cue words, not rule keywords. */
const CUE_TAG_BASE = 1 << 24;
/** Matcher tags at or above this are regular expressions' `requires` words (see indexedNeedles). */
const NEEDLE_TAG_BASE = 1 << 28;
/** Matcher tags in [WEIGHT_TAG_BASE, CUE_TAG_BASE) are weighted phrases. */
const WEIGHT_TAG_BASE = 1 << 23;

/**
 * A Latin hit must be mostly letters in the text as written: "455" or "2b" are numbers
 * (an order tail, a pencil grade) even though leetspeak folds them into words, while
 * "sh1t" and "a55hole" keep enough letters to count. "SB-2000" is a model code.
 */
function plausibleLatinHit(norm: Normalized, s: number, e: number): boolean {
  const codes = norm.codes;
  let letters = 0;
  let digits = 0;
  let latin = true;
  for (let i = s; i < e; i++) {
    const c = codes[i] as number;
    if (c >= 0x61 && c <= 0x7a) letters++;
    else if (c >= 0x30 && c <= 0x39) digits++;
    else if (c >= 0x80) latin = false;
  }
  if (!latin) return true;
  if (letters === 0) return false;
  if (digits > 0 && letters * 2 <= e - s) return false;
  // A short all-caps-or-lower code glued to a number by "-" or "/" ("SB-2000", "sb/300").
  if (e - s <= 3 && e + 1 < norm.length) {
    const next = codes[e] as number;
    const after = codes[e + 1] as number;
    if ((next === 0x2d || next === 0x2f || next === 0x20) && after >= 0x30 && after <= 0x39 && next !== 0x20) return false;
    if (next >= 0x30 && next <= 0x39) return false;
  }
  if (s > 0 && e - s <= 3) {
    const prev = codes[s - 1] as number;
    if (prev >= 0x30 && prev <= 0x39) return false;
  }
  return true;
}

/**
 * Contact cues written as a Latin letter on its own ("加 v", "v 我", "q : 123"): a run of
 * a-z that is just "v", "w", "vv" or "wv" may start a WeChat cue, just "q" a QQ cue (the
 * detectors' cue patterns allow a space between such a letter and what follows it).
 */
/** Initials (Normalized.shortLatinWordInitials bits) of the words loneLetterCues reads: v, w, vv, wv, q. */
const LONE_LETTER_CUE_INITIALS = [0x76, 0x77, 0x71].reduce((bits, letter) => bits | (1 << (letter - 0x61)), 0);

function loneLetterCues(norm: Normalized): number {
  const codes = norm.codes;
  const n = norm.length;
  let cues = 0;
  let i = 0;
  while (i < n) {
    const c = codes[i] as number;
    if (c < 0x61 || c > 0x7a) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && (codes[j] as number) >= 0x61 && (codes[j] as number) <= 0x7a) j++;
    if (j - i === 1) {
      if (c === 0x76 || c === 0x77) cues |= CUE_WECHAT;
      else if (c === 0x71) cues |= CUE_QQ;
    } else if (j - i === 2 && (c === 0x76 || c === 0x77) && codes[i + 1] === 0x76) cues |= CUE_WECHAT;
    i = j;
  }
  return cues;
}

/** "是真的吗", "is this real": a customer asking about something, not posting it. */
/**
 * Words every QUESTION_CUE match contains, as cue words of the keyword pass: a message
 * without any of them is not asking, and the pattern does not run.
 */
const QUESTION_CUE_BIT = 1 << 20; // above the contact cues (1-16) and ad-shape gates (32 << shape)
const QUESTION_CUE_WORDS = {
  bit: QUESTION_CUE_BIT,
  words: ['吗', '是不是', '真的假的', '收到', '这是什么', '这个是', '谁发的', 'is this', 'is it', 'is that', 'did you send',
    'got this', 'received this', 'should i', 'scam'],
  wholeWord: false,
};
const QUESTION_CUE =
  /(?:是真的吗|是不是真的|真的假的|是骗子吗|是骗局吗|是诈骗吗|靠谱吗|可信吗|能信吗|安全吗|是官方的吗|是你们的吗|是不是骗|有人收到|收到这个|收到了这样|这是什么|这个是|谁发的|is (?:this|it|that)\b[^!?\n]{0,60}?\b(?:real|legit|genuine|safe|a scam|yours|official)|is this from you|did you send|got this (?:text|message)|received this|should i (?:click|trust)|scam\?)/;

/**
 * Asking whether something received is genuine (stricter than QUESTION_CUE, which also takes
 * "这个是" or "谁发的"): what quietWhenAsked needs besides the question sentence.
 */
const ASKS_IF_REAL =
  /(?:是真的吗|是不是真的|真的假的|是骗子吗|是骗局吗|是诈骗吗|靠谱吗|可信吗|能信吗|安全吗|能点吗|可以点吗|敢点吗|是官方的吗|是官方吗|是不是官方|是官网吗|是不是官网|是你们的吗|是不是你们|是不是骗|是正规的吗|是不是|是什么|帮忙看看|对吧|对吗|is (?:this|it|that)\b[^!?\n]{0,60}?\b(?:real|legit|genuine|safe|a scam|yours|official|right)|is this from you|did you send|should i (?:click|trust)|scam\?|(?:right|official|real|genuine) (?:site|website|link|page))/;

// Scratch reused by every evaluation (the engine runs in one thread, synchronously).
const hitBuffer = new HitBuffer();
const scratch = new NormalizeScratch();
const DETECTOR_INDEX = new Map<DetectorKind, number>(DETECTOR_KINDS.map((k, i) => [k, i]));
/** A detector's bit in the per-message mask of detectors that may find something. */
const DETECTOR_BIT: Readonly<Record<DetectorKind, number>> = Object.fromEntries(
  DETECTOR_KINDS.map((k, i) => [k, 1 << i]),
) as Record<DetectorKind, number>;
function detectorBit(kind: DetectorKind): number {
  return DETECTOR_BIT[kind];
}
const ALL_DETECTORS = (1 << DETECTOR_KINDS.length) - 1;
/** Shared detector results of the current message; valid where detectorStamp equals evaluationStamp. */
const detectorCache: (readonly DetectorHit[] | undefined)[] = DETECTOR_KINDS.map(() => undefined);
const detectorStamp = new Float64Array(DETECTOR_KINDS.length);
let evaluationStamp = 0;
const NO_HITS: readonly DetectorHit[] = Object.freeze([]);
/** One detector input per evaluation, refilled in place: detectors read it and keep nothing. */
const detectorInput: { norm: Normalized; original: string; options: DetectorOptions; cues: number } = {
  norm: scratch.result as unknown as Normalized,
  original: '',
  options: NO_OPTIONS,
  cues: 0,
};

/**
 * A detector's bit and cheap test, in one object shape for every detector: the registry's
 * entries differ in shape (optional fields), and reading their fields in the per-message
 * loops went through the engine's slowest property lookups.
 */
interface DetectorGate {
  readonly bit: number;
  /** The registry's `cues` (0: none needed): without one of them, mayFind is not called. */
  readonly cues: number;
  readonly mayFind: (input: DetectorInput) => boolean;
}
function detectorGate(kind: DetectorKind): DetectorGate {
  const detector = DETECTORS[kind];
  return { bit: detectorBit(kind), cues: detector.cues ?? 0, mayFind: detector.mayFind ?? alwaysMayFind };
}
function alwaysMayFind(): boolean {
  return true;
}

/** The registry's detectors by index in DETECTOR_KINDS: how each runs, and whether per rule. */
const DETECTOR_RUNS: readonly ((input: DetectorInput) => readonly DetectorHit[])[] = DETECTOR_KINDS.map((k) => {
  const detector = DETECTORS[k];
  return (input: DetectorInput) => detector.run(input);
});
const DETECTOR_PER_RULE: Uint8Array = Uint8Array.from(DETECTOR_KINDS, (k) => (DETECTORS[k].options === 'per-rule' ? 1 : 0));

/** Hits of detector `index` (into DETECTOR_KINDS) for this message and rule. */
function detectorHits(index: number, rule: Rule, possible: number): readonly DetectorHit[] {
  // A detector whose cheap test failed finds nothing (it would check the same itself).
  if ((possible & (1 << index)) === 0) return NO_HITS;
  const run = DETECTOR_RUNS[index] as (input: DetectorInput) => readonly DetectorHit[];
  // Threshold-based detectors depend on the rule's options; the others are shared.
  if (DETECTOR_PER_RULE[index] === 1) {
    detectorInput.options = rule.detectorOptions;
    return run(detectorInput);
  }
  if (detectorStamp[index] === evaluationStamp) return detectorCache[index] as readonly DetectorHit[];
  detectorInput.options = NO_OPTIONS;
  const hits = run(detectorInput);
  detectorCache[index] = hits;
  detectorStamp[index] = evaluationStamp;
  return hits;
}

/** Per-rule facts of the current message, in typed arrays stamped per evaluation. */
const ruleState = {
  keywordStamp: new Float64Array(16),
  keywordCount: new Int32Array(16),
  weightedStamp: new Float64Array(16),
  weightedUpper: new Float64Array(16),
  hitValid: new Uint8Array(64),
  grow(n: number): void {
    this.keywordStamp = new Float64Array(n * 2);
    this.keywordCount = new Int32Array(n * 2);
    this.weightedStamp = new Float64Array(n * 2);
    this.weightedUpper = new Float64Array(n * 2);
  },
};

/** A rule's keyword hits: spans in original offsets, and how many distinct words (folded). */
function keywordHitsOf(
  norm: Normalized,
  ruleIndex: number,
  aimed?: { readonly window: number; readonly shortMessage: number },
): { spans: Span[]; distinct: number } {
  const spans: Span[] = [];
  const words = aimed ? wordTokens(norm) : null;
  const folded = norm.folded;
  // Many hits (a hostile message): a set of the words instead of comparing pairs.
  const wordSet = (ruleState.keywordCount[ruleIndex] as number) > 32 ? new Set<string>() : null;
  let distinct = 0;
  for (let k = 0; k < hitBuffer.count; k++) {
    if (ruleState.hitValid[k] !== 1 || hitBuffer.tags[k] !== ruleIndex) continue;
    const s = hitBuffer.starts[k] as number;
    const e = hitBuffer.ends[k] as number;
    if (aimed && words && !aimedAt(words, s, e, aimed)) continue;
    spans.push(toOriginalSpan(norm, s, e));
    if (wordSet) {
      wordSet.add(String.fromCharCode(...folded.subarray(s, e)));
      continue;
    }
    // A word counts once however often it occurs: compare with the hits before it.
    let seen = false;
    for (let j = 0; j < k && !seen; j++) {
      if (ruleState.hitValid[j] !== 1 || hitBuffer.tags[j] !== ruleIndex) continue;
      const sj = hitBuffer.starts[j] as number;
      if ((hitBuffer.ends[j] as number) - sj !== e - s) continue;
      let i = 0;
      while (i < e - s && folded[sj + i] === folded[s + i]) i++;
      seen = i === e - s;
    }
    if (!seen) distinct++;
  }
  return { spans, distinct: wordSet ? wordSet.size : distinct };
}

/**
 * A rule's weighted-phrase hits, in the order first found: `ids[i]` was found at `spans[i]`.
 * Parallel arrays rather than a Map: a rule has a handful of phrases, and the loops below
 * walk them by index without Map iterators and their entry pairs.
 */
interface WeightedHits {
  readonly ids: number[];
  readonly spans: Span[][];
}

function weightedHitsOf(compiled: CompiledRules, norm: Normalized, ruleIndex: number): WeightedHits {
  const ids: number[] = [];
  const spansById: Span[][] = [];
  for (let k = 0; k < hitBuffer.count; k++) {
    const tag = hitBuffer.tags[k] as number;
    if (ruleState.hitValid[k] !== 1 || tag < WEIGHT_TAG_BASE || tag >= CUE_TAG_BASE) continue;
    const id = tag - WEIGHT_TAG_BASE;
    if (compiled.weightedRule[id] !== ruleIndex) continue;
    const span = toOriginalSpan(norm, hitBuffer.starts[k] as number, hitBuffer.ends[k] as number);
    const at = ids.indexOf(id);
    if (at >= 0) (spansById[at] as Span[]).push(span);
    else {
      ids.push(id);
      spansById.push([span]);
    }
  }
  return { ids, spans: spansById };
}

/**
 * What a detector adds to a rule's score: its weight, once per hit up to the detector's
 * countedHits (two independent advertising shapes say more than one), else once.
 */
/** Detectors that need company (DetectorDefinition.needsCompany), as bits: always "possible", never a reason to run a rule. */
const NEEDS_COMPANY_BITS: number = DETECTOR_KINDS.reduce((bits, k) => (DETECTORS[k].needsCompany ? bits | detectorBit(k) : bits), 0);

/** Detectors whose first hit carries its own strength (DetectorDefinition.maxWeight). */
const GRADED_DETECTORS: ReadonlySet<DetectorKind> = new Set(DETECTOR_KINDS.filter((k) => DETECTORS[k].maxWeight !== undefined));

function detectorWeight(rule: Rule, kind: DetectorKind, hits: readonly DetectorHit[]): number {
  if (GRADED_DETECTORS.has(kind)) return (rule.triggers.detectorWeights[kind] ?? 1) * ((hits[0] as DetectorHit).weight ?? 1);
  return (rule.triggers.detectorWeights[kind] ?? 1) * Math.min(hits.length, DETECTORS[kind].countedHits ?? 1);
}

function anyRegexMayRun(compiled: CompiledRules, cr: CompiledRule, norm: Normalized): boolean {
  for (let r = 0; r < cr.regexes.length; r++) if (regexMayRun(compiled, cr, r, norm)) return true;
  return false;
}

/** Whether a rule's regular expression r has what it `requires` in this message. */
function regexMayRun(compiled: CompiledRules, cr: CompiledRule, r: number, norm: Normalized): boolean {
  const needles = cr.regexNeedles[r] as readonly number[];
  if (needles.length === 0) return true;
  if (needleState.stamp !== evaluationStamp) decideNeedles(compiled, norm);
  if (!needleState.anyPresent) return false;
  const presentStamp = needleState.presentStamp;
  for (let k = 0; k < needles.length; k++) if (presentStamp[needles[k] as number] === evaluationStamp) return true;
  return false;
}

/**
 * The most a scored rule's words, phrases and context could add for this message (each
 * keyword hit, each positive phrase hit, every context signal that applies at all); the
 * real score counts each once and subtracts questions, so it is never higher.
 */
/** Whether a detector that counts as what the words say (CONTENT_SIGNALS: ad shapes) found something. */
function foundContent(found: readonly { kind: DetectorKind }[] | null): boolean {
  if (found === null) return false;
  for (let i = 0; i < found.length; i++) if (CONTENT_SIGNALS.has((found[i] as { kind: DetectorKind }).kind)) return true;
  return false;
}

/** What decideScore found besides whether the rule fires (read right after the call). */
let decidedScore = 0;
let decidedAsks = false;

/**
 * Whether a scored rule's contributions make it fire: the sum (a question halves the rest),
 * the threshold, soloWeight, and the surroundings never standing in for the message's own
 * signals. Sorts `contributions` by weight; the score and whether a question counted are left
 * in decidedScore and decidedAsks.
 */
function decideScore(rule: Rule, contributions: Contribution[], ownSignals: number, heaviest: number): boolean {
  // One pass for the sums and the flags the tests below need, instead of a reduce,
  // some() and filter() each walking the list (this runs for every scored rule that
  // gets this far, and a flagged message has several).
  let positive = 0;
  let negative = 0;
  let hasContext = false;
  let asksAboutIt = false;
  let learned = -1;
  for (let i = 0; i < contributions.length; i++) {
    const c = contributions[i] as Contribution;
    if (c.weight > 0) positive += c.weight;
    else if (c.weight < 0) negative += c.weight;
    if (c.signal === 'question') asksAboutIt = true;
    if (CONTEXT_SIGNALS.has(c.signal)) hasContext = true;
    if (c.signal === 'ad_model_en') learned = i;
  }
  // The English model reads the n-grams of a quoted scam as it reads the scam; it cannot tell
  // "Someone is pretending to be the bank: …, I reported it" from the text it quotes. Where a
  // question or warning cue counted, its opinion is left out (and out of the explanation).
  if (asksAboutIt && learned >= 0) {
    positive -= (contributions[learned] as Contribution).weight;
    contributions.splice(learned, 1);
  }
  // A question about the thing ("是骗子吗", "is this real?") halves what the rest adds.
  const score = Math.round((negative < 0 ? positive / 2 + negative : positive) * 100) / 100;
  if (contributions.length > 1) contributions.sort(byWeightMagnitude);
  let contentFires = score >= (rule.conditions.minScore as number) && positive > 0;
  // One strong word alone ("退款当天到账了", "我女儿找了份暑假兼职") is how customers talk
  // about their own day; an ad says more than one thing. Only a signal of soloWeight or
  // more fires alone.
  const soloWeight = rule.conditions.soloWeight;
  // The surroundings (the same text in other groups, a new member, a new domain) are a
  // second signal too.
  if (contentFires && soloWeight !== undefined && ownSignals < 2 && heaviest < soloWeight && !hasContext) contentFires = false;
  // The surroundings strengthen what the message says, never replace it: a score that
  // needs them to reach the threshold also needs a word, phrase, pattern or shape.
  if (contentFires && hasContext) {
    const own = contributions.filter((c) => !CONTEXT_SIGNALS.has(c.signal));
    const ownPositive = own.reduce((sum, c) => sum + (c.weight > 0 ? c.weight : 0), 0);
    const ownScore = negative < 0 ? ownPositive / 2 + negative : ownPositive;
    if (ownScore < (rule.conditions.minScore as number) && !own.some((c) => c.weight > 0 && CONTENT_SIGNALS.has(c.signal))) contentFires = false;
  }
  decidedScore = score;
  decidedAsks = asksAboutIt;
  return contentFires;
}

/**
 * Company for a detector that needs it (DetectorDefinition.needsCompany): the rule's positive
 * phrases found add up to 1 or more. Question phrases (negative) and words of weight 0.5 alone,
 * common in honest messages, are no company.
 */
const COMPANY_MIN_WEIGHT = 1;
function wordsLeanToAd(cr: CompiledRule, hasWeightedHits: boolean): boolean {
  return hasWeightedHits && (ruleState.weightedUpper[cr.index] as number) >= COMPANY_MIN_WEIGHT;
}

function scoreUpperBound(cr: CompiledRule, hasKeywordHits: boolean, hasWeightedHits: boolean, context: RuleContext): number {
  let upper = 0;
  if (hasWeightedHits) upper += ruleState.weightedUpper[cr.index] as number;
  if (cr.hasKeywords && hasKeywordHits) upper += ruleState.keywordCount[cr.index] as number;
  const cw = cr.rule.triggers.contextWeights;
  const signals = context.signals;
  if (cw.newDomain && signals?.isKnownDomain) upper += Math.max(0, cw.newDomain);
  if (cw.crossGroup && (signals?.sameTextInOtherGroups ?? 0) > 0) upper += Math.max(0, cw.crossGroup);
  if (cw.newMember && context.memberJoinedAt !== undefined) upper += Math.max(0, cw.newMember);
  return upper;
}

/** Second-person words: a hit near one of them is aimed at someone. */
const TARGET_WORDS: ReadonlySet<string> = new Set([
  'you', 'u', 'ur', 'your', 'yours', 'ya', 'yourself', 'yourselves', 'youre', 'thou', 'ye', 'yall', '你', '您', '妳',
]);
/** First letters of the Latin TARGET_WORDS: other tokens are not looked up. */
const TARGET_FIRST_LETTERS = new Set([...TARGET_WORDS].filter((w) => /^[a-z]/.test(w)).map((w) => w.charCodeAt(0)));
/** The Latin TARGET_WORDS as code units, compared in place (no string per token). */
const LATIN_TARGET_WORDS: readonly Uint16Array[] = [...TARGET_WORDS]
  .filter((w) => /^[a-z]+$/.test(w))
  .map((w) => Uint16Array.from(w, (ch) => ch.charCodeAt(0)));
const LONGEST_TARGET_WORD = Math.max(...LATIN_TARGET_WORDS.map((w) => w.length));

/** Whether codes[i, j) spells one of the Latin TARGET_WORDS. */
function isLatinTargetWord(codes: Uint16Array, i: number, j: number): boolean {
  for (const word of LATIN_TARGET_WORDS) {
    if (word.length !== j - i) continue;
    let k = 0;
    while (k < word.length && codes[i + k] === word[k]) k++;
    if (k === word.length) return true;
  }
  return false;
}

/**
 * Word tokens of the current message's normalised text: runs of a-z 0-9 _, and each CJK
 * character alone; `target` marks second-person words. Computed once per message when an
 * aimed rule first asks, into buffers reused between messages.
 */
const tokens = { stamp: -1, count: 0, starts: new Int32Array(64), ends: new Int32Array(64), target: new Uint8Array(64) };

function wordTokens(norm: Normalized): typeof tokens {
  if (tokens.stamp === evaluationStamp) return tokens;
  const codes = norm.codes;
  let count = 0;
  const push = (start: number, end: number, target: boolean): void => {
    if (count === tokens.starts.length) {
      const size = count * 2;
      tokens.starts = grown(tokens.starts, size);
      tokens.ends = grown(tokens.ends, size);
      tokens.target = grown(tokens.target, size);
    }
    tokens.starts[count] = start;
    tokens.ends[count] = end;
    tokens.target[count] = target ? 1 : 0;
    count++;
  };
  let i = 0;
  while (i < norm.length) {
    const c = codes[i] as number;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) {
      let j = i + 1;
      while (j < norm.length) {
        const d = codes[j] as number;
        if (!((d >= 0x61 && d <= 0x7a) || (d >= 0x30 && d <= 0x39) || d === 0x5f)) break;
        j++;
      }
      push(i, j, j - i <= LONGEST_TARGET_WORD && TARGET_FIRST_LETTERS.has(c) && isLatinTargetWord(codes, i, j));
      i = j;
    } else if (c >= 0x3400 && c <= 0x9fff) {
      push(i, i + 1, c === 0x4f60 || c === 0x60a8 || c === 0x59b3); // 你 您 妳
      i++;
    } else i++;
  }
  tokens.count = count;
  tokens.stamp = evaluationStamp;
  return tokens;
}

/** Whether the hit [s, e) is in a short message or has a second-person word near it. */
function aimedAt(words: typeof tokens, s: number, e: number, aimed: { readonly window: number; readonly shortMessage: number }): boolean {
  const n = words.count;
  if (n <= aimed.shortMessage) return true;
  let first = 0;
  while (first < n && (words.ends[first] as number) <= s) first++;
  let last = first;
  while (last + 1 < n && (words.starts[last + 1] as number) < e) last++;
  for (let t = Math.max(0, first - aimed.window); t <= Math.min(n - 1, last + aimed.window); t++) {
    if (words.target[t] === 1 && (t < first || t > last)) return true;
  }
  return false;
}

/** Bits of the evidence kinds, for the per-rule reason cache. */
const EVIDENCE_BIT = new Map<EvidenceKind, number>(
  (['keyword', 'regex', ...DETECTOR_KINDS, 'new_domain', 'cross_group', 'new_member', 'flood', 'burst', 'repeat', 'hours'] as EvidenceKind[]).map(
    (kind, i) => [kind, 2 ** (i + 1)],
  ),
);

/**
 * A rule's reason for this evidence, rendered once per rule and kind of evidence: for one
 * rule the evidence kinds always come in the same order and the behaviour figures are the
 * rule's own, so which kinds fired (and whether the rule is about new members) decides the
 * reason. A busy group gets the same few reasons over and over.
 */
function reasonOf(
  cr: CompiledRule,
  evidence: readonly EvidenceKind[],
  newMemberRule: boolean,
): { readonly reasonData: ReasonData; readonly reason: string; readonly reasonZh: string } {
  let key = newMemberRule ? 1 : 0;
  for (const e of evidence) key |= EVIDENCE_BIT.get(e) ?? 0;
  let cached = cr.reasons.get(key);
  if (!cached) {
    const reasonData = buildReasonData(cr.rule, evidence, newMemberRule);
    const [reason, reasonZh] = reasonTexts(reasonData);
    cached = { reasonData, reason, reasonZh };
    if (cr.reasons.size >= 64) cr.reasons.clear();
    cr.reasons.set(key, cached);
  }
  return cached;
}

function buildReasonData(rule: Rule, evidence: readonly EvidenceKind[], newMemberRule: boolean): ReasonData {
  let newMember = newMemberRule;
  const details: ReasonDetail[] = [];
  const b = rule.triggers.behaviour;
  for (const e of evidence) {
    if (e === 'flood') {
      if (b.floodRate) details.push({ key: 'flood', count: b.floodRate.count, windowSec: b.floodRate.windowSec });
    } else if (e === 'burst') {
      if (b.floodBurst) details.push({ key: 'burst', count: b.floodBurst.count });
    } else if (e === 'repeat') {
      if (b.repeat) details.push({ key: 'repeat', count: b.repeat.count });
    } else if (e === 'new_member') newMember = true;
    else details.push({ key: e });
  }
  return { category: rule.category, details, newMember };
}

/**
 * Which of the rules' `requires` substrings occur in the normalised text, decided once per
 * evaluation when the first regular expression asks (most messages never reach one) and
 * read by every other. Tables are stamped with the evaluation instead of cleared, so a
 * message costs only the needles it could hold: with a complete keyword pass, the indexed
 * needles the pass saw and the needles it cannot see (usually none and one); otherwise
 * every needle. Each must pass the cheap character-class tests before the one substring
 * search over the code units. Never builds the string.
 */
const needleState = {
  /** The evaluation the tables below were filled for. */
  stamp: -1,
  /** Per needle: equal to evaluationStamp when it occurs in the text. */
  presentStamp: new Float64Array(8),
  /** Per needle: equal to evaluationStamp when the substring search looks for it. */
  lookStamp: new Float64Array(8),
  /** Whether any needle occurs (most messages: none, and every pattern with needles skips at once). */
  anyPresent: false,
  /** Indexed needles the current keyword pass saw (repeats possible), in hit order. */
  seen: new Int32Array(8),
  seenCount: 0,
  grow(n: number): void {
    this.presentStamp = new Float64Array(n * 2);
    this.lookStamp = new Float64Array(n * 2);
  },
};
/** Whether the current keyword pass saw every needle it holds (no hit cap, shortcuts on). */
let needlesComplete = false;

/** The keyword pass saw indexed needle n (a tag at NEEDLE_TAG_BASE + n). */
function needleSeenByKeywordPass(n: number): void {
  if (needleState.seenCount === needleState.seen.length) needleState.seen = grown(needleState.seen, needleState.seenCount * 2);
  needleState.seen[needleState.seenCount++] = n;
}

function decideNeedles(compiled: CompiledRules, norm: Normalized): void {
  needleState.stamp = evaluationStamp;
  needleState.anyPresent = false;
  const needles = compiled.needles;
  if (needleState.presentStamp.length < needles.length) needleState.grow(needles.length);
  const firsts = needleFirsts(compiled);
  let left = 0;
  if (needlesComplete) {
    // Looked for in the keyword pass and not seen there: absent. (Seen there is not yet
    // present: the pass matches the leetspeak-folded text, where "o9" also reads "09".)
    for (let k = 0; k < needleState.seenCount; k++) left += lookFor(firsts, norm, needleState.seen[k] as number);
    const unindexed = firsts.unindexed;
    for (let k = 0; k < unindexed.length; k++) left += lookFor(firsts, norm, unindexed[k] as number);
  } else {
    for (let n = 0; n < needles.length; n++) left += lookFor(firsts, norm, n);
  }
  if (left === 0) return;
  const lookStamp = needleState.lookStamp;
  const presentStamp = needleState.presentStamp;
  const table = firsts.table;
  const codes = norm.codes;
  const len = norm.length;
  for (let i = 0; i < len && left > 0; i++) {
    const slot = table[codes[i] as number] as number;
    if (slot === 0) continue;
    const starting = firsts.lists[slot - 1] as number[];
    for (let l = 0; l < starting.length; l++) {
      const n = starting[l] as number;
      if (lookStamp[n] !== evaluationStamp || presentStamp[n] === evaluationStamp) continue;
      const text = needles[n] as string;
      if (i + text.length > len) continue;
      let k = 1;
      while (k < text.length && codes[i + k] === text.charCodeAt(k)) k++;
      if (k === text.length) {
        presentStamp[n] = evaluationStamp;
        needleState.anyPresent = true;
        left--;
      }
    }
  }
}

/** Marks needle n for the substring search unless the text cannot hold it; 1 if marked. */
function lookFor(firsts: NeedleFirsts, norm: Normalized, n: number): number {
  if (needleState.lookStamp[n] === evaluationStamp) return 0; // seen twice by the keyword pass
  // What the needle needs (Latin letters, digits, punctuation) and the text lacks rules it
  // out without looking: most messages have no "$", Chinese ones no " to ".
  const need = firsts.needs[n];
  if (
    need !== undefined &&
    (need.never ||
      (need.latin && (norm.flags & HAS_LATIN) === 0) ||
      (need.digit && norm.digitCount === 0) ||
      (norm.punct & need.punct) !== need.punct)
  ) {
    return 0;
  }
  needleState.lookStamp[n] = evaluationStamp;
  return 1;
}

/** First code unit → 1 + index into `lists` of the needles starting with it (0: none). */
interface NeedleFirsts {
  readonly table: Int32Array;
  readonly lists: number[][];
  /**
   * Per needle: whether it has Latin letters or digits, its ASCII punctuation (punctBit),
   * and whether it can never occur in normalised text (a character normalisation never
   * writes, such as "£" or "€", which become separators).
   */
  readonly needs: readonly { readonly latin: boolean; readonly digit: boolean; readonly punct: number; readonly never: boolean }[];
  /** Needles the keyword pass does not look for and that may occur: a complete pass decides the rest. */
  readonly unindexed: Int32Array;
}
const needleFirstsCache = new WeakMap<readonly string[], NeedleFirsts>();
/** The last needle list asked about and its tables: one engine's rules are asked about again and again. */
let lastNeedles: readonly string[] | null = null;
let lastFirsts: NeedleFirsts | null = null;
function needleFirsts(compiled: CompiledRules): NeedleFirsts {
  if (lastNeedles === compiled.needles && lastFirsts !== null) return lastFirsts;
  let firsts = needleFirstsCache.get(compiled.needles);
  if (!firsts) {
    const table = new Int32Array(0x10000);
    const lists: number[][] = [];
    compiled.needles.forEach((needle, n) => {
      if (needle.length === 0) return;
      const first = needle.charCodeAt(0);
      if (table[first] === 0) {
        lists.push([]);
        table[first] = lists.length;
      }
      (lists[(table[first] as number) - 1] as number[]).push(n);
    });
    const needs = compiled.needles.map((needle) => {
      let punct = 0;
      for (let i = 0; i < needle.length; i++) punct |= punctBit(needle.charCodeAt(i));
      const never = [...needle].some((c) => c !== ' ' && normalizeText(c) !== c);
      return { latin: /[a-z]/.test(needle), digit: /[0-9]/.test(needle), punct, never };
    });
    const unindexed = Int32Array.from(
      compiled.needles.map((_, n) => n).filter((n) => compiled.indexedNeedles[n] !== 1 && !needs[n]?.never),
    );
    firsts = { table, lists, needs, unindexed };
    needleFirstsCache.set(compiled.needles, firsts);
  }
  lastNeedles = compiled.needles;
  lastFirsts = firsts;
  return firsts;
}

/** Strongest contribution first. One function for every call: no closure per scored rule. */
function byWeightMagnitude(a: Contribution, b: Contribution): number {
  return Math.abs(b.weight) - Math.abs(a.weight);
}

/** Whether every place the `at`-th weighted phrase was found lies inside another phrase's hit. */
function insideLongerPhrase(hits: WeightedHits, at: number): boolean {
  const spans = hits.spans[at] as Span[];
  for (let i = 0; i < spans.length; i++) {
    const a = spans[i] as Span;
    let inside = false;
    for (let o = 0; o < hits.ids.length && !inside; o++) {
      if (o === at) continue;
      const others = hits.spans[o] as Span[];
      for (let j = 0; j < others.length; j++) {
        const b = others[j] as Span;
        if (b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start) {
          inside = true;
          break;
        }
      }
    }
    if (!inside) return false;
  }
  return true;
}

function mergeSpans(spans: Span[]): Span[] {
  if (spans.length <= 1) return spans;
  if (spans.length <= 16) {
    // Insertion sort: suggestions have a handful of spans, and this allocates nothing.
    for (let i = 1; i < spans.length; i++) {
      const x = spans[i] as Span;
      let j = i - 1;
      while (j >= 0 && ((spans[j] as Span).start > x.start || ((spans[j] as Span).start === x.start && (spans[j] as Span).end > x.end))) {
        spans[j + 1] = spans[j] as Span;
        j--;
      }
      spans[j + 1] = x;
    }
  } else spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out.length > 50 ? out.slice(0, 50) : out;
}

/**
 * Whether the engine may skip work that cannot change the result (rules and detectors whose
 * trigger characters, cue words or score are out of reach). Off only in
 * evaluateMessageExhaustively, which tests use to check that the shortcuts change nothing.
 */
let shortcuts = true;

/** evaluateMessage doing all the work: every rule, detector and pattern runs. For tests. */
export function evaluateMessageExhaustively(compiled: CompiledRules, message: RuleMessage, context: RuleContext): Suggestion[] {
  shortcuts = false;
  try {
    return evaluateMessage(compiled, message, context);
  } finally {
    shortcuts = true;
  }
}

/**
 * Evaluate one message. Returns at most one suggestion per category (the one of highest
 * priority), non-audit suggestions first, sorted by priority.
 */
export function evaluateMessage(compiled: CompiledRules, message: RuleMessage, context: RuleContext): Suggestion[] {
  if (compiled.rules.length === 0) return [];
  // The scratch-backed result is valid until the next evaluation; nothing below keeps it.
  const norm: Normalized = normalizeInto(message.text, scratch);
  compiled.matcher.scan(norm, hitBuffer);
  evaluationStamp++;

  // One pass over the hits: cue bits, which hits are plausible, and per rule whether it
  // has keyword hits and how much its weighted phrases could add at most. Spans and
  // distinct words are only collected for a rule that gets past the cheap checks below.
  let cues = 0;
  const ruleCount = compiled.rules.length;
  if (ruleState.keywordStamp.length < ruleCount) ruleState.grow(ruleCount);
  if (ruleState.hitValid.length < hitBuffer.count) ruleState.hitValid = new Uint8Array(hitBuffer.count * 2);
  const keywordStamp = ruleState.keywordStamp;
  const keywordCount = ruleState.keywordCount;
  const weightedStamp = ruleState.weightedStamp;
  const weightedUpper = ruleState.weightedUpper;
  const hitValid = ruleState.hitValid;
  // Rules are picked as the hits come in; the exhaustive mode (tests) picks every rule.
  const selection = compiled.selection;
  selection.begin(!shortcuts);
  needleState.seenCount = 0;
  for (let k = 0; k < hitBuffer.count; k++) {
    const tag = hitBuffer.tags[k] as number;
    hitValid[k] = 0;
    if (tag >= NEEDLE_TAG_BASE) {
      needleSeenByKeywordPass(tag - NEEDLE_TAG_BASE);
      continue;
    }
    if (tag >= CUE_TAG_BASE) {
      cues |= tag - CUE_TAG_BASE;
      continue;
    }
    if (!plausibleLatinHit(norm, hitBuffer.starts[k] as number, hitBuffer.ends[k] as number)) continue;
    hitValid[k] = 1;
    if (tag >= WEIGHT_TAG_BASE) {
      const id = tag - WEIGHT_TAG_BASE;
      const ruleIndex = compiled.weightedRule[id] as number;
      if (weightedStamp[ruleIndex] !== evaluationStamp) {
        weightedStamp[ruleIndex] = evaluationStamp;
        weightedUpper[ruleIndex] = 0;
        selection.addHit(ruleIndex);
      }
      const w = compiled.weightedWeight[id] as number;
      if (w > 0) weightedUpper[ruleIndex] = (weightedUpper[ruleIndex] as number) + w;
      continue;
    }
    if (keywordStamp[tag] !== evaluationStamp) {
      keywordStamp[tag] = evaluationStamp;
      keywordCount[tag] = 0;
      selection.addHit(tag);
    }
    keywordCount[tag] = (keywordCount[tag] as number) + 1;
  }

  // A scan cut short by its hit cap may have missed cue words: then every detector looks.
  needlesComplete = hitBuffer.count < MAX_HITS_PER_SCAN && shortcuts;
  if (hitBuffer.count >= MAX_HITS_PER_SCAN || !shortcuts) cues = ALL_CUES;
  // Whole-word cues may hide behind a folded symbol ("tg@bob"): then their detectors look.
  else {
    if ((norm.flags & HAS_FOLDED_SYMBOL) !== 0) cues |= foldedSymbolCues(norm);
    // "加 v abc123", "v : abc123", "q = 12345": a one-letter cue standing alone, which the
    // cue words (written without the space) cannot spell.
    // The normaliser noted the initials of one- and two-letter words: most texts have no
    // such word starting with v, w or q, and are not walked again.
    if ((norm.shortLatinWordInitials & LONE_LETTER_CUE_INITIALS) !== 0) cues |= loneLetterCues(norm);
  }
  detectorInput.norm = norm;
  detectorInput.original = message.text;
  detectorInput.cues = cues;
  detectorInput.options = NO_OPTIONS;
  // Which detectors may find anything here, by their cheap tests: most messages have no
  // digits, dots, "@" or cue words, and every detector (and every rule made of them) skips.
  let possible = ALL_DETECTORS;
  if (shortcuts) {
    possible = 0;
    detectorInput.options = compiled.detectorGateOptions;
    const gates = compiled.detectorGates;
    for (let g = 0; g < gates.length; g++) {
      const gate = gates[g] as DetectorGate;
      if (gate.cues !== 0 && (cues & gate.cues) === 0) continue;
      if (gate.mayFind(detectorInput)) possible |= gate.bit;
    }
    possible |= NEEDS_COMPANY_BITS;
  }
  selection.addDetectorRules(possible);
  selection.addBehaviourRules(context.recent.length);
  // A scored rule without a hit of its own still runs when one of its detectors may find
  // something or one of its patterns may run: with none of them, nothing in the message
  // adds to its score, and the rule loop would drop it at its first test.
  if (shortcuts) {
    for (const cr of compiled.scoredRules) {
      if (selection.has(cr.index)) continue;
      if ((cr.selfDetectorMask & possible) !== 0 || anyRegexMayRun(compiled, cr, norm)) selection.addHit(cr.index);
    }
  }
  const roleBit = ROLE_BIT[message.role] ?? 0;
  let suggestions: Suggestion[] | null = null;
  let regexWork = 0;
  regexBudgetExceeded = false;
  // Only the rules this message can make fire (keyword-only rules without a hit of theirs,
  // detector-only rules whose detectors all said no, floods without enough messages are
  // never visited), in rule order.
  const selectedCount = selection.list();
  const selected = selection.order;
  for (let c = 0; c < selectedCount; c++) {
    const cr = compiled.rules[selected[c] as number] as CompiledRule;
    const rule = cr.rule;
    const hasKeywordHits = keywordStamp[cr.index] === evaluationStamp;
    const hasWeightedHits = weightedStamp[cr.index] === evaluationStamp;
    if ((cr.roleMask & roleBit) === 0) continue;
    let newMember = false;
    if (cr.conditional) {
      if (cr.groupIds && !cr.groupIds.has(message.groupId)) continue;
      if (cr.exemptMembers.size > 0 && cr.exemptMembers.has(message.memberId)) continue;
      if (rule.conditions.minLength !== undefined && message.text.length < rule.conditions.minLength) continue;
    }
    if (cr.conditional && rule.conditions.newMembersOnly) {
      const params = rule.triggers.behaviour.newMember ?? DEFAULT_NEW_MEMBER;
      newMember = isNewMember(context.recent, message, context.memberJoinedAt, params);
      if (!newMember) continue;
    }

    // A scored rule whose signals could not reach its threshold even if every pattern and
    // detector that may run here found something is skipped before any of them runs.
    const scoredOnly = cr.scoredOnly && shortcuts;
    if (scoredOnly) {
      let upper = scoreUpperBound(cr, hasKeywordHits, hasWeightedHits, context);
      // A detector that needs company adds only where a word, phrase or shape may be found.
      for (const { bit, weight, needsCompany } of cr.detectorWeights) {
        if ((possible & bit) === 0) continue;
        // A detector that needs company adds only where a word, phrase or shape may be found.
        if (needsCompany && !((cr.hasKeywords && hasKeywordHits) || wordsLeanToAd(cr, hasWeightedHits) || (possible & cr.contentDetectorMask) !== 0)) continue;
        upper += weight;
      }
      const threshold = rule.conditions.minScore as number;
      // Each pattern adds 1 at most: stop looking once the rest could not reach the threshold.
      for (let r = 0; r < cr.regexes.length && upper < threshold && upper + cr.regexes.length - r >= threshold; r++) {
        if (regexMayRun(compiled, cr, r, norm)) upper += 1;
      }
      if (upper < threshold) continue;
    }

    // First decide whether the rule fires, allocating nothing on the common path.
    let contentHits = 0;
    let kh = cr.hasKeywords && hasKeywordHits ? keywordHitsOf(norm, cr.index, rule.conditions.aimed) : undefined;
    if (kh && kh.distinct === 0) kh = undefined;
    if (kh) contentHits += kh.distinct;
    let detectorFound: { kind: DetectorKind; hits: readonly DetectorHit[] }[] | null = null;
    for (let d = 0; d < cr.detectors.length; d++) {
      const kind = cr.detectors[d] as DetectorKind;
      // The detector that needs company is consulted after the score (see below).
      if (d === cr.deferredDetector) continue;
      let hits = detectorHits(cr.detectorIndexes[d] as number, rule, possible);
      if (hits.length > 0 && kind === 'url' && rule.exemptions.domains.length > 0) {
        hits = hits.filter((h) => !(h.host && isAllowedHost(h.host, rule.exemptions.domains)));
      }
      if (hits.length === 0) continue;
      contentHits += 1;
      detectorFound ??= [];
      detectorFound.push({ kind, hits });
    }
    // For a scored rule: the most it can still reach. Each pattern adds 1 at most, so once
    // the patterns left cannot lift it to the threshold, none of them needs to run.
    // Whether the detector that needs company may add to the score: only beside a word,
    // phrase or shape the message holds (DetectorDefinition.needsCompany).
    const deferredIndex = cr.deferredDetector < 0 ? -1 : (cr.detectorIndexes[cr.deferredDetector] as number);
    const deferred = deferredIndex >= 0 && (possible & (1 << deferredIndex)) !== 0 && (kh !== undefined || wordsLeanToAd(cr, hasWeightedHits) || foundContent(detectorFound));
    let reachable = 0;
    let patternsLeft = 0;
    if (scoredOnly) {
      reachable = scoreUpperBound(cr, hasKeywordHits, hasWeightedHits, context);
      if (detectorFound) {
        for (const { kind, hits } of detectorFound) reachable += Math.max(0, detectorWeight(rule, kind, hits));
      }
      if (deferred) reachable += (cr.detectorWeights[cr.deferredDetector] as { weight: number }).weight;
      for (let r = 0; r < cr.regexes.length; r++) if (regexMayRun(compiled, cr, r, norm)) patternsLeft++;
      if (reachable + patternsLeft < (rule.conditions.minScore as number)) continue;
    }
    let regexFound: { found: [number, number][]; on: 'normalized' | 'original' }[] | null = null;
    for (let r = 0; r < cr.regexes.length; r++) {
      if (!regexMayRun(compiled, cr, r, norm)) continue;
      if (scoredOnly && reachable + patternsLeft < (rule.conditions.minScore as number)) break;
      patternsLeft--;
      const { regex, on } = cr.regexes[r] as CompiledRule['regexes'][number];
      const subject = on === 'normalized' ? norm.text : message.text.slice(0, 20_000);
      // A per-message work budget for people's regular expressions: RE2 is linear, but a
      // team pack with hundreds of large patterns on a long message would still stall the
      // background. Past the budget the remaining patterns are skipped for this message.
      const cost = subject.length * (1 + Math.ceil(regex.source.length / 64));
      if (regexBudgetExceeded || regexWork + cost > REGEX_WORK_BUDGET) {
        regexBudgetExceeded = true;
        continue;
      }
      regexWork += cost;
      const found = findAll(regex, subject);
      if (found.length === 0) continue;
      reachable += 1;
      contentHits += found.length;
      regexFound ??= [];
      regexFound.push({ found, on });
    }
    if (scoredOnly && reachable < (rule.conditions.minScore as number)) continue;
    const wh = cr.hasWeighted && hasWeightedHits ? weightedHitsOf(compiled, norm, cr.index) : undefined;
    // Nothing in the message and no behaviour to look at: the rule cannot fire (a score
    // made of context signals alone never reaches a positive threshold; see below).
    if (shortcuts && contentHits === 0 && wh === undefined && !cr.hasBehaviour && (rule.conditions.minScore === undefined || rule.conditions.minScore > 0)) {
      continue;
    }
    let contentFires = contentHits > 0 && contentHits >= rule.conditions.minHits;
    let score: number | undefined;
    let contributions: Contribution[] | undefined;
    // Whether a question phrase counted (see `asking` below).
    let asksAboutIt = false;
    if (rule.conditions.minScore !== undefined) {
      // Weak signals add up: each distinct phrase, keyword, pattern and detector kind once.
      contributions = [];
      // How many distinct signals of the message's own add up, and the heaviest one: with
      // conditions.soloWeight, a lone signal lighter than that does not fire (see below).
      let ownSignals = 0;
      let heaviest = 0;
      if (kh) {
        contributions.push({ signal: 'keyword', weight: kh.distinct, spans: kh.spans });
        ownSignals += kh.distinct;
        heaviest = 1;
      }
      if (wh) {
        let positive = 0;
        const posSpans: Span[] = [];
        let negative = 0;
        const negSpans: Span[] = [];
        // Phrases in a sentence that asks count a share of their weight (see asked.ts).
        const askedShare = rule.conditions.askedShare;
        // Found on the first positive phrase only: most messages with phrases have none.
        let asked: number[] | null | undefined = askedShare === undefined ? null : undefined;
        for (let i = 0; i < wh.ids.length; i++) {
          // A phrase inside a longer phrase of the same rule ("有需要" in "有需要的") is
          // one signal, not two: only the longest counts.
          if (wh.ids.length > 1 && insideLongerPhrase(wh, i)) continue;
          let w = compiled.weightedWeight[wh.ids[i] as number] as number;
          const found = wh.spans[i] as Span[];
          if (w > 0) {
            if (asked === undefined) asked = mayAsk(message.text) ? questionSentences(message.text) : null;
            if (asked !== null && allInside(found, asked)) w *= askedShare as number;
            positive += w;
            ownSignals++;
            if (w > heaviest) heaviest = w;
            for (let j = 0; j < found.length; j++) posSpans.push(found[j] as Span);
          } else {
            negative += w;
            for (let j = 0; j < found.length; j++) negSpans.push(found[j] as Span);
          }
        }
        if (positive > 0) contributions.push({ signal: 'weighted', weight: positive, spans: posSpans });
        if (negative < 0) contributions.push({ signal: 'question', weight: negative, spans: negSpans });
      }
      if (regexFound) {
        for (const { found, on } of regexFound) {
          const regexSpans: Span[] = [];
          for (const [s, e] of found) regexSpans.push(on === 'normalized' ? toOriginalSpan(norm, s, e) : { start: s, end: e });
          contributions.push({ signal: 'regex', weight: 1, spans: regexSpans });
          ownSignals++;
          if (heaviest < 1) heaviest = 1;
        }
      }
      if (detectorFound) {
        for (const { kind, hits } of detectorFound) {
          const hitSpans: Span[] = [];
          for (let j = 0; j < hits.length; j++) hitSpans.push((hits[j] as DetectorHit).span);
          const weight = detectorWeight(rule, kind, hits);
          contributions.push({ signal: kind, weight, spans: hitSpans });
          if (weight > 0) {
            // Two advertising shapes are two signals, as they are two in the score.
            ownSignals += Math.min(hits.length, DETECTORS[kind].countedHits ?? 1);
            if (weight > heaviest) heaviest = weight;
          }
        }
      }
      const cw = rule.triggers.contextWeights;
      const signals = context.signals;
      if (signals?.isKnownDomain && cw.newDomain && detectorFound) {
        const links = detectorFound.find((d) => d.kind === 'url')?.hits;
        if (links) {
          const fresh: Span[] = [];
          for (const h of links) if (h.host && !signals.isKnownDomain?.(h.host)) fresh.push(h.span);
          if (fresh.length > 0) contributions.push({ signal: 'new_domain', weight: cw.newDomain, spans: fresh });
        }
      }
      if (cw.crossGroup && (signals?.sameTextInOtherGroups ?? 0) > 0) {
        contributions.push({ signal: 'cross_group', weight: cw.crossGroup, spans: [] });
      }
      if (cw.newMember && context.memberJoinedAt !== undefined) {
        const params = rule.triggers.behaviour.newMember ?? DEFAULT_NEW_MEMBER;
        if (isNewMember(context.recent, message, context.memberJoinedAt, params)) {
          contributions.push({ signal: 'new_member', weight: cw.newMember, spans: [] });
        }
      }
      contentFires = decideScore(rule, contributions, ownSignals, heaviest);
      // The learned signal (a detector that needs company) is consulted only when the rest
      // leaves the message below the threshold: it decides close calls, and a message the
      // words already settle costs nothing more.
      if (!contentFires && deferred) {
        const kind = cr.detectors[cr.deferredDetector] as DetectorKind;
        const hits = detectorHits(deferredIndex, rule, possible);
        if (hits.length > 0) {
          contentHits += 1;
          detectorFound ??= [];
          detectorFound.push({ kind, hits });
          const hitSpans: Span[] = [];
          for (let j = 0; j < hits.length; j++) hitSpans.push((hits[j] as DetectorHit).span);
          const weight = detectorWeight(rule, kind, hits);
          contributions.push({ signal: kind, weight, spans: hitSpans });
          contentFires = decideScore(rule, contributions, ownSignals + 1, Math.max(heaviest, weight));
        }
      }
      score = decidedScore;
      asksAboutIt = decidedAsks;
    }
    // A customer asking about a scam they received ("is this t.cn link real?") is not
    // posting it: the suggestion stays (the text is still there) but one step milder.
    const asking =
      contentFires &&
      (asksAboutIt || ((cues & QUESTION_CUE_BIT) !== 0 && QUESTION_CUE.test(norm.text)));

    // A customer asking whether a link they received is real ("这个网址 gov-butie.com 是官方的吗？",
    // "is www.tesco.com the right site?") is no offender: with conditions.quietWhenAsked the
    // rule stays quiet when every hit sits in a sentence that asks that (see asked.ts).
    if (contentFires && rule.conditions.quietWhenAsked && detectorFound && !regexFound && !kh && ASKS_IF_REAL.test(norm.text)) {
      // The asking must be a question of the message ("Is this real? I got a text saying to
      // visit …"), not words inside a statement. An ad around the link is caught by the ad
      // rules whatever this one does.
      const sentences = questionSentences(message.text);
      for (let r = 0; r < sentences.length; r += 2) {
        if (ASKS_IF_REAL.test(message.text.slice(sentences[r], sentences[r + 1]).toLowerCase())) {
          contentFires = false;
          break;
        }
      }
    }

    const b = rule.triggers.behaviour;
    const flood = b.floodRate ? floodRate(context.recent, message, b.floodRate) : null;
    const burst = b.floodBurst ? floodBurst(context.recent, message, b.floodBurst) : null;
    const repeated = b.repeat ? repeats(context.recent, message, b.repeat, norm) : null;
    const offHours = b.allowedHours ? outsideAllowedHours(message.ts, b.allowedHours) : false;
    const behaviourFires = flood !== null || burst !== null || repeated !== null || offHours;
    if (!contentFires && !behaviourFires) continue;

    const spans: Span[] = [];
    const evidence: EvidenceKind[] = [];
    if (contentFires) {
      if (kh) {
        spans.push(...kh.spans);
        evidence.push('keyword');
      }
      if (regexFound) {
        evidence.push('regex');
        for (const { found, on } of regexFound) {
          for (const [s, e] of found) spans.push(on === 'normalized' ? toOriginalSpan(norm, s, e) : { start: s, end: e });
        }
      }
      if (wh) {
        if (!evidence.includes('keyword')) evidence.push('keyword');
        for (let i = 0; i < wh.ids.length; i++) if ((compiled.weightedWeight[wh.ids[i] as number] as number) > 0) spans.push(...(wh.spans[i] as Span[]));
      }
      // A scored rule highlights its words; the contact details or links that added to the
      // score are highlighted by their own category (and listed in the contributions).
      const detectorSpans = score === undefined || spans.length === 0;
      for (const { kind, hits } of detectorFound ?? []) {
        evidence.push(kind);
        if (detectorSpans) for (const h of hits) spans.push(h.span);
      }
      for (const c of contributions ?? []) if (CONTEXT_SIGNALS.has(c.signal) && c.weight > 0) evidence.push(c.signal as ContextSignal);
    }
    if (flood) evidence.push('flood');
    if (burst) evidence.push('burst');
    if (repeated) evidence.push('repeat');
    if (offHours) evidence.push('hours');
    // The messages that made a behaviour fire, without this one, each once; most
    // suggestions have none, and get an empty list without the Set and filter.
    let relatedMessageIds: string[] = [];
    if (flood || burst || repeated) {
      const related = new Set<string>();
      for (const ids of [flood, burst, repeated]) if (ids) for (const id of ids) if (id !== message.id) related.add(id);
      relatedMessageIds = [...related];
    }
    if (spans.length === 0) spans.push({ start: 0, end: Math.min(message.text.length, 20_000) });

    const { reasonData, reason, reasonZh } = reasonOf(cr, evidence, newMember);
    suggestions ??= [];
    const suggestion: { -readonly [K in keyof Suggestion]: Suggestion[K] } = {
      ruleId: rule.id,
      ruleName: rule.name,
      category: rule.category,
      severity: asking ? milder(rule.severity) : rule.severity,
      priority: rule.priority,
      memberAction: rule.memberAction,
      contentAction: rule.contentAction,
      auditOnly: rule.auditOnly,
      spans: mergeSpans(spans),
      evidence,
      reason,
      reasonZh,
      reasonData,
      relatedMessageIds,
    };
    if (rule.templateId) suggestion.templateId = rule.templateId;
    if (score !== undefined && contributions) {
      suggestion.score = score;
      suggestion.contributions = contributions;
    }
    suggestions.push(suggestion);
  }
  if (suggestions === null) return [];
  // A group's allow-list only touches that group's suggestions, before precedence picks one per category.
  const allowed = compiled.groupAllowLists?.get(message.groupId);
  if (allowed) suggestions = applyGroupAllowList(suggestions, message.text, allowed);
  return dedupeByCategory(suggestions);
}

/**
 * Explicit precedence: higher priority first, then higher severity, then rule order.
 * Per category only the first survives, so overlapping rules never stack two warnings for
 * one message. Audit-only suggestions never suppress live ones.
 */
export function dedupeByCategory(suggestions: readonly Suggestion[]): Suggestion[] {
  if (suggestions.length <= 1) return suggestions as Suggestion[];
  // A stable insertion sort of a copy (a message gets a few suggestions): equal ones keep
  // rule order, as the comparator's last key asks.
  const ordered = suggestions.slice();
  for (let i = 1; i < ordered.length; i++) {
    const x = ordered[i] as Suggestion;
    let j = i - 1;
    while (j >= 0 && precedes(x, ordered[j] as Suggestion)) {
      ordered[j + 1] = ordered[j] as Suggestion;
      j--;
    }
    ordered[j + 1] = x;
  }
  const out: Suggestion[] = [];
  for (const s of ordered) {
    let taken = false;
    for (const o of out) {
      if (o.auditOnly === s.auditOnly && o.category === s.category) {
        taken = true;
        break;
      }
    }
    if (!taken) out.push(s);
  }
  return out;
}

/** Whether `a` goes strictly before `b`: live first, then higher priority, then higher severity. */
function precedes(a: Suggestion, b: Suggestion): boolean {
  if (a.auditOnly !== b.auditOnly) return !a.auditOnly;
  if (a.priority !== b.priority) return a.priority > b.priority;
  return SEVERITY_RANK[a.severity] > SEVERITY_RANK[b.severity];
}
