import { unwrap } from 'idb';
import type { LifecycleStage, Member, Membership, Message } from '../../model';
import { memberKey } from '../../model';
import type { Database } from '../open';
import { supportsGetAllDirection } from './ingest';

export function getMember(db: Database, memberId: string): Promise<Member | undefined> {
  return db.get('members', memberId);
}

/** Creates the member if unknown; an existing record is returned unchanged. */
export async function ensureMember(db: Database, site: string, externalId: string, name: string, now: number): Promise<Member> {
  const id = memberKey(site, externalId);
  const tx = db.transaction('members', 'readwrite');
  let member = await tx.store.get(id);
  if (!member) {
    member = { id, site, externalId, name: name || externalId, aliases: [], firstSeen: now, lastSeen: now };
    await tx.store.add(member);
  }
  await tx.done;
  return member;
}

export function getMembershipsOfMember(db: Database, memberId: string): Promise<Membership[]> {
  return db.getAllFromIndex('memberships', 'byMember', memberId);
}

/** Every key [groupId, memberId] of one group: arrays sort after strings, so [groupId, []] ends the range. */
export const groupMembershipRange = (groupId: string) => IDBKeyRange.bound([groupId], [groupId, []]);

export function getMembershipsOfGroup(db: Database, groupId: string): Promise<Membership[]> {
  return db.getAll('memberships', groupMembershipRange(groupId));
}

/** Members of a group not seen since `before` (epoch ms). */
export function getInactiveMemberships(db: Database, groupId: string, before: number): Promise<Membership[]> {
  return db.getAllFromIndex('memberships', 'byGroupLastSeen', IDBKeyRange.bound([groupId, 0], [groupId, before], false, true));
}

export async function updateMemberProfile(
  db: Database,
  memberId: string,
  change: { stage?: LifecycleStage | null; tier?: Member['tier'] | null },
): Promise<Member> {
  const tx = db.transaction('members', 'readwrite');
  const member = await tx.store.get(memberId);
  if (!member) throw new Error(`unknown member "${memberId}"`);
  if (change.stage !== undefined) member.stage = change.stage ?? undefined;
  if (change.tier !== undefined) member.tier = change.tier ?? undefined;
  await tx.store.put(member);
  await tx.done;
  return member;
}

/** Where a history page ends: the oldest message shown so far. */
export interface HistoryCursor {
  ts: number;
  id: string;
}

/**
 * One page of the member's messages across every group, newest first, older than `before`
 * when given. A reverse cursor over the bounded key range reads only the rows of the page,
 * so a member with 20,000 messages opens as fast as one with 200. Messages with the same
 * time come in descending id order; `before.id` says where among them the last page ended.
 */
export async function getMemberHistory(db: Database, memberId: string, limit: number, before?: HistoryCursor): Promise<{ messages: Message[]; more: boolean }> {
  const range = IDBKeyRange.bound([memberId, 0], [memberId, before ? before.ts : Number.MAX_SAFE_INTEGER]);
  const index = db.transaction('messages').store.index('byMemberTime');
  const after = (m: Message) => !before || m.ts < before.ts || m.id < before.id;
  if (supportsGetAllDirection()) {
    // One request for the page (IndexedDB 3's getAll with a direction), not a cursor step per
    // row; messages at the cursor's own time that were already shown are skipped, and the
    // count grows in the rare case that many share it.
    const raw = unwrap(index) as unknown as { getAll(options: { query: IDBKeyRange; count: number; direction: 'prev' }): IDBRequest<Message[]> };
    for (let count = limit + 1 + (before ? 8 : 0); ; count *= 2) {
      const request = raw.getAll({ query: range, count, direction: 'prev' });
      const found = await new Promise<Message[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const kept = found.filter(after);
      if (kept.length > limit) return { messages: kept.slice(0, limit), more: true };
      if (found.length < count) return { messages: kept, more: false };
    }
  }
  const messages: Message[] = [];
  let cursor = await index.openCursor(range, 'prev');
  while (cursor) {
    const m = cursor.value;
    if (after(m)) {
      if (messages.length === limit) return { messages, more: true };
      messages.push(m);
    }
    cursor = await cursor.continue();
  }
  return { messages, more: false };
}

/**
 * Messages the member wrote, across groups. Joins, leaves, kicks and renames are stored as
 * events too but are not messages; the memberships count only messages (ingest keeps them
 * in the same transaction), so their sum is the count without reading every event.
 */
export async function countMemberMessages(db: Database, memberId: string): Promise<number> {
  const memberships = await db.getAllFromIndex('memberships', 'byMember', memberId);
  return memberships.reduce((sum, membership) => sum + membership.messageCount, 0);
}

/**
 * Members by id. A group's members usually sit together in the store (ids are `site:externalId`),
 * so one ranged read between the smallest and largest id, capped at twice their number plus 64,
 * usually holds them all: the group panel asks for hundreds at every re-read, and each single
 * get is its own request to the browser process. A range crowded with other members (a site
 * with many groups) is asked id by id instead.
 */
export async function getMembers(db: Database, memberIds: readonly string[]): Promise<Map<string, Member>> {
  const ids = [...new Set(memberIds)].sort();
  const tx = db.transaction('members');
  let members: (Member | undefined)[];
  const cap = 2 * ids.length + 64;
  const ranged = ids.length > 1 ? await tx.store.getAll(IDBKeyRange.bound(ids[0] as string, ids.at(-1) as string), cap) : null;
  if (ranged && ranged.length < cap) {
    const wanted = new Set(ids);
    members = ranged.filter((m) => wanted.has(m.id));
  } else members = await Promise.all(ids.map((id) => tx.store.get(id)));
  return new Map(members.filter((m): m is Member => m !== undefined).map((m) => [m.id, m]));
}

export function getMembership(db: Database, groupId: string, memberId: string): Promise<Membership | undefined> {
  return db.get('memberships', [groupId, memberId]);
}

/** The member's messages in one group since `since`, oldest first, at most `limit` (the newest). */
export async function getMemberRecentInGroup(db: Database, memberId: string, groupId: string, since: number, limit: number): Promise<Message[]> {
  const range = IDBKeyRange.bound([memberId, since], [memberId, Number.MAX_SAFE_INTEGER]);
  const found: Message[] = [];
  let cursor = await db.transaction('messages').store.index('byMemberTime').openCursor(range, 'prev');
  while (cursor && found.length < limit) {
    if (cursor.value.groupId === groupId) found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found.reverse();
}

/** The newest messages across all groups, newest first. */
export async function getRecentMessages(db: Database, limit: number): Promise<Message[]> {
  const found: Message[] = [];
  let cursor = await db.transaction('messages').store.index('byTime').openCursor(null, 'prev');
  while (cursor && found.length < limit) {
    found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found;
}
