import { type GroupHealthConfig, parseHealthConfig, readHealthConfig } from '../../analytics/health-config';
import type { BusinessHours } from '../../analytics/business-hours';
import type { QuestionMark } from '../../analytics/questions';
import type { Database } from '../open';
import type { StoredQuestionMark } from '../schema';

export async function setQuestionMark(db: Database, mark: StoredQuestionMark): Promise<StoredQuestionMark> {
  await db.put('questionMarks', mark);
  return mark;
}

export async function getQuestionMarks(db: Database, groupId: string): Promise<Map<string, { mark: QuestionMark; at: number }>> {
  const marks = await db.getAllFromIndex('questionMarks', 'byGroup', groupId);
  return new Map(marks.map((m) => [m.messageId, { mark: m.mark, at: m.at }]));
}

export const healthConfigKey = (groupId: string) => `groupHealth:${groupId}`;
const configKey = healthConfigKey;

/** A group's question timing; defaults when none was saved. */
export async function getGroupHealthConfig(db: Database, groupId: string): Promise<{ config: GroupHealthConfig; hours: BusinessHours | null; saved: boolean }> {
  const record = await db.get('settings', configKey(groupId));
  return { ...readHealthConfig(record?.value), saved: record !== undefined };
}

/** Refuses a config that does not parse, naming the field; nothing is written then. */
export async function saveGroupHealthConfig(db: Database, groupId: string, raw: unknown): Promise<GroupHealthConfig> {
  const { config } = parseHealthConfig(raw);
  await db.put('settings', { key: configKey(groupId), value: config });
  return config;
}
