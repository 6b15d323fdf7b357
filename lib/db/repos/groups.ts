import type { Group, Message } from '../../model';
import type { Database } from '../open';

export function getGroup(db: Database, groupId: string): Promise<Group | undefined> {
  return db.get('groups', groupId);
}

export function listGroups(db: Database): Promise<Group[]> {
  return db.getAll('groups');
}

export async function setGroupRules(db: Database, groupId: string, rulesText: string): Promise<Group> {
  const tx = db.transaction('groups', 'readwrite');
  const group = await tx.store.get(groupId);
  if (!group) throw new Error(`unknown group "${groupId}"`);
  group.rulesText = rulesText;
  await tx.store.put(group);
  await tx.done;
  return group;
}

/** The group's latest messages, oldest first. */
export async function getRecentGroupMessages(db: Database, groupId: string, limit: number): Promise<Message[]> {
  const range = IDBKeyRange.bound([groupId, 0], [groupId, Number.MAX_SAFE_INTEGER]);
  const recent: Message[] = [];
  let cursor = await db.transaction('messages').store.index('byGroupTime').openCursor(range, 'prev');
  while (cursor && recent.length < limit) {
    recent.push(cursor.value);
    cursor = await cursor.continue();
  }
  return recent.reverse();
}

export async function getGroupTitles(db: Database, groupIds: string[]): Promise<Map<string, string>> {
  const tx = db.transaction('groups');
  const groups = await Promise.all(groupIds.map((id) => tx.store.get(id)));
  return new Map(groups.filter((g): g is Group => g !== undefined).map((g) => [g.id, g.title]));
}
