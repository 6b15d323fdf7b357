import type { Span } from '../model/case';
import type { CompiledRules, Suggestion } from './engine';
import { normalize } from './normalize';

/**
 * Learning from staff decisions, locally and only by proposal: nothing here changes a rule.
 *
 * - `proposeWords`: phrases that are distinctive of messages staff flagged (or applied a
 *   warning to) against the normal messages of the same group — candidates for new words.
 * - `proposeAllowPhrases`: the evidence of suggestions staff dismissed as "not a problem" or
 *   "allowed in this group" — candidates for the group's allow-list.
 * - `applyGroupAllowList`: what an approved per-group allow-list does to suggestions.
 * Staff approve or ignore each proposal in the options page; approved words go through the
 * same validation as any rule.
 */

export interface WordProposal {
  /** The phrase as normalised (lower case, simplified, separators removed). */
  readonly phrase: string;
  readonly flagged: number;
  readonly normal: number;
  /** Smoothed ratio of the phrase's rate in flagged vs normal messages; higher is more distinctive. */
  readonly score: number;
}

export interface ProposeOptions {
  /** A phrase must occur in at least this many flagged messages (default 2). */
  readonly minFlagged?: number;
  /** At most this many proposals (default 20). */
  readonly limit?: number;
  /** Phrases already in a rule or allow-list: never proposed again. */
  readonly known?: ReadonlySet<string>;
}

/**
 * Units a message is cut into: runs of CJK characters give their 2–4 character n-grams,
 * Latin words give themselves and pairs of words. Digits alone are never a unit (order
 * numbers and prices are not vocabulary).
 */
function units(text: string): Set<string> {
  const norm = normalize(text).text;
  const out = new Set<string>();
  for (const run of norm.match(/[\u3400-\u9fff]+/g) ?? []) {
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= run.length; i++) out.add(run.slice(i, i + n));
  }
  const words = norm.match(/[a-z][a-z0-9]*/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w.length >= 3) out.add(w);
    const next = words[i + 1];
    if (next) out.add(`${w} ${next}`);
  }
  return out;
}

export function proposeWords(
  flaggedTexts: readonly string[],
  normalTexts: readonly string[],
  options: ProposeOptions = {},
): WordProposal[] {
  const minFlagged = options.minFlagged ?? 2;
  const limit = options.limit ?? 20;
  const known = options.known ?? new Set<string>();
  const flaggedCounts = new Map<string, number>();
  for (const t of flaggedTexts) for (const u of units(t)) flaggedCounts.set(u, (flaggedCounts.get(u) ?? 0) + 1);
  const normalCounts = new Map<string, number>();
  for (const t of normalTexts) for (const u of units(t)) if (flaggedCounts.has(u)) normalCounts.set(u, (normalCounts.get(u) ?? 0) + 1);
  const nf = Math.max(1, flaggedTexts.length);
  const nn = Math.max(1, normalTexts.length);
  const candidates: WordProposal[] = [];
  for (const [phrase, flagged] of flaggedCounts) {
    if (flagged < minFlagged || known.has(phrase)) continue;
    const normal = normalCounts.get(phrase) ?? 0;
    // Laplace-smoothed rate ratio: frequent in flagged messages, rare in normal ones.
    const score = (flagged + 0.5) / (nf + 1) / ((normal + 0.5) / (nn + 1));
    if (score < 4) continue;
    candidates.push({ phrase, flagged, normal, score: Math.round(score * 100) / 100 });
  }
  candidates.sort((a, b) => b.score - a.score || b.flagged - a.flagged || b.phrase.length - a.phrase.length);
  // A phrase inside the run of text an earlier proposal stands for (the longest text around it
  // that all its flagged messages share) adds nothing: "空盲盒第" after "星空盲盒" when every
  // flagged message says "星空盲盒第…". Each run of flagged text is proposed once.
  const flaggedNorm = flaggedTexts.map((t) => normalize(t).text);
  const support = (phrase: string) => flaggedNorm.reduce((n, t) => n + (t.includes(phrase) ? 1 : 0), 0);
  /** The longest text around `phrase` that every flagged message containing it shares. */
  const runOf = (phrase: string, count: number) => {
    let run = phrase;
    const first = flaggedNorm.find((t) => t.includes(phrase)) ?? '';
    for (let grown = true; grown && run.length < 60; ) {
      grown = false;
      const at = first.indexOf(run);
      const right = first[at + run.length];
      if (right && support(run + right) >= count) {
        run += right;
        grown = true;
      }
      const left = at > 0 ? first[at - 1] : undefined;
      if (left && support(left + run) >= count) {
        run = left + run;
        grown = true;
      }
    }
    return run;
  };
  const out: WordProposal[] = [];
  const runs: { run: string; flagged: number }[] = [];
  for (const c of candidates) {
    if (runs.some((r) => r.flagged >= c.flagged && r.run.includes(c.phrase))) continue;
    out.push(c);
    runs.push({ run: runOf(c.phrase, c.flagged), flagged: c.flagged });
    if (out.length >= limit) break;
  }
  return out;
}

export interface DismissedEvidence {
  /** The message text and the suggestion's evidence spans in it. */
  readonly text: string;
  readonly spans: readonly Span[];
}

/** Evidence phrases staff dismissed at least `minCount` times (default 2), most frequent first. */
export function proposeAllowPhrases(dismissed: readonly DismissedEvidence[], minCount = 2): { phrase: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const d of dismissed) {
    const seen = new Set<string>();
    for (const s of d.spans) {
      const phrase = normalize(d.text.slice(s.start, s.end)).text.trim();
      if (phrase.length === 0 || /^[0-9\s]+$/.test(phrase) || seen.has(phrase)) continue;
      seen.add(phrase);
      counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
    }
  }
  return [...counts]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([phrase, count]) => ({ phrase, count }));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A phrase as allow-lists and proposals compare it: normalised, letters and digits only. */
export function compactPhrase(phrase: string): string {
  return [...normalize(phrase).text].filter((ch) => WORD_CHAR.test(ch)).join('');
}

/**
 * A group's approved allow-list applied to the engine's suggestions: evidence inside an
 * allowed phrase no longer counts, and a content suggestion left without evidence goes.
 * Behaviour suggestions (flood, repeat) are kept: an allow-list is about words.
 */
export function applyGroupAllowList(suggestions: readonly Suggestion[], text: string, allowPhrases: readonly string[]): Suggestion[] {
  if (allowPhrases.length === 0 || suggestions.length === 0) return [...suggestions];
  const norm = normalize(text);
  // Compared on letters and digits only, so "021-61234567" also allows "021 6123 4567".
  const kept: number[] = [];
  let compact = '';
  for (let i = 0; i < norm.text.length; i++) {
    const ch = norm.text[i] as string;
    if (!WORD_CHAR.test(ch)) continue;
    kept.push(i);
    compact += ch;
  }
  const allowed: Span[] = [];
  for (const phrase of allowPhrases) {
    const p = compactPhrase(phrase);
    if (p.length === 0) continue;
    for (let i = compact.indexOf(p); i !== -1; i = compact.indexOf(p, i + 1)) {
      allowed.push({ start: norm.starts[kept[i] as number] as number, end: norm.ends[kept[i + p.length - 1] as number] as number });
    }
  }
  if (allowed.length === 0) return [...suggestions];
  const inside = (s: Span) => allowed.some((a) => a.start <= s.start && a.end >= s.end);
  const out: Suggestion[] = [];
  for (const s of suggestions) {
    if (s.category === 'flood' || s.category === 'repeat') {
      out.push(s);
      continue;
    }
    const spans = s.spans.filter((span) => !inside(span));
    if (spans.length === 0) continue;
    out.push(spans.length === s.spans.length ? s : { ...s, spans });
  }
  return out;
}

/**
 * The compiled rules with each group's approved allow-list attached; evaluateMessage then
 * applies a group's list to that group's suggestions only. Groups with an empty list are left out.
 */
export function withGroupAllowLists(compiled: CompiledRules, lists: readonly { groupId: string; entries: readonly { phrase: string }[] }[]): CompiledRules {
  const byGroup = new Map<string, string[]>();
  for (const list of lists) if (list.entries.length > 0) byGroup.set(list.groupId, list.entries.map((e) => e.phrase));
  return byGroup.size === 0 ? compiled : { ...compiled, groupAllowLists: byGroup };
}
