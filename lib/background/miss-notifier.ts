import type { Database } from '../db/open';
import { getGroupHealthConfig } from '../db/repos/questions';
import { getSettings } from '../db/repos/settings';
import { formatElapsed } from '../i18n/elapsed';
import type { Translate } from '../i18n/translate';
import { waitingList } from './health';

/** Settings-store key of the questions already notified (so a worker restart does not notify them again). */
export const MISS_NOTIFIED_KEY = 'missNotified';
/** Enough to cover every question that can still be waiting; older ids fall off. */
const NOTIFIED_KEPT = 2_000;
const NOTIFICATION_PREFIX = 'gs-miss?';

/** The question a notification opens: the dashboard shows it in its member's history. */
export interface MissTarget {
  groupId: string;
  memberId: string;
  messageId: string;
  ts: number;
}

/** One notification: a question past its target, or several in one group (then the oldest is opened). */
export interface MissNotice {
  id: string;
  groupTitle: string;
  authorName: string;
  /** How long the oldest has waited, counted in business hours where the group has them. */
  waitingMs: number;
  /** How many questions of this group newly passed the target (1: just this one). */
  count: number;
}

/** A notice's title and body in the staff member's language. */
export function missNoticeText(notice: MissNotice, t: Translate): { title: string; message: string } {
  const waited = formatElapsed(notice.waitingMs, t);
  return {
    title: t('missNoticeTitle', notice.groupTitle),
    message: notice.count > 1 ? t('missNoticeMany', notice.count, notice.authorName, waited) : t('missNoticeOne', notice.authorName, waited),
  };
}

/** The notification id carries the question, so a click after a worker restart still knows what to open. */
export function missNotificationId(target: MissTarget): string {
  return NOTIFICATION_PREFIX + new URLSearchParams({ group: target.groupId, member: target.memberId, message: target.messageId, ts: String(target.ts) }).toString();
}

/** The dashboard query that opens the question of a notification; null for other notifications. */
export function dashboardQueryForNotification(notificationId: string): string | null {
  if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return null;
  const params = new URLSearchParams(notificationId.slice(NOTIFICATION_PREFIX.length));
  const [group, member, message, ts] = ['group', 'member', 'message', 'ts'].map((key) => params.get(key));
  if (!group || !member || !message || !ts || !Number.isFinite(Number(ts))) return null;
  return new URLSearchParams({ group, member, message, ts }).toString();
}

/** Questions already announced (or already late when notifications were turned on), and the groups notifications are on for. */
function readState(value: unknown): { ids: string[]; armed: string[] } {
  const record = (value ?? {}) as { ids?: unknown; armed?: unknown };
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  return { ids: strings(record.ids), armed: strings(record.armed) };
}

export interface MissNotifierDeps {
  db: Database;
  now: () => number;
  timeZone: string;
  show: (notice: MissNotice) => Promise<void>;
}

/**
 * Desktop notifications on a miss: a customer question still waiting past its group's
 * target. Off unless the general setting or the group's own setting turns it on; the first
 * check after that takes what already waits as known. Each question is notified once;
 * several new misses in one group make one notification.
 */
export function createMissNotifier({ db, now, timeZone, show }: MissNotifierDeps) {
  let last: Promise<unknown> = Promise.resolve();

  async function checkNow(): Promise<number> {
    const settings = await getSettings(db);
    const groups = await db.getAll('groups');
    const state = readState((await db.get('settings', MISS_NOTIFIED_KEY))?.value);
    const seen = new Set(state.ids);
    const armed = new Set(state.armed);
    const at = now();
    let shown = 0;
    let changed = false;
    for (const group of groups) {
      const { config } = await getGroupHealthConfig(db, group.id);
      if (!(config.notifyOnMiss ?? settings.notifyOnMiss)) {
        // Turned off: turning it on again starts afresh, without the misses of the time between.
        if (armed.delete(group.id)) changed = true;
        continue;
      }
      const { items } = await waitingList(db, group.id, at, settings.slaMinutes, timeZone);
      const fresh = items.filter((item) => item.overdue && !seen.has(item.message.id));
      for (const item of fresh) {
        seen.add(item.message.id);
        state.ids.push(item.message.id);
      }
      if (fresh.length > 0) changed = true;
      // Just turned on: what already waits past its target is in the sidebar, red; only
      // questions that pass their target from now on are announced.
      if (!armed.has(group.id)) {
        armed.add(group.id);
        changed = true;
        continue;
      }
      const oldest = fresh[0];
      if (!oldest) continue;
      await show({
        id: missNotificationId({ groupId: group.id, memberId: oldest.message.memberId, messageId: oldest.message.id, ts: oldest.message.ts }),
        groupTitle: group.title,
        authorName: oldest.message.authorName,
        waitingMs: oldest.businessWaitingMs,
        count: fresh.length,
      });
      shown++;
    }
    if (changed) await db.put('settings', { key: MISS_NOTIFIED_KEY, value: { ids: state.ids.slice(-NOTIFIED_KEPT), armed: [...armed] } });
    return shown;
  }

  return {
    /**
     * Looks for new misses; one check at a time, each after the one before (an alarm and an ingest can ask together).
     * Resolves to the notifications shown. Run it right after the setting changes too, so
     * that what waits at that moment is taken as known before new messages arrive.
     */
    check(): Promise<number> {
      const next = last.then(checkNow, checkNow);
      last = next.catch(() => undefined);
      return next;
    },
  };
}
