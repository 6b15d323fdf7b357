import type { DBSchema } from 'idb';
import type { Case, Group, GroupAllowList, Member, MemberTag, Membership, Message, NickLink, Note, ProposalDecision, Tag, Template, TemplateUse } from '../model';

export const DB_NAME = 'groupsteward';

/** Settings and other small key/value records. */
export interface KeyValue {
  key: string;
  value: unknown;
}

/** Rules are owned by the rule engine; the store only needs their id. */
export interface StoredRule {
  id: string;
  [field: string]: unknown;
}

/** A message's search terms (lib/db/repos/search.ts); the key is the message id. */
export interface SearchTerms {
  id: string;
  terms: [string, number][];
}

export interface GroupStewardDB extends DBSchema {
  groups: { key: string; value: Group };
  members: { key: string; value: Member; indexes: { bySite: string } };
  memberships: {
    key: [string, string];
    value: Membership;
    indexes: { byMember: string; byGroupLastSeen: [string, number] };
  };
  messages: {
    key: string;
    value: Message;
    indexes: { byGroupTime: [string, number]; byMemberTime: [string, number]; byTime: number };
  };
  tags: { key: string; value: Tag; indexes: { byName: string } };
  memberTags: { key: [string, string]; value: MemberTag; indexes: { byMember: string; byTag: string } };
  notes: { key: string; value: Note; indexes: { byMember: [string, number] } };
  rules: { key: string; value: StoredRule };
  templates: { key: string; value: Template };
  cases: {
    key: string;
    value: Case;
    indexes: { byMember: [string, number]; byGroup: [string, number]; byRef: string };
  };
  settings: { key: string; value: KeyValue };
  questionMarks: { key: string; value: StoredQuestionMark; indexes: { byGroup: string } };
  aggregates: { key: string; value: AggregateRecord; indexes: { byGroupBucket: [string, number] } };
  searchTerms: { key: string; value: SearchTerms; indexes: { byTerm: [string, number] } };
  allowLists: { key: string; value: GroupAllowList };
  proposalDecisions: { key: string; value: ProposalDecision; indexes: { byGroup: string } };
  /**
   * Stored messages whose search terms are not written yet (lib/db/repos/search.ts): one
   * record per ingest batch, `ids` its messages (a record without `ids` is one message, `id`).
   */
  searchQueue: { key: string; value: SearchQueueEntry };
  /**
   * Members and memberships as ingest batches left them, not yet written to their stores
   * (lib/db/repos/member-journal.ts): one record per ingest transaction, in key order.
   */
  memberJournal: { key: string; value: MemberJournalEntry };
  /** Template and FAQ insertions (lib/db/repos/template-uses.ts). */
  templateUses: { key: string; value: TemplateUse; indexes: { byGroupTime: [string, number] } };
  /** Who holds a nick from when on, written by renames (lib/identity/nicks.ts); key `site\0nick\0since`. */
  nickLinks: { key: string; value: NickLink; indexes: { byHolder: [string, string] } };
}

/** What one ingest transaction changed of members and memberships, whole records. */
export interface MemberJournalEntry {
  id: string;
  members: Member[];
  memberships: Membership[];
}

/** Messages waiting for their search terms: a batch (`ids`) or one message (its own `id`). */
export interface SearchQueueEntry {
  id: string;
  ids?: string[];
}

/** A waiting question staff marked by hand. */
export interface StoredQuestionMark {
  messageId: string;
  groupId: string;
  mark: 'answered' | 'not-question';
  at: number;
  actor: string;
}

/**
 * One precomputed slice of a group's activity (lib/analytics/aggregates.ts owns the shape
 * of `data`); `bucket` is the slice's start time, or -1 for a group-wide record.
 */
export interface AggregateRecord {
  key: string;
  groupId: string;
  bucket: number;
  data: unknown;
}
