import type { Case } from '../model';
import { type DayBucket, END_ORDER, HOUR_CUSTOMER, HOUR_MESSAGES, HOUR_QUESTIONS, HOUR_STAFF, histogramPercentile, mergeInto, RESPONSE_BUCKETS } from './aggregates';

export interface GroupInput {
  groupId: string;
  title: string;
  targetMinutes: number;
  days: DayBucket[];
  /** Current members (not left) and how many of them were last seen before the inactive cut-off. */
  memberCount: number;
  inactiveCount: number;
}

export interface DashboardData {
  from: string;
  to: string;
  messagesPerDay: Array<{ date: string; messages: number; customer: number; staff: number; activeMembers: number }>;
  /** [weekday 0 = Monday][hour]. */
  heatmap: { questions: number[][]; staffMessages: number[][] };
  responseBuckets: number[];
  ends: Record<string, number>;
  groups: Array<{
    groupId: string;
    title: string;
    messages: number;
    posters: number;
    members: number;
    inactive: number;
    newMembers: number;
    departed: number;
    questions: number;
    answeredByStaff: number;
    answeredByMember: number;
    neverAnswered: number;
    frtMedianMs: number | null;
    frtP90Ms: number | null;
    nrtMedianMs: number | null;
    hitRate: number | null;
    targetMinutes: number;
  }>;
  staff: Array<{ name: string; answered: number; medianMs: number | null; p90Ms: number | null; hitRate: number | null }>;
  weeks: Array<{ week: string; questions: number; hitRate: number | null; frtMedianMs: number | null }>;
  funnel: { joined: number; firstMessage: number; returning: number };
  topContributors: Array<{ memberId: string; messages: number; days: number }>;
  rules: Array<{ category: string; suggested: number; applied: number; dismissed: number }>;
  ladder: Array<{ action: string; count: number }>;
  repeatOffenders: Array<{ memberId: string; warnings: number; groups: number }>;
  totals: { messages: number; questions: number; frtMedianMs: number | null; frtP90Ms: number | null; businessMedianMs: number | null; hitRate: number | null };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const sumRange = (values: readonly number[], from: number, length = 24) => {
  let total = 0;
  for (let i = from; i < from + length; i++) total += values[i] ?? 0;
  return total;
};
const rate = (hits: number, total: number) => (total > 0 ? hits / total : null);
const addAll = (into: number[], from: readonly number[]) => {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
};

/** Monday of the ISO week a local date belongs to, as YYYY-MM-DD. */
export function weekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/**
 * Every figure of the dashboard from day buckets and the case log of the selected
 * groups. Pure: the background reads, this adds up. Days are each group's local days.
 */
export function summarize(groups: readonly GroupInput[], cases: readonly Case[], range: { from: string; to: string }): DashboardData {
  const perDay = new Map<string, { messages: number; customer: number; staff: number; posters: Set<string> }>();
  const questionsHeat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const staffHeat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const ends: Record<string, number> = Object.fromEntries(END_ORDER.map((e) => [e, 0]));
  const allFirst = new Map<number, number>();
  const allBusiness = new Map<number, number>();
  const allBuckets = RESPONSE_BUCKETS.map(() => 0);
  let allHits = 0;
  let allTimed = 0;
  const staff = new Map<string, { hist: Map<number, number>; answered: number; hits: number; timed: number }>();
  const weeks = new Map<string, { questions: number; first: Map<number, number>; hits: number; timed: number }>();
  const contributors = new Map<string, { messages: number; days: Set<string> }>();
  const joined = new Set<string>();
  const firstPosters = new Set<string>();

  const groupRows = groups.map((group) => {
    const first = new Map<number, number>();
    const next = new Map<number, number>();
    const posters = new Set<string>();
    const newMembers = new Set<string>();
    const departed = new Set<string>();
    let messages = 0;
    let questions = 0;
    let hits = 0;
    let timed = 0;
    const groupEnds = { staff: 0, member: 0, never: 0 };
    for (const day of group.days) {
      const dayMessages = sumRange(day.hours, HOUR_MESSAGES);
      messages += dayMessages;
      const total = perDay.get(day.date) ?? { messages: 0, customer: 0, staff: 0, posters: new Set<string>() };
      total.messages += dayMessages;
      total.customer += sumRange(day.hours, HOUR_CUSTOMER);
      total.staff += sumRange(day.hours, HOUR_STAFF);
      for (let i = 0; i < day.posters.length; i++) {
        const memberId = day.posters[i] as string;
        total.posters.add(memberId);
        posters.add(memberId);
        let c = contributors.get(memberId);
        if (!c) {
          c = { messages: 0, days: new Set<string>() };
          contributors.set(memberId, c);
        }
        c.messages += day.posterCounts[i] ?? 0;
        c.days.add(day.date);
      }
      perDay.set(day.date, total);
      const qRow = questionsHeat[day.weekday] as number[];
      const sRow = staffHeat[day.weekday] as number[];
      for (let h = 0; h < 24; h++) {
        qRow[h] = (qRow[h] ?? 0) + (day.hours[HOUR_QUESTIONS + h] ?? 0);
        sRow[h] = (sRow[h] ?? 0) + (day.hours[HOUR_STAFF + h] ?? 0);
      }
      for (const id of day.firstPosts) {
        newMembers.add(id);
        firstPosters.add(id);
      }
      for (const id of day.joins) joined.add(id);
      for (const id of day.leaves) departed.add(id);
      const q = day.q;
      questions += q.opened;
      END_ORDER.forEach((end, i) => {
        ends[end] = (ends[end] ?? 0) + (q.ends[i] ?? 0);
      });
      groupEnds.staff += q.ends[END_ORDER.indexOf('staff')] ?? 0;
      groupEnds.member += q.ends[END_ORDER.indexOf('member')] ?? 0;
      groupEnds.never += q.ends[END_ORDER.indexOf('never')] ?? 0;
      mergeInto(first, q.first.hist);
      mergeInto(next, q.next);
      mergeInto(allFirst, q.first.hist);
      mergeInto(allBusiness, q.firstBusiness);
      addAll(allBuckets, q.first.buckets);
      hits += q.first.hits;
      timed += q.first.hits + q.first.misses;
      const week = weeks.get(weekOf(day.date)) ?? { questions: 0, first: new Map<number, number>(), hits: 0, timed: 0 };
      week.questions += q.opened;
      mergeInto(week.first, q.first.hist);
      week.hits += q.first.hits;
      week.timed += q.first.hits + q.first.misses;
      weeks.set(weekOf(day.date), week);
      for (const [name, stats] of Object.entries(q.byStaff)) {
        const s = staff.get(name) ?? { hist: new Map<number, number>(), answered: 0, hits: 0, timed: 0 };
        mergeInto(s.hist, stats.hist);
        s.answered += sum(stats.buckets);
        s.hits += stats.hits;
        s.timed += stats.hits + stats.misses;
        staff.set(name, s);
      }
    }
    allHits += hits;
    allTimed += timed;
    return {
      groupId: group.groupId,
      title: group.title,
      messages,
      posters: posters.size,
      members: group.memberCount,
      inactive: group.inactiveCount,
      newMembers: newMembers.size,
      departed: departed.size,
      questions,
      answeredByStaff: groupEnds.staff,
      answeredByMember: groupEnds.member,
      neverAnswered: groupEnds.never,
      frtMedianMs: histogramPercentile(first, 0.5),
      frtP90Ms: histogramPercentile(first, 0.9),
      nrtMedianMs: histogramPercentile(next, 0.5),
      hitRate: rate(hits, timed),
      targetMinutes: group.targetMinutes,
    };
  });

  // Decisions point at their suggestion; a suggestion's category is the decision's too.
  const suggestionById = new Map(cases.filter((c) => c.kind === 'suggested').map((c) => [c.id, c]));
  const rules = new Map<string, { suggested: number; applied: number; dismissed: number }>();
  const ladder = new Map<string, number>();
  const offenders = new Map<string, { warnings: number; groups: Set<string> }>();
  for (const c of cases) {
    const category = c.category ?? (c.refersTo ? suggestionById.get(c.refersTo)?.category : undefined) ?? 'other';
    const row = rules.get(category) ?? { suggested: 0, applied: 0, dismissed: 0 };
    if (c.kind === 'suggested') row.suggested++;
    if (c.kind === 'applied') row.applied++;
    if (c.kind === 'dismissed') row.dismissed++;
    rules.set(category, row);
    if (c.kind === 'applied' || c.kind === 'manual-warning') {
      ladder.set(c.memberAction, (ladder.get(c.memberAction) ?? 0) + 1);
      const o = offenders.get(c.memberId) ?? { warnings: 0, groups: new Set<string>() };
      o.warnings++;
      o.groups.add(c.groupId);
      offenders.set(c.memberId, o);
    }
  }

  const returning = [...firstPosters].filter((id) => joined.has(id) && (contributors.get(id)?.days.size ?? 0) >= 2).length;
  return {
    from: range.from,
    to: range.to,
    messagesPerDay: [...perDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, d]) => ({ date, messages: d.messages, customer: d.customer, staff: d.staff, activeMembers: d.posters.size })),
    heatmap: { questions: questionsHeat, staffMessages: staffHeat },
    responseBuckets: allBuckets,
    ends,
    groups: groupRows,
    staff: [...staff.entries()]
      .map(([name, s]) => ({ name, answered: s.answered, medianMs: histogramPercentile(s.hist, 0.5), p90Ms: histogramPercentile(s.hist, 0.9), hitRate: rate(s.hits, s.timed) }))
      .sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name)),
    weeks: [...weeks.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([week, w]) => ({ week, questions: w.questions, hitRate: rate(w.hits, w.timed), frtMedianMs: histogramPercentile(w.first, 0.5) })),
    funnel: { joined: joined.size, firstMessage: [...joined].filter((id) => firstPosters.has(id)).length, returning },
    topContributors: [...contributors.entries()]
      .map(([memberId, c]) => ({ memberId, messages: c.messages, days: c.days.size }))
      // Ties by id: the order must not depend on the order records were read in.
      .sort((a, b) => b.messages - a.messages || (a.memberId < b.memberId ? -1 : 1))
      .slice(0, 10),
    rules: [...rules.entries()].map(([category, r]) => ({ category, ...r })).sort((a, b) => b.suggested - a.suggested),
    ladder: [...ladder.entries()].map(([action, count]) => ({ action, count })),
    repeatOffenders: [...offenders.entries()]
      .filter(([, o]) => o.warnings >= 2)
      .map(([memberId, o]) => ({ memberId, warnings: o.warnings, groups: o.groups.size }))
      .sort((a, b) => b.warnings - a.warnings || (a.memberId < b.memberId ? -1 : 1))
      .slice(0, 20),
    totals: {
      messages: sum(groupRows.map((g) => g.messages)),
      questions: sum(groupRows.map((g) => g.questions)),
      frtMedianMs: histogramPercentile(allFirst, 0.5),
      frtP90Ms: histogramPercentile(allFirst, 0.9),
      businessMedianMs: histogramPercentile(allBusiness, 0.5),
      hitRate: rate(allHits, allTimed),
    },
  };
}

/** One table as CSV (RFC 4180 quoting); cells starting with = + - @ are prefixed so spreadsheets do not run them. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cell = (value: string | number | null) => {
    let text = value === null ? '' : String(value);
    if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
}
