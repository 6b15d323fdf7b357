import type { Message } from '../../model';
import { groupTerm, memberTerm, tokenize } from '../../search/tokenize';
import type { Database } from '../open';
import type { SearchTerms } from '../schema';
import type { IngestStep } from './ingest';

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

/** The ingest step that indexes what the batch stored. */
export const indexSearchTerms: IngestStep = (tx, batch) => {
  const store = tx.objectStore('searchTerms');
  return batch.stored.filter((m) => m.kind === 'message').map((m) => store.put(searchTermsOf(m)));
};

export interface SearchQuery {
  text: string;
  memberId?: string;
  groupId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  limit?: number;
}

export interface SearchResult {
  messages: Message[];
  /** More matches exist beyond `limit`. */
  more: boolean;
}

/** Terms with at most this many entries are intersected by key; rarer work is checked per record. */
const INTERSECT_BY_KEYS = 20_000;

/**
 * Messages containing every term of the query (and of the member/group filters), newest
 * first. The rarest term's entries in the date range are the candidates; the other terms
 * are intersected by key when their lists are short, else checked on each candidate's own
 * terms, so a common word never makes the query read the whole index.
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
  const tx = db.transaction(['searchTerms', 'messages']);
  const index = tx.objectStore('searchTerms').index('byTerm');
  const messageStore = tx.objectStore('messages');
  const range = (term: string) => IDBKeyRange.bound([term, from], [term, to]);

  let candidates: string[];
  let keySets: Set<string>[] = [];
  let byText: string[] = [];
  if (prefix) {
    // Every bigram starting with the character, in any date; the dates are checked below.
    const keys = await index.getAllKeys(IDBKeyRange.bound([prefix, 0], [`${prefix}\uffff`, Number.MAX_SAFE_INTEGER]));
    candidates = [...new Set(keys)];
    byText = lone;
  } else {
    const counts = await Promise.all(terms.map((term) => index.count(range(term))));
    if (counts.some((c) => c === 0)) return { messages: [], more: false };
    const order = terms.map((term, i) => ({ term, count: counts[i] as number })).sort((a, b) => a.count - b.count);
    const [rarest, ...others] = order as [(typeof order)[number], ...typeof order];
    const byKeys = others.filter((o) => o.count <= INTERSECT_BY_KEYS);
    byText = [...others.filter((o) => o.count > INTERSECT_BY_KEYS).map((o) => o.term), ...lone];
    const [first, ...keyLists] = await Promise.all([rarest, ...byKeys].map((o) => index.getAllKeys(range(o.term))));
    candidates = first as string[];
    keySets = keyLists.map((keys) => new Set(keys));
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
  let i = candidates.length - 1;
  const sortAfter = Boolean(prefix);
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
  return { messages: matches.slice(0, limit), more: matches.length > limit };
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
