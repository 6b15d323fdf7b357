import type { Membership } from '../model';

export const DAY_MS = 86_400_000;

export interface MemberFilter {
  tagIds?: readonly string[];
  stage?: string;
  /** Only members not seen for at least this many days. */
  inactiveDays?: number;
  query?: string;
}

export interface MemberRow {
  membership: Membership;
  name: string;
  stage?: string;
  tagIds: readonly string[];
}

/** The group panel's member list filters; all given conditions must hold. */
export function filterMembers(rows: readonly MemberRow[], filter: MemberFilter, now: number): MemberRow[] {
  const query = filter.query?.trim().toLowerCase();
  const inactiveBefore = filter.inactiveDays ? now - filter.inactiveDays * DAY_MS : null;
  return rows.filter(
    (row) =>
      (!filter.tagIds?.length || filter.tagIds.every((id) => row.tagIds.includes(id))) &&
      (!filter.stage || row.stage === filter.stage) &&
      (inactiveBefore === null || row.membership.lastSeen <= inactiveBefore) &&
      (!query || row.name.toLowerCase().includes(query)),
  );
}
