import {
  AGGREGATE_VERSION,
  addMessage,
  applyContribution,
  contributionOf,
  createLocalClock,
  type DayAggregate,
  emptyDay,
  isInRange,
  type QuestionContribution,
  sameContribution,
} from '../../analytics/aggregates';
import { buildQuestions, SKEW_TOLERANCE_MS } from '../../analytics/questions';
import type { Membership, Message } from '../../model';
import type { Database } from '../open';
import type { IDBPTransaction, StoreNames } from 'idb';
import { readHealthConfig } from '../../analytics/health-config';
import type { AggregateRecord, GroupStewardDB } from '../schema';
import { getGroupCases } from './cases';
import { getGroupHealthConfig, getQuestionMarks, healthConfigKey } from './questions';

/** Questions are recomputed over at most this many recent messages of a group (the waiting list looks as far). */
export const QUESTION_LOOKBACK = 500;

export interface AggregateMeta {
  version: number;
  timeZone: string;
  /** Stored messages accounted for: in the figures, or counted as out of range. */
  counted: number;
  /** Messages with a timestamp too far in the past or future to be believed. */
  outOfRange: number;
  builtAt: number;
}

interface StoredQuestion {
  dayKey: number;
  date: string;
  weekday: number;
  c: QuestionContribution;
}

const META_KEY = 'meta';
const dayRecordKey = (groupId: string, date: string) => `d|${groupId}|${date}`;
const questionGroup = (groupId: string) => `q|${groupId}`;
const questionKey = (groupId: string, messageId: string) => `q|${groupId}|${messageId}`;

export async function getAggregateMeta(db: Database): Promise<AggregateMeta | null> {
  const record = await db.get('aggregates', META_KEY);
  return (record?.data as AggregateMeta | undefined) ?? null;
}

/**
 * Whether the aggregates can be shown: built by this version, in this time zone, and
 * accounting for exactly the messages stored (a purge, a restore, a crash between ingest and
 * update all show up as a different count).
 */
export async function aggregatesConsistent(db: Database, timeZone: string): Promise<boolean> {
  const [meta, stored] = await Promise.all([getAggregateMeta(db), db.count('messages')]);
  return meta !== null && meta.version === AGGREGATE_VERSION && meta.timeZone === timeZone && meta.counted === stored;
}

/** The stores the incremental update reads and writes; the ingest transaction holds them all. */
export const AGGREGATE_TX_STORES = ['aggregates', 'messages', 'memberships', 'settings', 'questionMarks', 'cases'] as const;
type AggregateTx = IDBPTransaction<GroupStewardDB, ArrayLike<StoreNames<GroupStewardDB>>, 'readwrite'>;
type DayCache = Map<string, { record: AggregateRecord; day: DayAggregate }>;

function dayLoader(tx: AggregateTx, groupId: string, local: ReturnType<typeof createLocalClock>, days: DayCache) {
  const store = tx.objectStore('aggregates');
  return async (ts: number) => {
    const slot = local(ts);
    const key = dayRecordKey(groupId, slot.date);
    let entry = days.get(key);
    if (!entry) {
      const record = (await store.get(key)) ?? { key, groupId, bucket: slot.dayKey, data: emptyDay(slot.date, slot.weekday) };
      // A concurrent load of the same day may have filled it while this one waited.
      entry = days.get(key) ?? { record, day: record.data as DayAggregate };
      days.set(key, entry);
    }
    return { day: entry.day, hour: slot.hour };
  };
}

/**
 * The update for one stored batch, inside the transaction that stores it (so figures and
 * messages are written together or not at all): counters of each message's day and hour,
 * then the outcomes of each group's recent questions (a reply in this batch closes a
 * question of an earlier one). Only requests on `tx` are awaited, which keeps it open.
 */
export async function updateAggregatesInTx(
  tx: AggregateTx,
  stored: readonly Message[],
  memberships: ReadonlyMap<string, Membership>,
  now: number,
  timeZone: string,
): Promise<void> {
  if (stored.length === 0) return;
  const store = tx.objectStore('aggregates');
  const meta = ((await store.get(META_KEY))?.data as AggregateMeta | undefined) ?? null;
  // Not built yet, or built differently: counting on top would give wrong numbers; the
  // dashboard rebuilds from messages instead.
  if (!meta || meta.version !== AGGREGATE_VERSION || meta.timeZone !== timeZone) return;
  const local = createLocalClock(timeZone);
  const byGroup = new Map<string, Message[]>();
  for (const message of stored) {
    const list = byGroup.get(message.groupId) ?? [];
    list.push(message);
    byGroup.set(message.groupId, list);
  }
  let outOfRange = 0;
  for (const [groupId, messages] of byGroup) {
    const valid = messages.filter((m) => isInRange(m.ts, now));
    outOfRange += messages.length - valid.length;
    if (valid.length === 0) continue;
    // A member's first message in the group: the membership already counts this batch.
    const firstPostOf = new Map<string, string>();
    for (const message of valid) {
      if (message.kind !== 'message' || message.role !== 'customer' || firstPostOf.has(message.memberId)) continue;
      const membership = memberships.get(`${groupId}\u0000${message.memberId}`);
      const mine = valid.filter((m) => m.memberId === message.memberId && m.kind === 'message').length;
      if (membership && membership.messageCount === mine) firstPostOf.set(message.memberId, message.id);
    }
    const days: DayCache = new Map();
    const dayOf = dayLoader(tx, groupId, local, days);
    for (const message of valid) {
      const { day, hour } = await dayOf(message.ts);
      addMessage(day, message, hour, firstPostOf.get(message.memberId) === message.id);
    }
    const inputs = await questionWindow(tx, groupId, valid, now);
    if (inputs) await applyQuestions(tx, groupId, inputs, local, dayOf);
    for (const { record } of days.values()) await store.put(record);
  }
  await store.put({ key: META_KEY, groupId: '', bucket: -1, data: { ...meta, counted: meta.counted + stored.length, outOfRange: meta.outOfRange + outOfRange } });
}

/** Re-times the questions around one message (after a mark by hand). */
export async function refreshQuestionAggregates(db: Database, groupId: string, around: Message, now: number, timeZone: string): Promise<void> {
  const tx = db.transaction([...AGGREGATE_TX_STORES], 'readwrite') as unknown as AggregateTx;
  const meta = ((await tx.objectStore('aggregates').get(META_KEY))?.data as AggregateMeta | undefined) ?? null;
  if (meta && meta.version === AGGREGATE_VERSION && meta.timeZone === timeZone) {
    const local = createLocalClock(timeZone);
    const days: DayCache = new Map();
    const dayOf = dayLoader(tx, groupId, local, days);
    const inputs = await questionWindow(tx, groupId, [around], now);
    if (inputs) await applyQuestions(tx, groupId, inputs, local, dayOf);
    for (const { record } of days.values()) await tx.objectStore('aggregates').put(record);
  }
  await tx.done;
}

interface QuestionInputs {
  messages: Message[];
  start: number;
  options: Parameters<typeof buildQuestions>[1];
  targetMs: number;
}

async function questionWindow(tx: AggregateTx, groupId: string, batch: readonly Message[], now: number): Promise<QuestionInputs | null> {
  if (batch.length === 0) return null;
  const { config, hours } = readHealthConfig((await tx.objectStore('settings').get(healthConfigKey(groupId)))?.value);
  const earliest = Math.min(...batch.map((m) => m.ts));
  const since = earliest - config.neverAfterHours * 3_600_000 - SKEW_TOLERANCE_MS;
  const messages: Message[] = [];
  const range = IDBKeyRange.bound([groupId, since], [groupId, Number.MAX_SAFE_INTEGER]);
  let cursor = await tx.objectStore('messages').index('byGroupTime').openCursor(range, 'prev');
  while (cursor && messages.length < QUESTION_LOOKBACK) {
    if (isInRange(cursor.value.ts, now)) messages.push(cursor.value);
    cursor = await cursor.continue();
  }
  messages.reverse();
  if (messages.length === 0) return null;
  const start = (messages[0] as Message).ts;
  const markRecords = await tx.objectStore('questionMarks').index('byGroup').getAll(groupId);
  const marks = new Map(markRecords.map((m) => [m.messageId, { mark: m.mark, at: m.at }]));
  const cases = await tx.objectStore('cases').index('byGroup').getAll(IDBKeyRange.bound([groupId, start], [groupId, Number.MAX_SAFE_INTEGER]));
  const flagged = new Set(cases.filter((c) => c.kind === 'suggested' && c.messageId).map((c) => c.messageId as string));
  return { messages, start, options: { now, config, hours, marks, flagged }, targetMs: config.targetMinutes * 60_000 };
}

async function applyQuestions(
  tx: AggregateTx,
  groupId: string,
  inputs: QuestionInputs,
  local: ReturnType<typeof createLocalClock>,
  dayOf: (ts: number) => Promise<{ day: DayAggregate; hour: number }>,
) {
  const s = tx.objectStore('aggregates');
  const previous = new Map<string, AggregateRecord>();
  for (const record of await s.index('byGroupBucket').getAll(IDBKeyRange.bound([questionGroup(groupId), inputs.start], [questionGroup(groupId), Number.MAX_SAFE_INTEGER]))) {
    previous.set(record.key, record);
  }
  for (const question of buildQuestions(inputs.messages, inputs.options)) {
    const slot = local(question.message.ts);
    const key = questionKey(groupId, question.message.id);
    const next: StoredQuestion = { dayKey: slot.dayKey, date: slot.date, weekday: slot.weekday, c: contributionOf(question, slot.hour, inputs.targetMs) };
    const old = previous.get(key);
    previous.delete(key);
    const oldData = old?.data as StoredQuestion | undefined;
    if (oldData && sameContribution(oldData.c, next.c)) continue;
    const { day } = await dayOf(question.message.ts);
    if (oldData) applyContribution(day, oldData.c, -1);
    applyContribution(day, next.c, 1);
    await s.put({ key, groupId: questionGroup(groupId), bucket: question.message.ts, data: next });
  }
  // Questions in the window that are questions no more (marked "not a question", flagged).
  for (const [key, record] of previous) {
    const { day } = await dayOf(record.bucket);
    applyContribution(day, (record.data as StoredQuestion).c, -1);
    await s.delete(key);
  }
}

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Recomputes every aggregate from the stored messages, group by group. The meta record is
 * written last, so an interrupted rebuild leaves the aggregates marked inconsistent.
 */
export async function rebuildAggregates(db: Database, now: number, timeZone: string, onProgress: (p: RebuildProgress) => void = () => {}): Promise<AggregateMeta> {
  await db.clear('aggregates');
  const total = await db.count('messages');
  const local = createLocalClock(timeZone);
  const groups = await db.getAllKeys('groups');
  let done = 0;
  let outOfRange = 0;
  let counted = 0;
  onProgress({ done, total });
  for (const groupId of groups) {
    const messages: Message[] = [];
    const range = IDBKeyRange.bound([groupId, Number.MIN_SAFE_INTEGER], [groupId, Number.MAX_SAFE_INTEGER]);
    let cursor = await db.transaction('messages').store.index('byGroupTime').openCursor(range);
    while (cursor) {
      messages.push(cursor.value);
      cursor = await cursor.continue();
      if (messages.length % 20_000 === 0) onProgress({ done: done + messages.length, total });
    }
    counted += messages.length;
    const valid = messages.filter((m) => isInRange(m.ts, now));
    outOfRange += messages.length - valid.length;
    const days = new Map<string, AggregateRecord>();
    const dayOf = async (ts: number) => {
      const slot = local(ts);
      const key = dayRecordKey(groupId, slot.date);
      let record = days.get(key);
      if (!record) {
        record = { key, groupId, bucket: slot.dayKey, data: emptyDay(slot.date, slot.weekday) };
        days.set(key, record);
      }
      return { day: record.data as DayAggregate, hour: slot.hour };
    };
    const posted = new Set<string>();
    for (const message of valid) {
      const first = message.kind === 'message' && message.role === 'customer' && !posted.has(message.memberId);
      if (first) posted.add(message.memberId);
      const { day, hour } = await dayOf(message.ts);
      addMessage(day, message, hour, first);
    }
    const { config, hours } = await getGroupHealthConfig(db, groupId);
    const [marks, cases] = await Promise.all([getQuestionMarks(db, groupId), getGroupCases(db, groupId, 0)]);
    const flagged = new Set(cases.filter((c) => c.kind === 'suggested' && c.messageId).map((c) => c.messageId as string));
    const questionRecords: AggregateRecord[] = [];
    for (const question of buildQuestions(valid, { now, config, hours, marks, flagged })) {
      const slot = local(question.message.ts);
      const c = contributionOf(question, slot.hour, config.targetMinutes * 60_000);
      applyContribution((await dayOf(question.message.ts)).day, c, 1);
      questionRecords.push({ key: questionKey(groupId, question.message.id), groupId: questionGroup(groupId), bucket: question.message.ts, data: { dayKey: slot.dayKey, date: slot.date, weekday: slot.weekday, c } satisfies StoredQuestion });
    }
    const tx = db.transaction('aggregates', 'readwrite');
    for (const record of days.values()) void tx.store.put(record);
    for (const record of questionRecords) void tx.store.put(record);
    await tx.done;
    done += messages.length;
    onProgress({ done, total });
  }
  // Messages of a group with no group record (should not happen) still count as seen.
  const stray = total - counted;
  const meta: AggregateMeta = { version: AGGREGATE_VERSION, timeZone, counted: total, outOfRange: outOfRange + Math.max(0, stray), builtAt: now };
  await db.put('aggregates', { key: META_KEY, groupId: '', bucket: -1, data: meta });
  onProgress({ done: total, total });
  return meta;
}

/** Day records of groups between two local dates (inclusive), as `Date.UTC` day keys. */
export async function readDays(db: Database, groupIds: readonly string[], fromDay: number, toDay: number): Promise<Map<string, DayAggregate[]>> {
  const tx = db.transaction('aggregates');
  const index = tx.store.index('byGroupBucket');
  const result = new Map<string, DayAggregate[]>();
  await Promise.all(
    groupIds.map(async (groupId) => {
      const records = await index.getAll(IDBKeyRange.bound([groupId, fromDay], [groupId, toDay]));
      result.set(
        groupId,
        records.map((r) => r.data as DayAggregate),
      );
    }),
  );
  return result;
}

/** Question records of a group asked in [from, to): for click-through to the questions behind a figure. */
export async function readQuestionRecords(db: Database, groupId: string, from: number, to: number): Promise<Array<{ messageId: string; ts: number; weekday: number; c: QuestionContribution }>> {
  const records = await db.getAllFromIndex('aggregates', 'byGroupBucket', IDBKeyRange.bound([questionGroup(groupId), from], [questionGroup(groupId), to], false, true));
  const prefix = `${questionGroup(groupId)}|`;
  return records.map((r) => ({ messageId: r.key.slice(prefix.length), ts: r.bucket, weekday: (r.data as StoredQuestion).weekday, c: (r.data as StoredQuestion).c }));
}
