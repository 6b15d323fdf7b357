import fc from 'fast-check';
import { createIngestPipeline, type IngestPipeline } from '../../../lib/background/ingest-pipeline';
import { createModeration } from '../../../lib/background/moderation';
import type { Database } from '../../../lib/db/open';
import type { IngestStep } from '../../../lib/db/repos/ingest';
import { countQueued, searchMessages } from '../../../lib/db/repos/search';
import type { ChatEvent } from '../../../lib/model';
import { DAY, T0 } from '../db/records';
import { testDatabases } from '../db/test-databases';

const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { externalId: 'g-welfare', title: '星河福利优惠群' };
const AUTHORS = [
  { externalId: 'u-chen', name: '陈强' },
  { externalId: 'u-li', name: '李娜' },
  { externalId: 'u-ad', name: '优惠券代领' },
];
const TEXTS = ['大家好', '请问年费怎么算？', '兼职日结，加我微信 abc12345', '有事打我电话 13812345678', 'hello', 'hello', '刷单返利 www.example.com'];

const freshDb = testDatabases({ seeded: true });

let seq = 0;
const event = (over: Partial<ChatEvent> = {}): ChatEvent => {
  seq++;
  return { externalId: `m-${seq}`, kind: 'message', author: AUTHORS[0] as ChatEvent['author'], role: 'customer', text: `消息 ${seq}`, ts: T0 + seq * 1_000, ...over };
};

function pipeline(db: Database, over: Partial<Parameters<typeof createIngestPipeline>[0]> = {}): IngestPipeline {
  const moderation = createModeration({ db, now: () => T0 + DAY });
  return createIngestPipeline({ db, now: () => T0 + DAY, rules: moderation.compiledRules, ...over });
}

describe('createIngestPipeline', () => {
  it('stores a batch with its rule suggestions and its place in the search queue in one transaction; search finds it at once', async () => {
    const db = await freshDb('pipe-one');
    const outcome = await pipeline(db).submit({ site: 'demo', group: SERVICE, events: [event({ text: '兼职日结，加我微信 abc12345' }), event({ text: '你好' })] });
    expect(outcome.stored).toHaveLength(2);
    expect(outcome.suggestions).toBeGreaterThan(0);
    const cases = await db.getAll('cases');
    expect(cases).toHaveLength(outcome.suggestions);
    expect(cases.every((c) => c.messageId === 'demo:g-service:m-1')).toBe(true);
    expect((await searchMessages(db, { text: '微信' })).messages.map((m) => m.id)).toEqual(['demo:g-service:m-1']);
  });

  it('writes requests that arrive while a transaction runs together, and answers each with its own result', async () => {
    const db = await freshDb('pipe-merge');
    const transactions: number[] = [];
    const count: IngestStep = (_tx, batch) => {
      transactions.push(batch.stored.length);
      return [];
    };
    const p = pipeline(db, { steps: [count] });
    const a = p.submit({ site: 'demo', group: SERVICE, events: [event(), event()] });
    const b = p.submit({ site: 'demo', group: WELFARE, events: [event()] });
    const c = p.submit({ site: 'demo', group: SERVICE, events: [event(), event(), event()] });
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect([ra.stored.length, rb.stored.length, rc.stored.length]).toEqual([2, 1, 3]);
    expect(rb.groupId).toBe('demo:g-welfare');
    // The first runs alone; the two that waited behind it share one transaction.
    expect(transactions).toEqual([2, 4]);
    expect(await db.count('messages')).toBe(6);
  });

  it('a batch sent again (lost acknowledgement, worker restart) stores and suggests nothing twice', async () => {
    const db = await freshDb('pipe-retry');
    const p = pipeline(db);
    const input = { site: 'demo', group: SERVICE, events: [event({ text: '兼职日结，加我微信 abc12345' })] };
    const first = await p.submit(input);
    const again = await p.submit(input);
    expect(again).toMatchObject({ stored: [], duplicates: 1, suggestions: 0 });
    expect(await db.count('cases')).toBe(first.suggestions);
    // Queued once for the search index (indexed after the commit, lib/background/search-indexer.ts).
    expect(await countQueued(db)).toBe(1);
  });

  it('a failing step stores nothing of the batch: no message without its suggestions', async () => {
    const db = await freshDb('pipe-atomic');
    const broken: IngestStep = () => {
      throw new Error('step failed');
    };
    await expect(pipeline(db, { steps: [broken] }).submit({ site: 'demo', group: SERVICE, events: [event({ text: '兼职日结，加我微信 abc12345' })] })).rejects.toThrow('step failed');
    expect(await db.count('messages')).toBe(0);
    expect(await db.count('cases')).toBe(0);
    expect(await countQueued(db)).toBe(0);
    expect(await db.count('searchTerms')).toBe(0);
  });

  it('when a merged transaction fails, retries each request alone so one bad batch fails only itself', async () => {
    const db = await freshDb('pipe-isolate');
    const failOnBad: IngestStep = (_tx, batch) => {
      if (batch.stored.some((m) => m.text === 'bad')) throw new Error('bad batch');
      return [];
    };
    const p = pipeline(db, { steps: [failOnBad] });
    const first = p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    const good = p.submit({ site: 'demo', group: SERVICE, events: [event()] });
    const bad = p.submit({ site: 'demo', group: WELFARE, events: [event({ text: 'bad' })] });
    await first;
    await expect(good).resolves.toMatchObject({ stored: [expect.anything()] });
    await expect(bad).rejects.toThrow('bad batch');
    expect(await db.count('messages')).toBe(2);
  });

  it('runs after-commit hooks with what was stored, and a failing hook does not fail the batch', async () => {
    const db = await freshDb('pipe-after');
    const seen: number[] = [];
    const p = pipeline(db, {
      afterCommit: [
        (results) => {
          seen.push(results[0]?.stored.length ?? -1);
        },
        () => {
          throw new Error('no sidebar');
        },
      ],
    });
    await expect(p.submit({ site: 'demo', group: SERVICE, events: [event()] })).resolves.toMatchObject({ stored: [expect.anything()] });
    expect(seen).toEqual([1]);
  });

  it('suggests the same however the stream is split into batches (one event per request as the reference)', async () => {
    const arbitraryEvent = fc.record({
      author: fc.constantFrom(...AUTHORS),
      text: fc.constantFrom(...TEXTS),
      // Mostly seconds apart (flood, repeats), sometimes hours (new-member windows, and the
      // short context read ending between two messages).
      gapMs: fc.oneof(fc.integer({ min: 100, max: 120_000 }), fc.integer({ min: 100, max: 8 * 3_600_000 })),
      group: fc.constantFrom(SERVICE, WELFARE),
      kind: fc.constantFrom('message', 'message', 'message', 'join'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryEvent, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1 }), async (items, splits) => {
        let ts = T0;
        const events = items.map((item, i) => {
          ts += item.gapMs;
          return { group: item.group, event: { externalId: `m-${i}`, kind: item.kind as 'message' | 'join', author: item.author, role: 'customer' as const, text: item.text, ts } };
        });
        // Reference: every event its own request, each committed before the next is read.
        const oldDb = await freshDb('parity-old');
        const reference = pipeline(oldDb);
        const newDb = await freshDb('parity-new');
        const p = pipeline(newDb);
        let at = 0;
        let split = 0;
        while (at < events.length) {
          const size = splits[split++ % splits.length] as number;
          const chunk = events.slice(at, at + size);
          at += size;
          for (const group of [SERVICE, WELFARE]) {
            const mine = chunk.filter((e) => e.group === group).map((e) => e.event);
            if (mine.length === 0) continue;
            for (const one of mine) await reference.submit({ site: 'demo', group, events: [one] });
            await p.submit({ site: 'demo', group, events: mine });
          }
        }
        const key = (c: { messageId?: string; category?: string; ruleId?: string }) => `${c.messageId} ${c.category} ${c.ruleId}`;
        const oldCases = (await oldDb.getAll('cases')).map(key).sort();
        const newCases = (await newDb.getAll('cases')).map(key).sort();
        expect(newCases).toEqual(oldCases);
      }),
      { numRuns: 25 },
    );
    // 25 runs of two databases each: seconds on a loaded machine, so no 5 s default cut-off.
  }, 120_000);
});
