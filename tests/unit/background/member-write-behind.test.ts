import fc from 'fast-check';
import { createHandlers } from '../../../lib/background/handlers';
import { createIngestPipeline } from '../../../lib/background/ingest-pipeline';
import { MEMBER_FREE_REQUESTS, withSettledMembers } from '../../../lib/background/member-reads';
import { createModeration } from '../../../lib/background/moderation';
import { type Database, openDatabase } from '../../../lib/db/open';
import type { IngestStep } from '../../../lib/db/repos/ingest';
import { updateMemberProfile } from '../../../lib/db/repos/members';
import type { RequestSender } from '../../../lib/messaging/server';
import { createServer, type Handlers } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { DAY, T0, uniqueDbName } from '../db/records';
import { testDatabases } from '../db/test-databases';

const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { externalId: 'g-welfare', title: '星河福利优惠群' };

const freshDb = testDatabases({ seeded: true });

function pipeline(db: Database, over: Partial<Parameters<typeof createIngestPipeline>[0]> = {}) {
  const moderation = createModeration({ db, now: () => T0 + DAY });
  return createIngestPipeline({ db, now: () => T0 + DAY, rules: moderation.compiledRules, ...over });
}

let seq = 0;
const event = (over: Partial<ChatEvent> = {}): ChatEvent => {
  seq++;
  return { externalId: `m-${seq}`, kind: 'message', author: { externalId: 'u-chen', name: '陈强' }, role: 'customer', text: `消息 ${seq}`, ts: T0 + seq * 1_000, ...over };
};

const sortedMembers = async (db: Database) => (await db.getAll('members')).sort((a, b) => a.id.localeCompare(b.id));
const sortedMemberships = async (db: Database) => (await db.getAll('memberships')).sort((a, b) => `${a.groupId} ${a.memberId}`.localeCompare(`${b.groupId} ${b.memberId}`));

describe('member and membership writes behind ingest', () => {
  it('a batch writes one journal record instead of its members; the next batch builds on what is held; settling writes them out and empties the journal', async () => {
    const db = await freshDb('wb-basic');
    const p = pipeline(db, { writeBehind: true });
    await p.submit({ site: 'demo', group: SERVICE, events: [event(), event({ author: { externalId: 'u-li', name: '李娜' } })] });
    expect(await db.count('members')).toBe(0);
    expect(await db.count('memberships')).toBe(0);
    expect(await db.count('memberJournal')).toBe(1);
    expect(await db.count('messages')).toBe(2);

    await p.submit({ site: 'demo', group: SERVICE, events: [event(), event({ author: { externalId: 'u-chen', name: '陈强 (VIP)' } })] });
    expect(await db.count('memberJournal')).toBe(2);
    await p.settleMembers();
    expect(await db.count('memberJournal')).toBe(0);
    const chen = await db.get('members', 'demo:u-chen');
    expect(chen).toMatchObject({ name: '陈强 (VIP)', aliases: ['陈强'], firstSeen: T0 + (seq - 3) * 1_000, lastSeen: T0 + seq * 1_000 });
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(3);
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-li']))?.messageCount).toBe(1);
    // Nothing held: settling again writes nothing and answers at once.
    await p.settleMembers();
    expect(await db.count('memberJournal')).toBe(0);
  });

  it('writes out between batches once the journal holds maxHeldTransactions records (a stream that never pauses)', async () => {
    const db = await freshDb('wb-max');
    const p = pipeline(db, { writeBehind: true, maxHeldTransactions: 3 });
    for (let i = 0; i < 3; i++) await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    // Written out after the third transaction, before the next one runs.
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    expect(await db.count('memberJournal')).toBe(1);
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(3);
  });

  it('writes out between batches once the oldest held record was held maxHeldMs', async () => {
    const db = await freshDb('wb-max-ms');
    let clock = T0 + DAY;
    const p = pipeline(db, { writeBehind: true, maxHeldMs: 5_000, now: () => clock });
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    clock += 4_000;
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    expect(await db.count('memberJournal')).toBe(3);
    clock += 1_000;
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    // Written out after that fourth transaction (5 s after the first was held), before the next.
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    expect(await db.count('memberJournal')).toBe(1);
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(4);
  });

  it('keeps what staff set on a member (stage, tier) when it writes the member out', async () => {
    const db = await freshDb('wb-stage');
    const p = pipeline(db, { writeBehind: true });
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    await p.settleMembers();
    await updateMemberProfile(db, 'demo:u-chen', { stage: 'vip', tier: 'high' });
    await p.submit({ site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-chen', name: '陈总' } })] });
    await p.settleMembers();
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: '陈总', stage: 'vip', tier: 'high', lastSeen: T0 + seq * 1_000 });
  });

  it('a batch that fails leaves what is held as it was', async () => {
    const db = await freshDb('wb-fail');
    let failNext = false;
    const failing: IngestStep = () => {
      if (failNext) throw new Error('step failed');
      return [];
    };
    const p = pipeline(db, { writeBehind: true, steps: [failing] });
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    failNext = true;
    await expect(p.submit({ site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-chen', name: '别名' } }), event()] })).rejects.toThrow('step failed');
    failNext = false;
    await p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    await p.settleMembers();
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: '陈强', aliases: [] });
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(2);
    expect(await db.count('messages')).toBe(2);
  });

  it('a worker stopped before writing out leaves the journal; the next one reads it before its first batch and writes it out', async () => {
    const db = await freshDb('wb-restart');
    const first = pipeline(db, { writeBehind: true });
    await first.submit({ site: 'demo', group: SERVICE, events: [event(), event()] });
    await first.submit({ site: 'demo', group: WELFARE, events: [event()] });
    // The worker stops: `first` and what it held in memory are gone; the journal is on disk.
    const second = pipeline(db, { writeBehind: true });
    await second.submit({ site: 'demo', group: SERVICE, events: [event()] });
    await second.settleMembers();
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(3);
    expect((await db.get('memberships', ['demo:g-welfare', 'demo:u-chen']))?.messageCount).toBe(1);
    expect(await db.count('memberJournal')).toBe(0);
    // A worker that only starts (no batch) writes the journal out when asked to settle.
    const third = pipeline(db, { writeBehind: true });
    await third.submit({ site: 'demo', group: SERVICE, events: [event()] });
    const fourth = pipeline(db, { writeBehind: true });
    await fourth.settleMembers();
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(4);
  });

  it('stores exactly what writing each batch’s members directly stores, across renames, joins, leaves, late history, duplicates, settles and worker restarts', async () => {
    const authors = ['u-a', 'u-b', 'u-c', 'u-d'];
    const names = ['甲', '乙', 'Bob', 'Bobby'];
    const eventArb = fc.record({
      author: fc.integer({ min: 0, max: 3 }),
      name: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('message', 'message', 'message', 'join', 'leave', 'rename'),
      id: fc.integer({ min: 1, max: 40 }),
      ts: fc.integer({ min: 0, max: 500 }),
    });
    const stepArb = fc.record({
      group: fc.boolean(),
      events: fc.array(eventArb, { minLength: 1, maxLength: 6 }),
      after: fc.constantFrom('none', 'none', 'settle', 'restart'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), async (steps, maxHeld) => {
        // No rules seeded: this is about members, and each run opens two databases.
        const direct = await openDatabase({ name: uniqueDbName('wb-prop-direct') });
        const behindDb = await openDatabase({ name: uniqueDbName('wb-prop-behind') });
        const plain = pipeline(direct);
        let behind = pipeline(behindDb, { writeBehind: true, maxHeldTransactions: maxHeld });
        for (const step of steps) {
          const input = {
            site: 'demo',
            group: step.group ? SERVICE : WELFARE,
            events: step.events.map(
              (e): ChatEvent => ({
                externalId: `p-${e.id}`,
                kind: e.kind as ChatEvent['kind'],
                author: { externalId: authors[e.author] as string, name: names[e.name] as string },
                role: 'customer',
                text: `text ${e.id}`,
                ts: T0 + e.ts * 1_000,
                ...(e.kind === 'rename' ? { newName: names[(e.name + 1) % 4] as string } : {}),
              }),
            ),
          };
          const [a, b] = await Promise.all([plain.submit(input), behind.submit(input)]);
          expect(b.stored.map((m) => m.id)).toEqual(a.stored.map((m) => m.id));
          if (step.after === 'settle') await behind.settleMembers();
          if (step.after === 'restart') behind = pipeline(behindDb, { writeBehind: true, maxHeldTransactions: maxHeld });
        }
        await behind.settleMembers();
        expect(await sortedMembers(behindDb)).toEqual(await sortedMembers(direct));
        expect(await sortedMemberships(behindDb)).toEqual(await sortedMemberships(direct));
        expect(await behindDb.count('memberJournal')).toBe(0);
        direct.close();
        behindDb.close();
      }),
      { numRuns: 40 },
    );
  });
});

describe('requests made from outside ingest see members as stored', () => {
  const RUNTIME_ID = 'test';
  async function serverFor(db: Database) {
    let clock = T0 + DAY;
    const handlers = createHandlers({ db, now: () => clock });
    const server = createServer(handlers, { runtimeId: RUNTIME_ID, validateOutput: true });
    const sender: RequestSender = { id: RUNTIME_ID };
    const request = async (name: string, input: unknown) => {
      const reply = (await server.handle({ gs: 'request', name, input }, sender)) as { ok: boolean; data?: unknown; error?: string };
      if (!reply.ok) throw new Error(reply.error);
      return reply.data as never;
    };
    return { request, tick: (ms: number) => (clock += ms) };
  }

  it('a member first seen in the last batch has a card with its count, can be tagged and noted, and is in the group panel', async () => {
    const db = await freshDb('wb-handlers');
    const { request } = await serverFor(db);
    await request('ingest', { site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-new', name: '新人' } }), event({ author: { externalId: 'u-new', name: '新人' } })] });
    expect(await db.count('memberJournal')).toBe(1);
    const card = (await request('getMemberCard', { memberId: 'demo:u-new' })) as { member: { name: string }; messageCount: number } | null;
    expect(card?.member.name).toBe('新人');
    expect(card?.messageCount).toBe(2);
    await request('ingest', { site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-new', name: '新人' } })] });
    await request('addTag', { memberIds: ['demo:u-new'], name: 'VIP' });
    await request('ingest', { site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-newer', name: '更新' } })] });
    await request('addNote', { memberId: 'demo:u-newer', text: '刚来' });
    await request('ingest', { site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-new', name: '新人' } })] });
    const panel = (await request('getGroupPanel', { groupId: 'demo:g-service', slaMinutes: 5 })) as { members: { memberId: string; messageCount: number; tags: { name: string }[] }[] };
    expect(panel.members.find((m) => m.memberId === 'demo:u-new')).toMatchObject({ messageCount: 4, tags: [{ name: 'VIP' }] });
    expect(panel.members.find((m) => m.memberId === 'demo:u-newer')?.messageCount).toBe(1);
  });

  it('the group panel lays what ingest holds over the stores, without writing it out', async () => {
    const db = await freshDb('wb-panel');
    const { request } = await serverFor(db);
    await request('ingest', { site: 'demo', group: SERVICE, events: [event(), event({ author: { externalId: 'u-li', name: '李娜' } })] });
    await request('setMemberProfile', { memberId: 'demo:u-chen', stage: 'vip' });
    await request('ingest', { site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-chen', name: '陈总' } }), event({ author: { externalId: 'u-new', name: '新人' } })] });
    expect(await db.count('memberJournal')).toBe(1);
    type PanelMember = { memberId: string; name: string; stage?: string; messageCount: number; lastSeen: number };
    const panel = (await request('getGroupPanel', { groupId: 'demo:g-service', slaMinutes: 5 })) as { members: PanelMember[] };
    expect(await db.count('memberJournal')).toBe(1);
    expect(await db.get('members', 'demo:u-new')).toBeUndefined();
    const byId = new Map(panel.members.map((m) => [m.memberId, m]));
    expect(byId.get('demo:u-chen')).toMatchObject({ name: '陈总', stage: 'vip', messageCount: 2, lastSeen: T0 + (seq - 1) * 1_000 });
    expect(byId.get('demo:u-li')).toMatchObject({ name: '李娜', messageCount: 1 });
    expect(byId.get('demo:u-new')).toMatchObject({ name: '新人', messageCount: 1 });
    expect(panel.members.map((m) => m.memberId)).toEqual(['demo:u-new', 'demo:u-chen', 'demo:u-li']);
    // The same panel once everything is written out.
    await request('getMemberCard', { memberId: 'demo:u-chen' });
    expect(await db.count('memberJournal')).toBe(0);
    expect(await request('getGroupPanel', { groupId: 'demo:g-service', slaMinutes: 5 })).toEqual(panel);
  });

  it('an erased member does not come back when the batches before the erasure are written out', async () => {
    const db = await freshDb('wb-forget');
    const { request } = await serverFor(db);
    await request('ingest', { site: 'demo', group: SERVICE, events: [event({ author: { externalId: 'u-gone', name: '走了' } }), event()] });
    await request('forgetMember', { memberId: 'demo:u-gone' });
    await request('ingest', { site: 'demo', group: SERVICE, events: [event()] });
    expect(await request('getMemberCard', { memberId: 'demo:u-gone' })).toBeNull();
    expect(await db.get('members', 'demo:u-gone')).toBeUndefined();
    expect(await db.get('memberships', ['demo:g-service', 'demo:u-gone'])).toBeUndefined();
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(2);
  });

  it('every request that may read members waits for the write-out; only the listed ones do not', async () => {
    const order: string[] = [];
    const handlers = new Proxy({} as Record<string, unknown>, {
      get: (_t, name) => () => {
        order.push(`run ${String(name)}`);
        return {};
      },
      ownKeys: () => ['ingest', 'getMemberCard', 'listSuggestions', 'exportBackup', 'getGroupPanel'],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    }) as unknown as Handlers;
    const gated = withSettledMembers(handlers, {
      async settleMembers() {
        order.push('settle');
      },
    });
    const sender = { id: 'x' } as RequestSender;
    for (const name of ['ingest', 'getMemberCard', 'listSuggestions', 'exportBackup', 'getGroupPanel'] as const) await (gated[name] as (i: unknown, s: RequestSender) => unknown)({}, sender);
    expect(order).toEqual(['run ingest', 'settle', 'run getMemberCard', 'run listSuggestions', 'settle', 'run exportBackup', 'run getGroupPanel']);
    expect(MEMBER_FREE_REQUESTS.has('getMemberCard')).toBe(false);
  });

  it('a write-out that fails (a full disk) does not fail the request that waited for it', async () => {
    const handlers = { getMemberCard: async () => 'card' } as unknown as Handlers;
    const gated = withSettledMembers(handlers, { settleMembers: () => Promise.reject(new DOMException('full', 'QuotaExceededError')) });
    expect(await (gated.getMemberCard as (i: unknown, s: unknown) => Promise<unknown>)({}, {})).toBe('card');
  });
});
