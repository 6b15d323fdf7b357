import fc from 'fast-check';
import { type Database, openDatabase } from '../../../lib/db/open';
import { MemberContextCache } from '../../../lib/db/repos/context-cache';
import { ingestBatch, type IngestOptions, type StoredBatch } from '../../../lib/db/repos/ingest';
import type { ChatEvent } from '../../../lib/model';
import { MINUTE, T0, uniqueDbName } from './records';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** The rule context each batch saw (member → ids, oldest first). */
async function contexts(batches: ChatEvent[][], options: IngestOptions, cache?: MemberContextCache): Promise<Array<Record<string, string[]>>> {
  const db = await openDatabase({ name: uniqueDbName('ctx') });
  open.push(db);
  const seen: Array<Record<string, string[]>> = [];
  const capture = (_tx: unknown, batch: StoredBatch) => {
    seen.push(Object.fromEntries([...batch.earlier].map(([member, list]) => [member, list.map((m) => m.id)]).sort()));
    return [];
  };
  for (const events of batches) await ingestBatch(db, [{ site: 'demo', group: { externalId: 'g', title: 'G' }, events }], T0, { ...options, steps: [capture], contextCache: cache });
  return seen;
}

describe('MemberContextCache', () => {
  it('keeps the newest records per member, complete only after the last one it dropped', () => {
    const cache = new MemberContextCache(3, 100);
    const m = (id: string, ts: number) => ({ id, externalId: id, groupId: 'g', memberId: 'u', authorName: 'U', kind: 'message' as const, role: 'customer' as const, text: id, ts, readAt: ts });
    cache.set('u', 0, [m('a', 1), m('b', 2), m('c', 2), m('d', 3), m('e', 4)]);
    // 'b' was dropped at ts 2, so 'c' (also at 2) cannot be vouched for: complete from 3 on.
    expect(cache.get('u')).toEqual({ since: 3, messages: [m('d', 3), m('e', 4)] });
    cache.add([m('f', 5), { ...m('x', 9), memberId: 'other' }]);
    expect(cache.get('u')?.messages.map((x) => x.id)).toEqual(['d', 'e', 'f']);
    expect(cache.get('other')).toBeUndefined();
  });

  it('drops the least recently used members past its total', () => {
    const cache = new MemberContextCache(10, 4);
    const m = (member: string, id: string) => ({ id, externalId: id, groupId: 'g', memberId: member, authorName: 'U', kind: 'message' as const, role: 'customer' as const, text: id, ts: 1, readAt: 1 });
    cache.set('a', 0, [m('a', 'a1'), m('a', 'a2')]);
    cache.set('b', 0, [m('b', 'b1'), m('b', 'b2')]);
    cache.get('a');
    cache.set('c', 0, [m('c', 'c1')]);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.messages).toHaveLength(2);
    expect(cache.size).toBe(3);
    // New messages for two members at once, where the first one's growth pushes the other out.
    cache.add([m('c', 'c2'), m('c', 'c3'), m('a', 'a3')]);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.messages.map((x) => x.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('gives every batch the same rule context as reading the store each time', async () => {
    const windows: IngestOptions[] = [
      { contextWindowMs: 10 * MINUTE, contextRecent: { windowMs: 60 * MINUTE, limit: 4 } },
      { contextWindowMs: 10 * MINUTE },
      { contextRecent: { windowMs: 30 * MINUTE, limit: 3 } },
    ];
    let n = 0;
    // Few members and coarse times: members with more records than the first read takes (32), and many at the same time.
    const eventArb = fc.record({ member: fc.integer({ min: 0, max: 2 }), minute: fc.integer({ min: 0, max: 40 }), join: fc.boolean(), again: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(eventArb, { minLength: 1, maxLength: 24 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 80 }), async (raw, w, perMember) => {
        let last: ChatEvent | undefined;
        const batches = raw.map((events) =>
          events.map(({ member, minute, join, again }) => {
            // Now and then the same message again (a re-rendered row), or a join instead of a message.
            if (again && last) return last;
            n++;
            last = { externalId: `m-${n}`, kind: join ? 'join' : 'message', author: { externalId: `u-${member}`, name: `U${member}` }, role: 'customer', text: `t${n}`, ts: T0 + minute * MINUTE };
            return last;
          }),
        );
        const options = windows[w] as IngestOptions;
        expect(await contexts(batches, options, new MemberContextCache(perMember, 40))).toEqual(await contexts(batches, options));
      }),
      { numRuns: 40 },
    );
    // Two databases per run: seconds on a loaded machine, so no time limit (0 turns off Vitest's 5 s default).
  }, 0);
});
