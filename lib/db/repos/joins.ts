import type { Database } from '../open';

/** How many of a member's stored events are looked through for their last join. */
const JOIN_SCAN_LIMIT = 500;

/**
 * When the member last joined this group, as far as a stored join event shows, at or before
 * `before`. Undefined when no join was seen: the member was already there when the
 * extension first read the group, and counts as established.
 */
export async function lastJoinInGroup(db: Database, memberId: string, groupId: string, before: number): Promise<number | undefined> {
  const range = IDBKeyRange.bound([memberId, 0], [memberId, before]);
  let cursor = await db.transaction('messages').store.index('byMemberTime').openCursor(range, 'prev');
  for (let seen = 0; cursor && seen < JOIN_SCAN_LIMIT; seen++) {
    if (cursor.value.groupId === groupId && cursor.value.kind === 'join') return cursor.value.ts;
    cursor = await cursor.continue();
  }
  return undefined;
}
