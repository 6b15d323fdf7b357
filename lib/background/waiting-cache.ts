import { isInRange } from '../analytics/aggregates';
import { type Question, QuestionTracker, type QuestionOptions, questionOrder } from '../analytics/questions';
import type { RequestName } from '../messaging/protocol';
import type { Handlers } from '../messaging/server';
import type { Case, Message } from '../model';

interface Entry {
  tracker: QuestionTracker;
  /** The messages rules flagged (never questions): grows as ingest writes suggestions. */
  flagged: Set<string>;
  /** The group's timing config and business hours the tracker was built with. */
  key: string;
  /** Messages fed since it was built. */
  fed: number;
}

/** Groups whose waiting list is kept at most (the ones with an open sidebar, in practice). */
const MAX_GROUPS = 8;
/**
 * A tracker remembers every member's name and the staff replies it was fed: after this many
 * messages it is dropped, and the next read builds it from the window again.
 */
const REBUILD_AFTER = 50_000;

/**
 * The waiting list of groups whose aggregates are not built, kept up to date in memory.
 *
 * Without the dashboard's aggregates, every read of a group's waiting list replayed each
 * message of the window a question can stay open in (a day and more): 10,000 messages read
 * from IndexedDB and fed to a question tracker, about 220 ms of CPU, on every re-read the
 * sidebar makes while the chat streams. Here the tracker is built once per group (from the
 * same messages, flags and marks) and then fed each batch ingest commits, in order, with the
 * suggestions written with it; a read is the tracker's open questions at that moment. It is
 * the aggregates' way (one tracker fed as messages arrive) kept in memory instead.
 *
 * Anything else that changes what the list is made of (a mark, a flag or decision, rules
 * re-checking history, an erasure, an import, a config change) calls `clear`, and the next
 * read builds again; so does a batch older than what was fed (history loaded later), which
 * the tracker cannot take out of order.
 */
export class WaitingCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  /** Something outside ingest changed messages, cases, marks or config: every group builds again. */
  clear(): void {
    this.entries.clear();
    this.generation++;
  }

  /** Marks the start of a build: `store` keeps it only if nothing was cleared meanwhile. */
  begin(): number {
    return this.generation;
  }

  /** The group's open questions at `now`, or null when there is no tracker for this config (build one). */
  openAt(groupId: string, key: string, now: number): Question[] | null {
    const entry = this.entries.get(groupId);
    if (!entry || entry.key !== key) return null;
    return entry.tracker.openAt(now);
  }

  /**
   * A tracker fed with the window's messages (any order; sorted here), kept for the group
   * unless `clear` ran since `begin` returned `generation`. Returns its open questions at `now`.
   */
  build(groupId: string, key: string, generation: number, window: readonly Message[], options: Omit<QuestionOptions, 'now' | 'flagged'> & { flagged: ReadonlySet<string> }, now: number): Question[] {
    const flagged = new Set(options.flagged);
    const tracker = new QuestionTracker({ ...options, flagged });
    for (const message of [...window].sort(questionOrder)) tracker.feed(message);
    if (generation === this.generation) {
      this.entries.delete(groupId);
      if (this.entries.size >= MAX_GROUPS) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(groupId, { tracker, flagged, key, fed: window.length });
    }
    return tracker.openAt(now);
  }

  /**
   * A batch committed: its messages (with the suggestions written with them) are fed to their
   * group's tracker, in the order a replay would take them. A message the tracker cannot take
   * (older than what it was fed, or time-stamped too far ahead to count yet) drops the group's
   * tracker instead: the next read builds it from the store.
   */
  afterIngest(stored: readonly Message[], cases: readonly Case[], now: number): void {
    if (this.entries.size === 0) return;
    const byGroup = new Map<string, Message[]>();
    for (const m of stored) {
      if (!this.entries.has(m.groupId)) continue;
      const list = byGroup.get(m.groupId);
      if (list) list.push(m);
      else byGroup.set(m.groupId, [m]);
    }
    for (const [groupId, messages] of byGroup) {
      const entry = this.entries.get(groupId) as Entry;
      for (const c of cases) if (c.kind === 'suggested' && c.messageId && c.groupId === groupId) entry.flagged.add(c.messageId);
      messages.sort(questionOrder);
      // A replay leaves out messages time-stamped before 2000 (never counted); one too far
      // ahead of the clock would count later, which a tracker fed now cannot undo.
      const counted = messages.filter((m) => isInRange(m.ts, Number.MAX_SAFE_INTEGER));
      const first = counted[0];
      if (counted.some((m) => !isInRange(m.ts, now)) || (first && !entry.tracker.accepts(first))) {
        this.entries.delete(groupId);
        continue;
      }
      for (const m of counted) entry.tracker.feed(m);
      entry.fed += counted.length;
      if (entry.fed >= REBUILD_AFTER) this.entries.delete(groupId);
    }
  }
}

/**
 * Requests that change nothing a waiting list is made of (messages, suggestions and decisions,
 * marks, timing config). Every other request clears the kept lists once it has run, so a
 * request added later is safe without being listed; ingest feeds them instead.
 */
export const WAITING_LIST_READS: ReadonlySet<RequestName> = new Set<RequestName>([
  'ingest',
  'reportStatus',
  'getTabStatus',
  'getMemberCard',
  'getMemberHistory',
  'searchMessages',
  'getMemberBadges',
  'listTags',
  'getGroup',
  'getGroupPanel',
  'getGroupHealthConfig',
  'getGroupLanguage',
  'getSlashContext',
  'listTemplates',
  'listSuggestions',
  'listProposals',
  'listRules',
  'testMessage',
  'listSiteProfiles',
  'siteProfilesFor',
  'exportBackup',
  'exportTeamPack',
  'getSettings',
  'getPageLabels',
  'setSidebarState',
  'recordTemplateUse',
]);

/** The handlers, each request that may change a waiting list's inputs clearing the kept lists after it ran. */
export function withWaitingListsCleared(handlers: Handlers, cache: WaitingCache): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [RequestName, (input: unknown, sender: unknown) => unknown][]) {
    wrapped[name] = WAITING_LIST_READS.has(name)
      ? handler
      : async (input: unknown, sender: unknown) => {
          try {
            return await handler(input, sender);
          } finally {
            cache.clear();
          }
        };
  }
  return wrapped as Handlers;
}
