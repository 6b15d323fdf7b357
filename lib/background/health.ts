import type { Database } from '../db/open';
import { isInRange } from '../analytics/aggregates';
import { findUnanswered, type WaitingQuestion, waitingItems } from '../analytics/unanswered';
import { FOLLOW_UP_WINDOW_MS, SKEW_TOLERANCE_MS } from '../analytics/questions';
import { openQuestionsFromTracker } from '../db/repos/aggregates';
import type { WaitingCache } from './waiting-cache';
import { getGroupCases } from '../db/repos/cases';
import { getGroupHealthConfig, getQuestionMarks, saveGroupHealthConfig, setQuestionMark } from '../db/repos/questions';
import type { QuestionMark } from '../analytics/questions';

/**
 * The waiting list of one group: questions still open now, however much chatter came after
 * them. From the group's question tracker (kept with the aggregates, so no message is read)
 * when the aggregates are built; otherwise from every message of the window a question can
 * stay open in (its never-answered limit, plus the context before it), not a fixed count of
 * recent lines. Uses the group's own timing config, the marks staff set by hand, and the
 * messages a rule flagged (an insult or an ad is not a question, whatever its punctuation).
 */
export async function waitingList(
  db: Database,
  groupId: string,
  now: number,
  defaultTargetMinutes: number,
  defaultZone: string,
  kept?: KeptWaitingList,
): Promise<{ items: WaitingQuestion[]; targetMinutes: number }> {
  const [{ config, hours, saved }, marks] = await Promise.all([getGroupHealthConfig(db, groupId), getQuestionMarks(db, groupId)]);
  // Until a group has its own target, the one in general settings applies.
  const targetMinutes = saved ? config.targetMinutes : defaultTargetMinutes;
  const tracked = await openQuestionsFromTracker(db, groupId, now, defaultZone);
  if (tracked) return { items: waitingItems(tracked, now, targetMinutes * 60_000, hours), targetMinutes };
  const since = now - config.neverAfterHours * 3_600_000 - FOLLOW_UP_WINDOW_MS - SKEW_TOLERANCE_MS;
  const readWindow = async () => {
    const [window, cases] = await Promise.all([
      db.getAllFromIndex('messages', 'byGroupTime', IDBKeyRange.bound([groupId, since], [groupId, Number.MAX_SAFE_INTEGER])),
      getGroupCases(db, groupId, since),
    ]);
    const flagged = new Set(cases.filter((c) => c.kind === 'suggested' && c.messageId).map((c) => c.messageId as string));
    // A message time-stamped far off (a broken clock) would wait forever or never: left out, as in the aggregates.
    return { window: window.filter((m) => isInRange(m.ts, now)), flagged };
  };
  if (!kept) {
    const { window, flagged } = await readWindow();
    return { items: findUnanswered(window, { now, config: { ...config, targetMinutes }, hours, flagged, marks }), targetMinutes };
  }
  // Kept in memory between reads (waiting-cache.ts): built once from the same window, with no
  // batch stored between the read and the build, then fed by ingest.
  const key = JSON.stringify([config, hours]);
  const targetMs = targetMinutes * 60_000;
  const open = kept.cache.openAt(groupId, key, now);
  if (open) return { items: waitingItems(open, now, targetMs, hours), targetMinutes };
  const built = await kept.betweenBatches(async () => {
    const generation = kept.cache.begin();
    const { window, flagged } = await readWindow();
    return kept.cache.build(groupId, key, generation, window, { config, hours, flagged, marks }, now);
  });
  return { items: waitingItems(built, now, targetMs, hours), targetMinutes };
}

/** A waiting list kept between reads: the cache, and a way to read the store with no batch stored meanwhile. */
export interface KeptWaitingList {
  cache: WaitingCache;
  betweenBatches<T>(work: () => Promise<T>): Promise<T>;
}

export function createHealthHandlers({ db, now, actor }: { db: Database; now: () => number; actor: () => Promise<string> }) {
  return {
    async markQuestion({ groupId, messageId, mark }: { groupId: string; messageId: string; mark: QuestionMark }) {
      await setQuestionMark(db, { groupId, messageId, mark, at: now(), actor: await actor() });
      return {};
    },
    async getGroupHealthConfig({ groupId }: { groupId: string }) {
      const { config, saved } = await getGroupHealthConfig(db, groupId);
      return { config, saved };
    },
    saveGroupHealthConfig({ groupId, config }: { groupId: string; config: unknown }) {
      return saveGroupHealthConfig(db, groupId, config);
    },
  };
}
