import { type DashboardData, type GroupInput, summarize } from '../analytics/dashboard';
import { zonedInstant } from '../analytics/business-hours';
import type { Database } from '../db/open';
import { aggregatesConsistent, getAggregateMeta, groupTimeZone, invalidateAggregates, readDays, readQuestionRecords, rebuildAggregates, refreshQuestionAggregates, settleQuestions, updateAggregatesInTx } from '../db/repos/aggregates';
import type { IngestStep } from '../db/repos/ingest';
import { getGroupCases } from '../db/repos/cases';
import { getMembers, getMembershipsOfGroup } from '../db/repos/members';
import { getGroupHealthConfig } from '../db/repos/questions';
import type { Case, Message } from '../model';
import { readTemplateUses } from '../db/repos/template-uses';
import { summarizeTemplateUsage, type TemplateUsageRow } from '../analytics/template-usage';

export interface DashboardDeps {
  db: Database;
  now: () => number;
  /** The zone days and hours of groups without business hours are counted in (each group with business hours uses its own). */
  timeZone: string;
}

export interface DashboardQuery {
  groupIds: string[];
  from: string;
  to: string;
  inactiveDays: number;
}

export interface DrillDownQuery {
  groupIds: string[];
  from: string;
  to: string;
  /** Questions only, narrowed by how they ended / who answered / when asked; otherwise every message. */
  questions: boolean;
  end?: string;
  staff?: string;
  weekday?: number;
  hour?: number;
  missed?: boolean;
  memberId?: string;
}

const dayKey = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const DRILL_LIMIT = 200;

/**
 * Dashboard requests in the background. Aggregates that are missing or do not match the
 * stored messages are rebuilt once (one rebuild at a time), and until it is done the
 * dashboard gets progress instead of figures: it never shows numbers it cannot stand behind.
 */
export function createDashboard({ db, now, timeZone }: DashboardDeps) {
  let rebuilding: Promise<unknown> | null = null;
  let progress = { done: 0, total: 0 };

  const startRebuild = () => {
    rebuilding ??= rebuildAggregates(db, now(), timeZone, (p) => {
      progress = p;
    }).finally(() => {
      rebuilding = null;
    });
    return rebuilding;
  };

  /** Local midnight of a date in a group's zone: a date range means each group's own days. */
  const instant = (date: string, zone: string, endOfDay = false) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return zonedInstant(y, m, d + (endOfDay ? 1 : 0), 0, zone);
  };

  return {
    /**
     * The ingest pipeline's step: aggregates move in the transaction that stores the batch.
     * During a rebuild there is nothing to add to yet (the rebuild's count will not match and
     * it runs again, so nothing is lost).
     */
    ingestStep: ((tx, batch) => (rebuilding ? undefined : [updateAggregatesInTx(tx, batch.stored, batch.memberships, batch.now, timeZone)])) satisfies IngestStep as IngestStep,
    /** A group's timing changed (zone, target, what counts as a question): every figure is recounted, with progress shown. */
    async configChanged() {
      await invalidateAggregates(db);
    },
    async afterMark(groupId: string, messageId: string) {
      const message = await db.get('messages', messageId);
      if (message && !rebuilding) await refreshQuestionAggregates(db, groupId, message, now(), timeZone);
    },
    rebuild: startRebuild,
    async getDashboard(query: DashboardQuery): Promise<{ state: 'rebuilding'; done: number; total: number } | { state: 'ready'; data: DashboardData; templateUsage: TemplateUsageRow[]; names: Record<string, string>; outOfRange: number; allGroups: Array<{ id: string; title: string }> }> {
      if (rebuilding || !(await aggregatesConsistent(db, timeZone))) {
        void startRebuild();
        return { state: 'rebuilding', ...progress };
      }
      const allGroups = (await db.getAll('groups')).map((g) => ({ id: g.id, title: g.title }));
      const ids = query.groupIds.length ? query.groupIds.filter((id) => allGroups.some((g) => g.id === id)) : allGroups.map((g) => g.id);
      // Groups that received history since: their questions are recounted once, now.
      await settleQuestions(db, ids, now(), timeZone);
      // Day records and each group's members, config and cases are read side by side.
      const daysRead = readDays(db, ids, dayKey(query.from), dayKey(query.to));
      const inactiveBefore = now() - query.inactiveDays * 86_400_000;
      const inputs: GroupInput[] = [];
      const cases: Case[] = [];
      const useRanges: Array<{ groupId: string; from: number; to: number }> = [];
      await Promise.all(
        ids.map(async (groupId) => {
          const { config } = await getGroupHealthConfig(db, groupId);
          const zone = groupTimeZone(config, timeZone);
          const toTs = instant(query.to, zone, true);
          useRanges.push({ groupId, from: instant(query.from, zone), to: toTs });
          const [memberships, groupCases] = await Promise.all([getMembershipsOfGroup(db, groupId), getGroupCases(db, groupId, instant(query.from, zone))]);
          const current = memberships.filter((m) => !m.left);
          inputs.push({
            groupId,
            title: allGroups.find((g) => g.id === groupId)?.title ?? groupId,
            targetMinutes: config.targetMinutes,
            days: [],
            memberCount: current.length,
            inactiveCount: current.filter((m) => m.lastSeen < inactiveBefore).length,
          });
          cases.push(...groupCases.filter((c) => c.at < toTs));
        }),
      );
      const days = await daysRead;
      for (const input of inputs) input.days = days.get(input.groupId) ?? [];
      inputs.sort((a, b) => a.title.localeCompare(b.title));
      const data = summarize(inputs, cases, { from: query.from, to: query.to });
      const memberIds = [...data.topContributors.map((c) => c.memberId), ...data.repeatOffenders.map((o) => o.memberId)];
      const members = await getMembers(db, memberIds);
      const names = Object.fromEntries(memberIds.map((id) => [id, members.get(id)?.name ?? id]));
      const [meta, uses, templates] = await Promise.all([getAggregateMeta(db), readTemplateUses(db, useRanges), db.getAll('templates')]);
      const templateUsage = summarizeTemplateUsage(uses, templates);
      return { state: 'ready', data, templateUsage, names, outOfRange: meta?.outOfRange ?? 0, allGroups };
    },
    /** The messages behind a figure, newest first, at most 200. */
    async drillDown(query: DrillDownQuery): Promise<Array<{ message: Message; end: string | null; responseMs: number | null }>> {
      const groupIds = query.groupIds.length ? query.groupIds : ((await db.getAllKeys('groups')) as string[]);
      if (query.questions && !rebuilding) await settleQuestions(db, groupIds, now(), timeZone);
      const found: Array<{ message: Message; end: string | null; responseMs: number | null }> = [];
      for (const groupId of groupIds) {
        const { config } = await getGroupHealthConfig(db, groupId);
        const zone = groupTimeZone(config, timeZone);
        const fromTs = instant(query.from, zone);
        const toTs = instant(query.to, zone, true);
        if (query.questions) {
          const records = (await readQuestionRecords(db, groupId, fromTs, toTs)).filter(
            (r) =>
              (query.end === undefined || r.c.end === query.end) &&
              (query.staff === undefined || r.c.staff === query.staff) &&
              (query.hour === undefined || r.c.hour === query.hour) &&
              (query.weekday === undefined || r.weekday === query.weekday) &&
              (query.memberId === undefined || r.c.memberId === query.memberId) &&
              (query.missed === undefined || (r.c.end === 'staff' && !r.c.followUp && ((r.c.businessMs ?? r.c.responseMs ?? 0) > config.targetMinutes * 60_000) === query.missed)),
          );
          for (const r of records.slice(-DRILL_LIMIT)) {
            const message = await db.get('messages', r.messageId);
            if (message) found.push({ message, end: r.c.end, responseMs: r.c.responseMs });
          }
        } else {
          const range = IDBKeyRange.bound([groupId, fromTs], [groupId, toTs], false, true);
          let cursor = await db.transaction('messages').store.index('byGroupTime').openCursor(range, 'prev');
          let taken = 0;
          while (cursor && taken < DRILL_LIMIT) {
            if (query.memberId === undefined || cursor.value.memberId === query.memberId) {
              found.push({ message: cursor.value, end: null, responseMs: null });
              taken++;
            }
            cursor = await cursor.continue();
          }
        }
      }
      return found.sort((a, b) => b.message.ts - a.message.ts).slice(0, DRILL_LIMIT);
    },
  };
}
