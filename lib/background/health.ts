import type { Database } from '../db/open';
import { isInRange } from '../analytics/aggregates';
import { findUnanswered, type WaitingQuestion } from '../analytics/unanswered';
import { getGroupCases } from '../db/repos/cases';
import { getGroupHealthConfig, getQuestionMarks, saveGroupHealthConfig, setQuestionMark } from '../db/repos/questions';
import type { Message } from '../model';
import type { QuestionMark } from '../analytics/questions';

/**
 * The waiting list of one group from its recent messages: the group's own timing config,
 * the marks staff set by hand, and the messages a rule flagged (an insult or an ad is not
 * a question, whatever its punctuation).
 */
export async function waitingList(
  db: Database,
  groupId: string,
  recent: readonly Message[],
  now: number,
  defaultTargetMinutes: number,
): Promise<{ items: WaitingQuestion[]; targetMinutes: number }> {
  const since = recent[0]?.ts ?? now;
  const [{ config, hours, saved }, marks, cases] = await Promise.all([getGroupHealthConfig(db, groupId), getQuestionMarks(db, groupId), getGroupCases(db, groupId, since)]);
  const flagged = new Set(cases.filter((c) => c.kind === 'suggested' && c.messageId).map((c) => c.messageId as string));
  // Until a group has its own target, the one in general settings applies.
  const targetMinutes = saved ? config.targetMinutes : defaultTargetMinutes;
  // A message time-stamped far off (a broken clock) would wait forever or never: left out, as in the aggregates.
  const items = findUnanswered(recent.filter((m) => isInRange(m.ts, now)), { now, config: { ...config, targetMinutes }, hours, flagged, marks });
  return { items, targetMinutes };
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
