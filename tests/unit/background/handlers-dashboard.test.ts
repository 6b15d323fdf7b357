import { createHandlers } from '../../../lib/background/handlers';
import { getAggregateMeta, rebuildAggregates } from '../../../lib/db/repos/aggregates';
import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
import type { RequestInput } from '../../../lib/messaging/protocol';
import { createServer } from '../../../lib/messaging/server';
import { checkedRequests } from './checked-requests';
import type { ChatEvent } from '../../../lib/model';
import { DAY, MINUTE, T0, uniqueDbName } from '../db/records';

const RUNTIME_ID = 'test';
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const GROUP = 'demo:g-service';
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: '李娜' };
const WANG = { externalId: 'u-wang', name: '王芳' };
const MEI = { externalId: 'staff-mei', name: '客服小美' };

let db: Database;
let clock: number;
let server: ReturnType<typeof createServer>;

beforeEach(async () => {
  seq = 0;
  db = await openDatabase({ name: uniqueDbName('handlers-dashboard') });
  await seedDefaults(db, T0);
  clock = T0 + DAY;
  const handlers = createHandlers({
    db,
    now: () => clock,
    timeZone: 'Asia/Shanghai',
  });
  server = createServer(handlers, { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

const { request } = checkedRequests((message, sender) => server.handle(message, sender), { id: RUNTIME_ID });

let seq = 0;
function event(over: Partial<ChatEvent> = {}): ChatEvent {
  seq++;
  return {
    externalId: `m-${String(seq).padStart(4, '0')}`,
    kind: 'message',
    author: CHEN,
    role: 'customer',
    text: `消息 ${seq}`,
    ts: T0 + seq * MINUTE,
    ...over,
  };
}
const ingest = (events: ChatEvent[]) => request('ingest', { site: 'demo', group: SERVICE, events });


async function readyDashboard(input: RequestInput<'getDashboard'>) {
  for (;;) {
    const reply = await request('getDashboard', input);
    if (reply.state === 'ready') return reply;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const RANGE = { groupIds: [], from: '2026-10-25', to: '2026-11-08', inactiveDays: 30 };

describe('dashboard aggregates', () => {
  it('counts as messages arrive exactly what a rebuild from the messages counts', async () => {
    await ingest([event({ author: CHEN, text: '大家好', ts: clock - 3 * DAY })]);
    const first = await request('getDashboard', RANGE);
    expect(first.state).toBe('rebuilding');
    const built = await readyDashboard(RANGE);
    expect(built.data.totals.messages).toBe(1);

    // Incremental from here: questions, a reply in a later batch, another member's answer, a bad clock.
    await ingest([
      event({ author: CHEN, text: '年费怎么算？', ts: clock - 30 * MINUTE }),
      event({ author: LI, text: '账单日是几号？', ts: clock - 29 * MINUTE }),
      event({ author: WANG, text: '分期可以提前还吗？', ts: clock - 20 * MINUTE }),
    ]);
    await ingest([
      event({ author: MEI, role: 'staff', text: '@陈强 刷满 6 次免年费', ts: clock - 27 * MINUTE }),
      event({ author: CHEN, text: '@李娜 每月 5 号', ts: clock - 26 * MINUTE }),
      event({ author: MEI, role: 'staff', text: '@王芳 可以，App 里操作', ts: clock - 5 * MINUTE }),
      event({ author: WANG, text: 'far future?', ts: clock + 400 * DAY }),
    ]);
    const panel = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 });
    const wang = (await request('drillDown', { ...RANGE, questions: true, end: 'staff' })).map((d) => [d.message.text, d.responseMs]);
    expect(wang).toEqual([
      ['分期可以提前还吗？', 15 * MINUTE],
      ['年费怎么算？', 3 * MINUTE],
    ]);
    expect(panel?.unanswered).toEqual([]);

    const incremental = await readyDashboard(RANGE);
    expect(incremental.data.totals).toMatchObject({ messages: 7, questions: 3, frtMedianMs: 3 * MINUTE, frtP90Ms: 15 * MINUTE, hitRate: 0.5 });
    expect(incremental.data.ends).toMatchObject({ staff: 2, member: 1, never: 0, open: 0 });
    expect(incremental.outOfRange).toBe(1);
    expect(incremental.data.staff).toEqual([{ name: '客服小美', answered: 2, medianMs: 3 * MINUTE, p90Ms: 15 * MINUTE, hitRate: 0.5 }]);
    expect(incremental.data.responseBuckets).toEqual([0, 1, 0, 1, 0, 0, 0]);

    // A mark by hand changes the figures too.
    const [ask] = await request('drillDown', { ...RANGE, questions: true, end: 'member' });
    if (!ask) throw new Error('no question');
    await request('markQuestion', { groupId: GROUP, messageId: ask.message.id, mark: 'not-question' });
    const marked = await readyDashboard(RANGE);
    expect(marked.data.totals.questions).toBe(2);

    // Drop the aggregates: the dashboard rebuilds and shows the same numbers.
    await db.clear('aggregates');
    expect((await request('getDashboard', RANGE)).state).toBe('rebuilding');
    const rebuilt = await readyDashboard(RANGE);
    expect(rebuilt.data).toEqual(marked.data);
    expect(rebuilt.outOfRange).toBe(1);
  });

  it('a purge that removes messages makes the aggregates inconsistent, so they are rebuilt, never shown stale', async () => {
    await ingest([event({ author: CHEN, text: '年费怎么算？', ts: clock - 30 * MINUTE }), event({ author: LI, text: '你好', ts: clock - 2 * DAY })]);
    expect((await readyDashboard(RANGE)).data.totals.messages).toBe(2);
    const [old] = await db.getAll('messages');
    if (!old) throw new Error('no message');
    await db.delete('messages', old.id);
    expect((await request('getDashboard', RANGE)).state).toBe('rebuilding');
    expect((await readyDashboard(RANGE)).data.totals.messages).toBe(1);
  });

  it('a question behind 600 lines of chatter (more than the 500 the list once read) still waits, with the aggregates built and without them', async () => {
    const chatter = (from: number) =>
      Array.from({ length: 600 }, (_, i) => event({ author: LI, text: `好的 ${i}`, ts: from + i * 1_000 }));
    await ingest([event({ author: CHEN, text: '年费怎么算？', ts: clock - 2 * 3_600_000 })]);
    const lines = chatter(clock - 3_600_000);
    await ingest(lines);
    const waiting = async () => (await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 }))?.unanswered.map((q) => q.message.text);
    // No aggregates yet: the window of messages a question can stay open in is read whole.
    expect(await waiting()).toEqual(['年费怎么算？']);
    // Built: the group's question tracker knows it without reading messages.
    await readyDashboard(RANGE);
    const more = chatter(clock - 1_000_000).map((e) => ({ ...e, externalId: `${e.externalId}-b` }));
    await ingest(more);
    expect(await waiting()).toEqual(['年费怎么算？']);
    const dash = await readyDashboard(RANGE);
    expect(dash.data.ends.open).toBe(1);
    await ingest([event({ author: MEI, role: 'staff', text: '@陈强 刷满 6 次免年费', ts: clock - 1_000 })]);
    expect(await waiting()).toEqual([]);
    expect((await readyDashboard(RANGE)).data.ends).toMatchObject({ open: 0, staff: 1 });
    // A generous bound: the machine may be busy; what is checked is the result, not the speed.
  }, 120_000);

  it('counts each group’s days in its own time zone, and a new zone recounts every figure', async () => {
    // 2026-11-02 02:30 UTC: Monday 10:30 in Shanghai (the default zone here), Sunday 21:30 in New York.
    const at = Date.UTC(2026, 10, 2, 2, 30);
    await ingest([event({ author: CHEN, text: '大家好', ts: at })]);
    const dates = async () => (await readyDashboard(RANGE)).data.messagesPerDay.map((d) => d.date);
    expect(await dates()).toEqual(['2026-11-02']);
    await request('saveGroupHealthConfig', { groupId: GROUP, config: { businessHours: { timeZone: 'America/New_York', days: { mon: '09:00-17:00' } } } });
    expect((await request('getDashboard', RANGE)).state).toBe('rebuilding');
    expect(await dates()).toEqual(['2026-11-01']);
    const heat = (await readyDashboard(RANGE)).data.heatmap;
    expect(heat.questions.flat().reduce((a, b) => a + b, 0)).toBe(0);
    // Later messages go on in the group's zone, incrementally.
    await ingest([event({ author: CHEN, text: '还在吗？', ts: at + 3_600_000 })]);
    const after = await readyDashboard(RANGE);
    expect(after.data.messagesPerDay).toMatchObject([{ date: '2026-11-01', messages: 2 }]);
    expect(after.data.heatmap.questions[6]?.[22]).toBe(1);
  });

  it('live batches, history loaded later, a clock that moves past the never-answered limit and marks: the same figures as a rebuild', async () => {
    let state = 7;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const people = [CHEN, LI, WANG, { externalId: 'u-zhao', name: '赵雷' }];
    const stream = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const who = people[Math.floor(random() * people.length)] as (typeof people)[number];
        const r = random();
        const ts = from + i * 7 * MINUTE;
        if (r < 0.4) return event({ author: who, text: ['年费怎么算？', '账单日是几号？', '可以分期吗？'][i % 3] as string, ts });
        if (r < 0.6) return event({ author: MEI, role: 'staff', text: random() < 0.5 ? `@${who.name} 已处理` : '好的，已处理', ts });
        return event({ author: who, text: '谢谢', ts });
      });
    await ingest([event({ author: CHEN, text: '大家好', ts: clock - 6 * DAY })]);
    await readyDashboard(RANGE);
    // Live: newest last; then the clock moves on a day and a half (open questions run out).
    const live = stream(clock - 2 * DAY, 120);
    for (let i = 0; i < live.length; i += 25) await ingest(live.slice(i, i + 25));
    clock += 1.5 * DAY;
    await ingest(stream(clock - 3 * 3_600_000, 20));
    // History: older pages loaded after, each older than the last.
    const history = stream(clock - 5 * DAY, 90);
    for (let i = history.length; i > 0; i -= 30) await ingest(history.slice(Math.max(0, i - 30), i));
    const [open] = await request('drillDown', { ...RANGE, to: '2026-11-10', questions: true, end: 'never' });
    if (!open) throw new Error('no never-answered question');
    await request('markQuestion', { groupId: GROUP, messageId: open.message.id, mark: 'not-question' });
    const wide = { ...RANGE, to: '2026-11-10' };
    const incremental = await readyDashboard(wide);
    expect(incremental.data.totals.questions).toBeGreaterThan(40);
    await db.clear('aggregates');
    const rebuilt = await readyDashboard(wide);
    expect(incremental.data).toEqual(rebuilt.data);
    const drilled = async () => (await request('drillDown', { ...wide, questions: true })).map((d) => [d.message.id, d.end, d.responseMs]);
    const before = await drilled();
    expect(before.length).toBe(incremental.data.totals.questions);
  }, 120_000);

  it('a batch stored while a rebuild runs leaves the aggregates unbuilt, so the next read rebuilds instead of going without it', async () => {
    await ingest([event({ author: CHEN, text: '年费怎么算？', ts: clock - 30 * MINUTE })]);
    let stored = false;
    await rebuildAggregates(db, clock, 'Asia/Shanghai', () => {
      if (stored) return;
      stored = true;
      void ingest([event({ author: LI, text: '账单日是几号？', ts: clock - 20 * MINUTE })]);
    });
    // The ingest above may finish after the rebuild's last write: wait for it to be stored.
    while ((await db.count('messages')) < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await getAggregateMeta(db)).toBeNull();
    const panel = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 });
    expect(panel?.unanswered.map((q) => q.message.text)).toEqual(['年费怎么算？', '账单日是几号？']);
    expect((await readyDashboard(RANGE)).data.totals.questions).toBe(2);
  });
});

describe('template and FAQ usage', () => {
  it('records each insertion with the staff name from the settings, and the dashboard counts them per template in the range and group', async () => {
    await ingest([event({ text: '年费怎么收？' })]);
    await request('updateSettings', { staffName: '客服小美' });
    const [fee] = (await request('listTemplates', {})).filter((t) => t.category === 'faq');
    expect(fee).toBeDefined();
    if (!fee) return;
    await request('recordTemplateUse', { templateId: fee.id, groupId: GROUP, via: 'faq' });
    await request('recordTemplateUse', { templateId: fee.id, groupId: GROUP, via: 'slash' });
    clock += 3 * DAY;
    await request('recordTemplateUse', { templateId: fee.id, groupId: GROUP, via: 'sidebar' });
    expect((await db.getAll('templateUses')).map((u) => u.staff)).toEqual(['客服小美', '客服小美', '客服小美']);

    // Days are the group's own (Asia/Shanghai, UTC+8).
    const day = (ts: number) => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10);
    const first = await readyDashboard({ groupIds: [GROUP], from: day(T0 + DAY), to: day(T0 + DAY), inactiveDays: 30 });
    expect(first.templateUsage).toEqual([
      { templateId: fee.id, name: fee.name, category: 'faq', uses: 2, byVia: { sidebar: 0, slash: 1, faq: 1 }, staff: 1, groups: 1, lastAt: T0 + DAY },
    ]);
    const all = await readyDashboard({ groupIds: [], from: day(T0), to: day(clock), inactiveDays: 30 });
    expect(all.templateUsage[0]).toMatchObject({ uses: 3, byVia: { sidebar: 1, slash: 1, faq: 1 } });
    const otherGroup = await readyDashboard({ groupIds: ['demo:g-welfare'], from: day(T0), to: day(clock), inactiveDays: 30 });
    expect(otherGroup.templateUsage).toEqual([]);

    await expect(request('recordTemplateUse', { templateId: fee.id, groupId: GROUP, via: 'paste' as never })).rejects.toThrow(/via/);
  });
});
