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
import { CUE_WORDS, type DetectorHit, isAllowedHost, runDetector } from './detectors';
import { HitBuffer, type KeywordEntry, KeywordMatcher } from './matcher';
import {
  HAS_AT,
  HAS_CJK_DOT,
  HAS_DOT,
  HAS_SLASH,
  NormalizeScratch,
  type Normalized,
  normalizeInto,
  toOriginalSpan,
} from './normalize';
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
}

export type EvidenceKind = 'keyword' | 'regex' | DetectorKind | 'flood' | 'burst' | 'repeat' | 'hours';

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
  readonly reason: string;
  readonly reasonZh: string;
  /** For behaviour rules: the other messages that make up the pattern (flood, repeats). */
  readonly relatedMessageIds: string[];
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
}

export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly matcher: KeywordMatcher;
  /** Detectors any enabled rule uses, so each runs at most once per message. */
  readonly detectorKinds: ReadonlySet<DetectorKind>;
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/**
 * Validate and compile rules. A rule that fails (bad field, invalid regular expression)
 * is left out and reported by id, name and field; all other rules still compile.
 */
export function compileRules(rules: readonly unknown[]): { compiled: CompiledRules; errors: RuleCompileError[] } {
  const compiledRules: CompiledRule[] = [];
  const entries: KeywordEntry[] = [];
  const detectorKinds = new Set<DetectorKind>();

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
    compiledRules.push({
      rule,
      index,
      regexes,
      groupIds: rule.scope.kind === 'groups' ? new Set(rule.scope.groupIds) : null,
      exemptMembers: new Set(rule.exemptions.memberIds),
      hasKeywords: rule.triggers.keywords.length > 0,
      contactDetectorsOnly:
        rule.triggers.keywords.length === 0 &&
        regexes.length === 0 &&
        rule.triggers.detectors.length > 0 &&
        rule.triggers.detectors.every((d) => CONTACT_DETECTORS.has(d)) &&
        !rule.triggers.behaviour.floodRate &&
        !rule.triggers.behaviour.floodBurst &&
        !rule.triggers.behaviour.repeat &&
        !rule.triggers.behaviour.allowedHours,
      keywordOnly:
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
    compiled: { rules: compiledRules, matcher: KeywordMatcher.compile(entries), detectorKinds },
    errors,
  };
}

const CONTACT_DETECTORS: ReadonlySet<DetectorKind> = new Set(['url', 'phone', 'qq', 'wechat', 'email', 'messenger']);
const MAYBE_CONTACT_FLAGS = HAS_DOT | HAS_AT | HAS_SLASH | HAS_CJK_DOT;

/** Matcher tags at or above this are detector cue words, not rule keywords. */
const CUE_TAG_BASE = 1 << 24;

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
  if (kind === 'mention_spam' || kind === 'emoji_spam' || kind === 'length_spam') {
    return runDetector(kind, norm, original, rule.detectorOptions, cues);
  }
  const index = DETECTOR_INDEX.get(kind) ?? 0;
  let hits = detectorCache[index];
  if (hits === undefined) {
    hits = runDetector(kind, norm, original, {}, cues);
    detectorCache[index] = hits;
  }
  return hits;
}

const REASONS: Record<string, [string, string]> = {
  phone: ['phone number', '手机号'],
  qq: ['QQ number', 'QQ号'],
  wechat: ['WeChat ID', '微信号'],
  email: ['e-mail address', '邮箱'],
  messenger: ['messenger account', '其他聊天账号'],
  url: ['link', '链接'],
  mention_spam: ['too many mentions', '大量@他人'],
  emoji_spam: ['too many emoji', '大量表情'],
  length_spam: ['over-long message', '超长消息'],
  keyword: ['listed words', '关键词'],
  regex: ['custom pattern', '自定义规则'],
};

const CATEGORY_NAMES: Record<RuleCategory, [string, string]> = {
  ad: ['Advertising', '广告'],
  contact: ['Contact details', '联系方式'],
  link: ['Link', '链接'],
  insult: ['Insulting language', '辱骂'],
  sensitive: ['Sensitive content', '敏感内容'],
  flood: ['Flooding', '刷屏'],
  repeat: ['Repeated messages', '重复消息'],
  custom: ['Group rule', '群规'],
};

function buildReason(rule: Rule, evidence: EvidenceKind[], newMember: boolean): [string, string] {
  const [catEn, catZh] = CATEGORY_NAMES[rule.category];
  const detailsEn: string[] = [];
  const detailsZh: string[] = [];
  const b = rule.triggers.behaviour;
  for (const e of evidence) {
    if (e === 'flood' && b.floodRate) {
      detailsEn.push(`${b.floodRate.count}+ messages in ${b.floodRate.windowSec} s`);
      detailsZh.push(`${b.floodRate.windowSec}秒内${b.floodRate.count}条以上`);
    } else if (e === 'burst' && b.floodBurst) {
      detailsEn.push(`${b.floodBurst.count} messages in a row`);
      detailsZh.push(`连续${b.floodBurst.count}条`);
    } else if (e === 'repeat' && b.repeat) {
      detailsEn.push(`same message ${b.repeat.count}+ times`);
      detailsZh.push(`相同内容${b.repeat.count}次以上`);
    } else if (e === 'hours') {
      detailsEn.push('outside allowed hours');
      detailsZh.push('非允许时段');
    } else {
      const r = REASONS[e];
      if (r && !detailsEn.includes(r[0])) {
        detailsEn.push(r[0]);
        detailsZh.push(r[1]);
      }
    }
  }
  const prefixEn = newMember ? 'New member: ' : '';
  const prefixZh = newMember ? '新成员：' : '';
  return [
    `${prefixEn}${catEn}${detailsEn.length ? ` (${detailsEn.join(', ')})` : ''}`,
    `${prefixZh}${catZh}${detailsZh.length ? `（${detailsZh.join('、')}）` : ''}`,
  ];
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
  for (let k = 0; k < hitBuffer.count; k++) {
    const tag = hitBuffer.tags[k] as number;
    if (tag >= CUE_TAG_BASE) {
      cues |= tag - CUE_TAG_BASE;
      continue;
    }
    const s = hitBuffer.starts[k] as number;
    const e = hitBuffer.ends[k] as number;
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
  const maybeContact = norm.digitCount >= 5 || (norm.flags & MAYBE_CONTACT_FLAGS) !== 0 || cues !== 0;
  let suggestions: Suggestion[] | null = null;
  for (const cr of compiled.rules) {
    const rule = cr.rule;
    // Rules that cannot fire on this message are skipped before anything else.
    if (cr.keywordOnly && (keywordHits === null || !keywordHits.has(cr.index))) continue;
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
      const found = findAll(regex, on === 'normalized' ? norm.text : message.text.slice(0, 20_000));
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
    const contentFires = contentHits > 0 && contentHits >= rule.conditions.minHits;

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
      for (const { kind, hits } of detectorFound ?? []) {
        evidence.push(kind);
        for (const h of hits) spans.push(h.span);
      }
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

    const [reason, reasonZh] = buildReason(rule, evidence, newMember);
    suggestions ??= [];
    suggestions.push({
      ruleId: rule.id,
      ruleName: rule.name,
      category: rule.category,
      severity: rule.severity,
      priority: rule.priority,
      memberAction: rule.memberAction,
      contentAction: rule.contentAction,
      ...(rule.templateId ? { templateId: rule.templateId } : {}),
      auditOnly: rule.auditOnly,
      spans: mergeSpans(spans),
      evidence,
      reason,
      reasonZh,
      relatedMessageIds: [...new Set(related.filter((id) => id !== message.id))],
    });
  }
  return suggestions === null ? [] : dedupeByCategory(suggestions);
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
