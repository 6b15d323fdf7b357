import type { Message } from '../model';
import { localDateKey, localTime } from './business-hours';
import type { Question, QuestionEnd } from './questions';

/**
 * Precomputed group activity, so the dashboard reads one small record per group and local
 * day instead of every message. Days and hours are local to the GROUP's time zone (its
 * business-hours setting, else the default zone). Records are compact: counters per hour
 * in one flat array, posters as two parallel arrays, response times as sparse histograms
 * (exact to the second up to an hour, within 0.5 % beyond). Question outcomes are kept per
 * question too (a question asked today may be answered tomorrow), and each one's
 * contribution to its day is taken out and put back when its outcome changes.
 *
 * Version 2: group time zones, compact records, histograms (version 1 kept every response
 * time and a per-member object per day; a stored version 1 is rebuilt from the messages).
 */
export const AGGREGATE_VERSION = 2;

/** Messages outside this range are stored but left out of the figures (a broken clock, a bad import). */
export const EARLIEST_VALID_TS = Date.UTC(2000, 0, 1);
export const FUTURE_TOLERANCE_MS = 86_400_000;
export const isInRange = (ts: number, now: number) => ts >= EARLIEST_VALID_TS && ts <= now + FUTURE_TOLERANCE_MS;

// ── Response-time histograms ─────────────────────────────────────────────────────────

/**
 * Sparse histogram of durations: `[bin, count, bin, count, …]`, bins ascending. Below an
 * hour a bin is one whole second (exact, as shown); from an hour on bins grow by 1 %, so a
 * percentile read back is within 0.5 % (a few seconds of an hour, minutes of a day).
 */
export type Histogram = number[];
const EXACT_SECONDS = 3_600;
const GROWTH = Math.log(1.01);

export function binOf(ms: number): number {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < EXACT_SECONDS) return seconds;
  return EXACT_SECONDS + Math.floor(Math.log(seconds / EXACT_SECONDS) / GROWTH);
}

/** The duration a bin stands for (ms): the second itself, or the middle of a growing bin. */
export function valueOfBin(bin: number): number {
  if (bin < EXACT_SECONDS) return bin * 1000;
  const k = bin - EXACT_SECONDS;
  return Math.round(EXACT_SECONDS * Math.exp((k + 0.5) * GROWTH)) * 1000;
}

export function histogramAdd(hist: Histogram, ms: number, delta: number): void {
  const bin = binOf(ms);
  let i = 0;
  while (i < hist.length && (hist[i] as number) < bin) i += 2;
  if (hist[i] === bin) {
    const count = (hist[i + 1] as number) + delta;
    if (count <= 0) hist.splice(i, 2);
    else hist[i + 1] = count;
  } else if (delta > 0) hist.splice(i, 0, bin, delta);
}

/** Adds histograms into a bin → count map (for reading many days back). */
export function mergeInto(total: Map<number, number>, hist: Histogram): void {
  for (let i = 0; i < hist.length; i += 2) total.set(hist[i] as number, (total.get(hist[i] as number) ?? 0) + (hist[i + 1] as number));
}

/** Nearest-rank percentile (p in 0..1) of merged histograms; null for none. */
export function histogramPercentile(total: ReadonlyMap<number, number>, p: number): number | null {
  let n = 0;
  for (const count of total.values()) n += count;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  let seen = 0;
  for (const bin of [...total.keys()].sort((a, b) => a - b)) {
    seen += total.get(bin) as number;
    if (seen >= rank) return valueOfBin(bin);
  }
  return null;
}

/** Response-time buckets of the dashboard (upper bounds, ms; the last is open-ended). */
export const RESPONSE_BUCKETS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 3_600_000, 24 * 3_600_000, Number.POSITIVE_INFINITY] as const;
export const RESPONSE_BUCKET_LABELS = ['0–1 min', '1–5 min', '5–15 min', '15–60 min', '1–4 h', '4–24 h', '>24 h'] as const;
export const bucketIndex = (ms: number) => RESPONSE_BUCKETS.findIndex((upper) => ms < upper);

/** First responses by one staff member, or of one group-day: histogram, buckets and target hits, all exact counts. */
export interface ResponseStats {
  hist: Histogram;
  /** Counts per RESPONSE_BUCKETS, exact (bucket edges are not histogram edges). */
  buckets: number[];
  hits: number;
  misses: number;
}
export const emptyStats = (): ResponseStats => ({ hist: [], buckets: RESPONSE_BUCKETS.map(() => 0), hits: 0, misses: 0 });

// ── Day buckets ──────────────────────────────────────────────────────────────────────

export const END_ORDER = ['staff', 'member', 'marked', 'never', 'left', 'open'] as const;
export type EndOrOpen = (typeof END_ORDER)[number];

/** Hour counters, each 24 long, at these offsets in `DayBucket.hours`. */
export const HOUR_MESSAGES = 0;
export const HOUR_CUSTOMER = 24;
export const HOUR_STAFF = 48;
export const HOUR_QUESTIONS = 72;

export interface DayQuestions {
  opened: number;
  /** Counts in END_ORDER. */
  ends: number[];
  /** First responses by staff, calendar time (with exact buckets and target hits). */
  first: ResponseStats;
  /** The same first responses in business time. */
  firstBusiness: Histogram;
  /** Next-response times (follow-up questions). */
  next: Histogram;
  /** First responses per staff member who answered, business time. */
  byStaff: Record<string, ResponseStats>;
}

export interface DayBucket {
  date: string;
  /** 0 = Monday. */
  weekday: number;
  /** The zone `date` and the hours are local to. */
  timeZone: string;
  /** Four counters per local hour (messages, customer, staff, questions asked), see HOUR_*. */
  hours: number[];
  /** Customers who posted this day and how many messages each (parallel arrays). */
  posters: string[];
  posterCounts: number[];
  /** Members whose first message in the group was this day. */
  firstPosts: string[];
  joins: string[];
  leaves: string[];
  q: DayQuestions;
}

export const emptyDayQuestions = (): DayQuestions => ({ opened: 0, ends: END_ORDER.map(() => 0), first: emptyStats(), firstBusiness: [], next: [], byStaff: {} });
export const emptyBucket = (date: string, weekday: number, timeZone: string): DayBucket => ({
  date,
  weekday,
  timeZone,
  hours: Array.from({ length: 96 }, () => 0),
  posters: [],
  posterCounts: [],
  firstPosts: [],
  joins: [],
  leaves: [],
  q: emptyDayQuestions(),
});

export interface LocalSlot {
  date: string;
  hour: number;
  weekday: number;
  /** The local day's start as a sortable number (UTC ms of the local date at 00:00 UTC). */
  dayKey: number;
}

/**
 * Local date and hour of instants, cached per UTC quarter hour: Intl formatting costs
 * microseconds, and a million messages fall into far fewer quarter hours. (Quarter hours,
 * not hours: a few zones are offset by 30 or 45 minutes.)
 */
export function createLocalClock(timeZone: string) {
  const cache = new Map<number, LocalSlot>();
  return (ts: number): LocalSlot => {
    const slot = Math.floor(ts / 900_000);
    let found = cache.get(slot);
    if (!found) {
      const t = localTime(slot * 900_000, timeZone);
      found = { date: localDateKey(t), hour: t.hour, weekday: t.weekday, dayKey: Date.UTC(t.year, t.month - 1, t.day) };
      if (cache.size > 200_000) cache.clear();
      cache.set(slot, found);
    }
    return found;
  };
}
export type LocalClock = ReturnType<typeof createLocalClock>;

/** Adds one stored message to its day. `firstPost`: it is the member's first message in the group. */
export function addMessage(day: DayBucket, message: Message, hour: number, firstPost: boolean): void {
  if (message.kind === 'join') {
    if (!day.joins.includes(message.memberId)) day.joins.push(message.memberId);
  } else if (message.kind === 'leave' || message.kind === 'kick') {
    if (!day.leaves.includes(message.memberId)) day.leaves.push(message.memberId);
  }
  if (message.kind !== 'message') return;
  day.hours[HOUR_MESSAGES + hour] = (day.hours[HOUR_MESSAGES + hour] ?? 0) + 1;
  if (message.role === 'staff') day.hours[HOUR_STAFF + hour] = (day.hours[HOUR_STAFF + hour] ?? 0) + 1;
  if (message.role === 'customer') {
    day.hours[HOUR_CUSTOMER + hour] = (day.hours[HOUR_CUSTOMER + hour] ?? 0) + 1;
    const i = day.posters.indexOf(message.memberId);
    if (i >= 0) day.posterCounts[i] = (day.posterCounts[i] as number) + 1;
    else {
      day.posters.push(message.memberId);
      day.posterCounts.push(1);
    }
    if (firstPost && !day.firstPosts.includes(message.memberId)) day.firstPosts.push(message.memberId);
  }
}

/** What one question adds to its day: stored with the question so it can be taken out again. */
export interface QuestionContribution {
  memberId: string;
  /** Local hour asked. */
  hour: number;
  end: EndOrOpen;
  followUp: boolean;
  responseMs: number | null;
  businessMs: number | null;
  staff: string | null;
  hit: boolean | null;
}

export function contributionOf(question: Question, hour: number, targetMs: number): QuestionContribution {
  const byStaff = question.end === 'staff';
  return {
    memberId: question.message.memberId,
    hour,
    end: (question.end ?? 'open') satisfies QuestionEnd | 'open',
    followUp: question.followUp,
    responseMs: byStaff ? question.responseMs : null,
    businessMs: byStaff ? question.businessResponseMs : null,
    staff: byStaff && question.answer ? question.answer.authorName : null,
    hit: byStaff && question.businessResponseMs !== null ? question.businessResponseMs <= targetMs : null,
  };
}

function addStats(stats: ResponseStats, histMs: number, bucketMs: number, hit: boolean | null, sign: 1 | -1) {
  histogramAdd(stats.hist, histMs, sign);
  const b = bucketIndex(bucketMs);
  stats.buckets[b] = (stats.buckets[b] ?? 0) + sign;
  if (hit === true) stats.hits += sign;
  if (hit === false) stats.misses += sign;
}

/** Adds (sign 1) or takes out (sign -1) one question's contribution. */
export function applyContribution(day: DayBucket, c: QuestionContribution, sign: 1 | -1): void {
  const q = day.q;
  q.opened += sign;
  day.hours[HOUR_QUESTIONS + c.hour] = (day.hours[HOUR_QUESTIONS + c.hour] ?? 0) + sign;
  const end = END_ORDER.indexOf(c.end);
  q.ends[end] = (q.ends[end] ?? 0) + sign;
  if (c.end !== 'staff' || c.responseMs === null) return;
  if (c.followUp) {
    histogramAdd(q.next, c.responseMs, sign);
    return;
  }
  const business = c.businessMs ?? c.responseMs;
  addStats(q.first, c.responseMs, c.responseMs, c.hit, sign);
  histogramAdd(q.firstBusiness, business, sign);
  const staff = c.staff ?? '';
  q.byStaff[staff] ??= emptyStats();
  const mine = q.byStaff[staff] as ResponseStats;
  addStats(mine, business, business, c.hit, sign);
  if (mine.hist.length === 0) delete q.byStaff[staff];
}

export const sameContribution = (a: QuestionContribution, b: QuestionContribution) =>
  a.end === b.end && a.responseMs === b.responseMs && a.businessMs === b.businessMs && a.staff === b.staff && a.followUp === b.followUp && a.hit === b.hit && a.hour === b.hour;
