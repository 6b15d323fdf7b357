import type { Case } from '../model';
import { bucketCounts, type DayAggregate, percentile } from './aggregates';

export interface GroupInput {
  groupId: string;
  title: string;
  targetMinutes: number;
  days: DayAggregate[];
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
const rate = (hits: number, total: number) => (total > 0 ? hits / total : null);

/** Monday of the ISO week a local date belongs to, as YYYY-MM-DD. */
export function weekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/**
 * Every figure of the dashboard from day aggregates and the case log of the selected
 * groups. Pure: the background reads, this adds up.
 */
export function summarize(groups: readonly GroupInput[], cases: readonly Case[], range: { from: string; to: string }): DashboardData {
  const perDay = new Map<string, { messages: number; customer: number; staff: number; posters: Set<string> }>();
  const questionsHeat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const staffHeat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const ends: Record<string, number> = { staff: 0, member: 0, marked: 0, never: 0, left: 0, open: 0 };
  const allFirst: number[] = [];
  const allBusiness: number[] = [];
  let allHits = 0;
  let allTimed = 0;
  const staff = new Map<string, { values: number[]; hits: number }>();
  const weeks = new Map<string, { questions: number; first: number[]; hits: number; timed: number }>();
  const contributors = new Map<string, { messages: number; days: Set<string> }>();
  const joined = new Set<string>();
  const firstPosters = new Set<string>();
  const postDays = new Map<string, Set<string>>();

  const groupRows = groups.map((group) => {
    const targetMs = group.targetMinutes * 60_000;
    const first: number[] = [];
    const next: number[] = [];
    const posters = new Set<string>();
    const newMembers = new Set<string>();
    const departed = new Set<string>();
    let messages = 0;
    let questions = 0;
    let hits = 0;
    let timed = 0;
    const groupEnds = { staff: 0, member: 0, never: 0 };
    for (const day of group.days) {
      const dayMessages = sum(day.messages);
      messages += dayMessages;
      const total = perDay.get(day.date) ?? { messages: 0, customer: 0, staff: 0, posters: new Set<string>() };
      total.messages += dayMessages;
      total.customer += sum(day.customerMessages);
      total.staff += sum(day.staffMessages);
      for (const [memberId, count] of Object.entries(day.posters)) {
        total.posters.add(memberId);
        posters.add(memberId);
        const c = contributors.get(memberId) ?? { messages: 0, days: new Set<string>() };
        c.messages += count;
        c.days.add(day.date);
        contributors.set(memberId, c);
        const daysOf = postDays.get(memberId) ?? new Set<string>();
        daysOf.add(day.date);
        postDays.set(memberId, daysOf);
      }
      perDay.set(day.date, total);
      for (let h = 0; h < 24; h++) {
        (questionsHeat[day.weekday] as number[])[h] = ((questionsHeat[day.weekday] as number[])[h] ?? 0) + (day.questionsAsked[h] ?? 0);
        (staffHeat[day.weekday] as number[])[h] = ((staffHeat[day.weekday] as number[])[h] ?? 0) + (day.staffMessages[h] ?? 0);
      }
      for (const id of day.firstPosts) {
        newMembers.add(id);
        firstPosters.add(id);
      }
      for (const id of day.joins) joined.add(id);
      for (const id of day.leaves) departed.add(id);
      const q = day.questions;
      questions += q.opened;
      for (const [end, count] of Object.entries(q.ends)) ends[end] = (ends[end] ?? 0) + count;
      groupEnds.staff += q.ends.staff;
      groupEnds.member += q.ends.member;
      groupEnds.never += q.ends.never;
      first.push(...q.firstResponse);
      next.push(...q.nextResponse);
      allFirst.push(...q.firstResponse);
      allBusiness.push(...q.firstResponseBusiness);
      const dayHits = q.firstResponseBusiness.filter((v) => v <= targetMs).length;
      hits += dayHits;
      timed += q.firstResponseBusiness.length;
      const week = weeks.get(weekOf(day.date)) ?? { questions: 0, first: [], hits: 0, timed: 0 };
      week.questions += q.opened;
      week.first.push(...q.firstResponse);
      week.hits += dayHits;
      week.timed += q.firstResponseBusiness.length;
      weeks.set(weekOf(day.date), week);
      for (const [name, values] of Object.entries(q.byStaff)) {
        const s = staff.get(name) ?? { values: [], hits: 0 };
        s.values.push(...values);
        s.hits += values.filter((v) => v <= targetMs).length;
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
      frtMedianMs: percentile(first, 0.5),
      frtP90Ms: percentile(first, 0.9),
      nrtMedianMs: percentile(next, 0.5),
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

  const returning = [...firstPosters].filter((id) => joined.has(id) && (postDays.get(id)?.size ?? 0) >= 2).length;
  return {
    from: range.from,
    to: range.to,
    messagesPerDay: [...perDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, d]) => ({ date, messages: d.messages, customer: d.customer, staff: d.staff, activeMembers: d.posters.size })),
    heatmap: { questions: questionsHeat, staffMessages: staffHeat },
    responseBuckets: bucketCounts(allFirst),
    ends,
    groups: groupRows,
    staff: [...staff.entries()]
      .map(([name, s]) => ({ name, answered: s.values.length, medianMs: percentile(s.values, 0.5), p90Ms: percentile(s.values, 0.9), hitRate: rate(s.hits, s.values.length) }))
      .sort((a, b) => b.answered - a.answered),
    weeks: [...weeks.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([week, w]) => ({ week, questions: w.questions, hitRate: rate(w.hits, w.timed), frtMedianMs: percentile(w.first, 0.5) })),
    funnel: { joined: joined.size, firstMessage: [...joined].filter((id) => firstPosters.has(id)).length, returning },
    topContributors: [...contributors.entries()]
      .map(([memberId, c]) => ({ memberId, messages: c.messages, days: c.days.size }))
      .sort((a, b) => b.messages - a.messages)
      .slice(0, 10),
    rules: [...rules.entries()].map(([category, r]) => ({ category, ...r })).sort((a, b) => b.suggested - a.suggested),
    ladder: [...ladder.entries()].map(([action, count]) => ({ action, count })),
    repeatOffenders: [...offenders.entries()]
      .filter(([, o]) => o.warnings >= 2)
      .map(([memberId, o]) => ({ memberId, warnings: o.warnings, groups: o.groups.size }))
      .sort((a, b) => b.warnings - a.warnings)
      .slice(0, 20),
    totals: {
      messages: sum(groupRows.map((g) => g.messages)),
      questions: sum(groupRows.map((g) => g.questions)),
      frtMedianMs: percentile(allFirst, 0.5),
      frtP90Ms: percentile(allFirst, 0.9),
      businessMedianMs: percentile(allBusiness, 0.5),
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
