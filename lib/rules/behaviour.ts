import type { AllowedHours, FloodBurst, FloodRate, NewMember, Repeat, RuleMessage } from '../model/rule';
import { type Normalized, normalize } from './normalize';

/**
 * Behaviour rules look at a member's recent messages rather than one message's words.
 * All of them are pure: the caller passes the recent messages (oldest first) and the clock.
 */

/** Messages from `recent` within the window ending at `now`, plus the current one. */
function inWindow(recent: readonly RuleMessage[], current: RuleMessage, windowMs: number): RuleMessage[] {
  const from = current.ts - windowMs;
  const list = recent.filter((m) => m.id !== current.id && m.ts > from && m.ts <= current.ts);
  list.push(current);
  return list;
}

/** The member's message just before `current` (the latest of the others, ties in given order). */
function previousOf(recent: readonly RuleMessage[], current: RuleMessage): RuleMessage | null {
  let previous: RuleMessage | null = null;
  for (const m of recent) if (m.id !== current.id && m.ts <= current.ts && (!previous || m.ts >= previous.ts)) previous = m;
  return previous;
}

/**
 * Flood as a rate: `count` messages within `windowSec`. Returns the ids involved.
 * One flood is one suggestion: only the message that crosses the line fires, not every
 * message after it while the member keeps going (a 1,000-line burst used to put 1,000
 * items in front of staff). After the rate falls below the line, a new flood fires again.
 */
export function floodRate(recent: readonly RuleMessage[], current: RuleMessage, p: FloodRate): string[] | null {
  if (recent.length + 1 < p.count) return null;
  const windowMs = p.windowSec * 1_000;
  const list = inWindow(recent, current, windowMs);
  if (list.length < p.count) return null;
  const previous = previousOf(recent, current);
  if (previous) {
    const others = recent.filter((m) => m.id !== current.id);
    if (inWindow(others, previous, windowMs).length >= p.count) return null;
  }
  return list.map((m) => m.id);
}

/**
 * Flood as consecutive messages: the member's last `count` messages form one burst with no
 * pause longer than `maxGapSec`. (The input holds only this member's messages, so
 * "consecutive" is measured by the pauses between them.)
 */
export function floodBurst(recent: readonly RuleMessage[], current: RuleMessage, p: FloodBurst): string[] | null {
  if (recent.length + 1 < p.count) return null;
  const list = recent.filter((m) => m.id !== current.id && m.ts <= current.ts);
  const ids = [current.id];
  let last = current.ts;
  // One more than `count`: a burst already that long fired at the message that crossed the
  // line, and this one belongs to the same flood (one flood, one suggestion).
  for (let i = list.length - 1; i >= 0 && ids.length <= p.count; i--) {
    const m = list[i] as RuleMessage;
    if (last - m.ts > p.maxGapSec * 1_000) break;
    ids.push(m.id);
    last = m.ts;
  }
  if (ids.length > p.count) return null;
  return ids.length >= p.count ? ids.reverse() : null;
}

/** Character-bigram Dice similarity of two normalised texts: cheap and order-tolerant. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  return sharedBigrams(bigramCounts(a), b) / (a.length - 1 + (b.length - 1));
}

/** Each character bigram of `text` with how often it occurs. */
function bigramCounts(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Twice the bigrams `b` shares with the counted ones (each counted bigram matched once); `grams` is left as it was. */
function sharedBigrams(grams: ReadonlyMap<string, number>, b: string): number {
  const used = new Map<string, number>();
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const have = grams.get(g) ?? 0;
    const taken = used.get(g) ?? 0;
    if (taken < have) {
      shared++;
      used.set(g, taken + 1);
    }
  }
  return 2 * shared;
}

/** Bounded: repeats are judged on the first 500 normalised characters of each message. */
const REPEAT_COMPARE_CHARS = 500;

/** Digits, punctuation and spaces are dropped so "领券 1!" / "领券 2~" count as the same message. */
const NOT_WORDS = /[\p{P}\p{S}0-9\s]/gu;

/** A text's repeat key, and its bigrams once a comparison needed them. */
interface RepeatEntry {
  key: string;
  grams?: Uint32Array;
}

/**
 * The character bigrams of `text` as sorted codes (first UTF-16 unit × 65,536 + second),
 * each occurrence kept: two such lists share min(count in a, count in b) of each bigram, found
 * in one merge pass. In a backfill every message is compared with each of its author's
 * messages in the window; string slices counted in maps made that a tenth of the worker's
 * time, and this is several times cheaper with the same result.
 */
function sortedBigrams(text: string): Uint32Array {
  const codes = new Uint32Array(Math.max(0, text.length - 1));
  for (let i = 0; i < codes.length; i++) codes[i] = text.charCodeAt(i) * 65_536 + text.charCodeAt(i + 1);
  return codes.sort();
}

/** Twice the bigrams two sorted lists share, each occurrence matched once: the Dice numerator. */
function sharedSorted(a: Uint32Array, b: Uint32Array): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return 2 * shared;
}

/**
 * Each message is compared with every message in its window, and each of those with every
 * later one: without a cache a batch normalises the same recent texts (and counts their
 * bigrams) over and over. Two generations: a lookup is two map reads, with no reordering,
 * and a full generation is dropped whole (the texts no window has asked for since).
 */
let repeatCurrent = new Map<string, RepeatEntry>();
let repeatPrevious = new Map<string, RepeatEntry>();
/** Enough for every message in the repeat window of a few hundred busy members. */
const REPEAT_KEY_CACHE = 16_384;
function repeatEntry(text: string, normalized?: Normalized): RepeatEntry {
  let entry = repeatCurrent.get(text);
  if (entry !== undefined) return entry;
  entry = repeatPrevious.get(text) ?? { key: (normalized ?? normalize(text.slice(0, 2_000))).text.replace(NOT_WORDS, '').slice(0, REPEAT_COMPARE_CHARS) };
  if (repeatCurrent.size >= REPEAT_KEY_CACHE) {
    repeatPrevious = repeatCurrent;
    repeatCurrent = new Map();
  }
  repeatCurrent.set(text, entry);
  return entry;
}

/** The same or nearly the same text `count` times within the window. */
export function repeats(
  recent: readonly RuleMessage[],
  current: RuleMessage,
  p: Repeat,
  currentNormalized?: Normalized,
): string[] | null {
  if (recent.length + 1 < p.count) return null;
  // The engine normalised the current text already: its key is kept for the messages after
  // it, which compare with it as one of their recent ones (it was normalised a second time then).
  const currentEntry = repeatEntry(current.text, currentNormalized);
  const key = currentEntry.key;
  if (key.length < p.minLength) return null;
  const ids = [current.id];
  // The current key's bigrams are counted once for the whole window (a busy member has dozens
  // of messages in it), and a text whose length alone rules out the similarity is not compared:
  // Dice is at most 2·min/(sum) of the two bigram counts.
  let grams: Uint32Array | null = null;
  for (const m of inWindow(recent, current, p.windowSec * 1_000)) {
    if (m.id === current.id) continue;
    const otherEntry = repeatEntry(m.text);
    const other = otherEntry.key;
    if (other === key) {
      ids.push(m.id);
      continue;
    }
    if (key.length < 2 || other.length < 2) continue;
    const total = key.length - 1 + (other.length - 1);
    if ((2 * Math.min(key.length - 1, other.length - 1)) / total < p.similarity) continue;
    // Kept on the entry: this message is compared again as a recent one of the member's next messages.
    grams ??= currentEntry.grams ??= sortedBigrams(key);
    otherEntry.grams ??= sortedBigrams(other);
    if (sharedSorted(grams, otherEntry.grams) / total >= p.similarity) ids.push(m.id);
  }
  // The repeat that reaches `count` fires; later copies in the same window are the same
  // breach, already in front of staff.
  return ids.length === p.count ? ids : null;
}

/**
 * Whether the member is new: a join was seen (or the chat reported when they joined) less
 * than `windowHours` ago, and they have posted fewer than `firstMessages` messages since.
 * Without a known join the member was there before the extension looked, and is not new:
 * the first time a group is read, every member would otherwise look like a newcomer.
 */
export function isNewMember(
  recent: readonly RuleMessage[],
  current: RuleMessage,
  memberJoinedAt: number | undefined,
  p: NewMember,
): boolean {
  if (memberJoinedAt === undefined || current.ts < memberJoinedAt) return false;
  if (current.ts - memberJoinedAt > p.windowHours * 3_600_000) return false;
  const sinceJoin = recent.filter((m) => m.id !== current.id && m.ts >= memberJoinedAt && m.ts <= current.ts).length;
  return sinceJoin < p.firstMessages;
}

/** Local hour of a timestamp for a fixed UTC offset. */
export function localHour(ts: number, tzOffsetMinutes: number): number {
  const minutes = Math.floor(ts / 60_000) + tzOffsetMinutes;
  return (((Math.floor(minutes / 60) % 24) + 24) % 24) as number;
}

/** True when the message was posted outside the group's allowed hours. */
export function outsideAllowedHours(ts: number, p: AllowedHours): boolean {
  const h = localHour(ts, p.tzOffsetMinutes);
  const end = p.endHour;
  if (p.startHour === end % 24 && end !== p.startHour) return false; // 0–24: always open
  if (p.startHour === end) return false;
  const open = p.startHour < end ? h >= p.startHour && h < end : h >= p.startHour || h < end;
  return !open;
}
