import { type IDBPTransaction, unwrap } from 'idb';
import { indexNickLinks, nickLinkId, resolveNicks } from '../../identity/nicks';
import type { ChatEvent, Group, Member, Membership, Message, NickLink } from '../../model';
import { groupKey, memberKey, messageKey } from '../../model';
import type { Database } from '../open';
import type { GroupStewardDB } from '../schema';
import { abortQuietly } from '../tx';
import type { CachedContext, MemberContextCache } from './context-cache';
import { journalEntry, type MemberWriteBehind } from './member-journal';

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
 * Every store one ingest transaction may write. Steps that run inside the transaction (rule
 * suggestions, search terms, aggregates) write only to these; a new step's store is added here.
 */
export const INGEST_STORES = ['groups', 'members', 'memberships', 'messages', 'cases', 'searchTerms', 'searchQueue', 'aggregates', 'questionMarks', 'settings', 'memberJournal', 'nickLinks'] as const;
export type IngestTx = IDBPTransaction<GroupStewardDB, (typeof INGEST_STORES)[number][], 'readwrite'>;

/** What one transaction stored, handed to the steps that run inside it. */
export interface StoredBatch {
  /** Messages stored now (all inputs, input order); duplicates are left out. */
  stored: Message[];
  /** Members and memberships as they are after this batch, by id (`groupId\0memberId` for memberships). */
  members: ReadonlyMap<string, Member>;
  memberships: ReadonlyMap<string, Membership>;
  /**
   * Per member with new messages: their messages already stored before this batch from
   * `contextWindowMs` before their earliest new message on, oldest first, all groups.
   * Empty unless `contextWindowMs` was given.
   */
  earlier: ReadonlyMap<string, Message[]>;
  now: number;
}

/**
 * A step run inside the ingest transaction once the batch is computed. It runs
 * synchronously (the transaction stays open only while requests are pending) and may issue
 * requests on `tx`; the promises it returns are awaited with the transaction.
 */
export type IngestStep = (tx: IngestTx, batch: StoredBatch) => Promise<unknown>[] | undefined;

export interface IngestOptions {
  /** Read each member's earlier messages this far back, for steps that need context (behaviour rules). */
  contextWindowMs?: number;
  /**
   * Also each member's newest `limit` records within this longer window (new-member rules
   * look for a join up to a day back, but only at the last few records): a bounded read, so
   * a member with thousands of messages that day costs no more than one with three.
   */
  contextRecent?: { windowMs: number; limit: number };
  steps?: readonly IngestStep[];
  /**
   * Members' newest records as earlier batches read and wrote them: a member whose context
   * it holds in full is not read again. Updated once the transaction has committed.
   */
  contextCache?: MemberContextCache;
  /**
   * Members and memberships held behind ingest (member-journal.ts): the batch reads the ones
   * held there instead of the stores, and writes what it changed as one journal record
   * instead of a record each. Without it they are written to their stores here.
   */
  writeBehind?: MemberWriteBehind;
}

/** Newest records read per member for context at first: a member with more in the short window is read again. */
const CONTEXT_FIRST_READ = 32;

interface ContextRead {
  memberId: string;
  earliest: number;
  /** Every record in the short window (by time). */
  window?: IDBRequest<Message[]>;
  /** The newest `count` records of the longer span: newest first as a request, oldest first as a promise (cursor fallback). */
  newest?: IDBRequest<Message[]> | Promise<Message[]>;
  count?: number;
}

export const membershipKey = (groupId: string, memberId: string) => `${groupId}\u0000${memberId}`;

/**
 * Stores batches read from the page in one transaction. Chat lists re-render rows
 * (virtualised lists, reconnects, a restarted content script, a batch sent again because
 * its acknowledgement was lost), so the same message arrives again and again: a message id
 * already stored is skipped, and counters move only for messages stored now. Either every
 * input is written, with whatever the steps write, or nothing is.
 *
 * Every read is issued at once, the batch is computed in memory, and the writes are issued
 * without waiting for each: a thousand messages cost a few round trips, not six per message.
 */
export async function ingestBatch(db: Database, pageInputs: readonly IngestInput[], now: number, options: IngestOptions = {}): Promise<IngestResult[]> {
  const tx = db.transaction([...INGEST_STORES], 'readwrite') as IngestTx;
  // The batch's own reads and writes go to the raw stores: a promise and two listeners per
  // request (idb's wrapper) were a fifth of the worker's time for a 1,000-message batch.
  // Writes are not listened to at all: a failing one aborts the transaction, and `tx.done`
  // rejects with its error.
  const raw = unwrap(tx) as IDBTransaction;
  const groupStore = raw.objectStore('groups');
  const memberStore = raw.objectStore('members');
  const membershipStore = raw.objectStore('memberships');
  const messageStore = raw.objectStore('messages');
  const behind = options.writeBehind;
  const writes: Promise<unknown>[] = [];
  // The first failed request's own error (a constraint, a full disk): the transaction's abort
  // that follows only says "AbortError".
  let requestError: unknown = null;
  raw.addEventListener('error', (event) => {
    requestError ??= (event.target as IDBRequest | null)?.error ?? null;
  });

  try {
    // Nicks renamed earlier (or in this batch, before a later row) resolve to their member
    // first: every id below is the member's (lib/identity/nicks.ts).
    const inputs = await resolveRenamedNicks(raw.objectStore('nickLinks'), pageInputs);
    // Every id this batch touches, and each member's earliest new timestamp for the context read.
    const groupIds = new Map<string, IngestInput>();
    const messageIds = new Set<string>();
    // Members of this batch → their earliest new message (Infinity: no message, only events).
    const memberEarliest = new Map<string, number>();
    const membershipIds = new Map<string, [string, string]>();
    const idsByGroup = new Map<string, string[]>();
    for (const input of inputs) {
      const groupId = groupKey(input.site, input.group.externalId);
      groupIds.set(groupId, input);
      const groupMessageIds = idsByGroup.get(groupId) ?? [];
      idsByGroup.set(groupId, groupMessageIds);
      for (const event of input.events) {
        const id = messageKey(groupId, event.externalId);
        messageIds.add(id);
        groupMessageIds.push(id);
        const memberId = memberKey(input.site, event.author.externalId);
        const earliest = memberEarliest.get(memberId) ?? Number.POSITIVE_INFINITY;
        memberEarliest.set(memberId, event.kind === 'message' ? Math.min(earliest, event.ts) : earliest);
        membershipIds.set(membershipKey(groupId, memberId), [groupId, memberId]);
      }
    }
    const window = options.contextWindowMs ?? 0;
    const recent = options.contextRecent && options.contextRecent.limit > 0 ? options.contextRecent : undefined;
    const contextIndex = messageStore.index('byMemberTime');
    // All reads are issued now, in one go, and answered together.
    // Which ids are stored already: per group, the stored keys between the batch's smallest and
    // largest id in one request (chat ids mostly grow, so that range holds little else); a
    // range crowded with other messages is asked id by id below.
    const dedupeReads = [...idsByGroup.values()].filter((ids) => ids.length > 0).map((ids) => {
      const sorted = [...new Set(ids)].sort();
      const cap = 2 * sorted.length + 64;
      return { ids: sorted, cap, request: messageStore.getAllKeys(IDBKeyRange.bound(sorted[0] as string, sorted.at(-1) as string), cap) as IDBRequest<IDBValidKey[]> };
    });
    const groupReqs = [...groupIds.keys()].map((id) => groupStore.get(id));
    // Members and memberships the same way: a busy batch names hundreds of them, and one ranged
    // read costs what a few single gets do (each get is its own request to the browser process).
    // (Those held behind ingest are newer than the stores: taken from there, not read.)
    const memberRead = readByKeys<Member>(memberStore, [...memberEarliest.keys()].filter((id) => !behind?.holdsMember(id)).sort(), (m) => m.id);
    const membershipsByGroup = new Map<string, string[]>();
    for (const [key, [groupId, memberId]] of membershipIds) {
      if (behind?.holdsMembership(key)) continue;
      const list = membershipsByGroup.get(groupId);
      if (list) list.push(memberId);
      else membershipsByGroup.set(groupId, [memberId]);
    }
    const membershipRead = [...membershipsByGroup].map(([groupId, memberIds]) =>
      readByKeys<Membership>(
        membershipStore,
        memberIds.sort().map((memberId) => [groupId, memberId]),
        (m) => membershipKey(m.groupId, m.memberId),
        (key) => membershipKey(...(key as [string, string])),
      ),
    );
    const keyedReads = [memberRead, ...membershipRead];
    // Each member's context: with both a short window read in full and the newest few of a
    // longer one (the defaults), one read of the newest CONTEXT_FIRST_READ over the longer span
    // usually holds both; only a member busier than that in the short window is read again.
    const contextReads: ContextRead[] = [];
    const cache = options.contextCache;
    const fromCache = new Map<string, Message[]>();
    for (const [memberId, earliest] of memberEarliest) {
      if (!Number.isFinite(earliest)) continue;
      const cached = cache ? contextFromCache(cache.get(memberId), earliest, window, recent) : null;
      if (cached) {
        fromCache.set(memberId, cached);
        continue;
      }
      const upper = [memberId, Number.MAX_SAFE_INTEGER];
      const windowRange = IDBKeyRange.bound([memberId, earliest - window], upper);
      if (window > 0 && !recent) contextReads.push({ memberId, earliest, window: contextIndex.getAll(windowRange) });
      else if (recent) {
        const count = window > 0 ? Math.max(recent.limit, CONTEXT_FIRST_READ) : recent.limit;
        contextReads.push({ memberId, earliest, count, newest: newestInRange(contextIndex, IDBKeyRange.bound([memberId, earliest - Math.max(window, recent.windowMs)], upper), count) });
      }
    }
    const firstRound = [...dedupeReads.map((d) => d.request), ...groupReqs, ...keyedReads.flatMap((r) => (r.request ? [r.request] : [])), ...contextReads.flatMap((c) => [c.window, c.newest].filter((r): r is IDBRequest<Message[]> => r instanceof IDBRequest))];
    await Promise.all([settled(firstRound), ...contextReads.flatMap((c) => (c.newest instanceof Promise ? [c.newest] : []))]);

    // Second round, only where the first could not tell.
    const alreadyStored = new Set<string>();
    const oneByOne: IDBRequest<IDBValidKey | undefined>[] = [];
    for (const { ids, cap, request } of dedupeReads) {
      const keys = request.result;
      if (keys.length < cap) for (const key of keys) alreadyStored.add(key as string);
      else for (const id of ids) oneByOne.push(messageStore.getKey(id));
    }
    const newestFirst = new Map<ContextRead, Message[]>();
    for (const c of contextReads) {
      if (!c.newest) continue;
      const found = c.newest instanceof Promise ? [...(await c.newest)].reverse() : c.newest.result;
      newestFirst.set(c, found);
      const oldest = found.at(-1);
      // Cut at the count while still inside the short window: the window is read in full.
      if (window > 0 && found.length === c.count && oldest && oldest.ts >= c.earliest - window) {
        c.window = contextIndex.getAll(IDBKeyRange.bound([c.memberId, c.earliest - window], [c.memberId, Number.MAX_SAFE_INTEGER]));
      }
    }
    const keyedOneByOne = keyedReads.flatMap((r) => r.fallBack());
    await settled([...oneByOne, ...keyedOneByOne, ...contextReads.flatMap((c) => (c.window && c.newest ? [c.window] : []))]);
    for (const request of oneByOne) if (request.result !== undefined) alreadyStored.add(request.result as string);

    const groupsRead = groupReqs.map((r) => r.result as Group | undefined);
    const membersRead = memberRead.found();
    const membershipsRead = membershipRead.flatMap((r) => r.found());
    const earlierRead = new Map<string, Message[]>(fromCache);
    for (const c of contextReads) {
      const found = newestFirst.get(c) ?? [];
      const inWindow = c.window ? c.window.result : window > 0 ? found.filter((m) => m.ts >= c.earliest - window).reverse() : [];
      const newest = recent ? found.slice(0, recent.limit).reverse() : [];
      earlierRead.set(c.memberId, mergeContext(inWindow, newest));
    }

    const groups = new Map<string, { record: Group; isNew: boolean; storedCount: number }>();
    [...groupIds.keys()].forEach((id, i) => {
      const existing = groupsRead[i];
      if (existing) groups.set(id, { record: existing, isNew: false, storedCount: 0 });
    });
    const members = new Map<string, Member>();
    for (const m of membersRead) if (m) members.set(m.id, m);
    const memberships = new Map<string, Membership>();
    for (const m of membershipsRead) if (m) memberships.set(membershipKey(m.groupId, m.memberId), m);
    if (behind) {
      // Copies: this batch changes them, and what is held must stay as it is should the batch fail.
      for (const id of memberEarliest.keys()) {
        const held = behind.member(id);
        if (held) members.set(id, held);
      }
      for (const key of membershipIds.keys()) {
        const held = behind.membership(key);
        if (held) memberships.set(key, held);
      }
    }
    const earlier = new Map<string, Message[]>();
    for (const [id, found] of earlierRead) if (found.length > 0) earlier.set(id, found);

    const changedMembers = new Set<string>();
    const changedMemberships = new Set<string>();
    const results: IngestResult[] = [];
    const allStored: Message[] = [];

    for (const input of inputs) {
      const groupId = groupKey(input.site, input.group.externalId);
      let group = groups.get(groupId);
      if (!group) {
        group = {
          record: { id: groupId, site: input.site, externalId: input.group.externalId, title: input.group.title, firstSeen: now, lastSeen: now, rulesText: '' },
          isNew: true,
          storedCount: 0,
        };
        groups.set(groupId, group);
      }
      if (input.group.title) group.record.title = input.group.title;
      const result: IngestResult = { groupId, stored: [], duplicates: 0 };
      results.push(result);

      for (const event of input.events) {
        const id = messageKey(groupId, event.externalId);
        if (alreadyStored.has(id)) {
          result.duplicates++;
          continue;
        }
        alreadyStored.add(id);
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
        result.stored.push(message);
        allStored.push(message);

        let member = members.get(memberId);
        if (!member) {
          member = { id: memberId, site: input.site, externalId: event.author.externalId, name: event.author.name, aliases: [], firstSeen: event.ts, lastSeen: event.ts };
          members.set(memberId, member);
        }
        const newName = event.kind === 'rename' && event.newName ? event.newName : event.author.name;
        if (newName && newName !== member.name) {
          // Keep the newest name on the card and the older ones as aliases: a renamed member
          // must still be recognisable by what staff remember.
          if (event.ts >= member.lastSeen) {
            member.aliases = [...member.aliases.filter((a) => a !== member?.name && a !== newName), member.name].slice(-50);
            member.name = newName;
          } else if (!member.aliases.includes(newName)) {
            member.aliases = [...member.aliases, newName].slice(-50);
          }
        }
        member.firstSeen = Math.min(member.firstSeen, event.ts);
        member.lastSeen = Math.max(member.lastSeen, event.ts);
        changedMembers.add(memberId);

        const mKey = membershipKey(groupId, memberId);
        let membership = memberships.get(mKey);
        if (!membership) {
          membership = { groupId, memberId, firstSeen: event.ts, lastSeen: event.ts, messageCount: 0, left: false };
          memberships.set(mKey, membership);
        }
        membership.firstSeen = Math.min(membership.firstSeen, event.ts);
        if (event.ts >= membership.lastSeen) {
          membership.lastSeen = event.ts;
          if (event.kind === 'leave' || event.kind === 'kick') membership.left = true;
          if (event.kind === 'join' || event.kind === 'message') membership.left = false;
        }
        if (event.kind === 'message') membership.messageCount++;
        changedMemberships.add(mKey);

        // A new group's seen times come from its messages, like a member's; the read time is
        // only the fallback for a group first seen empty.
        group.storedCount++;
        const firstStoredOfNewGroup = group.isNew && group.storedCount === 1;
        group.record.firstSeen = firstStoredOfNewGroup ? event.ts : Math.min(group.record.firstSeen, event.ts);
        group.record.lastSeen = firstStoredOfNewGroup ? event.ts : Math.max(group.record.lastSeen, event.ts);
      }
    }

    // Issued together and awaited together: the transaction pipelines them.
    for (const message of allStored) messageStore.put(message);
    const changedMemberRecords = [...changedMembers].map((id) => members.get(id) as Member);
    const changedMembershipRecords = [...changedMemberships].map((key) => memberships.get(key) as Membership);
    const journalKey = behind?.nextKey();
    if (journalKey !== undefined) {
      if (changedMemberRecords.length + changedMembershipRecords.length > 0) {
        raw.objectStore('memberJournal').put(journalEntry(journalKey, changedMemberRecords, changedMembershipRecords));
      }
    } else {
      for (const member of changedMemberRecords) memberStore.put(member);
      for (const membership of changedMembershipRecords) membershipStore.put(membership);
    }
    for (const { record } of groups.values()) groupStore.put(record);
    if (allStored.length > 0) {
      const batch: StoredBatch = { stored: allStored, members, memberships, earlier, now };
      for (const step of options.steps ?? []) writes.push(...(step(tx, batch) ?? []));
    }
    await Promise.all([...writes, tx.done]);
    if (behind && journalKey !== undefined && changedMemberRecords.length + changedMembershipRecords.length > 0) {
      behind.committed(journalKey, changedMemberRecords, changedMembershipRecords);
    }
    if (cache) updateContextCache(cache, contextReads, newestFirst, allStored, window, recent);
    return results;
  } catch (error) {
    // A request that fails aborts the transaction by itself, but a call that throws (a
    // value that cannot be cloned, an invalid key, a step's bug) does not: without this
    // abort the writes made so far would commit and the batch would be half-stored.
    abortQuietly(tx);
    // The writes already issued now fail with the abort; the error worth reporting is this one.
    for (const write of writes) write.catch(() => {});
    // A full disk shows first as aborted requests; the transaction's own error names the cause.
    const txError: unknown = await tx.done.then(
      () => null,
      (e: unknown) => e,
    );
    const quota = [txError, requestError].find((e) => e instanceof Error && e.name === 'QuotaExceededError');
    throw quota ?? (isAbort(error) && requestError ? requestError : error);
  }
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/**
 * The batch with each author resolved to the member who held that nick at the time, and the
 * links its renames make written (in this transaction: a rename is stored with its links or
 * not at all). Usually one request per site (renames are rare), else one per nick.
 */
async function resolveRenamedNicks(links: IDBObjectStore, inputs: readonly IngestInput[]): Promise<IngestInput[]> {
  const nicks = new Map<string, { site: string; nick: string }>();
  for (const input of inputs) {
    for (const event of input.events) {
      for (const nick of [event.author.externalId, event.kind === 'rename' ? event.newExternalId : undefined]) {
        if (nick) nicks.set(`${input.site}\u0000${nick}`, { site: input.site, nick });
      }
    }
  }
  // Renames are rare: a site's links are read in one request, capped like readByKeys; only a
  // site with more of them than that is read nick by nick (each nick's links are one key range).
  const sites = [...new Set([...nicks.values()].map((n) => n.site))];
  const perSite = sites.map((site) => {
    const wanted = [...nicks.values()].filter((n) => n.site === site);
    const cap = 2 * wanted.length + 64;
    return { wanted, cap, request: links.getAll(IDBKeyRange.bound(`${site}\u0000`, `${site}\u0000\uffff`), cap) as IDBRequest<NickLink[]> };
  });
  await settled(perSite.map((s) => s.request));
  const found: NickLink[] = [];
  const byNick: IDBRequest<NickLink[]>[] = [];
  for (const { wanted, cap, request } of perSite) {
    if (request.result.length < cap) found.push(...request.result);
    else for (const { site, nick } of wanted) byNick.push(links.getAll(IDBKeyRange.bound(nickLinkId(site, nick, 0), `${site}\u0000${nick}\u0000\uffff`)) as IDBRequest<NickLink[]>);
  }
  await settled(byNick);
  const index = indexNickLinks([...found, ...byNick.flatMap((r) => r.result)]);
  return inputs.map((input) => {
    const { events, links: made } = resolveNicks(index, input.site, groupKey(input.site, input.group.externalId), input.events);
    for (const link of made) links.put(link);
    return made.length === 0 && events.every((e, i) => e === input.events[i]) ? input : { ...input, events };
  });
}

/**
 * Records of a store by their keys, in as few requests as it takes: first one ranged read
 * between the smallest and largest key (`keys` sorted as IndexedDB orders them), capped at
 * twice their number plus 64. Read in full, that range holds every one of them that exists;
 * a range crowded with other records is asked key by key instead (`fallBack`, second round).
 */
function readByKeys<T>(store: IDBObjectStore, keys: readonly IDBValidKey[], keyOf: (record: T) => string, keyText: (key: IDBValidKey) => string = String) {
  const cap = 2 * keys.length + 64;
  const request = keys.length > 0 ? (store.getAll(IDBKeyRange.bound(keys[0] as IDBValidKey, keys.at(-1) as IDBValidKey), cap) as IDBRequest<T[]>) : null;
  let single: IDBRequest<T | undefined>[] | null = null;
  return {
    request,
    /** After the first round: key-by-key requests when the range was crowded, else none. */
    fallBack(): IDBRequest[] {
      if (!request || request.result.length < cap) return [];
      single = keys.map((key) => store.get(key) as IDBRequest<T | undefined>);
      return single;
    },
    /** After the second round: the records that exist, among those asked for. */
    found(): T[] {
      if (single) return single.flatMap((r) => (r.result === undefined ? [] : [r.result]));
      if (!request) return [];
      const wanted = new Set(keys.map(keyText));
      return request.result.filter((record) => wanted.has(keyOf(record)));
    },
  };
}

/**
 * Resolves when every request has succeeded (in the last one's success event, so the
 * transaction is still active for what the caller issues next); rejects on the first error.
 * One promise for the lot instead of one per request.
 */
export function settled(requests: readonly IDBRequest[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = requests.length;
    if (left === 0) {
      resolve();
      return;
    }
    const done = () => {
      if (--left === 0) resolve();
    };
    for (const request of requests) {
      request.onsuccess = done;
      request.onerror = () => reject(request.error);
    }
  });
}

/**
 * After a commit: what was read and what was stored is now what the store holds. The cache
 * only saves reads: should updating it ever fail, it is emptied, and the batch (committed)
 * is not failed for it.
 */
function updateContextCache(cache: MemberContextCache, contextReads: readonly ContextRead[], newestFirst: ReadonlyMap<ContextRead, Message[]>, allStored: readonly Message[], window: number, recent: IngestOptions['contextRecent']) {
  try {
    const storedBy = new Map<string, Message[]>();
    for (const m of allStored) {
      const list = storedBy.get(m.memberId);
      if (list) list.push(m);
      else storedBy.set(m.memberId, [m]);
    }
    for (const c of contextReads) {
      const found = newestFirst.get(c) ?? [];
      let since: number;
      if (!c.newest) since = c.earliest - window;
      else if (found.length < (c.count ?? 0)) since = c.earliest - Math.max(window, recent?.windowMs ?? 0);
      else since = Math.min(((found.at(-1) as Message | undefined)?.ts ?? c.earliest) + 1, c.window ? c.earliest - window : Number.POSITIVE_INFINITY);
      cache.set(c.memberId, since, [...found, ...(c.window?.result ?? []), ...(storedBy.get(c.memberId) ?? [])]);
      storedBy.delete(c.memberId);
    }
    cache.add([...storedBy.values()].flat());
  } catch {
    cache.clear();
  }
}

/**
 * A member's context from the cache, as the store reads would give it (the short window in
 * full, the newest `recent.limit` of the longer span), or null when the cache does not hold
 * all of it.
 */
function contextFromCache(entry: CachedContext | undefined, earliest: number, window: number, recent: IngestOptions['contextRecent']): Message[] | null {
  if (!entry) return null;
  const windowFrom = earliest - window;
  if (window > 0 && entry.since > windowFrom) return null;
  let newest: Message[] = [];
  if (recent) {
    const recentFrom = earliest - recent.windowMs;
    const inSpan = entry.messages.filter((m) => m.ts >= recentFrom);
    // Records older than the entry's start may be missing: enough newer ones must be there.
    if (entry.since > recentFrom && inSpan.length < recent.limit) return null;
    newest = inSpan.slice(-recent.limit);
  }
  return mergeContext(window > 0 ? entry.messages.filter((m) => m.ts >= windowFrom) : [], newest);
}

/** A member's context: the window read in full and the newest few of a longer one, by time then id, once each. */
function mergeContext(inWindow: Message[], newest: Message[]): Message[] {
  if (newest.length === 0) return inWindow;
  const byId = new Map<string, Message>();
  for (const m of newest) byId.set(m.id, m);
  for (const m of inWindow) byId.set(m.id, m);
  // Index order: by time, then by id.
  return [...byId.values()].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The newest `limit` records of an index range, newest first: one request with
 * `getAll({ query, count, direction: 'prev' })` (IndexedDB 3; Chromium 141+); where that is
 * missing, a reverse cursor (a promise, reversed already to oldest first).
 */
function newestInRange(index: IDBIndex, range: IDBKeyRange, limit: number): IDBRequest<Message[]> | Promise<Message[]> {
  if (supportsGetAllDirection()) return (index as unknown as { getAll(options: { query: IDBKeyRange; count: number; direction: 'prev' }): IDBRequest<Message[]> }).getAll({ query: range, count: limit, direction: 'prev' });
  return new Promise((resolve, reject) => {
    const found: Message[] = [];
    const request = index.openCursor(range, 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor && found.length < limit) {
        found.push(cursor.value as Message);
        cursor.continue();
      } else resolve(found.reverse());
    };
    request.onerror = () => reject(request.error);
  });
}

export const supportsGetAllDirection = () => typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;

/** One batch, one transaction, no steps. */
export async function ingestEvents(db: Database, input: IngestInput, now: number, options: IngestOptions = {}): Promise<IngestResult> {
  const [result] = await ingestBatch(db, [input], now, options);
  return result as IngestResult;
}
