import type { Message } from '../model';
import { localDateKey, localTime } from './business-hours';
import type { Question, QuestionEnd } from './questions';

/**
 * Precomputed group activity, so the dashboard reads one small record per group and day
 * instead of every message. A day record is keyed by the local date in the analytics time
 * zone; hours inside it are local hours. Question outcomes are kept per question too
 * (a question asked today may be answered tomorrow), and each one's contribution to its
 * day is taken out and put back when its outcome changes.
 */
export const AGGREGATE_VERSION = 1;

/** Messages outside this range are stored but left out of the figures (a broken clock, a bad import). */
export const EARLIEST_VALID_TS = Date.UTC(2000, 0, 1);
export const FUTURE_TOLERANCE_MS = 86_400_000;
export const isInRange = (ts: number, now: number) => ts >= EARLIEST_VALID_TS && ts <= now + FUTURE_TOLERANCE_MS;

export interface QuestionFigures {
  opened: number;
  ends: Record<QuestionEnd | 'open', number>;
  /** First-response times (ms) of questions answered by staff, calendar and business time. */
  firstResponse: number[];
  firstResponseBusiness: number[];
  /** Response times of follow-up questions (next-response time). */
  nextResponse: number[];
  /** First-response business times by the staff member who answered. */
  byStaff: Record<string, number[]>;
  /** First responses within / past the group's target. */
  hits: number;
  misses: number;
}

export interface DayAggregate {
  date: string;
  /** 0 = Monday. */
  weekday: number;
  /** Per local hour. */
  messages: number[];
  customerMessages: number[];
  staffMessages: number[];
  questionsAsked: number[];
  joins: string[];
  leaves: string[];
  /** Messages per member (posters of the day). */
  posters: Record<string, number>;
  /** Members whose first message in the group was this day. */
  firstPosts: string[];
  questions: QuestionFigures;
}

const zeros = () => Array.from({ length: 24 }, () => 0);
export const emptyQuestionFigures = (): QuestionFigures => ({
  opened: 0,
  ends: { staff: 0, member: 0, marked: 0, never: 0, left: 0, open: 0 },
  firstResponse: [],
  firstResponseBusiness: [],
  nextResponse: [],
  byStaff: {},
  hits: 0,
  misses: 0,
});
export const emptyDay = (date: string, weekday: number): DayAggregate => ({
  date,
  weekday,
  messages: zeros(),
  customerMessages: zeros(),
  staffMessages: zeros(),
  questionsAsked: zeros(),
  joins: [],
  leaves: [],
  posters: {},
  firstPosts: [],
  questions: emptyQuestionFigures(),
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

/** Adds one stored message to its day. `firstPost`: it is the member's first message in the group. */
export function addMessage(day: DayAggregate, message: Message, hour: number, firstPost: boolean) {
  if (message.kind === 'join') day.joins.push(message.memberId);
  else if (message.kind === 'leave' || message.kind === 'kick') day.leaves.push(message.memberId);
  if (message.kind !== 'message') return;
  day.messages[hour] = (day.messages[hour] ?? 0) + 1;
  if (message.role === 'staff') day.staffMessages[hour] = (day.staffMessages[hour] ?? 0) + 1;
  if (message.role === 'customer') {
    day.customerMessages[hour] = (day.customerMessages[hour] ?? 0) + 1;
    day.posters[message.memberId] = (day.posters[message.memberId] ?? 0) + 1;
    if (firstPost && !day.firstPosts.includes(message.memberId)) day.firstPosts.push(message.memberId);
  }
}

/** What one question adds to its day: stored with the question so it can be taken out again. */
export interface QuestionContribution {
  memberId: string;
  /** Local hour asked. */
  hour: number;
  end: QuestionEnd | 'open';
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
    end: question.end ?? 'open',
    followUp: question.followUp,
    responseMs: byStaff ? question.responseMs : null,
    businessMs: byStaff ? question.businessResponseMs : null,
    staff: byStaff && question.answer ? question.answer.authorName : null,
    hit: byStaff && question.businessResponseMs !== null ? question.businessResponseMs <= targetMs : null,
  };
}

function removeOne(list: number[], value: number | null) {
  if (value === null) return;
  const index = list.indexOf(value);
  if (index >= 0) list.splice(index, 1);
}

/** Adds (sign 1) or takes out (sign -1) one question's contribution. */
export function applyContribution(day: DayAggregate, c: QuestionContribution, sign: 1 | -1) {
  const q = day.questions;
  q.opened += sign;
  day.questionsAsked[c.hour] = (day.questionsAsked[c.hour] ?? 0) + sign;
  q.ends[c.end] += sign;
  if (c.end === 'staff' && c.responseMs !== null) {
    if (c.followUp) {
      if (sign > 0) q.nextResponse.push(c.responseMs);
      else removeOne(q.nextResponse, c.responseMs);
    } else {
      const staff = c.staff ?? '';
      q.byStaff[staff] ??= [];
      const byStaff = q.byStaff[staff] as number[];
      if (sign > 0) {
        q.firstResponse.push(c.responseMs);
        q.firstResponseBusiness.push(c.businessMs ?? c.responseMs);
        byStaff.push(c.businessMs ?? c.responseMs);
      } else {
        removeOne(q.firstResponse, c.responseMs);
        removeOne(q.firstResponseBusiness, c.businessMs ?? c.responseMs);
        removeOne(byStaff, c.businessMs ?? c.responseMs);
        if (byStaff.length === 0) delete q.byStaff[staff];
      }
      if (c.hit === true) q.hits += sign;
      if (c.hit === false) q.misses += sign;
    }
  }
}

export const sameContribution = (a: QuestionContribution, b: QuestionContribution) =>
  a.end === b.end && a.responseMs === b.responseMs && a.businessMs === b.businessMs && a.staff === b.staff && a.followUp === b.followUp && a.hit === b.hit && a.hour === b.hour;

// ── Reading figures back ─────────────────────────────────────────────────────────────

/** Nearest-rank percentile of a list (p in 0..1); null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Response-time buckets of the dashboard (upper bounds, ms; the last is open-ended). */
export const RESPONSE_BUCKETS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 3_600_000, 24 * 3_600_000, Number.POSITIVE_INFINITY] as const;
export const RESPONSE_BUCKET_LABELS = ['0–1 min', '1–5 min', '5–15 min', '15–60 min', '1–4 h', '4–24 h', '>24 h'] as const;

export function bucketCounts(values: readonly number[]): number[] {
  const counts = RESPONSE_BUCKETS.map(() => 0);
  for (const v of values) {
    const index = RESPONSE_BUCKETS.findIndex((upper) => v < upper);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
