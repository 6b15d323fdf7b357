import type { Database } from '../db/open';
import type { IngestInput, IngestStep } from '../db/repos/ingest';
import type { ChatEvent, Member, Settings } from '../model';
import { memberKey } from '../model/keys';
import { normalizeText } from '../rules/normalize';

/**
 * Who counts as staff (issue #11, finding 5). Display names prove nothing: anyone can take
 * one, in any case or with look-alike letters. Staff are recognised by
 *   1. the site's own marking, as the adapter reads it (IRC operators in The Lounge, MUC
 *      moderators, owners and admins in Converse, the demo's staff badge, a site profile's
 *      `selectors.staff`), or
 *   2. a stable id listed in the options (`staffIds`, `site:id` = the member id), matched
 *      exactly.
 * A member using the name of someone recognised as staff, or of a name listed in
 * `staffNames`, without being staff is moderated like any customer, and the member card
 * says so (`staffNameClash`).
 */

/** Key of the directory of members seen as staff, in the `settings` store. */
export const STAFF_DIRECTORY_KEY = 'staffDirectory';
/** At most this many staff members are remembered; the longest unseen go first. */
export const MAX_STAFF_DIRECTORY = 500;

export interface StaffDirectoryEntry {
  name: string;
  lastSeen: number;
}
/** Member id → the name and time it was last seen as staff. */
export type StaffDirectory = Record<string, StaffDirectoryEntry>;

/** A name as people read it: case, width, invisible characters, spacing and look-alike letters folded. */
export function foldName(name: string): string {
  return normalizeText(name);
}

/**
 * The events with their role decided: staff when the page marked them so or their member
 * id is listed in `staffIds`; otherwise what the page said (a listed name changes nothing).
 */
export function applyStaffIds(input: IngestInput, staffIds: readonly string[]): IngestInput {
  if (staffIds.length === 0) return input;
  const listed = new Set(staffIds);
  return {
    ...input,
    events: input.events.map((event: ChatEvent) =>
      event.role !== 'staff' && listed.has(memberKey(input.site, event.author.externalId)) ? { ...event, role: 'staff' as const } : event,
    ),
  };
}

function readDirectory(value: unknown): StaffDirectory {
  if (typeof value !== 'object' || value === null) return {};
  const directory: StaffDirectory = {};
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    const e = entry as Partial<StaffDirectoryEntry> | null;
    if (e && typeof e.name === 'string' && typeof e.lastSeen === 'number') directory[id] = { name: e.name, lastSeen: e.lastSeen };
  }
  return directory;
}

export type StaffStatus = 'site' | 'listed' | null;

export interface StaffView {
  /** How this member is known as staff, or null when not. */
  staff: StaffStatus;
  /** The staff name this member's name reads as, when the member is not staff. */
  staffNameClash: string | null;
}

/**
 * The background's staff directory: members the page marked as staff, remembered so a
 * later customer using the same name can be recognised. Written inside the ingest
 * transaction (only when something changed), read when a member card is built.
 */
export function createStaffIdentity(db: Database) {
  let cache: StaffDirectory | null = null;

  async function directory(): Promise<StaffDirectory> {
    if (!cache) cache = readDirectory((await db.get('settings', STAFF_DIRECTORY_KEY))?.value);
    return cache;
  }

  /** Ingest step: remembers the authors of stored staff messages (and their current name). */
  const ingestStep: IngestStep = (tx, batch) => {
    const current = cache;
    if (!current) return undefined;
    let changed = false;
    for (const message of batch.stored) {
      if (message.role !== 'staff') continue;
      const known = current[message.memberId];
      if (known && known.name === message.authorName && message.ts - known.lastSeen < 86_400_000) continue;
      current[message.memberId] = { name: message.authorName, lastSeen: Math.max(message.ts, known?.lastSeen ?? 0) };
      changed = true;
    }
    if (!changed) return undefined;
    const ids = Object.keys(current);
    if (ids.length > MAX_STAFF_DIRECTORY) {
      ids.sort((a, b) => (current[a]?.lastSeen ?? 0) - (current[b]?.lastSeen ?? 0));
      for (const id of ids.slice(0, ids.length - MAX_STAFF_DIRECTORY)) delete current[id];
    }
    return [tx.objectStore('settings').put({ key: STAFF_DIRECTORY_KEY, value: { ...current } })];
  };

  return {
    /** Before a batch is stored: roles from the listed ids, and the directory loaded for the step. */
    async prepare(input: IngestInput, settings: Pick<Settings, 'staffIds'>): Promise<IngestInput> {
      await directory();
      return applyStaffIds(input, settings.staffIds);
    },
    ingestStep,
    async view(member: Pick<Member, 'id' | 'name'>, settings: Pick<Settings, 'staffIds' | 'staffNames'>): Promise<StaffView> {
      const known = await directory();
      return staffView(member, known, settings);
    },
    /** Forgets a member (forget-member requests). */
    async forget(memberId: string): Promise<void> {
      const known = await directory();
      if (!known[memberId]) return;
      delete known[memberId];
      await db.put('settings', { key: STAFF_DIRECTORY_KEY, value: { ...known } });
    },
  };
}

/** Pure: the member's staff status and, for non-staff, the staff name theirs reads as. */
export function staffView(member: Pick<Member, 'id' | 'name'>, directory: StaffDirectory, settings: Pick<Settings, 'staffIds' | 'staffNames'>): StaffView {
  if (settings.staffIds.includes(member.id)) return { staff: 'listed', staffNameClash: null };
  if (directory[member.id]) return { staff: 'site', staffNameClash: null };
  const folded = foldName(member.name);
  if (!folded) return { staff: null, staffNameClash: null };
  for (const [id, entry] of Object.entries(directory)) {
    if (id !== member.id && foldName(entry.name) === folded) return { staff: null, staffNameClash: entry.name };
  }
  for (const name of settings.staffNames) if (foldName(name) === folded) return { staff: null, staffNameClash: name };
  return { staff: null, staffNameClash: null };
}
