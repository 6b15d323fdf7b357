import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
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
  db = await openDatabase({ name: uniqueDbName('handlers-health') });
  await seedDefaults(db, T0);
  clock = T0 + DAY;
  const handlers = createHandlers({
    db,
    now: () => clock,
  });
  server = createServer(handlers, { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

const { request, raw } = checkedRequests((message, sender) => server.handle(message, sender), { id: RUNTIME_ID });

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

describe('group health handlers', () => {
  it('sends the oldest waiting questions up to the limit asked for and counts all of them', async () => {
    await ingest(Array.from({ length: 7 }, (_, i) => event({ author: [CHEN, LI, WANG][i % 3], text: `问题 ${i} 怎么办？`, ts: clock - (30 - i) * MINUTE })));
    const all = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 });
    expect(all?.unanswered.map((q) => q.message.text)).toEqual(Array.from({ length: 7 }, (_, i) => `问题 ${i} 怎么办？`));
    expect(all?.unansweredTotal).toBe(7);
    const first = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5, unansweredLimit: 3 });
    expect(first?.unanswered).toEqual(all?.unanswered.slice(0, 3));
    expect(first?.unansweredTotal).toBe(7);
    expect((await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5, unansweredLimit: 50 }))?.unanswered).toEqual(all?.unanswered);
    await expect(request('getGroupPanel', { groupId: GROUP, slaMinutes: 5, unansweredLimit: 0 })).rejects.toThrow(/unansweredLimit/);
  });

  it('a question answered closes only itself; insults are not questions; marks close one item each', async () => {
    await ingest([
      event({ author: CHEN, text: '年费怎么算？', ts: clock - 30 * MINUTE }),
      event({ author: CHEN, text: '分期手续费多少？', ts: clock - 29 * MINUTE }),
      event({ author: LI, text: '你们是不是傻逼？', ts: clock - 20 * MINUTE }),
      event({ author: WANG, text: '账单日是几号？', ts: clock - 10 * MINUTE }),
      event({ author: WANG, text: '临时额度能延期吗？', ts: clock - 2 * MINUTE }),
      event({ author: MEI, role: 'staff', text: '@陈强 刷满 6 次免年费', ts: clock - MINUTE }),
    ]);
    const waiting = async () => (await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 }))?.unanswered.map((q) => [q.message.text, q.level]);
    expect(await waiting()).toEqual([
      ['分期手续费多少？', 'missed'],
      ['账单日是几号？', 'missed'],
      ['临时额度能延期吗？', 'ok'],
    ]);

    const panel = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 });
    const target = panel?.unanswered.find((q) => q.message.text === '账单日是几号？');
    if (!target) throw new Error('no waiting item');
    await request('markQuestion', { groupId: GROUP, messageId: target.message.id, mark: 'answered' });
    const aside = panel?.unanswered.find((q) => q.message.text === '临时额度能延期吗？');
    if (!aside) throw new Error('no waiting item');
    await request('markQuestion', { groupId: GROUP, messageId: aside.message.id, mark: 'not-question' });
    expect(await waiting()).toEqual([['分期手续费多少？', 'missed']]);
  });

  it('a group target replaces the general one; business hours that do not parse are refused naming the field', async () => {
    await ingest([event({ author: CHEN, text: '年费怎么算？', ts: clock - 8 * MINUTE })]);
    const level = async () => (await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 }))?.unanswered.map((q) => q.level);
    expect(await level()).toEqual(['missed']);
    expect(await request('getGroupHealthConfig', { groupId: GROUP })).toMatchObject({ saved: false, config: { targetMinutes: 5 } });

    await request('saveGroupHealthConfig', { groupId: GROUP, config: { targetMinutes: 15 } });
    expect(await level()).toEqual(['due']);
    const panel = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 });
    expect(panel?.health).toEqual({ targetMinutes: 15, computedAt: clock });

    const refused = await raw('saveGroupHealthConfig', { groupId: GROUP, config: { businessHours: { timeZone: 'Asia/Shanghai', days: { mon: '9点到6点' } } } });
    expect(refused).toMatchObject({ ok: false });
    expect(JSON.stringify(refused)).toContain('businessHours.days.mon');
    // Nothing half written: the saved target is still the one before.
    expect(await request('getGroupHealthConfig', { groupId: GROUP })).toMatchObject({ saved: true, config: { targetMinutes: 15, businessHours: null } });
  });
});
