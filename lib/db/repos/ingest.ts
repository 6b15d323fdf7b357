import type { ChatEvent, Group, Member, Membership, Message } from '../../model';
import { groupKey, memberKey, messageKey } from '../../model';
import type { Database } from '../open';
import { abortQuietly } from '../tx';

export interface IngestInput {
  site: string;
  group: { externalId: string; title: string };
  events: ChatEvent[];
}

export interface IngestResult {
  groupId: string;
  /** Messages stored by this call, in input order; re-reads are left out. */
  stored: Message[];
  duplicates: number;
}

/**
 * Stores a batch read from the page in one transaction. Chat lists re-render rows
 * (virtualised lists, reconnects, a restarted content script), so the same message arrives
 * again and again: a message id already stored is skipped, and counters move only for
 * messages stored now. Either the whole batch is written or none of it.
 */
export async function ingestEvents(db: Database, input: IngestInput, now: number): Promise<IngestResult> {
  const groupId = groupKey(input.site, input.group.externalId);
  const tx = db.transaction(['groups', 'members', 'memberships', 'messages'], 'readwrite');
  const groups = tx.objectStore('groups');
  const members = tx.objectStore('members');
  const memberships = tx.objectStore('memberships');
  const messages = tx.objectStore('messages');

  const stored: Message[] = [];
  let duplicates = 0;
  const seenInBatch = new Set<string>();

  try {
    const existingGroup = await groups.get(groupId);
    const group: Group = existingGroup ?? {
      id: groupId,
      site: input.site,
      externalId: input.group.externalId,
      title: input.group.title,
      firstSeen: now,
      lastSeen: now,
      rulesText: '',
    };
    if (input.group.title) group.title = input.group.title;

    for (const event of input.events) {
      const id = messageKey(groupId, event.externalId);
      if (seenInBatch.has(id) || (await messages.getKey(id)) !== undefined) {
        duplicates++;
        continue;
      }
      seenInBatch.add(id);
      const memberId = memberKey(input.site, event.author.externalId);
      const message: Message = {
        id,
        externalId: event.externalId,
        groupId,
        memberId,
        authorName: event.author.name,
        kind: event.kind,
        role: event.role,
        text: event.text,
        ts: event.ts,
        readAt: now,
      };
      await messages.put(message);
      stored.push(message);

      const member: Member = (await members.get(memberId)) ?? {
        id: memberId,
        site: input.site,
        externalId: event.author.externalId,
        name: event.author.name,
        aliases: [],
        firstSeen: event.ts,
        lastSeen: event.ts,
      };
      const newName = event.kind === 'rename' && event.newName ? event.newName : event.author.name;
      if (newName && newName !== member.name) {
        // Keep the newest name on the card and the older ones as aliases: a renamed member
        // must still be recognisable by what staff remember.
        if (event.ts >= member.lastSeen) {
          member.aliases = [...member.aliases.filter((a) => a !== member.name && a !== newName), member.name].slice(-50);
          member.name = newName;
        } else if (!member.aliases.includes(newName)) {
          member.aliases = [...member.aliases, newName].slice(-50);
        }
      }
      member.firstSeen = Math.min(member.firstSeen, event.ts);
      member.lastSeen = Math.max(member.lastSeen, event.ts);
      await members.put(member);

      const membership: Membership = (await memberships.get([groupId, memberId])) ?? {
        groupId,
        memberId,
        firstSeen: event.ts,
        lastSeen: event.ts,
        messageCount: 0,
        left: false,
      };
      membership.firstSeen = Math.min(membership.firstSeen, event.ts);
      if (event.ts >= membership.lastSeen) {
        membership.lastSeen = event.ts;
        if (event.kind === 'leave' || event.kind === 'kick') membership.left = true;
        if (event.kind === 'join' || event.kind === 'message') membership.left = false;
      }
      if (event.kind === 'message') membership.messageCount++;
      await memberships.put(membership);

      // A new group's seen times come from its messages, like a member's; the read time is
      // only the fallback for a group first seen empty.
      const firstStoredOfNewGroup = !existingGroup && stored.length === 1;
      group.firstSeen = firstStoredOfNewGroup ? event.ts : Math.min(group.firstSeen, event.ts);
      group.lastSeen = firstStoredOfNewGroup ? event.ts : Math.max(group.lastSeen, event.ts);
    }
    await groups.put(group);
  } catch (error) {
    // A request that fails aborts the transaction by itself, but a call that throws (a
    // value that cannot be cloned, an invalid key) does not: without this abort the
    // writes made so far would commit and the batch would be half-stored.
    abortQuietly(tx);
    throw error;
  }
  await tx.done;
  return { groupId, stored, duplicates };
}
