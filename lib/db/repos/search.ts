import type { Message } from '../../model';
import { groupTerm, memberTerm, tokenize } from '../../search/tokenize';
import { unwrap } from 'idb';
import type { Database } from '../open';
import type { SearchQueueEntry, SearchTerms } from '../schema';
import { type IngestStep, settled, supportsGetAllDirection } from './ingest';

/**
 * Full-text search over every stored message, kept in IndexedDB beside the messages: each
 * message has a `searchTerms` record whose multi-entry index holds `[term, ts]` for every
 * term (words, CJK bigrams, its member and its group). The index is written in the same
 * transaction as the message, so it is never behind or ahead of the store, costs nothing to
 * load when the service worker wakes, and a date range is a key range.
 */
export function searchTermsOf(message: Pick<Message, 'id' | 'text' | 'memberId' | 'groupId' | 'ts' | 'authorName'>): SearchTerms {
  const words = tokenize(`${message.text} ${message.authorName}`);
  const terms: [string, number][] = words.map((term) => [term, message.ts]);
  terms.push([memberTerm(message.memberId), message.ts], [groupTerm(message.groupId), message.ts]);
  return { id: message.id, terms };
}

/** The ingest step that indexes what the batch stored, inside its transaction (imports, benchmarks). */
export const indexSearchTerms: IngestStep = (tx, batch) => {
  const store = tx.objectStore('searchTerms');
  return batch.stored.filter((m) => m.kind === 'message').map((m) => store.put(searchTermsOf(m)));
};

/** Queue key of a batch: after every message id (old single entries), unique per batch. */
const batchKey = (firstId: string) => `\uffff${firstId}`;
/** The message ids a queue entry stands for. */
export const queuedIds = (entry: SearchQueueEntry): string[] => entry.ids ?? [entry.id];

/**
 * The ingest step the extension runs: the batch's messages are queued for indexing in the
 * same transaction, as one record holding their ids (one small write per batch, not one per
 * message), so a message is never stored without either its terms or its place in the
 * queue, whatever stops the worker.
 */
export const queueSearchIndexing: IngestStep = (tx, batch) => {
  const ids = batch.stored.filter((m) => m.kind === 'message').map((m) => m.id);
  if (ids.length === 0) return [];
  (unwrap(tx.objectStore('searchQueue')) as IDBObjectStore).put({ id: batchKey(ids[0] as string), ids } satisfies SearchQueueEntry);
  return [];
};

/** How many messages wait in the queue (tests, benchmarks). */
export async function countQueued(db: Database): Promise<number> {
  return (await db.getAll('searchQueue')).reduce((sum, entry) => sum + queuedIds(entry).length, 0);
}

/**
 * Writes the terms of up to `max` queued messages and takes them off the queue, in one
 * transaction (all of it or none). Returns how many were taken; 0 means the queue is empty.
 * A batch larger than `max` is split: the rest stays queued under its key. A queued message
 * deleted meanwhile (retention, forget member) is just taken off.
 */
export async function indexQueued(db: Database, max: number): Promise<number> {
  const tx = db.transaction(['searchQueue', 'messages', 'searchTerms'], 'readwrite');
  const queue = tx.objectStore('searchQueue');
  const entries = await queue.getAll(null, max);
  if (entries.length === 0) {
    await tx.done;
    return 0;
  }
  const raw = unwrap(tx) as IDBTransaction;
  const rawQueue = raw.objectStore('searchQueue');
  const ids: string[] = [];
  for (const entry of entries) {
    const all = queuedIds(entry);
    const room = max - ids.length;
    if (room <= 0) break;
    ids.push(...all.slice(0, room));
    if (all.length > room) rawQueue.put({ id: entry.id, ids: all.slice(room) });
    else rawQueue.delete(entry.id);
  }
  const messageStore = raw.objectStore('messages');
  const terms = raw.objectStore('searchTerms');
  const reads = ids.map((id) => messageStore.get(id) as IDBRequest<Message | undefined>);
  await settled(reads);
  for (const read of reads) if (read.result) terms.put(searchTermsOf(read.result));
  await tx.done;
  return ids.length;
}

export interface SearchQuery {
  text: string;
  memberId?: string;
  groupId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  limit?: number;
  /**
   * Entries read per term at first (and, without getAllRecords, before a term counts as
   * common); tests lower it to reach every path.
   */
  listCap?: number;
  /** Use the older plan (key lists cut at a cap, common terms checked on the text; tests run both). */
  withoutRecords?: boolean;
}

export interface SearchResult {
  messages: Message[];
  /** More matches exist beyond `limit`. */
  more: boolean;
}

/** Entries read per term at most; a term with more is common, and is checked on the candidates' text. */
const LIST_CAP = 4_000;

/**
 * Messages containing every term of the query (and of the member/group filters), newest
 * first. The rarest term's entries in the date range are the candidates; the other terms
 * are intersected by key when their lists are short, else checked on each candidate's text;
 * when every term is common, the first is walked newest first until the page is full. So a
 * common word never makes the query read the whole index.
 */
export async function searchMessages(db: Database, query: SearchQuery): Promise<SearchResult> {
  const limit = query.limit ?? 50;
  const words = tokenize(query.text, 32);
  // A lone CJK character is indexed only inside bigrams; beside other terms it is checked on
  // the candidates' text, and alone it is looked up as the start of a bigram.
  const lone = words.filter((w) => w.length === 1 && CJK_CHAR.test(w));
  const terms = words.filter((w) => !lone.includes(w));
  if (query.memberId) terms.push(memberTerm(query.memberId));
  if (query.groupId) terms.push(groupTerm(query.groupId));
  const prefix = terms.length === 0 ? lone[0] : undefined;
  if (terms.length === 0 && !prefix) return { messages: [], more: false };
  const from = query.from ?? 0;
  const to = query.to ?? Number.MAX_SAFE_INTEGER;
  // (A database opened at an older version, as the migration tests do, has no queue.)
  const hasQueue = db.objectStoreNames.contains('searchQueue');
  const tx = db.transaction(hasQueue ? ['searchTerms', 'messages', 'searchQueue'] : ['searchTerms', 'messages']);
  const index = tx.objectStore('searchTerms').index('byTerm');
  const messageStore = tx.objectStore('messages');
  // Stored but not yet indexed (written moments ago, or left by a stopped worker): checked on
  // their text, so a message is found from the moment it is stored.
  const pending = hasQueue ? readPending(tx.objectStore('searchQueue'), messageStore, [...terms, ...lone], from, to) : Promise.resolve([]);
  const range = (term: string) => IDBKeyRange.bound([term, from], [term, to]);

  if (!prefix && !query.withoutRecords) {
    // The group is checked on the message id (its prefix) rather than intersected as a term,
    // unless it is the only term: its list is as long as the group's history.
    const group = query.groupId && terms.length > 1 ? query.groupId : undefined;
    const keyTerms = group ? terms.filter((t) => t !== groupTerm(group)) : terms;
    const found = await searchByKeys(unwrap(index) as IDBIndex, messageStore, keyTerms, lone, group, from, to, limit, query.listCap ?? FIRST_COUNT);
    return withPending(found, await pending, limit);
  }

  let candidates: string[] = [];
  let keySets: Set<string>[] = [];
  let byText: string[] = [];
  /** Set when every term is common: walk the first one newest first instead of listing it. */
  let walkTerm: string | null = null;
  if (prefix) {
    // Every bigram starting with the character, in any date; the dates are checked below.
    const keys = await index.getAllKeys(IDBKeyRange.bound([prefix, 0], [`${prefix}\uffff`, Number.MAX_SAFE_INTEGER]));
    candidates = [...new Set(keys)];
    byText = lone;
  } else {
    // Each term's entries up to a cap, all at once (counting a long range costs as much as
    // reading it). A list shorter than the cap is complete: the shortest complete list gives
    // the candidates and the other complete ones intersect by key; terms cut at the cap are
    // checked on each candidate's text.
    const cap = query.listCap ?? LIST_CAP;
    const lists = await Promise.all(terms.map((term) => index.getAllKeys(range(term), cap)));
    if (lists.some((keys) => keys.length === 0)) return withPending([], await pending, limit);
    const complete = terms.map((term, i) => ({ term, keys: lists[i] as string[] })).filter((l) => l.keys.length < cap);
    complete.sort((a, b) => a.keys.length - b.keys.length);
    const common = terms.filter((_, i) => (lists[i] as string[]).length >= cap);
    if (complete.length > 0) {
      candidates = (complete[0] as (typeof complete)[number]).keys;
      keySets = complete.slice(1).map((l) => new Set(l.keys));
      byText = [...common, ...lone];
    } else {
      walkTerm = common[0] as string;
      byText = [...common.slice(1), ...lone];
    }
  }
  const matches: Message[] = [];
  const check = (message: Message | undefined): message is Message => {
    if (!message || message.ts < from || message.ts > to) return false;
    if (byText.length === 0) return true;
    const own = new Set(tokenize(`${message.text} ${message.authorName}`));
    own.add(memberTerm(message.memberId)).add(groupTerm(message.groupId));
    return byText.every((term) => (term.length === 1 && CJK_CHAR.test(term) ? message.text.includes(term) || message.authorName.includes(term) : own.has(term)));
  };
  // Entries are in [term, ts] order, so walking the candidates backwards goes newest first
  // (a prefix lookup spans several terms and is sorted by time after reading).
  const CHUNK = 64;
  const sortAfter = Boolean(prefix);
  if (walkTerm !== null) {
    let cursor = await index.openKeyCursor(range(walkTerm), 'prev');
    while (cursor && matches.length <= limit) {
      const chunk: string[] = [];
      while (cursor && chunk.length < CHUNK) {
        chunk.push(cursor.primaryKey);
        cursor = await cursor.continue();
      }
      const records = await Promise.all(chunk.map((id) => messageStore.get(id)));
      for (const record of records) if (check(record)) matches.push(record);
    }
  }
  let i = candidates.length - 1;
  while (i >= 0 && (sortAfter || matches.length <= limit)) {
    const chunk: string[] = [];
    for (; i >= 0 && chunk.length < CHUNK; i--) {
      const id = candidates[i] as string;
      if (keySets.every((set) => set.has(id))) chunk.push(id);
    }
    const records = await Promise.all(chunk.map((id) => messageStore.get(id)));
    for (const record of records) if (check(record)) matches.push(record);
  }
  if (sortAfter) matches.sort((a, b) => b.ts - a.ts);
  return withPending(matches, await pending, limit);
}

/** Index matches (newest first) with the queued ones that match, newest first, cut at `limit`. */
function withPending(matches: Message[], queued: Message[], limit: number): SearchResult {
  if (queued.length > 0) {
    const seen = new Set(matches.map((m) => m.id));
    for (const m of queued) if (!seen.has(m.id)) matches.push(m);
    matches.sort((a, b) => b.ts - a.ts);
  }
  return { messages: matches.slice(0, limit), more: matches.length > limit };
}

/** Keys read per term in the first round: a term with fewer is rare, and its list complete. */
const FIRST_COUNT = 256;
/** A complete list up to this long drives by its records (each carries all its message's terms). */
const RECORDS_DRIVER_MAX = 2_048;

/** The newest `count` primary keys of an index range, newest first: one request where the browser has IndexedDB 3's options, else a key cursor. */
function newestKeys(index: IDBIndex, range: IDBKeyRange, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    if (supportsGetAllDirection()) {
      const request = (index as unknown as { getAllKeys(options: { query: IDBKeyRange; count: number; direction: 'prev' }): IDBRequest<string[]> }).getAllKeys({ query: range, count, direction: 'prev' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      return;
    }
    const found: string[] = [];
    const request = index.openKeyCursor(range, 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor && found.length < count) {
        found.push(cursor.primaryKey as string);
        cursor.continue();
      } else resolve(found);
    };
    request.onerror = () => reject(request.error);
  });
}


/**
 * The plan for word queries: posting lists read as primary keys only (no records), newest
 * first, each bounded by a count, intersected smallest first, cut at the page.
 *
 * Every term's newest `count` keys in the date range are read at once. A list shorter than
 * `count` is complete. If the smallest complete list is short, it drives: its records are
 * read (each holds every term of its message) and checked against the other terms in memory.
 * Otherwise the lists are intersected in their common order (time, then id, newest first):
 * a key in every list is a match, and since each list holds everything newer than where it
 * was cut, the matches found are exactly the newest ones. Too few, and some list was cut:
 * the counts grow (by the match rate seen) and the lists are read again. Only the page of
 * matches is read from the messages store.
 */
async function searchByKeys(
  index: IDBIndex,
  messageStore: { get(id: string): Promise<Message | undefined> },
  terms: readonly string[],
  lone: readonly string[],
  groupId: string | undefined,
  from: number,
  to: number,
  limit: number,
  firstCount: number,
): Promise<Message[]> {
  const range = (term: string) => IDBKeyRange.bound([term, from], [term, to]);
  const groupPrefix = groupId ? `${groupId}:` : '';
  const inGroup = (id: string) => !groupId || id.startsWith(groupPrefix);
  const matches: Message[] = [];
  const checked = new Set<string>();
  /** Reads candidates (newest first) until the page is full; false when it is. */
  const take = async (candidates: readonly string[]): Promise<boolean> => {
    const fresh = candidates.filter((id) => !checked.has(id));
    for (let i = 0; i < fresh.length && matches.length <= limit; ) {
      const chunk = fresh.slice(i, i + Math.max(8, limit + 1 - matches.length));
      i += chunk.length;
      for (const id of chunk) checked.add(id);
      for (const message of await Promise.all(chunk.map((id) => messageStore.get(id)))) {
        if (!message || (groupId && message.groupId !== groupId)) continue;
        // Lone CJK characters are not terms of their own: checked on the text.
        if (lone.every((c) => message.text.includes(c) || message.authorName.includes(c))) matches.push(message);
      }
    }
    return matches.length <= limit;
  };

  let count = firstCount;
  for (;;) {
    const lists = await Promise.all(terms.map((term) => newestKeys(index, range(term), count)));
    if (lists.some((keys) => keys.length === 0)) return matches;
    const complete = lists.filter((keys) => keys.length < count).sort((a, b) => a.length - b.length);
    const smallest = complete[0];
    if (smallest && (smallest.length <= RECORDS_DRIVER_MAX || complete.length === lists.length)) {
      if (complete.length === lists.length) {
        // Every list whole: a plain intersection, smallest first.
        const others = complete.slice(1).map((keys) => new Set(keys));
        await take(smallest.filter((id) => inGroup(id) && others.every((set) => set.has(id))));
        return matches;
      }
      const driverTerm = terms[lists.indexOf(smallest)] as string;
      const others = terms.filter((t) => t !== driverTerm);
      const records = (await requestOf(index.getAll(range(driverTerm)))) as SearchTerms[];
      const hits: string[] = [];
      for (let i = records.length - 1; i >= 0; i--) {
        const record = records[i] as SearchTerms;
        if (!inGroup(record.id)) continue;
        const own = new Set(record.terms.map(([term]) => term));
        if (others.every((term) => own.has(term))) hits.push(record.id);
      }
      await take(hits);
      return matches;
    }
    // All cut (or the complete ones too long to read as records): intersect in order.
    const [first, ...rest] = [...lists].sort((a, b) => a.length - b.length);
    const sets = rest.map((keys) => new Set(keys));
    const found = (first as string[]).filter((id) => inGroup(id) && sets.every((set) => set.has(id)));
    if (!(await take(found))) return matches;
    // Not a page yet: read further back, by the rate matches came at (at least 4 times as far).
    const rate = found.length / count;
    count = Math.ceil(Math.max(count * 4, rate > 0 ? ((limit + 1) / rate) * 1.25 : 0));
  }
}

function requestOf<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Queued messages checked per query at most. The queue is drained after each burst; a
 * 10,000-message backfill is fully searchable while it waits (slower, not incomplete).
 */
const PENDING_CAP = 20_000;

/** Queued messages that contain every term (words, lone CJK characters, member and group terms). */
async function readPending(
  queue: { getAll(query: null, count: number): Promise<SearchQueueEntry[]> },
  messages: { get(id: string): Promise<Message | undefined> },
  terms: readonly string[],
  from: number,
  to: number,
): Promise<Message[]> {
  const ids = (await queue.getAll(null, PENDING_CAP)).flatMap(queuedIds).slice(0, PENDING_CAP);
  if (ids.length === 0) return [];
  const found = await Promise.all(ids.map((id) => messages.get(id)));
  return found.filter((m): m is Message => m !== undefined && m.ts >= from && m.ts <= to && containsAll(m, terms));
}

function containsAll(message: Message, terms: readonly string[]): boolean {
  const own = new Set(tokenize(`${message.text} ${message.authorName}`));
  own.add(memberTerm(message.memberId)).add(groupTerm(message.groupId));
  return terms.every((term) => (term.length === 1 && CJK_CHAR.test(term) ? message.text.includes(term) || message.authorName.includes(term) : own.has(term)));
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
