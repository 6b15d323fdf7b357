import { createHandlers } from '../../../lib/background/handlers';
import { waitingList } from '../../../lib/background/health';
import { WAITING_LIST_READS, WaitingCache, withWaitingListsCleared } from '../../../lib/background/waiting-cache';
import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
import type { RequestSender } from '../../../lib/messaging/server';
import { createServer, type Handlers } from '../../../lib/messaging/server';
import type { ChatEvent, Message } from '../../../lib/model';
import { mulberry32 } from '../../../scripts/seeded-random.mjs';
import { DAY, MINUTE, message, T0, uniqueDbName } from '../db/records';

const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const GROUP = 'demo:g-service';
const ZONE = 'Asia/Shanghai';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A busy group: questions, staff replies naming the asker or nobody, answers by members, chatter, leaves, ads. */
function events(seed: number, count: number, start: number): ChatEvent[] {
  const random = mulberry32(seed);
  const out: ChatEvent[] = [];
  let ts = start;
  for (let i = 0; i < count; i++) {
    ts += Math.floor(random() * 3 * MINUTE);
    const c = Math.floor(random() * 10);
    const r = random();
    const base = { externalId: `e-${seed}-${String(i).padStart(5, '0')}`, kind: 'message' as const, ts };
    const customer = { externalId: `u-${c}`, name: `客户${c}号` };
    if (r < 0.35) out.push({ ...base, author: customer, role: 'customer', text: ['请问年费怎么算？', '账单日可以改吗？', 'How do I pay?', '积分什么时候到账？'][i % 4] as string });
    else if (r < 0.58) out.push({ ...base, author: { externalId: `staff-${c % 3}`, name: `客服${c % 3}` }, role: 'staff', text: `${random() < 0.6 ? `@客户${c}号 ` : ''}已为您处理` });
    else if (r < 0.65) out.push({ ...base, author: { externalId: `u-${(c + 1) % 10}`, name: `客户${(c + 1) % 10}号` }, role: 'customer', text: `@客户${c}号 App 里能改` });
    else if (r < 0.68) out.push({ ...base, kind: 'leave', author: customer, role: 'customer', text: '' });
    else if (r < 0.74) out.push({ ...base, author: customer, role: 'customer', text: '兼职日结，有意加我微信 abc12345 怎么样？' });
    else out.push({ ...base, author: customer, role: 'customer', text: '谢谢' });
  }
  return out;
}

async function setup(label: string) {
  const db = await openDatabase({ name: uniqueDbName(label) });
  await seedDefaults(db, T0);
  open.push(db);
  let clock = T0;
  const server = createServer(createHandlers({ db, now: () => clock, timeZone: ZONE }), { runtimeId: 'test', validateOutput: true });
  const sender: RequestSender = { id: 'test' };
  const request = async (name: string, input: unknown) => {
    const reply = (await server.handle({ gs: 'request', name, input }, sender)) as { ok: boolean; data?: unknown; error?: string };
    if (!reply.ok) throw new Error(reply.error);
    return reply.data as never;
  };
  return { db, request, setClock: (at: number) => (clock = at) };
}

const view = (items: { message: Message; waitingMs: number; businessWaitingMs: number; level: string }[]) => items.map((q) => [q.message.id, q.waitingMs, q.businessWaitingMs, q.level]);

describe('waiting lists kept between reads', () => {
  // One test per seed: each streams 200 events through ingest with reads in between (about
  // a second alone), so neither comes near the runner's per-test limit on a loaded machine.
  it.each([1, 2])('answer every read as a replay of the stored messages does, while batches, marks, suggestions and staff decisions keep coming (seed %i)', async (seed) => {
    const { db, request, setClock } = await setup(`waiting-${seed}`);
    const stream = events(seed, 200, T0);
    let marked = 0;
    for (let i = 0; i < stream.length; ) {
      const size = 1 + ((i * 7 + seed) % 23);
      const batch = stream.slice(i, i + size);
      i += size;
      const now = (batch.at(-1) as ChatEvent).ts + ((i * 13) % 40) * MINUTE;
      setClock(now);
      await request('ingest', { site: 'demo', group: SERVICE, events: batch });
      if (i % 3 === 0) {
        const panel = (await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 })) as { unanswered: Parameters<typeof view>[0]; unansweredTotal: number };
        const replay = await waitingList(db, GROUP, now, 5, ZONE);
        expect(view(panel.unanswered), `seed ${seed} at ${i}`).toEqual(view(replay.items as Parameters<typeof view>[0]));
        expect(panel.unansweredTotal).toBe(replay.items.length);
        // Now and then staff mark the oldest waiting question answered: the kept list is built again.
        const oldest = panel.unanswered[0];
        if (oldest && i % 4 === 0) {
          await request('markQuestion', { groupId: GROUP, messageId: oldest.message.id, mark: marked++ % 2 === 0 ? 'answered' : 'not-question' });
        }
      }
    }
    const last = (stream.at(-1) as ChatEvent).ts;
    for (const later of [MINUTE, 2 * 3_600_000, DAY]) {
      setClock(last + later);
      const panel = (await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 })) as { unanswered: Parameters<typeof view>[0] };
      expect(view(panel.unanswered)).toEqual(view((await waitingList(db, GROUP, last + later, 5, ZONE)).items as Parameters<typeof view>[0]));
    }
    expect(marked).toBeGreaterThan(0);
  });

  it('history older than what was fed drops the kept list, and the next read replays the store', async () => {
    const { db, request, setClock } = await setup('waiting-history');
    const recent = events(7, 60, T0 + 3 * 3_600_000);
    const older = events(8, 40, T0);
    setClock((recent.at(-1) as ChatEvent).ts);
    await request('ingest', { site: 'demo', group: SERVICE, events: recent });
    await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 });
    await request('ingest', { site: 'demo', group: SERVICE, events: older });
    const now = (recent.at(-1) as ChatEvent).ts + MINUTE;
    setClock(now);
    const panel = (await request('getGroupPanel', { groupId: GROUP, slaMinutes: 5 })) as { unanswered: Parameters<typeof view>[0] };
    expect(view(panel.unanswered)).toEqual(view((await waitingList(db, GROUP, now, 5, ZONE)).items as Parameters<typeof view>[0]));
    expect(panel.unanswered.some((q) => q.message.externalId.startsWith('e-8-'))).toBe(true);
  });

  it('keeps nothing built while something cleared it, and drops a group on a message too far ahead to count yet', () => {
    const cache = new WaitingCache();
    const ask = (id: string, ts: number) => message({ id: `${GROUP}:${id}`, externalId: id, groupId: GROUP, memberId: 'demo:u-1', authorName: '客户1号', role: 'customer', text: '请问年费怎么算？', ts, readAt: ts });
    const generation = cache.begin();
    cache.clear();
    expect(cache.build(GROUP, 'k', generation, [ask('a', T0)], { flagged: new Set() }, T0 + MINUTE).map((q) => q.message.externalId)).toEqual(['a']);
    expect(cache.openAt(GROUP, 'k', T0 + MINUTE)).toBeNull();
    cache.build(GROUP, 'k', cache.begin(), [ask('a', T0)], { flagged: new Set() }, T0 + MINUTE);
    expect(cache.openAt(GROUP, 'other config', T0 + MINUTE)).toBeNull();
    cache.afterIngest([ask('b', T0 + 2 * MINUTE)], [], T0 + 3 * MINUTE);
    expect(cache.openAt(GROUP, 'k', T0 + 3 * MINUTE)?.map((q) => q.message.externalId)).toEqual(['a', 'b']);
    cache.afterIngest([ask('c', T0 + 3 * DAY)], [], T0 + 3 * MINUTE);
    expect(cache.openAt(GROUP, 'k', T0 + 3 * MINUTE)).toBeNull();
  });

  it('every request but the listed reads clears the kept lists once it has run', async () => {
    const cleared: string[] = [];
    const cache = new WaitingCache();
    const clear = cache.clear.bind(cache);
    cache.clear = () => {
      cleared.push('clear');
      clear();
    };
    const names = ['getGroupPanel', 'markQuestion', 'ingest', 'forgetMember', 'saveRule'];
    const handlers = Object.fromEntries(names.map((name) => [name, async () => cleared.push(name)])) as unknown as Handlers;
    const wrapped = withWaitingListsCleared(handlers, cache);
    for (const name of names) await (wrapped[name as keyof Handlers] as (i: unknown, s: unknown) => Promise<unknown>)({}, {});
    expect(cleared).toEqual(['getGroupPanel', 'markQuestion', 'clear', 'ingest', 'forgetMember', 'clear', 'saveRule', 'clear']);
    expect(WAITING_LIST_READS.has('markQuestion')).toBe(false);
  });
});
