import type { DashboardData } from './dashboard';

/** The figures a weekly report compares, per group and in total. */
export const WEEKLY_FIGURES = ['messages', 'posters', 'newMembers', 'departed', 'questions', 'answeredByStaff', 'answeredByMember', 'neverAnswered', 'frtMedianMs', 'frtP90Ms', 'hitRate'] as const;
export type WeeklyFigure = (typeof WEEKLY_FIGURES)[number];

export interface WeeklyRow {
  groupId: string;
  title: string;
  figures: Record<WeeklyFigure, { now: number | null; before: number | null }>;
}

/** Pairs this week's figures with last week's, group by group (a group missing in one week counts as zero there). */
export function compareWeeks(thisWeek: DashboardData, lastWeek: DashboardData): WeeklyRow[] {
  const before = new Map(lastWeek.groups.map((g) => [g.groupId, g]));
  const ids = [...new Set([...thisWeek.groups.map((g) => g.groupId), ...lastWeek.groups.map((g) => g.groupId)])];
  return ids.map((groupId) => {
    const now = thisWeek.groups.find((g) => g.groupId === groupId);
    const prev = before.get(groupId);
    const figures = Object.fromEntries(
      WEEKLY_FIGURES.map((key) => {
        const isTime = key === 'frtMedianMs' || key === 'frtP90Ms' || key === 'hitRate';
        const pick = (g: typeof now) => (g ? g[key] : isTime ? null : 0);
        return [key, { now: pick(now), before: pick(prev) }];
      }),
    ) as WeeklyRow['figures'];
    return { groupId, title: now?.title ?? prev?.title ?? groupId, figures };
  });
}

/** Change from last week as a signed number; null when either side has no figure. */
export function change(figure: { now: number | null; before: number | null }): number | null {
  if (figure.now === null || figure.before === null) return null;
  return figure.now - figure.before;
}
