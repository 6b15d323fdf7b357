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

export function getDecisions(db: Database, suggestionId: string): Promise<Case[]> {
  return db.getAllFromIndex('cases', 'byRef', suggestionId);
}
