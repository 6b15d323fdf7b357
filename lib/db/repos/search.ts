import type { Message } from '../../model';
import { groupTerm, memberTerm, tokenize } from '../../search/tokenize';
import { unwrap } from 'idb';
import type { Database } from '../open';
import type { SearchQueueEntry, SearchTerms } from '../schema';
import { type IngestStep, settled } from './ingest';

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
  /** Use the plan for browsers without `IDBIndex.getAllRecords` (tests run both). */
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

  if (!prefix && !query.withoutRecords && supportsGetAllRecords(index)) {
    const found = await searchByRecords(index as unknown as RecordsIndex, messageStore, terms, lone, from, to, limit, query.listCap ?? FIRST_PAGE);
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

/** Entries of each term read first: enough to tell a rare term (its whole list) from a common one. */
const FIRST_PAGE = 128;
/** Later pages of the walked term grow up to this many entries. */
const MAX_PAGE = 4_096;

interface TermRecord {
  key: [string, number];
  primaryKey: string;
  value: SearchTerms;
}
interface RecordsIndex {
  getAllRecords(options: { query: IDBKeyRange; count: number; direction: 'prev' }): Promise<TermRecord[]>;
}

const supportsGetAllRecords = (index: object) => 'getAllRecords' in Object.getPrototypeOf(index) || typeof (index as { getAllRecords?: unknown }).getAllRecords === 'function';

/**
 * The plan where the index hands back its entries with their records (IndexedDB 3's
 * `getAllRecords`, Chromium 141+): each entry carries every term of its message, so a
 * candidate is checked against all the other terms without another request.
 *
 * Every term's newest entries in the date range are read at once. A term with fewer than a
 * page is rare and complete: the rarest such term drives. If every term is common, the one
 * whose page reaches furthest back in time (the sparsest) drives. The driver is walked newest
 * first in growing pages (`direction: 'prev'`, each page ending where the last one did) until
 * `limit + 1` messages match, so a query costs a few requests and reads no more of a common
 * term than the page of results needs. Only matches are read from the messages store.
 */
async function searchByRecords(
  index: RecordsIndex,
  messageStore: { get(id: string): Promise<Message | undefined> },
  terms: readonly string[],
  lone: readonly string[],
  from: number,
  to: number,
  limit: number,
  firstPage: number,
): Promise<Message[]> {
  const page = (term: string, upper: number, count: number) => index.getAllRecords({ query: IDBKeyRange.bound([term, from], [term, upper]), count, direction: 'prev' });
  const first = await Promise.all(terms.map((term) => page(term, to, firstPage)));
  if (first.some((records) => records.length === 0)) return [];
  let driver = 0;
  for (let i = 1; i < terms.length; i++) {
    const a = first[i] as TermRecord[];
    const b = first[driver] as TermRecord[];
    const aComplete = a.length < firstPage;
    const bComplete = b.length < firstPage;
    if (aComplete !== bComplete ? aComplete : aComplete ? a.length < b.length : (a.at(-1) as TermRecord).key[1] < (b.at(-1) as TermRecord).key[1]) driver = i;
  }
  const driverTerm = terms[driver] as string;
  const others = terms.filter((_, i) => i !== driver);
  const matches: Message[] = [];
  const seen = new Set<string>();
  let records = first[driver] as TermRecord[];
  let count = firstPage;
  for (;;) {
    const hits: string[] = [];
    let fresh = 0;
    for (const record of records) {
      if (seen.has(record.primaryKey)) continue;
      seen.add(record.primaryKey);
      fresh++;
      if (others.length === 0) hits.push(record.primaryKey);
      else {
        const own = new Set(record.value.terms.map(([term]) => term));
        if (others.every((term) => own.has(term))) hits.push(record.primaryKey);
      }
    }
    if (hits.length > 0) {
      const found = await Promise.all(hits.map((id) => messageStore.get(id)));
      for (const message of found) {
        // Lone CJK characters are not terms of their own: checked on the text.
        if (message && lone.every((c) => message.text.includes(c) || message.authorName.includes(c))) matches.push(message);
      }
      if (matches.length > limit) return matches;
    }
    if (records.length < count) return matches;
    const lastTs = (records.at(-1) as TermRecord).key[1];
    // The next page starts at the last time read (entries at that same time are skipped by
    // id); a page all at one time grows until it gets past it.
    count = fresh > 0 ? Math.min(count * 4, MAX_PAGE) : count * 2;
    records = await page(driverTerm, lastTs, count);
  }
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
