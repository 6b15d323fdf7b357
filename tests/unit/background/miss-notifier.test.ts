import { createHandlers } from '../../../lib/background/handlers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMissNotifier, dashboardQueryForNotification, type MissNotice, missNoticeText, missNotificationId } from '../../../lib/background/miss-notifier';
import { type Database, openDatabase } from '../../../lib/db/open';
import { createTranslator, type LocaleMessages } from '../../../lib/i18n/translate';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { createServer } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { checkedRequests } from './checked-requests';
import { MINUTE, T0, uniqueDbName } from '../db/records';

const RUNTIME_ID = 'test';
const translator = (lang: 'en' | 'zh_CN') =>
  createTranslator(JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as LocaleMessages);
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { externalId: 'g-welfare', title: 'Welfare & Coupons' };
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: '李娜' };
const MEI = { externalId: 'staff-mei', name: '客服小美' };

let db: Database;
let clock: number;
let shown: MissNotice[];
let notifier: ReturnType<typeof createMissNotifier>;
let server: ReturnType<typeof createServer>;
const { request } = checkedRequests((message, sender) => server.handle(message, sender), { id: RUNTIME_ID });

beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('miss-notifier') });
  await seedDefaults(db, T0);
  clock = T0;
  shown = [];
  server = createServer(createHandlers({ db, now: () => clock, timeZone: 'Asia/Shanghai' }), { runtimeId: RUNTIME_ID, validateOutput: true });
  notifier = createMissNotifier({
    db,
    now: () => clock,
    timeZone: 'Asia/Shanghai',
    show: async (notice) => {
      shown.push(notice);
    },
  });
});
afterEach(() => db.close());

let seq = 0;
const say = (author: ChatEvent['author'], text: string, at: number, role: ChatEvent['role'] = 'customer'): ChatEvent => ({ externalId: `m-${++seq}`, kind: 'message', author, role, text, ts: at });
const ingest = (group: typeof SERVICE, events: ChatEvent[]) => request('ingest', { site: 'demo', group, events });

describe('desktop notification on a miss', () => {
  it('is off by default; once on, a question past the target is notified once, and a click target opens it', async () => {
    await ingest(SERVICE, [say(CHEN, '请问年费怎么收？', T0)]);
    clock = T0 + 6 * MINUTE;
    expect(await notifier.check()).toBe(0);

    await request('updateSettings', { notifyOnMiss: true });
    clock = T0 + 4 * MINUTE;
    // Not yet past the 5-minute target.
    expect(await notifier.check()).toBe(0);
    clock = T0 + 6 * MINUTE;
    expect(await notifier.check()).toBe(1);
    expect(shown).toEqual([{ id: expect.any(String), groupTitle: SERVICE.title, authorName: '陈强', waitingMs: 6 * MINUTE, count: 1 }]);
    const query = new URLSearchParams(dashboardQueryForNotification(shown[0]?.id ?? '') ?? '');
    expect(Object.fromEntries(query)).toEqual({ group: 'demo:g-service', member: 'demo:u-chen', message: 'demo:g-service:m-1', ts: String(T0) });

    // Never twice, also after a worker restart (a new notifier on the same database).
    clock = T0 + 10 * MINUTE;
    expect(await notifier.check()).toBe(0);
    const restarted = createMissNotifier({ db, now: () => clock, timeZone: 'Asia/Shanghai', show: async (n) => void shown.push(n) });
    expect(await restarted.check()).toBe(0);
    expect(shown).toHaveLength(1);
  });

  it('an answered question is not a miss; several new misses in a group make one notification naming the oldest', async () => {
    await ingest(SERVICE, [say(CHEN, '请问年费怎么收？', T0), say(MEI, '@陈强 刷满 6 次免年费。', T0 + MINUTE, 'staff'), say(LI, '分期可以提前还款吗？', T0 + 2 * MINUTE), say(CHEN, '积分多久过期？', T0 + 3 * MINUTE)]);
    clock = T0 + 3 * MINUTE;
    await request('updateSettings', { notifyOnMiss: true });
    expect(await notifier.check()).toBe(0);
    clock = T0 + 20 * MINUTE;
    expect(await notifier.check()).toBe(1);
    expect(shown[0]).toMatchObject({ authorName: '李娜', count: 2, waitingMs: 18 * MINUTE });
    expect(dashboardQueryForNotification(shown[0]?.id ?? '')).toContain('message=demo%3Ag-service%3Am-');
  });

  it('a group can turn it on while the general setting is off, or off while it is on; changing that recounts no figures', async () => {
    await ingest(SERVICE, [say(CHEN, '请问年费怎么收？', T0)]);
    await ingest(WELFARE, [say(LI, 'Is the coupon still valid?', T0)]);
    const { config } = await request('getGroupHealthConfig', { groupId: 'demo:g-welfare' });
    await request('saveGroupHealthConfig', { groupId: 'demo:g-welfare', config: { ...config, notifyOnMiss: true } });
    expect(await notifier.check()).toBe(0);
    clock = T0 + 6 * MINUTE;
    expect(await notifier.check()).toBe(1);
    expect(shown.map((n) => n.groupTitle)).toEqual([WELFARE.title]);

    await request('updateSettings', { notifyOnMiss: true });
    const service = (await request('getGroupHealthConfig', { groupId: 'demo:g-service' })).config;
    const aggregatesBefore = await db.count('aggregates');
    await request('saveGroupHealthConfig', { groupId: 'demo:g-service', config: { ...service, notifyOnMiss: false } });
    expect(await db.count('aggregates')).toBe(aggregatesBefore);
    expect(await notifier.check()).toBe(0);
    await expect(request('saveGroupHealthConfig', { groupId: 'demo:g-service', config: { ...service, notifyOnMiss: 'yes' } })).rejects.toThrow(/notifyOnMiss/);
  });

  it('questions already late when it is turned on are not announced, nor after turning it off and on again; later misses are', async () => {
    await ingest(SERVICE, [say(CHEN, '请问年费怎么收？', T0)]);
    clock = T0 + 30 * MINUTE;
    await request('updateSettings', { notifyOnMiss: true });
    expect(await notifier.check()).toBe(0);
    await ingest(SERVICE, [say(LI, '分期可以提前还款吗？', clock)]);
    clock += 6 * MINUTE;
    expect(await notifier.check()).toBe(1);
    expect(shown.map((n) => [n.authorName, n.count])).toEqual([['李娜', 1]]);

    await request('updateSettings', { notifyOnMiss: false });
    expect(await notifier.check()).toBe(0);
    await ingest(SERVICE, [say(CHEN, '积分多久过期？', clock)]);
    clock += 10 * MINUTE;
    await request('updateSettings', { notifyOnMiss: true });
    expect(await notifier.check()).toBe(0);
    expect(shown).toHaveLength(1);
  });

  it('reads only its own notifications back, and refuses ids that do not name a whole question', () => {
    const id = missNotificationId({ groupId: 'demo:g&x', memberId: 'demo:u=1', messageId: 'demo:g:m?1', ts: T0 });
    expect(Object.fromEntries(new URLSearchParams(dashboardQueryForNotification(id) ?? ''))).toEqual({ group: 'demo:g&x', member: 'demo:u=1', message: 'demo:g:m?1', ts: String(T0) });
    expect(dashboardQueryForNotification('other')).toBeNull();
    expect(dashboardQueryForNotification('gs-miss?group=a&member=b&message=c')).toBeNull();
    expect(dashboardQueryForNotification('gs-miss?group=a&member=b&message=c&ts=soon')).toBeNull();
  });

  it('reads as a sentence in both languages, with the group, the member and how long in hours past an hour', () => {
    const notice = { id: 'n', groupTitle: '星河银行·信用卡', authorName: '李娜', waitingMs: 18 * MINUTE, count: 1 };
    const long = { ...notice, waitingMs: 17 * 60 * MINUTE + 59 * MINUTE, count: 3 };
    expect(missNoticeText(notice, translator('en'))).toEqual({
      title: 'Past the reply target in 星河银行·信用卡',
      message: '李娜 has waited 18 min for an answer. Click to open the question.',
    });
    expect(missNoticeText(long, translator('en')).message).toBe('3 questions waiting past the target; 李娜 has waited 17 h 59 min. Click to open the oldest.');
    expect(missNoticeText(notice, translator('zh_CN'))).toEqual({ title: '星河银行·信用卡：超过回复目标时间', message: '李娜 已等待回复 18 分钟。点击查看该问题。' });
    expect(missNoticeText(long, translator('zh_CN')).message).toBe('3 个问题超过目标时间未回复；李娜 已等待 17 小时 59 分钟。点击查看最早的一个。');
  });
});
