import { createHandlers } from '../../../lib/background/handlers';
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
});
