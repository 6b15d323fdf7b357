import type { Member, Membership } from '../../model';
import type { Database } from '../open';
import type { MemberJournalEntry } from '../schema';

/** The store key of a membership in the maps here (and in ingest's). */
const membershipId = (m: Pick<Membership, 'groupId' | 'memberId'>) => `${m.groupId}\u0000${m.memberId}`;

/**
 * The fields ingest owns on a member record. Anything else on it (lifecycle stage, value tier)
 * is set by staff and is kept from the stored record when the journal is written out.
 */
const INGEST_MEMBER_FIELDS = ['id', 'site', 'externalId', 'name', 'aliases', 'firstSeen', 'lastSeen'] as const;

/**
 * Member and membership writes behind ingest.
 *
 * Every ingest transaction changes the record of each member in its batch (last seen, name)
 * and each of their memberships (count, last seen): for a busy group, hundreds of records per
 * transaction, each a request the browser process serialises and writes with its index
 * entries (about 100 µs of CPU per record between the two processes, measured). Those writes
 * were most of what a transaction cost beyond its messages. Instead, a transaction writes
 * one journal record holding the records it changed (`memberJournal`, in its own
 * transaction, so it commits with the messages or not at all), and this object holds the
 * newest state in memory, where the next batch reads it. The records reach their stores in
 * one transaction when the burst is over, when the journal has grown, or before any request
 * that reads them (the ingest pipeline and the handlers see to that), so nothing outside
 * ingest ever reads a member behind its messages. A worker stopped in between leaves the
 * journal, which the next one loads before storing anything and writes out.
 *
 * Written out, a member keeps the fields staff set (stage, tier) from the stored record and
 * takes the ones ingest owns from the journal; a membership is ingest's alone.
 */
export class MemberWriteBehind {
  private readonly members = new Map<string, Member>();
  private readonly memberships = new Map<string, Membership>();
  /** Journal records on disk not yet written out, in key order. */
  private keys: string[] = [];
  private sequence = 0;
  private loadedFromDisk = false;
  private loading: Promise<void> | null = null;

  /** Whether the journal on disk has been read (once per worker, before the first batch). */
  get loaded(): boolean {
    return this.loadedFromDisk;
  }

  /** Journal records waiting to be written out. */
  get waiting(): number {
    return this.keys.length;
  }

  /** Whether a member is held here (newer than its stored record). */
  holdsMember(id: string): boolean {
    return this.members.has(id);
  }

  /** Whether a membership (by `groupId\0memberId`) is held here. */
  holdsMembership(key: string): boolean {
    return this.memberships.has(key);
  }

  /** A copy of the member as the last committed batch left it, if it is not written out yet. */
  member(id: string): Member | undefined {
    const found = this.members.get(id);
    return found ? { ...found, aliases: [...found.aliases] } : undefined;
  }

  /** A copy of the membership (by `groupId\0memberId`) as the last committed batch left it, if not written out yet. */
  membership(key: string): Membership | undefined {
    const found = this.memberships.get(key);
    return found ? { ...found } : undefined;
  }

  /** The key the next journal record gets: after every key on disk. */
  nextKey(): string {
    return `j${String(this.sequence + 1).padStart(12, '0')}`;
  }

  /** A transaction holding the journal record `key` committed with these records. */
  committed(key: string, members: readonly Member[], memberships: readonly Membership[]): void {
    this.sequence = Math.max(this.sequence, Number(key.slice(1)));
    this.keys.push(key);
    for (const m of members) this.members.set(m.id, { ...m, aliases: [...m.aliases] });
    for (const m of memberships) this.memberships.set(membershipId(m), { ...m });
  }

  /** Reads what a stopped worker left in the journal (oldest first: later records hold later states). */
  load(db: Database): Promise<void> {
    this.loading ??= db.getAll('memberJournal').then(
      (entries) => {
        for (const entry of entries) this.committed(entry.id, entry.members, entry.memberships);
        this.loadedFromDisk = true;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /**
   * What is held now, copied, for a reader that lays it over what it read from the stores
   * (read this first, then the stores: a write-out in between only makes the stores newer).
   */
  snapshot(): HeldMembers {
    const members = new Map<string, Member>();
    for (const [id, m] of this.members) members.set(id, { ...m, aliases: [...m.aliases] });
    const memberships = [...this.memberships.values()].map((m) => ({ ...m }));
    return {
      member: (id, stored) => {
        const held = members.get(id);
        return held ? mergeMember(stored, held) : stored;
      },
      membershipsOf: (groupId, stored) => {
        const byMember = new Map(stored.map((m) => [m.memberId, m]));
        for (const m of memberships) if (m.groupId === groupId) byMember.set(m.memberId, m);
        return [...byMember.values()];
      },
    };
  }

  /**
   * Writes every held record to its store and empties the journal, in one transaction (all
   * of it or none: on failure everything stays held and on disk, and the next call tries
   * again). Returns how many records were written.
   */
  async writeOut(db: Database): Promise<number> {
    await this.load(db);
    const last = this.keys.at(-1);
    if (last === undefined) return 0;
    const members = [...this.members.values()];
    const memberships = [...this.memberships.values()];
    const tx = db.transaction(['members', 'memberships', 'memberJournal'], 'readwrite');
    const memberStore = tx.objectStore('members');
    const membershipStore = tx.objectStore('memberships');
    const stored = await Promise.all(members.map((m) => memberStore.get(m.id)));
    const writes: Promise<unknown>[] = members.map((held, i) => memberStore.put(mergeMember(stored[i], held)));
    for (const m of memberships) writes.push(membershipStore.put(m));
    writes.push(tx.objectStore('memberJournal').delete(IDBKeyRange.upperBound(last)));
    await Promise.all([...writes, tx.done]);
    // Nothing else changes these while this runs (the pipeline runs it between its batches).
    this.members.clear();
    this.memberships.clear();
    this.keys = [];
    return members.length + memberships.length;
  }
}

/** Members and memberships as ingest holds them, laid over records read from the stores. */
export interface HeldMembers {
  member(id: string, stored: Member | undefined): Member | undefined;
  /** A group's memberships as read from the store, with the held ones in their place (and new ones added). */
  membershipsOf(groupId: string, stored: readonly Membership[]): Membership[];
}

/** A member as stored, with the fields ingest owns taken from the held record. */
function mergeMember(stored: Member | undefined, held: Member): Member {
  if (!stored) return held;
  const record = { ...stored } as Record<string, unknown>;
  for (const field of INGEST_MEMBER_FIELDS) record[field] = held[field];
  return record as Member;
}

/** The journal record of one ingest transaction. */
export function journalEntry(key: string, members: readonly Member[], memberships: readonly Membership[]): MemberJournalEntry {
  return { id: key, members: [...members], memberships: [...memberships] };
}
