import type { Case } from '../../model';
import type { Database } from '../open';

/** Cases are append-only: `add` fails on an existing id instead of overwriting it. */
export async function appendCase(db: Database, record: Case): Promise<Case> {
  await db.add('cases', record);
  return record;
}

/** Newest first. */
export async function getMemberCases(db: Database, memberId: string): Promise<Case[]> {
  const cases = await db.getAllFromIndex('cases', 'byMember', IDBKeyRange.bound([memberId, 0], [memberId, Number.MAX_SAFE_INTEGER]));
  return cases.reverse();
}

export async function getGroupCases(db: Database, groupId: string, since: number): Promise<Case[]> {
  return db.getAllFromIndex('cases', 'byGroup', IDBKeyRange.bound([groupId, since], [groupId, Number.MAX_SAFE_INTEGER]));
}

/**
 * Warnings still counting: applied suggestions and manual warnings since `since`, minus
 * those revoked. Across all groups; callers that need one group filter the cases.
 */
export async function countActiveWarnings(db: Database, memberId: string, since: number, groupId?: string): Promise<number> {
  const cases = await db.getAllFromIndex('cases', 'byMember', IDBKeyRange.bound([memberId, since], [memberId, Number.MAX_SAFE_INTEGER]));
  const inGroup = groupId ? cases.filter((c) => c.groupId === groupId) : cases;
  const revoked = new Set(inGroup.filter((c) => c.kind === 'warning-revoked' && c.refersTo).map((c) => c.refersTo));
  return inGroup.filter((c) => (c.kind === 'applied' || c.kind === 'manual-warning') && c.memberAction !== 'none' && !revoked.has(c.id)).length;
}

export function getDecisions(db: Database, suggestionId: string): Promise<Case[]> {
  return db.getAllFromIndex('cases', 'byRef', suggestionId);
}

export async function listCases(db: Database, kind: Case['kind']): Promise<Case[]> {
  return (await db.getAll('cases')).filter((c) => c.kind === kind);
}
