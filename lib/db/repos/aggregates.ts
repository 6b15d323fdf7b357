import type { IDBPTransaction, StoreNames } from 'idb';
import {
  AGGREGATE_VERSION,
  addMessage,
  applyContribution,
  contributionOf,
  createLocalClock,
  type DayBucket,
  emptyBucket,
  isInRange,
  type LocalClock,
  type QuestionContribution,
  sameContribution,
} from '../../analytics/aggregates';
import type { BusinessHours } from '../../analytics/business-hours';
import { type GroupHealthConfig, readHealthConfig } from '../../analytics/health-config';
import { FOLLOW_UP_WINDOW_MS, type Question, type QuestionMark, questionOrder, QuestionTracker, type QuestionTrackerState, SKEW_TOLERANCE_MS } from '../../analytics/questions';
import type { Membership, Message } from '../../model';
import type { Database } from '../open';
import type { AggregateRecord, GroupStewardDB } from '../schema';
import { healthConfigKey } from './questions';

export interface AggregateMeta {
  version: number;
  /** The zone of groups without business hours. */
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

/**
 * Where a group's question tracking stopped, and what its open questions last added to
 * their days. Open questions live only here; a question gets its own record once it has
 * ended for good, so a question costs one write, not one per batch it stays open.
 */
interface StoredTracker {
  state: QuestionTrackerState;
  emitted: Array<[string, StoredQuestion]>;
  /** Messages older than `state` arrived from here on: the questions wait for a recount (settleQuestions). */
  pendingFrom?: number;
}

const META_KEY = 'meta';
const dayRecordKey = (groupId: string, date: string) => `d|${groupId}|${date}`;
const questionGroup = (groupId: string) => `q|${groupId}`;
const questionKey = (groupId: string, messageId: string) => `q|${groupId}|${messageId}`;
const trackerKey = (groupId: string) => `s|${groupId}`;

/** The zone a group's days are counted in: its business hours' zone, else the default. */
export const groupTimeZone = (config: GroupHealthConfig, defaultZone: string) => config.businessHours?.timeZone ?? defaultZone;

const clocks = new Map<string, LocalClock>();
function clockFor(timeZone: string): LocalClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = createLocalClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

export async function getAggregateMeta(db: Database): Promise<AggregateMeta | null> {
  const record = await db.get('aggregates', META_KEY);
  return (record?.data as AggregateMeta | undefined) ?? null;
}

const usable = (meta: AggregateMeta | null, timeZone: string): meta is AggregateMeta => meta !== null && meta.version === AGGREGATE_VERSION && meta.timeZone === timeZone;

/**
 * Whether the aggregates can be shown: built by this version, with this default zone, and
 * accounting for exactly the messages stored (a purge, a restore, a crash between ingest and
 * update all show up as a different count).
 */
export async function aggregatesConsistent(db: Database, timeZone: string): Promise<boolean> {
  const [meta, stored] = await Promise.all([getAggregateMeta(db), db.count('messages')]);
  return usable(meta, timeZone) && meta.counted === stored;
}

/** Makes the dashboard rebuild from the messages (a group's zone or target changed). */
export async function invalidateAggregates(db: Database): Promise<void> {
  await db.delete('aggregates', META_KEY);
}

/** The stores the incremental update reads and writes; the ingest transaction holds them all. */
export const AGGREGATE_TX_STORES = ['aggregates', 'messages', 'memberships', 'settings', 'questionMarks', 'cases'] as const;
type AggregateTx = IDBPTransaction<GroupStewardDB, ArrayLike<StoreNames<GroupStewardDB>>, 'readwrite'>;

/** Day buckets of one group loaded or created during one update; each is written once at the end. */
class Days {
  readonly loaded = new Map<string, AggregateRecord>();
  constructor(
    private readonly groupId: string,
    private readonly timeZone: string,
    private readonly local: LocalClock,
  ) {}

  /** Reads every day of these instants at once (one round trip). */
  async load(tx: AggregateTx, instants: Iterable<number>): Promise<void> {
    const wanted = new Map<string, { dayKey: number; date: string; weekday: number }>();
    for (const ts of instants) {
      const slot = this.local(ts);
      const key = dayRecordKey(this.groupId, slot.date);
      if (!this.loaded.has(key)) wanted.set(key, slot);
    }
    const store = tx.objectStore('aggregates');
    const found = await Promise.all([...wanted.keys()].map((key) => store.get(key)));
    [...wanted].forEach(([key, slot], i) => {
      const record = found[i];
      // A day counted in another zone (the group's zone changed) would mix two clocks: the caller rebuilds.
      this.loaded.set(key, record ?? { key, groupId: this.groupId, bucket: slot.dayKey, data: emptyBucket(slot.date, slot.weekday, this.timeZone) });
    });
  }

  /** The day of an instant already loaded. */
  of(ts: number): { day: DayBucket; hour: number } {
    const slot = this.local(ts);
    const record = this.loaded.get(dayRecordKey(this.groupId, slot.date));
    if (!record) throw new Error(`day ${slot.date} of ${this.groupId} was not loaded`);
    return { day: record.data as DayBucket, hour: slot.hour };
  }

  create(ts: number): { day: DayBucket; hour: number } {
    const slot = this.local(ts);
    const key = dayRecordKey(this.groupId, slot.date);
    if (!this.loaded.has(key)) this.loaded.set(key, { key, groupId: this.groupId, bucket: slot.dayKey, data: emptyBucket(slot.date, slot.weekday, this.timeZone) });
    return this.of(ts);
  }
}

interface GroupContext {
  config: GroupHealthConfig;
  hours: BusinessHours | null;
  timeZone: string;
  marks: Map<string, { mark: QuestionMark; at: number }>;
  flagged: Set<string>;
}

async function groupContext(tx: AggregateTx, groupId: string, casesSince: number, defaultZone: string): Promise<GroupContext> {
  const [setting, markRecords, cases] = await Promise.all([
    tx.objectStore('settings').get(healthConfigKey(groupId)),
    tx.objectStore('questionMarks').index('byGroup').getAll(groupId),
    tx.objectStore('cases').index('byGroup').getAll(IDBKeyRange.bound([groupId, casesSince], [groupId, Number.MAX_SAFE_INTEGER])),
  ]);
  const { config, hours } = readHealthConfig(setting?.value);
  return {
    config,
    hours,
    timeZone: groupTimeZone(config, defaultZone),
    marks: new Map(markRecords.map((m) => [m.messageId, { mark: m.mark, at: m.at }])),
    flagged: new Set(cases.filter((c) => c.kind === 'suggested' && c.messageId).map((c) => c.messageId as string)),
  };
}

/** How far before a message its questions' context reaches: answers of earlier questions (follow-ups) and skewed clocks. */
const CONTEXT_MS = FOLLOW_UP_WINDOW_MS + SKEW_TOLERANCE_MS;

/**
 * The update for one stored batch, inside the transaction that stores it (so figures and
 * messages are written together or not at all). Per group it reads the days the batch
 * touches and where question tracking stopped, all at once; counts in memory; and writes
 * each touched day once. Messages newer than where tracking stopped (the usual case: a
 * live chat) continue the group's question tracker; older ones (history loaded later)
 * recount the questions from a window before them. Only requests on `tx` are awaited,
 * which keeps it open.
 */
export async function updateAggregatesInTx(
  tx: AggregateTx,
  stored: readonly Message[],
  memberships: ReadonlyMap<string, Membership>,
  now: number,
  defaultZone: string,
): Promise<void> {
  if (stored.length === 0) return;
  const store = tx.objectStore('aggregates');
  const meta = ((await store.get(META_KEY))?.data as AggregateMeta | undefined) ?? null;
  // Not built yet, or built differently: counting on top would give wrong numbers; the
  // dashboard rebuilds from messages instead.
  if (!usable(meta, defaultZone)) return;
  const byGroup = new Map<string, Message[]>();
  let outOfRange = 0;
  for (const message of stored) {
    if (!isInRange(message.ts, now)) {
      outOfRange++;
      continue;
    }
    const list = byGroup.get(message.groupId) ?? [];
    list.push(message);
    byGroup.set(message.groupId, list);
  }
  let consistent = true;
  await Promise.all(
    [...byGroup].map(async ([groupId, messages]) => {
      if (!(await updateGroup(tx, groupId, messages, memberships, now, defaultZone))) consistent = false;
    }),
  );
  if (!consistent) {
    // A day counted in another zone: leave the figures to a rebuild rather than mix clocks.
    await store.delete(META_KEY);
    return;
  }
  await store.put({ key: META_KEY, groupId: '', bucket: -1, data: { ...meta, counted: meta.counted + stored.length, outOfRange: meta.outOfRange + outOfRange } });
}

async function updateGroup(
  tx: AggregateTx,
  groupId: string,
  messages: Message[],
  memberships: ReadonlyMap<string, Membership>,
  now: number,
  defaultZone: string,
  /** Recount the questions from here on, whatever the tracker remembers (after a mark by hand). */
  recountFrom?: number,
): Promise<boolean> {
  const store = tx.objectStore('aggregates');
  messages.sort(questionOrder);
  const earliest = Math.min(recountFrom ?? Number.POSITIVE_INFINITY, messages[0]?.ts ?? Number.POSITIVE_INFINITY);
  const [context, trackerRecord] = await Promise.all([groupContext(tx, groupId, earliest - CONTEXT_MS, defaultZone), store.get(trackerKey(groupId))]);
  const local = clockFor(context.timeZone);
  const days = new Days(groupId, context.timeZone, local);
  await days.load(
    tx,
    messages.map((m) => m.ts),
  );
  for (const record of days.loaded.values()) if ((record.data as DayBucket).timeZone !== context.timeZone) return false;

  // A member's first message in the group: the membership already counts this batch.
  const postedNow = new Map<string, number>();
  for (const m of messages) if (m.kind === 'message' && m.role === 'customer') postedNow.set(m.memberId, (postedNow.get(m.memberId) ?? 0) + 1);
  const firstSeen = new Set<string>();
  for (const message of messages) {
    let first = false;
    if (message.kind === 'message' && message.role === 'customer' && !firstSeen.has(message.memberId)) {
      firstSeen.add(message.memberId);
      const membership = memberships.get(`${groupId}\u0000${message.memberId}`);
      first = membership !== undefined && membership.messageCount === postedNow.get(message.memberId);
    }
    const { day, hour } = days.of(message.ts);
    addMessage(day, message, hour, first);
  }

  const saved = trackerRecord?.data as StoredTracker | undefined;
  const options = { config: context.config, hours: context.hours, marks: context.marks, flagged: context.flagged };
  let tracker: QuestionTracker;
  let questions: Question[];
  // What each question added to its day so far; and which of them have a record of their own.
  const previous = new Map<string, StoredQuestion>(saved?.emitted ?? []);
  const recorded = new Map<string, AggregateRecord>();
  let recounted = false;
  const resumed = saved && saved.pendingFrom === undefined ? new QuestionTracker(options, saved.state) : null;
  if (saved && recountFrom === undefined && (saved.pendingFrom !== undefined || !messages.every((m) => resumed?.accepts(m)))) {
    // Older than where tracking stopped (history loaded after the live chat): recounting a
    // window per page would cost a day of messages per page, so the questions are recounted
    // once, before anything reads them (settleQuestions); the messages count now.
    const pendingFrom = Math.min(saved.pendingFrom ?? Number.POSITIVE_INFINITY, earliest);
    await Promise.all([
      ...[...days.loaded.values()].map((record) => store.put(record)),
      store.put({ key: trackerKey(groupId), groupId: trackerKey(groupId), bucket: -1, data: { ...saved, pendingFrom } satisfies StoredTracker }),
    ]);
    return true;
  }
  if (resumed && recountFrom === undefined) {
    tracker = resumed;
    for (const message of messages) tracker.feed(message);
    questions = tracker.takeTouched(now);
  } else {
    // Older than where tracking stopped: recount from a window before the earliest. A
    // question asked before `affected` ended (or ran out) before any of these messages.
    recounted = true;
    // The questions the stored state held open are recounted too, however old: they may
    // have run out or been answered since, and the fresh state must account for them.
    const oldestOpen = Math.min(...(saved?.state.open.map((o) => o.message.ts) ?? []));
    // History still waiting for its recount is taken in as well.
    const from = Math.min(earliest, saved?.pendingFrom ?? Number.POSITIVE_INFINITY);
    const affected = Math.min(from - context.config.neverAfterHours * 3_600_000 - SKEW_TOLERANCE_MS, oldestOpen);
    const [windowMessages, records] = await Promise.all([
      tx.objectStore('messages').index('byGroupTime').getAll(IDBKeyRange.bound([groupId, affected - CONTEXT_MS], [groupId, Number.MAX_SAFE_INTEGER])),
      store.index('byGroupBucket').getAll(IDBKeyRange.bound([questionGroup(groupId), affected], [questionGroup(groupId), Number.MAX_SAFE_INTEGER])),
    ]);
    tracker = new QuestionTracker(options);
    for (const message of windowMessages.filter((m) => isInRange(m.ts, now)).sort(questionOrder)) tracker.feed(message);
    questions = tracker.takeTouched(now).filter((q) => q.message.ts >= affected);
    const prefix = `${questionGroup(groupId)}|`;
    for (const record of records) {
      previous.set(record.key.slice(prefix.length), record.data as StoredQuestion);
      recorded.set(record.key.slice(prefix.length), record);
    }
  }

  const targetMs = context.config.targetMinutes * 60_000;
  const stillOpen = tracker.openIds();
  const changes: Array<{ id: string; old: StoredQuestion | undefined; next: StoredQuestion | null; ts: number }> = [];
  const recordWrites: Array<{ id: string; ts: number; data: StoredQuestion | null }> = [];
  const emitted: Array<[string, StoredQuestion]> = [];
  const seen = new Set<string>();
  for (const question of questions) {
    const slot = local(question.message.ts);
    const next: StoredQuestion = { dayKey: slot.dayKey, date: slot.date, weekday: slot.weekday, c: contributionOf(question, slot.hour, targetMs) };
    const id = question.message.id;
    seen.add(id);
    const open = stillOpen.has(id);
    if (open) emitted.push([id, next]);
    const old = previous.get(id);
    const changed = !old || !sameContribution(old.c, next.c);
    if (changed) changes.push({ id, old, next, ts: question.message.ts });
    if (open && recorded.has(id)) recordWrites.push({ id, ts: question.message.ts, data: null });
    else if (!open && (changed || !recorded.has(id))) recordWrites.push({ id, ts: question.message.ts, data: next });
  }
  if (recounted) {
    // Questions in the recounted window that are questions no more (marked "not a question", flagged).
    for (const [id, old] of previous) {
      if (seen.has(id)) continue;
      const record = recorded.get(id);
      const ts = record ? record.bucket : (saved?.state.open.find((o) => o.message.id === id)?.message.ts ?? null);
      if (ts === null) continue;
      changes.push({ id, old, next: null, ts });
      if (record) recordWrites.push({ id, ts, data: null });
    }
  }
  await days.load(
    tx,
    changes.map((c) => c.ts),
  );
  for (const record of days.loaded.values()) if ((record.data as DayBucket).timeZone !== context.timeZone) return false;
  for (const change of changes) {
    const { day } = days.of(change.ts);
    if (change.old) applyContribution(day, change.old.c, -1);
    if (change.next) applyContribution(day, change.next.c, 1);
  }
  const writes: Promise<unknown>[] = [...days.loaded.values()].map((record) => store.put(record));
  for (const w of recordWrites) {
    writes.push(w.data ? store.put({ key: questionKey(groupId, w.id), groupId: questionGroup(groupId), bucket: w.ts, data: w.data }) : store.delete(questionKey(groupId, w.id)));
  }
  writes.push(store.put({ key: trackerKey(groupId), groupId: trackerKey(groupId), bucket: -1, data: { state: tracker.state(), emitted } satisfies StoredTracker }));
  await Promise.all(writes);
  return true;
}

/**
 * Recounts the questions of groups that received history older than their tracking
 * (one recount however many pages came), before the dashboard reads them. Returns the
 * groups recounted.
 */
export async function settleQuestions(db: Database, groupIds: readonly string[], now: number, defaultZone: string): Promise<string[]> {
  const trackers = await Promise.all(groupIds.map((groupId) => db.get('aggregates', trackerKey(groupId))));
  const pending = groupIds.filter((_, i) => (trackers[i]?.data as StoredTracker | undefined)?.pendingFrom !== undefined);
  for (const groupId of pending) {
    const tx = db.transaction([...AGGREGATE_TX_STORES], 'readwrite');
    const store = tx.objectStore('aggregates');
    const [metaRead, trackerRead] = await Promise.all([store.get(META_KEY), store.get(trackerKey(groupId))]);
    const from = (trackerRead?.data as StoredTracker | undefined)?.pendingFrom;
    if (usable((metaRead?.data as AggregateMeta | undefined) ?? null, defaultZone) && from !== undefined) {
      const ok = await updateGroup(tx as unknown as AggregateTx, groupId, [], new Map(), now, defaultZone, from);
      if (!ok) await store.delete(META_KEY);
    }
    await tx.done;
  }
  return pending;
}

/** Re-times the questions around one message (after a mark by hand). */
export async function refreshQuestionAggregates(db: Database, groupId: string, around: Message, now: number, defaultZone: string): Promise<void> {
  const tx = db.transaction([...AGGREGATE_TX_STORES], 'readwrite');
  const store = tx.objectStore('aggregates');
  const meta = ((await store.get(META_KEY))?.data as AggregateMeta | undefined) ?? null;
  if (usable(meta, defaultZone)) {
    // The message itself is counted already: only the questions around it are recounted.
    const ok = await updateGroup(tx as unknown as AggregateTx, groupId, [], new Map(), now, defaultZone, around.ts);
    if (!ok) await store.delete(META_KEY);
  }
  await tx.done;
}

/**
 * Every aggregate record of one group from its messages (in range), as a rebuild writes
 * them: its days, its questions, and where its question tracking stopped.
 */
export function aggregateGroup(
  groupId: string,
  messages: readonly Message[],
  context: Pick<GroupContext, 'config' | 'hours' | 'timeZone'> & Partial<Pick<GroupContext, 'marks' | 'flagged'>>,
  now: number,
): AggregateRecord[] {
  const local = clockFor(context.timeZone);
  const days = new Days(groupId, context.timeZone, local);
  const posted = new Set<string>();
  const tracker = new QuestionTracker({ config: context.config, hours: context.hours, marks: context.marks, flagged: context.flagged });
  for (const message of [...messages].sort(questionOrder)) {
    const first = message.kind === 'message' && message.role === 'customer' && !posted.has(message.memberId);
    if (first) posted.add(message.memberId);
    const { day, hour } = days.create(message.ts);
    addMessage(day, message, hour, first);
    tracker.feed(message);
  }
  const targetMs = context.config.targetMinutes * 60_000;
  const records: AggregateRecord[] = [];
  const emitted: Array<[string, StoredQuestion]> = [];
  const stillOpen = tracker.openIds();
  for (const question of tracker.takeTouched(now)) {
    const slot = local(question.message.ts);
    const data: StoredQuestion = { dayKey: slot.dayKey, date: slot.date, weekday: slot.weekday, c: contributionOf(question, slot.hour, targetMs) };
    applyContribution(days.create(question.message.ts).day, data.c, 1);
    if (stillOpen.has(question.message.id)) emitted.push([question.message.id, data]);
    else records.push({ key: questionKey(groupId, question.message.id), groupId: questionGroup(groupId), bucket: question.message.ts, data });
  }
  records.push(...days.loaded.values());
  records.push({ key: trackerKey(groupId), groupId: trackerKey(groupId), bucket: -1, data: { state: tracker.state(), emitted } satisfies StoredTracker });
  return records;
}

/** The meta record that says the aggregates are built (for a generated store, e.g. a benchmark). */
export const metaRecord = (meta: AggregateMeta): AggregateRecord => ({ key: META_KEY, groupId: '', bucket: -1, data: meta });

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Recomputes every aggregate from the stored messages, group by group. The meta record is
 * written last, so an interrupted rebuild leaves the aggregates marked inconsistent.
 */
export async function rebuildAggregates(db: Database, now: number, defaultZone: string, onProgress: (p: RebuildProgress) => void = () => {}): Promise<AggregateMeta> {
  await db.clear('aggregates');
  const total = await db.count('messages');
  const groups = await db.getAllKeys('groups');
  let done = 0;
  let outOfRange = 0;
  let counted = 0;
  onProgress({ done, total });
  for (const groupId of groups) {
    const read = db.transaction(['messages', 'settings', 'questionMarks', 'cases']) as unknown as AggregateTx;
    const [messages, context] = await Promise.all([
      read.objectStore('messages').index('byGroupTime').getAll(IDBKeyRange.bound([groupId, Number.MIN_SAFE_INTEGER], [groupId, Number.MAX_SAFE_INTEGER])),
      groupContext(read, groupId, 0, defaultZone),
    ]);
    counted += messages.length;
    const valid = messages.filter((m) => isInRange(m.ts, now));
    outOfRange += messages.length - valid.length;
    const records = aggregateGroup(groupId, valid, context, now);
    const tx = db.transaction('aggregates', 'readwrite');
    for (const record of records) void tx.store.put(record);
    await tx.done;
    done += messages.length;
    onProgress({ done, total });
  }
  // Messages of a group with no group record (should not happen) still count as seen.
  const stray = total - counted;
  const meta: AggregateMeta = { version: AGGREGATE_VERSION, timeZone: defaultZone, counted: total, outOfRange: outOfRange + Math.max(0, stray), builtAt: now };
  // Batches stored while the rebuild ran were not counted by it (the ingest step waits for
  // the meta record): then the aggregates stay unbuilt and the next read rebuilds again,
  // rather than a waiting list or a figure going without those messages.
  const finish = db.transaction(['messages', 'aggregates'], 'readwrite');
  if ((await finish.objectStore('messages').count()) === total) await finish.objectStore('aggregates').put({ key: META_KEY, groupId: '', bucket: -1, data: meta });
  await finish.done;
  onProgress({ done: total, total });
  return meta;
}

/** Day records of groups between two local dates (inclusive, each group's own days), as `Date.UTC` day keys. */
export async function readDays(db: Database, groupIds: readonly string[], fromDay: number, toDay: number): Promise<Map<string, DayBucket[]>> {
  const tx = db.transaction('aggregates');
  const index = tx.store.index('byGroupBucket');
  const result = new Map<string, DayBucket[]>();
  await Promise.all(
    groupIds.map(async (groupId) => {
      const records = await index.getAll(IDBKeyRange.bound([groupId, fromDay], [groupId, toDay]));
      result.set(
        groupId,
        records.map((r) => r.data as DayBucket),
      );
    }),
  );
  return result;
}

/** Question records of a group asked in [from, to): for click-through to the questions behind a figure. */
export async function readQuestionRecords(db: Database, groupId: string, from: number, to: number): Promise<Array<{ messageId: string; ts: number; weekday: number; c: QuestionContribution }>> {
  const [records, tracker] = await Promise.all([
    db.getAllFromIndex('aggregates', 'byGroupBucket', IDBKeyRange.bound([questionGroup(groupId), from], [questionGroup(groupId), to], false, true)),
    db.get('aggregates', trackerKey(groupId)),
  ]);
  const prefix = `${questionGroup(groupId)}|`;
  const found = records.map((r) => ({ messageId: r.key.slice(prefix.length), ts: r.bucket, weekday: (r.data as StoredQuestion).weekday, c: (r.data as StoredQuestion).c }));
  // Questions still open are kept with the tracker, not as records of their own.
  const stored = tracker?.data as StoredTracker | undefined;
  const asked = new Map(stored?.state.open.map((o) => [o.message.id, o.message.ts]) ?? []);
  for (const [messageId, q] of stored?.emitted ?? []) {
    const ts = asked.get(messageId);
    if (ts !== undefined && ts >= from && ts < to) found.push({ messageId, ts, weekday: q.weekday, c: q.c });
  }
  return found.sort((a, b) => a.ts - b.ts);
}

/**
 * The questions of a group still open at `now`, from where its tracking stopped: no
 * window of recent messages, so a question behind a thousand lines of chatter still waits.
 * Null when the aggregates are not built (the caller reads the messages instead).
 */
export async function openQuestionsFromTracker(db: Database, groupId: string, now: number, defaultZone: string): Promise<Question[] | null> {
  const tx = db.transaction(['aggregates', 'settings', 'questionMarks', 'cases']) as unknown as AggregateTx;
  const store = tx.objectStore('aggregates');
  const [metaRecord, trackerRecord] = await Promise.all([store.get(META_KEY), store.get(trackerKey(groupId))]);
  if (!usable((metaRecord?.data as AggregateMeta | undefined) ?? null, defaultZone) || !trackerRecord) return null;
  // History arrived and the questions wait for a recount: the caller reads the messages.
  if ((trackerRecord.data as StoredTracker).pendingFrom !== undefined) return null;
  const context = await groupContext(tx, groupId, Number.MAX_SAFE_INTEGER, defaultZone);
  const tracker = new QuestionTracker({ config: context.config, hours: context.hours, marks: context.marks }, (trackerRecord.data as StoredTracker).state);
  return tracker.openAt(now);
}
