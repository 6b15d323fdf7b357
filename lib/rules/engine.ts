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
import { DETECTORS } from './detector-registry';
import { CUE_WORDS, type DetectorHit, isAllowedHost } from './detectors';
import { applyGroupAllowList } from './learning';
import type { RuleSignals } from './group-signals';
import { HitBuffer, type KeywordEntry, KeywordMatcher } from './matcher';
import {
  HAS_AT,
  HAS_CJK_DOT,
  HAS_DOT,
  HAS_JOINED_DOT,
  HAS_LATIN,
  HAS_SLASH,
  NormalizeScratch,
  type Normalized,
  normalizeInto,
  toOriginalSpan,
} from './normalize';
import { type ReasonData, type ReasonDetail, reasonTexts } from './reason';
import { findAll, type SafeRegex } from './regex';
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
  /** Only contact/link detectors: a message without digits, dots, "@", "/" or cues skips it. */
  readonly contactDetectorsOnly: boolean;
  readonly hasWeighted: boolean;
}

export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly matcher: KeywordMatcher;
  /** Detectors any enabled rule uses, so each runs at most once per message. */
  readonly detectorKinds: ReadonlySet<DetectorKind>;
  /** Weighted phrases by matcher tag - WEIGHT_TAG_BASE: owning rule index and weight. */
  readonly weightedRule: Int32Array;
  readonly weightedWeight: Float64Array;
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
      hasKeywords: rule.triggers.keywords.length > 0,
      hasWeighted: rule.triggers.weighted.length > 0,
      contactDetectorsOnly:
        rule.triggers.keywords.length === 0 &&
        rule.triggers.weighted.length === 0 &&
        regexes.length === 0 &&
        rule.triggers.detectors.length > 0 &&
        rule.triggers.detectors.every((d) => CONTACT_DETECTORS.has(d)) &&
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

  for (const cue of CUE_WORDS) {
    for (const w of cue.words) entries.push({ pattern: w, tag: CUE_TAG_BASE + cue.bit, wholeWord: cue.wholeWord });
  }
  return {
    compiled: {
      rules: compiledRules,
      matcher: KeywordMatcher.compile(entries),
      detectorKinds,
      weightedRule: Int32Array.from(weightedRule),
      weightedWeight: Float64Array.from(weightedWeight),
    },
    errors,
  };
}

const CONTACT_DETECTORS: ReadonlySet<DetectorKind> = new Set(DETECTOR_KINDS.filter((k) => DETECTORS[k].contactOnly));
const NO_OPTIONS = {};
const MAYBE_CONTACT_FLAGS = HAS_DOT | HAS_AT | HAS_SLASH | HAS_CJK_DOT | HAS_JOINED_DOT;

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
  const hits = detectorCache[DETECTOR_INDEX.get('url') ?? 0];
  if (!hits || hits.length === 0) return [];
  const hosts: string[] = [];
  for (const h of hits) if (h.host) hosts.push(h.host);
  return hosts;
}

const CONTEXT_SIGNALS: ReadonlySet<string> = new Set<ContextSignal>(['new_domain', 'cross_group', 'new_member']);
const CONTENT_SIGNALS: ReadonlySet<string> = new Set(['keyword', 'weighted', 'regex', 'ad_shape']);

/** Whether the last evaluateMessage call skipped regular expressions for lack of budget. */
export function lastEvaluationHitRegexBudget(): boolean {
  return regexBudgetExceeded;
}

/** Matcher tags at or above this are detector cue words, not rule keywords. */
const CUE_TAG_BASE = 1 << 24;
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

/** "是真的吗", "is this real": a customer asking about something, not posting it. */
const QUESTION_CUE =
  /(?:是真的吗|是不是真的|真的假的|是骗子吗|是骗局吗|是诈骗吗|靠谱吗|可信吗|能信吗|安全吗|是官方的吗|是你们的吗|是不是骗|有人收到|收到这个|收到了这样|这是什么|这个是|谁发的|is (?:this|it|that)\b[^!?\n]{0,60}?\b(?:real|legit|genuine|safe|a scam|yours|official)|is this from you|did you send|got this (?:text|message)|received this|should i (?:click|trust)|scam\?)/;

// Scratch reused by every evaluation (the engine runs in one thread, synchronously).
const hitBuffer = new HitBuffer();
const scratch = new NormalizeScratch();
const detectorCache: (readonly DetectorHit[] | undefined)[] = DETECTOR_KINDS.map(() => undefined);
const DETECTOR_INDEX = new Map<DetectorKind, number>(DETECTOR_KINDS.map((k, i) => [k, i]));

function detectorHits(
  kind: DetectorKind,
  rule: Rule,
  norm: Normalized,
  original: string,
  cues: number,
): readonly DetectorHit[] {
  // Threshold-based detectors depend on the rule's options; the others are shared.
  const detector = DETECTORS[kind];
  if (detector.options === 'per-rule') return detector.run({ norm, original, options: rule.detectorOptions, cues });
  const index = DETECTOR_INDEX.get(kind) ?? 0;
  let hits = detectorCache[index];
  if (hits === undefined) {
    hits = detector.run({ norm, original, options: NO_OPTIONS, cues });
    detectorCache[index] = hits;
  }
  return hits;
}

function buildReasonData(rule: Rule, evidence: EvidenceKind[], newMemberRule: boolean): ReasonData {
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

/** Substring test on the normalised code units, so a pre-filter never builds the string. */
function containsAny(norm: Normalized, needles: readonly string[]): boolean {
  const codes = norm.codes;
  const len = norm.length;
  for (const needle of needles) {
    const first = needle.charCodeAt(0);
    const last = len - needle.length;
    for (let i = 0; i <= last; i++) {
      if (codes[i] !== first) continue;
      let k = 1;
      while (k < needle.length && codes[i + k] === needle.charCodeAt(k)) k++;
      if (k === needle.length) return true;
    }
  }
  return false;
}

/** Whether every place a weighted phrase was found lies inside another phrase's hit. */
function insideLongerPhrase(hits: ReadonlyMap<number, Span[]>, id: number, spans: readonly Span[]): boolean {
  return spans.every((a) => {
    for (const [other, others] of hits) {
      if (other === id) continue;
      for (const b of others) {
        if (b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start) return true;
      }
    }
    return false;
  });
}

function mergeSpans(spans: Span[]): Span[] {
  if (spans.length <= 1) return spans;
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out.slice(0, 50);
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
  detectorCache.fill(undefined);

  // Keyword hits per rule index (distinct keyword texts and their spans), and cue bits.
  let cues = 0;
  let keywordHits: Map<number, { spans: Span[]; distinct: Set<string> }> | null = null;
  let weightedHits: Map<number, Map<number, Span[]>> | null = null;
  for (let k = 0; k < hitBuffer.count; k++) {
    const tag = hitBuffer.tags[k] as number;
    if (tag >= CUE_TAG_BASE) {
      cues |= tag - CUE_TAG_BASE;
      continue;
    }
    const s = hitBuffer.starts[k] as number;
    const e = hitBuffer.ends[k] as number;
    if (!plausibleLatinHit(norm, s, e)) continue;
    if (tag >= WEIGHT_TAG_BASE) {
      const id = tag - WEIGHT_TAG_BASE;
      const ruleIndex = compiled.weightedRule[id] as number;
      weightedHits ??= new Map();
      let byRule = weightedHits.get(ruleIndex);
      if (!byRule) {
        byRule = new Map();
        weightedHits.set(ruleIndex, byRule);
      }
      const spans = byRule.get(id);
      if (spans) spans.push(toOriginalSpan(norm, s, e));
      else byRule.set(id, [toOriginalSpan(norm, s, e)]);
      continue;
    }
    keywordHits ??= new Map();
    let entry = keywordHits.get(tag);
    if (!entry) {
      entry = { spans: [], distinct: new Set() };
      keywordHits.set(tag, entry);
    }
    entry.spans.push(toOriginalSpan(norm, s, e));
    entry.distinct.add(String.fromCharCode(...norm.folded.subarray(s, e)));
  }

  // Contact and link detectors need digits, a dot, "@", "/" or a cue word to find anything.
  const maybeContact =
    norm.digitCount >= 5 ||
    (norm.flags & MAYBE_CONTACT_FLAGS) !== 0 ||
    cues !== 0 ||
    // Share tokens ("￥AbC123￥") are read from the original: the normaliser drops "￥".
    (norm.flags & HAS_LATIN) !== 0 && (message.text.includes('￥') || message.text.includes('¥') || message.text.includes('€'));
  let suggestions: Suggestion[] | null = null;
  let regexWork = 0;
  regexBudgetExceeded = false;
  for (const cr of compiled.rules) {
    const rule = cr.rule;
    // Rules that cannot fire on this message are skipped before anything else.
    if (cr.keywordOnly && (keywordHits === null || !keywordHits.has(cr.index))) continue;
    if (
      rule.conditions.minScore !== undefined &&
      cr.hasWeighted &&
      !cr.hasKeywords &&
      cr.regexes.length === 0 &&
      rule.triggers.detectors.length === 0 &&
      (weightedHits === null || !weightedHits.has(cr.index))
    ) {
      continue;
    }
    if (cr.contactDetectorsOnly && !maybeContact) continue;
    if (cr.groupIds && !cr.groupIds.has(message.groupId)) continue;
    if (message.role === 'staff' && rule.exemptions.staff) continue;
    if (!rule.conditions.roles.includes(message.role)) continue;
    if (cr.exemptMembers.has(message.memberId)) continue;
    if (rule.conditions.minLength !== undefined && message.text.length < rule.conditions.minLength) continue;
    let newMember = false;
    if (rule.conditions.newMembersOnly) {
      const params = rule.triggers.behaviour.newMember ?? NewMemberSchema.parse({});
      newMember = isNewMember(context.recent, message, context.memberJoinedAt, params);
      if (!newMember) continue;
    }

    // First decide whether the rule fires, allocating nothing on the common path.
    let contentHits = 0;
    const kh = cr.hasKeywords && keywordHits ? keywordHits.get(cr.index) : undefined;
    if (kh) contentHits += kh.distinct.size;
    let regexFound: { found: [number, number][]; on: 'normalized' | 'original' }[] | null = null;
    for (const { regex, on, requires } of cr.regexes) {
      if (requires.length > 0 && !containsAny(norm, requires)) continue;
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
      contentHits += found.length;
      regexFound ??= [];
      regexFound.push({ found, on });
    }
    let detectorFound: { kind: DetectorKind; hits: readonly DetectorHit[] }[] | null = null;
    for (const kind of rule.triggers.detectors) {
      let hits = detectorHits(kind, rule, norm, message.text, cues);
      if (hits.length > 0 && kind === 'url' && rule.exemptions.domains.length > 0) {
        hits = hits.filter((h) => !(h.host && isAllowedHost(h.host, rule.exemptions.domains)));
      }
      if (hits.length === 0) continue;
      contentHits += 1;
      detectorFound ??= [];
      detectorFound.push({ kind, hits });
    }
    let contentFires = contentHits > 0 && contentHits >= rule.conditions.minHits;
    let score: number | undefined;
    let contributions: Contribution[] | undefined;
    const wh = cr.hasWeighted && weightedHits ? weightedHits.get(cr.index) : undefined;
    if (rule.conditions.minScore !== undefined) {
      // Weak signals add up: each distinct phrase, keyword, pattern and detector kind once.
      contributions = [];
      if (kh) contributions.push({ signal: 'keyword', weight: kh.distinct.size, spans: kh.spans });
      if (wh) {
        let positive = 0;
        const posSpans: Span[] = [];
        let negative = 0;
        const negSpans: Span[] = [];
        for (const [id, spans] of wh) {
          // A phrase inside a longer phrase of the same rule ("有需要" in "有需要的") is
          // one signal, not two: only the longest counts.
          if (wh.size > 1 && insideLongerPhrase(wh, id, spans)) continue;
          const w = compiled.weightedWeight[id] as number;
          if (w > 0) {
            positive += w;
            posSpans.push(...spans);
          } else {
            negative += w;
            negSpans.push(...spans);
          }
        }
        if (positive > 0) contributions.push({ signal: 'weighted', weight: positive, spans: posSpans });
        if (negative < 0) contributions.push({ signal: 'question', weight: negative, spans: negSpans });
      }
      for (const { found, on } of regexFound ?? []) {
        contributions.push({
          signal: 'regex',
          weight: 1,
          spans: found.map(([s, e]) => (on === 'normalized' ? toOriginalSpan(norm, s, e) : { start: s, end: e })),
        });
      }
      for (const { kind, hits } of detectorFound ?? []) {
        contributions.push({ signal: kind, weight: rule.triggers.detectorWeights[kind] ?? 1, spans: hits.map((h) => h.span) });
      }
      const cw = rule.triggers.contextWeights;
      const signals = context.signals;
      if (signals?.isKnownDomain && cw.newDomain) {
        const links = detectorFound?.find((d) => d.kind === 'url')?.hits ?? [];
        const fresh = links.filter((h) => h.host && !signals.isKnownDomain?.(h.host));
        if (fresh.length > 0) contributions.push({ signal: 'new_domain', weight: cw.newDomain, spans: fresh.map((h) => h.span) });
      }
      if (cw.crossGroup && (signals?.sameTextInOtherGroups ?? 0) > 0) {
        contributions.push({ signal: 'cross_group', weight: cw.crossGroup, spans: [] });
      }
      if (cw.newMember && context.memberJoinedAt !== undefined) {
        const params = rule.triggers.behaviour.newMember ?? NewMemberSchema.parse({});
        if (isNewMember(context.recent, message, context.memberJoinedAt, params)) {
          contributions.push({ signal: 'new_member', weight: cw.newMember, spans: [] });
        }
      }
      // A question about the thing ("是骗子吗", "is this real?") halves what the rest adds.
      const positive = contributions.reduce((sum, c) => sum + (c.weight > 0 ? c.weight : 0), 0);
      const negative = contributions.reduce((sum, c) => sum + (c.weight < 0 ? c.weight : 0), 0);
      score = Math.round((negative < 0 ? positive / 2 + negative : positive) * 100) / 100;
      contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
      contentFires = score >= rule.conditions.minScore && contributions.some((c) => c.weight > 0);
      // The surroundings strengthen what the message says, never replace it: a score that
      // needs them to reach the threshold also needs a word, phrase, pattern or shape.
      if (contentFires && contributions.some((c) => CONTEXT_SIGNALS.has(c.signal))) {
        const own = contributions.filter((c) => !CONTEXT_SIGNALS.has(c.signal));
        const ownPositive = own.reduce((sum, c) => sum + (c.weight > 0 ? c.weight : 0), 0);
        const ownScore = negative < 0 ? ownPositive / 2 + negative : ownPositive;
        if (ownScore < rule.conditions.minScore && !own.some((c) => c.weight > 0 && CONTENT_SIGNALS.has(c.signal))) contentFires = false;
      }
    }
    // A customer asking about a scam they received ("is this t.cn link real?") is not
    // posting it: the suggestion stays (the text is still there) but one step milder.
    const asking = contentFires && (contributions?.some((c) => c.signal === 'question') || QUESTION_CUE.test(norm.text));

    const b = rule.triggers.behaviour;
    const flood = b.floodRate ? floodRate(context.recent, message, b.floodRate) : null;
    const burst = b.floodBurst ? floodBurst(context.recent, message, b.floodBurst) : null;
    const repeated = b.repeat ? repeats(context.recent, message, b.repeat, norm) : null;
    const offHours = b.allowedHours ? outsideAllowedHours(message.ts, b.allowedHours) : false;
    const behaviourFires = flood !== null || burst !== null || repeated !== null || offHours;
    if (!contentFires && !behaviourFires) continue;

    const spans: Span[] = [];
    const evidence: EvidenceKind[] = [];
    const related: string[] = [];
    if (contentFires) {
      if (kh) {
        spans.push(...kh.spans);
        evidence.push('keyword');
      }
      for (const { found, on } of regexFound ?? []) {
        if (!evidence.includes('regex')) evidence.push('regex');
        for (const [s, e] of found) spans.push(on === 'normalized' ? toOriginalSpan(norm, s, e) : { start: s, end: e });
      }
      if (wh) {
        if (!evidence.includes('keyword')) evidence.push('keyword');
        for (const [id, found] of wh) if ((compiled.weightedWeight[id] as number) > 0) spans.push(...found);
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
    if (flood) {
      evidence.push('flood');
      related.push(...flood);
    }
    if (burst) {
      evidence.push('burst');
      related.push(...burst);
    }
    if (repeated) {
      evidence.push('repeat');
      related.push(...repeated);
    }
    if (offHours) evidence.push('hours');
    if (spans.length === 0) spans.push({ start: 0, end: Math.min(message.text.length, 20_000) });

    const reasonData = buildReasonData(rule, evidence, newMember);
    const [reason, reasonZh] = reasonTexts(reasonData);
    suggestions ??= [];
    suggestions.push({
      ruleId: rule.id,
      ruleName: rule.name,
      category: rule.category,
      severity: asking ? milder(rule.severity) : rule.severity,
      priority: rule.priority,
      memberAction: rule.memberAction,
      contentAction: rule.contentAction,
      ...(rule.templateId ? { templateId: rule.templateId } : {}),
      auditOnly: rule.auditOnly,
      spans: mergeSpans(spans),
      evidence,
      reason,
      reasonZh,
      reasonData,
      relatedMessageIds: [...new Set(related.filter((id) => id !== message.id))],
      ...(score !== undefined && contributions ? { score, contributions } : {}),
    });
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
  const ordered = suggestions
    .map((s, i) => ({ s, i }))
    .sort(
      (a, b) =>
        Number(a.s.auditOnly) - Number(b.s.auditOnly) ||
        b.s.priority - a.s.priority ||
        SEVERITY_RANK[b.s.severity] - SEVERITY_RANK[a.s.severity] ||
        a.i - b.i,
    );
  const live = new Set<RuleCategory>();
  const audit = new Set<RuleCategory>();
  const out: Suggestion[] = [];
  for (const { s } of ordered) {
    const seen = s.auditOnly ? audit : live;
    if (seen.has(s.category)) continue;
    seen.add(s.category);
    out.push(s);
  }
  return out;
}
