import { type AllowEntry, type GroupAllowList, MAX_ALLOW_PHRASES, type ProposalDecision } from '../../model';
import type { Database } from '../open';
import { abortQuietly } from '../tx';

/** Every group's allow-list, for the engine (group id → phrases). */
export async function listAllowLists(db: Database): Promise<GroupAllowList[]> {
  return db.getAll('allowLists');
}

export async function getAllowList(db: Database, groupId: string): Promise<GroupAllowList> {
  return (await db.get('allowLists', groupId)) ?? { groupId, entries: [], updatedAt: 0 };
}

/**
 * Adds phrases to a group's allow-list in one transaction; a phrase already there (same
 * text after trimming, case folded) is kept as it was. Refuses, naming the phrase, when the
 * list would grow past its limit, and then writes nothing.
 */
export async function addAllowPhrases(db: Database, groupId: string, entries: readonly AllowEntry[], at: number): Promise<GroupAllowList> {
  const tx = db.transaction('allowLists', 'readwrite');
  const list = (await tx.store.get(groupId)) ?? { groupId, entries: [], updatedAt: at };
  const have = new Set(list.entries.map((e) => e.phrase.toLowerCase()));
  const next = [...list.entries];
  for (const entry of entries) {
    const key = entry.phrase.toLowerCase();
    if (have.has(key)) continue;
    if (next.length >= MAX_ALLOW_PHRASES) {
      abortQuietly(tx);
      throw new Error(`allowed phrase "${entry.phrase}": the allow-list of this group already holds ${MAX_ALLOW_PHRASES} phrases`);
    }
    have.add(key);
    next.push(entry);
  }
  const saved = { groupId, entries: next, updatedAt: at };
  await tx.store.put(saved);
  await tx.done;
  return saved;
}

export async function removeAllowPhrase(db: Database, groupId: string, phrase: string, at: number): Promise<GroupAllowList> {
  const tx = db.transaction('allowLists', 'readwrite');
  const list = await tx.store.get(groupId);
  if (!list?.entries.some((e) => e.phrase === phrase)) {
    abortQuietly(tx);
    throw new Error(`allowed phrase "${phrase}" is not in the allow-list of this group`);
  }
  const saved = { groupId, entries: list.entries.filter((e) => e.phrase !== phrase), updatedAt: at };
  await tx.store.put(saved);
  await tx.done;
  return saved;
}

export function listProposalDecisions(db: Database, groupId: string): Promise<ProposalDecision[]> {
  return db.getAllFromIndex('proposalDecisions', 'byGroup', groupId);
}

export async function putProposalDecision(db: Database, decision: ProposalDecision): Promise<ProposalDecision> {
  await db.put('proposalDecisions', decision);
  return decision;
}
