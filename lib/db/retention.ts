import { nickLinkId } from '../identity/nicks';
import { memberKey } from '../model';
import type { Database } from './open';

export const DAY_MS = 86_400_000;

/**
 * Deletes messages older than `retentionDays` (0 keeps everything). Members, tags, notes
 * and the case log stay: a case keeps its own copy of the evidence, so decisions remain
 * explainable after the messages are gone. Returns how many messages were deleted.
 */
export async function purgeOldMessages(db: Database, retentionDays: number, now: number): Promise<number> {
  if (retentionDays <= 0) return 0;
  const before = now - retentionDays * DAY_MS;
  const tx = db.transaction(['messages', 'searchTerms', 'searchQueue'], 'readwrite');
  let deleted = 0;
  let cursor = await tx.objectStore('messages').index('byTime').openCursor(IDBKeyRange.upperBound(before, true));
  while (cursor) {
    await tx.objectStore('searchTerms').delete(cursor.primaryKey);
    await tx.objectStore('searchQueue').delete(cursor.primaryKey);
    await cursor.delete();
    deleted++;
    cursor = await cursor.continue();
  }
  await tx.done;
  return deleted;
}

/**
 * Erases what is stored about one member (a privacy request): messages, notes, tags,
 * memberships and the member record. Cases stay, as the record that staff acted, but their
 * evidence text and the member's name in it are removed. One transaction: all or nothing.
 */
export async function forgetMember(db: Database, site: string, externalId: string): Promise<{ messages: number; notes: number; cases: number }> {
  const memberId = memberKey(site, externalId);
  const tx = db.transaction(['members', 'memberships', 'messages', 'notes', 'memberTags', 'cases', 'searchTerms', 'searchQueue', 'nickLinks'], 'readwrite');
  const everything = IDBKeyRange.bound([memberId, 0], [memberId, Number.MAX_SAFE_INTEGER]);
  let messages = 0;
  for (let c = await tx.objectStore('messages').index('byMemberTime').openCursor(everything); c; c = await c.continue()) {
    await tx.objectStore('searchTerms').delete(c.primaryKey);
    await tx.objectStore('searchQueue').delete(c.primaryKey);
    await c.delete();
    messages++;
  }
  let notes = 0;
  for (let c = await tx.objectStore('notes').index('byMember').openCursor(everything); c; c = await c.continue()) {
    await c.delete();
    notes++;
  }
  for (let c = await tx.objectStore('memberTags').index('byMember').openCursor(memberId); c; c = await c.continue()) await c.delete();
  for (let c = await tx.objectStore('memberships').index('byMember').openCursor(memberId); c; c = await c.continue()) await c.delete();
  let cases = 0;
  for (let c = await tx.objectStore('cases').index('byMember').openCursor(everything); c; c = await c.continue()) {
    if (c.value.evidence) {
      await c.update({ ...c.value, evidence: { ...c.value.evidence, text: '', authorName: '', spans: [] } });
      cases++;
    }
  }
  // Their renames name them too: the links to their later nicks, and the ones freeing the nicks they left.
  for (let c = await tx.objectStore('nickLinks').index('byHolder').openCursor([site, externalId]); c; c = await c.continue()) {
    if (c.value.renamedFrom !== undefined) await tx.objectStore('nickLinks').delete(nickLinkId(site, c.value.renamedFrom, c.value.since + 1));
    await c.delete();
  }
  await tx.objectStore('members').delete(memberId);
  await tx.done;
  return { messages, notes, cases };
}
