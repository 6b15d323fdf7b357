import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Message } from '../model';
import { searchTermsOf } from './repos/search';
import type { GroupStewardDB } from './schema';

type UpgradeTx = IDBPTransaction<GroupStewardDB, StoreNames<GroupStewardDB>[], 'versionchange'>;
// Migrations run against the schema as it was at their version, which the typed schema
// (always the newest) cannot describe; they work on the untyped database on purpose.
type UntypedDB = IDBPDatabase<unknown>;
type UntypedTx = IDBPTransaction<unknown, string[], 'versionchange'>;

export type Migration = (db: UntypedDB, tx: UntypedTx) => void;

/**
 * Numbered steps, index 0 upgrades to version 1. A shipped step is never edited: a change
 * is a new step, with a test that opens the previous version with data.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1: every store of the first release.
  (db) => {
    db.createObjectStore('groups', { keyPath: 'id' });
    const members = db.createObjectStore('members', { keyPath: 'id' });
    members.createIndex('bySite', 'site');
    const memberships = db.createObjectStore('memberships', { keyPath: ['groupId', 'memberId'] });
    memberships.createIndex('byGroup', 'groupId');
    memberships.createIndex('byMember', 'memberId');
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('byGroupTime', ['groupId', 'ts']);
    messages.createIndex('byMemberTime', ['memberId', 'ts']);
    const tags = db.createObjectStore('tags', { keyPath: 'id' });
    tags.createIndex('byName', 'name', { unique: true });
    const memberTags = db.createObjectStore('memberTags', { keyPath: ['memberId', 'tagId'] });
    memberTags.createIndex('byMember', 'memberId');
    memberTags.createIndex('byTag', 'tagId');
    const notes = db.createObjectStore('notes', { keyPath: 'id' });
    notes.createIndex('byMember', ['memberId', 'createdAt']);
    db.createObjectStore('rules', { keyPath: 'id' });
    db.createObjectStore('templates', { keyPath: 'id' });
    const cases = db.createObjectStore('cases', { keyPath: 'id' });
    cases.createIndex('byMember', ['memberId', 'at']);
    cases.createIndex('byGroup', ['groupId', 'at']);
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  // 2: "inactive for N days" filters and retention need range scans by time, which the
  // first release could only do by reading every row.
  (_db, tx) => {
    tx.objectStore('memberships').createIndex('byGroupLastSeen', ['groupId', 'lastSeen']);
    tx.objectStore('messages').createIndex('byTime', 'ts');
  },
  // 3: decisions point at their suggestion; finding whether a suggestion is decided must
  // not scan a member's whole case log.
  (_db, tx) => {
    tx.objectStore('cases').createIndex('byRef', 'refersTo');
  },
  // 4: group health. Staff mark waiting questions by hand ("answered", "not a question"),
  // and the dashboard reads per-group hourly aggregates instead of every message.
  (db) => {
    const marks = db.createObjectStore('questionMarks', { keyPath: 'messageId' });
    marks.createIndex('byGroup', 'groupId');
    const aggregates = db.createObjectStore('aggregates', { keyPath: 'key' });
    aggregates.createIndex('byGroupBucket', ['groupId', 'bucket']);
  },
  // 5: search across all history. Each message gets its terms (words, CJK bigrams, member,
  // group) in a multi-entry index keyed [term, ts]; messages stored before are indexed here,
  // inside the upgrade, so search never sees a half-indexed history.
  (db, tx) => {
    const terms = db.createObjectStore('searchTerms', { keyPath: 'id' });
    terms.createIndex('byTerm', 'terms', { multiEntry: true });
    const messages = tx.objectStore('messages');
    // The upgrade transaction stays open while these requests are pending; a failing put
    // aborts it, and the open reports the error.
    void (async () => {
      for (let cursor = await messages.openCursor(); cursor; cursor = await cursor.continue()) {
        const message = cursor.value as Message;
        if (message.kind === 'message') void terms.put(searchTermsOf(message));
      }
    })();
  },
  // 6: learning from staff decisions. Each group's allow-list (keyed by group), and staff's
  // answers to proposals (approved or ignored, so a phrase is never proposed twice).
  (db) => {
    db.createObjectStore('allowLists', { keyPath: 'groupId' });
    const decisions = db.createObjectStore('proposalDecisions', { keyPath: 'id' });
    decisions.createIndex('byGroup', 'groupId');
  },
  // 7: search terms are written after the ingest transaction, not inside it (the index
  // entries were the largest part of each commit). A message waits here, keyed by its id,
  // until the indexer has written its terms; the worker drains what is left when it starts.
  (db) => {
    db.createObjectStore('searchQueue', { keyPath: 'id' });
  },
  // 8: template and FAQ usage. One small record per insertion (template, group, staff, time,
  // where from), read by group and date range for the dashboard.
  (db) => {
    const uses = db.createObjectStore('templateUses', { keyPath: 'id' });
    uses.createIndex('byGroupTime', ['groupId', 'at']);
  },
  // 9: memberships.byGroup goes. The store's key is [groupId, memberId], so a group's
  // memberships are a range of the key itself, read in the same order; the index only cost
  // every membership write (one per member per ingest batch) an extra entry to keep.
  (_db, tx) => {
    tx.objectStore('memberships').deleteIndex('byGroup');
  },
  // 10: member and membership writes behind ingest. An ingest transaction wrote every member
  // of its batch and each membership (hundreds of records per batch, each a request to the
  // browser process); it now writes one journal record holding them, and they are written to
  // their stores once a burst is over, or before anything reads them
  // (lib/db/repos/member-journal.ts). What a stopped worker left here is written when it starts.
  (db) => {
    db.createObjectStore('memberJournal', { keyPath: 'id' });
  },
  // 11: renames follow the person (lib/identity/nicks.ts). Where a chat keys members by nick
  // (IRC, XMPP rooms), a rename links the new nick to the member from that moment on, and frees
  // the old one. Keyed `site\0nick\0since` so a nick's links are one key range, in time order;
  // `byHolder` finds a member's links (erasure, the card's earlier nicks).
  (db) => {
    const links = db.createObjectStore('nickLinks', { keyPath: 'id' });
    links.createIndex('byHolder', ['site', 'holder']);
  },
];

export const DB_VERSION = MIGRATIONS.length;

export function runMigrations(
  db: IDBPDatabase<GroupStewardDB>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTx,
): void {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration to database version ${version + 1}`);
    step(db as unknown as UntypedDB, tx as unknown as UntypedTx);
  }
}
