import type { MemberTag, Tag } from '../../model';
import { TagNameSchema } from '../../model';
import type { Database } from '../open';
import { abortQuietly } from '../tx';

/** Distinct, readable on white and on dark backgrounds. */
export const TAG_PALETTE = [
  '#c2410c', '#b45309', '#4d7c0f', '#047857', '#0e7490', '#1d4ed8', '#6d28d9', '#a21caf', '#be123c', '#475569',
] as const;

export function colorForTagName(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return TAG_PALETTE[hash % TAG_PALETTE.length] ?? TAG_PALETTE[0];
}

/** Same name typed with full-width letters or stray spaces is the same tag. */
export function normalizeTagName(name: string): string {
  return TagNameSchema.parse(name.normalize('NFKC').replace(/\s+/g, ' '));
}

export function listTags(db: Database): Promise<Tag[]> {
  return db.getAll('tags');
}

export async function getMemberTags(db: Database, memberId: string): Promise<Tag[]> {
  const tx = db.transaction(['memberTags', 'tags']);
  const links = await tx.objectStore('memberTags').index('byMember').getAll(memberId);
  links.sort((a, b) => a.addedAt - b.addedAt);
  const tags = await Promise.all(links.map((link) => tx.objectStore('tags').get(link.tagId)));
  return tags.filter((tag): tag is Tag => tag !== undefined);
}

/**
 * Adds a tag by name to each member, creating the tag (with a colour) on first use.
 * Adding a tag a member already has changes nothing.
 */
export async function addTagToMembers(db: Database, memberIds: string[], rawName: string, now: number): Promise<Tag> {
  const name = normalizeTagName(rawName);
  const tx = db.transaction(['tags', 'memberTags', 'members'], 'readwrite');
  for (const memberId of memberIds) {
    if ((await tx.objectStore('members').getKey(memberId)) === undefined) {
      abortQuietly(tx);
      throw new Error(`unknown member "${memberId}"`);
    }
  }
  let tag = await tx.objectStore('tags').index('byName').get(name);
  if (!tag) {
    tag = { id: crypto.randomUUID(), name, color: colorForTagName(name), favourite: false, createdAt: now };
    await tx.objectStore('tags').add(tag);
  }
  for (const memberId of memberIds) {
    if ((await tx.objectStore('memberTags').getKey([memberId, tag.id])) === undefined) {
      await tx.objectStore('memberTags').add({ memberId, tagId: tag.id, addedAt: now });
    }
  }
  await tx.done;
  return tag;
}

export async function removeTagFromMember(db: Database, memberId: string, tagId: string): Promise<void> {
  await db.delete('memberTags', [memberId, tagId]);
}

export async function updateTag(db: Database, tagId: string, change: { color?: string; favourite?: boolean }): Promise<Tag> {
  const tx = db.transaction('tags', 'readwrite');
  const tag = await tx.store.get(tagId);
  if (!tag) throw new Error(`unknown tag "${tagId}"`);
  if (change.color !== undefined) tag.color = change.color;
  if (change.favourite !== undefined) tag.favourite = change.favourite;
  await tx.store.put(tag);
  await tx.done;
  return tag;
}

/** Tags of many members in one transaction (group panel, inline badges). */
export async function getTagsOfMembers(db: Database, memberIds: readonly string[]): Promise<Map<string, Tag[]>> {
  const tx = db.transaction(['memberTags', 'tags']);
  const allTags = new Map((await tx.objectStore('tags').getAll()).map((tag) => [tag.id, tag]));
  const result = new Map<string, Tag[]>();
  // Links are keyed [memberId, tagId]: every link of these members lies between the smallest
  // id and the largest one's last key. One read of that range (capped) instead of one request
  // per member; a range crowded with other members' links is asked member by member.
  const ids = [...new Set(memberIds)].sort();
  const cap = 4 * ids.length + 256;
  const ranged = ids.length > 1 ? await tx.objectStore('memberTags').getAll(IDBKeyRange.bound([ids[0] as string], [ids.at(-1) as string, []]), cap) : null;
  const complete = ranged !== null && ranged.length < cap;
  const byMember = new Map<string, MemberTag[]>();
  if (complete) {
    for (const link of ranged) {
      const links = byMember.get(link.memberId);
      if (links) links.push(link);
      else byMember.set(link.memberId, [link]);
    }
  }
  await Promise.all(
    ids.map(async (memberId) => {
      const links = complete ? (byMember.get(memberId) ?? []) : await tx.objectStore('memberTags').index('byMember').getAll(memberId);
      links.sort((a, b) => a.addedAt - b.addedAt);
      result.set(
        memberId,
        links.flatMap((link) => {
          const tag = allTags.get(link.tagId);
          return tag ? [tag] : [];
        }),
      );
    }),
  );
  return result;
}
