import { createSearchIndexer } from '../../../lib/background/search-indexer';
import { type Database, openDatabase } from '../../../lib/db/open';
import { forgetMember } from '../../../lib/db/retention';
import { ingestEvents, type IngestStep } from '../../../lib/db/repos/ingest';
import { countQueued, indexQueued, indexSearchTerms, queueSearchIndexing, searchMessages, type SearchQuery } from '../../../lib/db/repos/search';
import type { ChatEvent } from '../../../lib/model';
import { MINUTE, T0, uniqueDbName } from '../db/records';

const SERVICE = { externalId: 'g-service', title: '服务群' };
const WELFARE = { externalId: 'g-welfare', title: '福利群' };
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: 'Li Na' };

const HISTORY: Array<[typeof SERVICE, ChatEvent[]]> = [
  [
    SERVICE,
    [
      ['信用卡年费怎么收？', CHEN],
      ['加我微信领优惠券', LI],
      ['The refund for order 1234 arrived, thanks', LI],
      ['年费已经免了，谢谢', CHEN],
    ].map(([text, author], i) => ({ externalId: `m-${i}`, kind: 'message' as const, author: author as typeof CHEN, role: 'customer' as const, text: text as string, ts: T0 + (i + 1) * MINUTE })),
  ],
  [
    WELFARE,
    [
      ['优惠券在哪里领？', CHEN],
      ['refund please', CHEN],
    ].map(([text, author], i) => ({ externalId: `w-${i}`, kind: 'message' as const, author: author as typeof CHEN, role: 'customer' as const, text: text as string, ts: T0 + (i + 5) * MINUTE })),
  ],
];

const QUERIES: SearchQuery[] = [
  { text: '年费' },
  { text: '优惠券' },
  { text: '领 优惠券 微信' },
  { text: 'REFUND 1234' },
  { text: '年费 refund' },
  { text: 'refund', memberId: 'demo:u-chen' },
  { text: '优惠券', groupId: 'demo:g-service' },
  { text: '年费', from: T0 + 2 * MINUTE, to: T0 + 10 * MINUTE },
  { text: '', memberId: 'demo:u-li' },
  { text: 'li na refund' },
  { text: '谢' },
  { text: '比特币' },
  { text: '', groupId: 'demo:g-service', limit: 2 },
];

const open: Database[] = [];
async function dbWith(label: string, steps: (groupIndex: number) => IngestStep[]): Promise<Database> {
  const db = await openDatabase({ name: uniqueDbName(label) });
  open.push(db);
  for (const [i, [group, events]] of HISTORY.entries()) await ingestEvents(db, { site: 'demo', group, events }, T0, { steps: steps(i) });
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const answers = async (db: Database) => Promise.all(QUERIES.map(async (q) => searchMessages(db, q).then((r) => ({ texts: r.messages.map((m) => m.text), more: r.more }))));

describe('search index written after the commit', () => {
  it('finds queued messages before they are indexed, with the same answers as the index gives', async () => {
    const indexed = await dbWith('indexed', () => [indexSearchTerms]);
    const queued = await dbWith('queued', () => [queueSearchIndexing]);
    const half = await dbWith('half', (i) => (i === 0 ? [indexSearchTerms] : [queueSearchIndexing]));
    expect(await queued.count('searchTerms')).toBe(0);
    expect(await countQueued(queued)).toBe(6);
    // One queue record per ingest batch, not one per message.
    expect(await queued.count('searchQueue')).toBe(2);
    const expected = await answers(indexed);
    expect(expected[0]?.texts).toEqual(['年费已经免了，谢谢', '信用卡年费怎么收？']);
    expect(await answers(queued)).toEqual(expected);
    expect(await answers(half)).toEqual(expected);
  });

  it('the indexer empties the queue in transactions of its batch size, and search answers the same after', async () => {
    const indexed = await dbWith('indexed2', () => [indexSearchTerms]);
    const db = await dbWith('drain', () => [queueSearchIndexing]);
    const sizes: number[] = [];
    // Each round is one transaction of at most 4: 4 then 2.
    for (let taken = await indexQueued(db, 4); taken > 0; taken = await indexQueued(db, 4)) sizes.push(taken);
    expect(sizes).toEqual([4, 2]);
    expect(await countQueued(db)).toBe(0);
    expect(await db.count('searchTerms')).toBe(6);
    expect(await db.getAll('searchTerms')).toEqual(await indexed.getAll('searchTerms'));
    expect(await answers(db)).toEqual(await answers(indexed));
  });

  it('a new indexer (the worker started again) finishes what a stopped one left in the queue', async () => {
    const db = await dbWith('resume', () => [queueSearchIndexing]);
    // The first worker indexed two messages, then was stopped.
    expect(await indexQueued(db, 2)).toBe(2);
    expect(await countQueued(db)).toBe(4);
    await createSearchIndexer({ db, batchSize: 3 }).kick();
    expect(await countQueued(db)).toBe(0);
    expect(await db.count('searchTerms')).toBe(6);
  });

  it('waits while ingest is busy, and flush indexes anyway', async () => {
    const db = await dbWith('busy', () => [queueSearchIndexing]);
    let busy = true;
    const indexer = createSearchIndexer({ db, ingestBusy: () => busy });
    await indexer.kick();
    expect(await countQueued(db)).toBe(6);
    busy = false;
    await indexer.kick();
    expect(await countQueued(db)).toBe(0);
    await ingestEvents(db, { site: 'demo', group: SERVICE, events: [{ externalId: 'late', kind: 'message', author: CHEN, role: 'customer', text: '迟到的消息', ts: T0 + 9 * MINUTE }] }, T0, { steps: [queueSearchIndexing] });
    busy = true;
    await indexer.flush();
    expect(await countQueued(db)).toBe(0);
    expect((await searchMessages(db, { text: '迟到' })).messages.map((m) => m.externalId)).toEqual(['late']);
  });

  it('a queued message deleted before it was indexed (member forgotten) is never found and never indexed', async () => {
    const db = await dbWith('deleted', () => [queueSearchIndexing]);
    await forgetMember(db, 'demo', 'u-li');
    expect(await answers(db).then((a) => a[1]?.texts)).toEqual(['优惠券在哪里领？']);
    // Its id stays in its batch's queue record until the indexer takes the batch, and is skipped then.
    expect(await countQueued(db)).toBe(6);
    expect(await indexQueued(db, 100)).toBe(6);
    expect(await countQueued(db)).toBe(0);
    expect(await db.count('searchTerms')).toBe(4);
  });
});
