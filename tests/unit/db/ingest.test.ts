import { type Database, openDatabase } from '../../../lib/db/open';
import { type IngestInput, ingestBatch, ingestEvents, type StoredBatch } from '../../../lib/db/repos/ingest';
import type { ChatEvent } from '../../../lib/model';
import { MINUTE, T0, uniqueDbName } from './records';

const NOW = T0 + 60 * MINUTE;
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { externalId: 'g-welfare', title: '星河福利优惠群' };

const USERS = {
  chen: { externalId: 'u-chen', name: '陈强' },
  li: { externalId: 'u-li', name: '李娜' },
  mei: { externalId: 'staff-mei', name: '客服小美' },
};

let seq = 0;
function event(over: Partial<ChatEvent> & { author?: ChatEvent['author'] } = {}): ChatEvent {
  seq++;
  return {
    externalId: `m-${String(seq).padStart(4, '0')}`,
    kind: 'message',
    author: USERS.chen,
    role: 'customer',
    text: `消息 ${seq}`,
    ts: T0 + seq * MINUTE,
    ...over,
  };
}

const batch = (events: ChatEvent[], group = SERVICE): IngestInput => ({ site: 'demo', group, events });

let db: Database;
beforeEach(async () => {
  seq = 0;
  db = await openDatabase({ name: uniqueDbName('ingest') });
});
afterEach(() => db.close());

async function snapshot() {
  return {
    groups: await db.getAll('groups'),
    members: await db.getAll('members'),
    memberships: await db.getAll('memberships'),
    messages: await db.getAll('messages'),
  };
}

describe('ingestEvents', () => {
  it("dedupes against the store when the batch's id range is crowded with other stored messages (asked id by id)", async () => {
    // 300 stored ids lie between the batch's smallest and largest id: more than the one ranged
    // read takes (2 per batch id + 64), so the ingest asks for each of the batch's ids instead.
    const stored = Array.from({ length: 300 }, () => event());
    await ingestEvents(db, batch(stored), NOW);
    const again = [stored[0] as ChatEvent, stored[299] as ChatEvent, event({ externalId: 'm-0150x' })];
    const result = await ingestEvents(db, batch(again), NOW);
    expect(result.duplicates).toBe(2);
    expect(result.stored.map((m) => m.externalId)).toEqual(['m-0150x']);
    expect(await db.count('messages')).toBe(301);
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-chen']))?.messageCount).toBe(301);
  });

  it('reads members and memberships in one ranged request, and key by key when that range is crowded with others', async () => {
    // 300 members, one message each; then batches naming a few of them. Between u-000 and u-299
    // lie more stored records than the ranged read takes (2 per key + 64): key by key.
    const author = (n: number) => ({ externalId: `u-${String(n).padStart(3, '0')}`, name: `会员 ${n}` });
    const firstTs = (n: number) => T0 + (n + 1) * MINUTE;
    await ingestEvents(db, batch(Array.from({ length: 300 }, (_, n) => event({ author: author(n), ts: firstTs(n) }))), NOW);
    const later = T0 + 1_000 * MINUTE;
    const crowded = [event({ author: author(0), ts: later }), event({ author: author(299), ts: later }), event({ author: { externalId: 'u-new', name: '新人' }, ts: later })];
    // A narrow range (u-100..u-102) holds only the batch's own and one more: the ranged read.
    const narrow = [event({ author: author(100), ts: later }), event({ author: author(102), ts: later })];
    // Two groups in one transaction: each group's memberships are ranged apart.
    const other = [event({ author: author(100), ts: later })];
    await ingestBatch(db, [batch(crowded), batch(narrow), batch(other, WELFARE)], NOW);
    for (const n of [0, 299, 100, 102]) {
      const member = await db.get('members', `demo:${author(n).externalId}`);
      expect(member?.firstSeen, `member ${n}`).toBe(firstTs(n));
      expect(member?.lastSeen).toBe(later);
      expect((await db.get('memberships', ['demo:g-service', `demo:${author(n).externalId}`]))?.messageCount, `membership ${n}`).toBe(2);
    }
    // Read by the range, but not in the batch: untouched.
    expect((await db.get('members', 'demo:u-101'))?.lastSeen).toBe(firstTs(101));
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-101']))?.messageCount).toBe(1);
    expect((await db.get('memberships', ['demo:g-welfare', 'demo:u-100']))?.messageCount).toBe(1);
    expect((await db.get('memberships', ['demo:g-service', 'demo:u-new']))?.messageCount).toBe(1);
    expect(await db.count('members')).toBe(301);
  });

  it("reads a member's whole short window of context even when it holds more than the first read takes", async () => {
    // 60 messages a minute apart inside an 80-minute window, and the newest 5 of a day for joins.
    const history = Array.from({ length: 60 }, () => event());
    await ingestEvents(db, batch(history), NOW);
    const seen: StoredBatch[] = [];
    const capture = (_tx: unknown, b: StoredBatch) => {
      seen.push(b);
      return [];
    };
    const next = event();
    await ingestEvents(db, batch([next]), NOW, { contextWindowMs: 80 * MINUTE, contextRecent: { windowMs: 24 * 60 * MINUTE, limit: 5 }, steps: [capture] });
    expect(seen[0]?.earlier.get('demo:u-chen')?.map((m) => m.externalId)).toEqual(history.map((e) => e.externalId));
    // A short window inside the first read: only what falls in it, plus the newest 5 of the day.
    const later = event();
    await ingestEvents(db, batch([later]), NOW, { contextWindowMs: 3 * MINUTE, contextRecent: { windowMs: 24 * 60 * MINUTE, limit: 5 }, steps: [capture] });
    expect(seen[1]?.earlier.get('demo:u-chen')?.map((m) => m.externalId)).toEqual([...history.slice(-4), next].map((e) => e.externalId));
  });

  it('stores messages under site- and group-prefixed ids, in input order, stamped with the read time', async () => {
    const events = [event({ author: USERS.chen }), event({ author: USERS.li, text: '账单分期手续费是多少？' })];
    const result = await ingestEvents(db, batch(events), NOW);

    expect(result.groupId).toBe('demo:g-service');
    expect(result.duplicates).toBe(0);
    expect(result.stored.map((m) => m.id)).toEqual(['demo:g-service:m-0001', 'demo:g-service:m-0002']);
    const stored = await db.get('messages', 'demo:g-service:m-0002');
    expect(stored).toEqual({
      id: 'demo:g-service:m-0002',
      externalId: 'm-0002',
      groupId: 'demo:g-service',
      memberId: 'demo:u-li',
      authorName: '李娜',
      kind: 'message',
      role: 'customer',
      text: '账单分期手续费是多少？',
      ts: T0 + 2 * MINUTE,
      readAt: NOW,
    });
    expect(await db.get('groups', 'demo:g-service')).toMatchObject({ site: 'demo', externalId: 'g-service', title: SERVICE.title, rulesText: '' });
    expect((await db.getAll('members')).map((m) => m.id).sort()).toEqual(['demo:u-chen', 'demo:u-li']);
  });

  it('is idempotent: the same batch twice is stored once and moves no counter', async () => {
    const events = [event(), event({ author: USERS.li }), event({ kind: 'join', author: USERS.mei, text: '' }), event()];
    const first = await ingestEvents(db, batch(events), NOW);
    expect(first.stored).toHaveLength(4);
    const before = await snapshot();

    const second = await ingestEvents(db, batch(events), NOW + MINUTE);
    expect(second.stored).toEqual([]);
    expect(second.duplicates).toBe(4);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(await db.get('memberships', ['demo:g-service', 'demo:u-chen'])).toMatchObject({ messageCount: 2 });
    // The read time of a message is when it was first stored.
    expect(after.messages.every((m) => m.readAt === NOW)).toBe(true);
  });

  it('counts a message repeated within one batch once', async () => {
    const once = event();
    const result = await ingestEvents(db, batch([once, event(), { ...once }]), NOW);
    expect(result.stored.map((m) => m.externalId)).toEqual(['m-0001', 'm-0002']);
    expect(result.duplicates).toBe(1);
    expect(await db.count('messages')).toBe(2);
    expect(await db.get('memberships', ['demo:g-service', 'demo:u-chen'])).toMatchObject({ messageCount: 2 });
  });

  it('keeps the same site message id in two groups apart', async () => {
    const shared = event();
    await ingestEvents(db, batch([shared]), NOW);
    const other = await ingestEvents(db, batch([shared], WELFARE), NOW);
    expect(other.stored).toHaveLength(1);
    expect((await db.getAllKeys('messages')).sort()).toEqual(['demo:g-service:m-0001', 'demo:g-welfare:m-0001']);
    expect(await db.count('members')).toBe(1);
    expect(await db.count('memberships')).toBe(2);
  });

  it('counts only message kinds in the membership, but records every kind', async () => {
    await ingestEvents(
      db,
      batch([
        event({ kind: 'join', text: '' }),
        event(),
        event({ kind: 'rename', text: '', newName: '陈强（已认证）' }),
        event(),
        event({ kind: 'leave', text: '' }),
        event({ kind: 'kick', text: '' }),
      ]),
      NOW,
    );
    expect(await db.count('messages')).toBe(6);
    expect(await db.get('memberships', ['demo:g-service', 'demo:u-chen'])).toMatchObject({ messageCount: 2 });
  });

  it('tracks first and last seen of member, membership and group whatever order events arrive in', async () => {
    const late = event({ ts: T0 + 30 * MINUTE });
    const early = event({ ts: T0 + 5 * MINUTE });
    const middle = event({ ts: T0 + 10 * MINUTE });
    await ingestEvents(db, batch([late, early]), NOW);
    await ingestEvents(db, batch([middle]), NOW);

    const seen = { firstSeen: T0 + 5 * MINUTE, lastSeen: T0 + 30 * MINUTE };
    expect(await db.get('members', 'demo:u-chen')).toMatchObject(seen);
    expect(await db.get('memberships', ['demo:g-service', 'demo:u-chen'])).toMatchObject(seen);
    expect(await db.get('groups', 'demo:g-service')).toMatchObject(seen);
  });

  it('keeps a member seen in two groups as one member with two memberships', async () => {
    await ingestEvents(db, batch([event({ ts: T0 + MINUTE })]), NOW);
    await ingestEvents(db, batch([event({ ts: T0 + 9 * MINUTE })], WELFARE), NOW);
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ firstSeen: T0 + MINUTE, lastSeen: T0 + 9 * MINUTE });
    expect(await db.getAllFromIndex('memberships', 'byMember', 'demo:u-chen')).toEqual([
      { groupId: 'demo:g-service', memberId: 'demo:u-chen', firstSeen: T0 + MINUTE, lastSeen: T0 + MINUTE, messageCount: 1, left: false },
      { groupId: 'demo:g-welfare', memberId: 'demo:u-chen', firstSeen: T0 + 9 * MINUTE, lastSeen: T0 + 9 * MINUTE, messageCount: 1, left: false },
    ]);
  });

  it('flips `left` on leave and kick, and back on a later join or message', async () => {
    const left = async () => (await db.get('memberships', ['demo:g-service', 'demo:u-li']))?.left;
    await ingestEvents(db, batch([event({ kind: 'join', author: USERS.li, text: '' })]), NOW);
    expect(await left()).toBe(false);
    await ingestEvents(db, batch([event({ kind: 'leave', author: USERS.li, text: '' })]), NOW);
    expect(await left()).toBe(true);
    await ingestEvents(db, batch([event({ kind: 'join', author: USERS.li, text: '' })]), NOW);
    expect(await left()).toBe(false);
    await ingestEvents(db, batch([event({ kind: 'kick', author: USERS.li, text: '' })]), NOW);
    expect(await left()).toBe(true);
    await ingestEvents(db, batch([event({ author: USERS.li })]), NOW);
    expect(await left()).toBe(false);
  });

  it('does not let an older leave, read late (scrolled-up history), mark a present member as gone', async () => {
    const oldLeave = event({ kind: 'leave', author: USERS.li, text: '', ts: T0 + MINUTE });
    const recent = event({ author: USERS.li, ts: T0 + 20 * MINUTE });
    await ingestEvents(db, batch([recent]), NOW);
    await ingestEvents(db, batch([oldLeave]), NOW);
    expect(await db.get('memberships', ['demo:g-service', 'demo:u-li'])).toMatchObject({ left: false, firstSeen: T0 + MINUTE, lastSeen: T0 + 20 * MINUTE });
  });

  it('keeps the newest name on the member and earlier names as aliases', async () => {
    await ingestEvents(db, batch([event({ author: { externalId: 'u-chen', name: '陈强' } })]), NOW);
    await ingestEvents(db, batch([event({ kind: 'rename', author: { externalId: 'u-chen', name: '陈强' }, newName: '强哥', text: '' })]), NOW);
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: '强哥', aliases: ['陈强'] });

    // A later message under the new name changes nothing; one under yet another name adds an alias.
    await ingestEvents(db, batch([event({ author: { externalId: 'u-chen', name: '强哥' } })]), NOW);
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: '强哥', aliases: ['陈强'] });
    await ingestEvents(db, batch([event({ author: { externalId: 'u-chen', name: 'Qiang' } })]), NOW);
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: 'Qiang', aliases: ['陈强', '强哥'] });

    // Going back to an earlier name moves it out of the aliases instead of listing it twice.
    await ingestEvents(db, batch([event({ author: { externalId: 'u-chen', name: '陈强' } })]), NOW);
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: '陈强', aliases: ['强哥', 'Qiang'] });
  });

  it('records a name seen only on older history as an alias without replacing the current name', async () => {
    await ingestEvents(db, batch([event({ author: { externalId: 'u-chen', name: '强哥' }, ts: T0 + 50 * MINUTE })]), NOW);
    await ingestEvents(db, batch([event({ author: { externalId: 'u-chen', name: '陈强' }, ts: T0 + 2 * MINUTE })]), NOW);
    expect(await db.get('members', 'demo:u-chen')).toMatchObject({ name: '强哥', aliases: ['陈强'], firstSeen: T0 + 2 * MINUTE });
    // The stored message keeps the name it was written under.
    expect((await db.getAll('messages')).map((m) => m.authorName).sort()).toEqual(['强哥', '陈强'].sort());
  });

  it('updates the group title when the page shows a new one, and keeps it when the page shows none', async () => {
    await ingestEvents(db, batch([event()]), NOW);
    await ingestEvents(db, batch([event()], { externalId: 'g-service', title: '星河银行 · 信用卡服务群（新）' }), NOW);
    expect(await db.get('groups', 'demo:g-service')).toMatchObject({ title: '星河银行 · 信用卡服务群（新）' });
    await ingestEvents(db, batch([], { externalId: 'g-service', title: '' }), NOW);
    expect(await db.get('groups', 'demo:g-service')).toMatchObject({ title: '星河银行 · 信用卡服务群（新）' });
  });

  it('keeps rules text and first seen of a group already stored', async () => {
    await ingestEvents(db, batch([event({ ts: T0 + 3 * MINUTE })]), NOW);
    const tx = db.transaction('groups', 'readwrite');
    const stored = await tx.store.get('demo:g-service');
    if (!stored) throw new Error('group missing');
    await tx.store.put({ ...stored, rulesText: '禁止广告' });
    await tx.done;
    await ingestEvents(db, batch([event({ ts: T0 + 40 * MINUTE })]), NOW + 99);
    expect(await db.get('groups', 'demo:g-service')).toMatchObject({ rulesText: '禁止广告', firstSeen: T0 + 3 * MINUTE, lastSeen: T0 + 40 * MINUTE });
  });

  describe('a failing write leaves nothing half-written', () => {
    async function seed() {
      await ingestEvents(db, batch([event({ author: USERS.chen }), event({ author: USERS.li })]), NOW);
      return snapshot();
    }
    const failingBatch = () =>
      batch(
        [event({ author: USERS.chen }), event({ author: USERS.mei, role: 'staff' }), event({ author: USERS.li }), event({ author: USERS.chen })],
        { externalId: 'g-service', title: '改过的标题' },
      );

    it('when a put throws (e.g. DataCloneError) on the third membership write', async () => {
      const before = await seed();
      const originalPut = IDBObjectStore.prototype.put;
      let membershipPuts = 0;
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
        if (this.name === 'memberships' && ++membershipPuts === 3) {
          throw new DOMException('The object could not be cloned.', 'DataCloneError');
        }
        return originalPut.apply(this, args);
      });

      await expect(ingestEvents(db, failingBatch(), NOW + MINUTE)).rejects.toThrow('could not be cloned');
      expect(membershipPuts).toBe(3);
      vi.restoreAllMocks();
      expect(await snapshot()).toEqual(before);
    });

    it('when a request fails inside the transaction (a constraint error on the members store)', async () => {
      const before = await seed();
      const originalPut = IDBObjectStore.prototype.put;
      const originalAdd = IDBObjectStore.prototype.add;
      let memberPuts = 0;
      // The third member write collides with a stored key: `add` fails asynchronously,
      // the way a real constraint violation does.
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
        if (this.name === 'members' && ++memberPuts === 3) return originalAdd.apply(this, args);
        return originalPut.apply(this, args);
      });

      await expect(ingestEvents(db, failingBatch(), NOW + MINUTE)).rejects.toMatchObject({ name: 'ConstraintError' });
      vi.restoreAllMocks();
      expect(await snapshot()).toEqual(before);
    });

    it('and the same batch goes through in full once the fault is gone', async () => {
      await seed();
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
        throw new DOMException('The object could not be cloned.', 'DataCloneError');
      });
      const input = failingBatch();
      await expect(ingestEvents(db, input, NOW + MINUTE)).rejects.toThrow();
      vi.restoreAllMocks();
      const retry = await ingestEvents(db, input, NOW + 2 * MINUTE);
      expect(retry.stored).toHaveLength(4);
      expect(await db.count('messages')).toBe(6);
      expect(await db.get('memberships', ['demo:g-service', 'demo:u-chen'])).toMatchObject({ messageCount: 3 });
      expect(await db.get('groups', 'demo:g-service')).toMatchObject({ title: '改过的标题' });
    });
  });
});
