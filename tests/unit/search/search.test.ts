import { exportBackup, importBackup } from '../../../lib/db/backup';
import { type Database, openDatabase } from '../../../lib/db/open';
import { forgetMember, purgeOldMessages } from '../../../lib/db/retention';
import { ingestEvents } from '../../../lib/db/repos/ingest';
import { indexSearchTerms, searchMessages } from '../../../lib/db/repos/search';
import type { ChatEvent } from '../../../lib/model';
import { DAY, MINUTE, T0, uniqueDbName } from '../db/records';

const SERVICE = { externalId: 'g-service', title: '服务群' };
const WELFARE = { externalId: 'g-welfare', title: '福利群' };
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: 'Li Na' };

let db: Database;
let seq = 0;
const event = (text: string, author = CHEN, ts = T0 + ++seq * MINUTE): ChatEvent => ({ externalId: `m-${++seq}`, kind: 'message', author, role: 'customer', text, ts });
const store = (group: typeof SERVICE, events: ChatEvent[]) => ingestEvents(db, { site: 'demo', group, events }, T0, { steps: [indexSearchTerms] });
const ids = async (query: Parameters<typeof searchMessages>[1]) => (await searchMessages(db, query)).messages.map((m) => m.text);

beforeEach(async () => {
  seq = 0;
  db = await openDatabase({ name: uniqueDbName('search') });
  await store(SERVICE, [
    event('信用卡年费怎么收？', CHEN, T0 + 1 * MINUTE),
    event('加我微信领优惠券', LI, T0 + 2 * MINUTE),
    event('The refund for order 1234 arrived, thanks', LI, T0 + 3 * MINUTE),
    event('年费已经免了，谢谢', CHEN, T0 + 4 * MINUTE),
  ]);
  await store(WELFARE, [event('优惠券在哪里领？', CHEN, T0 + 5 * MINUTE), event('refund please', CHEN, T0 + 6 * MINUTE)]);
});
afterEach(() => db.close());

describe('searchMessages', () => {
  it('finds Chinese words inside unspaced text, newest first', async () => {
    expect(await ids({ text: '年费' })).toEqual(['年费已经免了，谢谢', '信用卡年费怎么收？']);
    expect(await ids({ text: '优惠券' })).toEqual(['优惠券在哪里领？', '加我微信领优惠券']);
  });

  it('needs every term of the query, in any order', async () => {
    expect(await ids({ text: '领 优惠券 微信' })).toEqual(['加我微信领优惠券']);
    expect(await ids({ text: 'REFUND 1234' })).toEqual(['The refund for order 1234 arrived, thanks']);
    expect(await ids({ text: '年费 refund' })).toEqual([]);
  });

  it('filters by member, group and date range', async () => {
    expect(await ids({ text: 'refund', memberId: 'demo:u-chen' })).toEqual(['refund please']);
    expect(await ids({ text: '优惠券', groupId: 'demo:g-service' })).toEqual(['加我微信领优惠券']);
    expect(await ids({ text: '年费', from: T0 + 2 * MINUTE, to: T0 + 10 * MINUTE })).toEqual(['年费已经免了，谢谢']);
    // A member alone lists their messages.
    expect(await ids({ text: '', memberId: 'demo:u-li' })).toEqual(['The refund for order 1234 arrived, thanks', '加我微信领优惠券']);
  });

  it('finds by the author name too', async () => {
    expect(await ids({ text: 'li na refund' })).toEqual(['The refund for order 1234 arrived, thanks']);
  });

  it('stops at the limit and says there is more', async () => {
    const result = await searchMessages(db, { text: '', groupId: 'demo:g-service', limit: 2 });
    expect(result.messages).toHaveLength(2);
    expect(result.more).toBe(true);
  });

  it('finds nothing for an empty query or a term nobody wrote', async () => {
    expect(await ids({ text: '' })).toEqual([]);
    expect(await ids({ text: '比特币' })).toEqual([]);
  });
});

describe('searchMessages with single Chinese characters', () => {
  it('checks a lone character beside other terms on the text, and looks one up alone as the start of a word', async () => {
    expect(await ids({ text: '领 优惠券 微信' })).toEqual(['加我微信领优惠券']);
    expect(await ids({ text: '谢' })).toEqual(['年费已经免了，谢谢']);
  });
});

describe('the search index follows the messages', () => {
  it('forgetting a member and purging old messages remove their terms too', async () => {
    await forgetMember(db, 'demo', 'u-li');
    expect(await ids({ text: '微信' })).toEqual([]);
    expect(await db.count('searchTerms')).toBe(4);
    await purgeOldMessages(db, 1, T0 + 5 * MINUTE + DAY);
    expect(await ids({ text: '年费' })).toEqual([]);
    expect(await db.count('searchTerms')).toBe(2);
  });

  it('a restored backup is searchable', async () => {
    const backup = await exportBackup(db, T0);
    const other = await openDatabase({ name: uniqueDbName('search-restore') });
    try {
      await importBackup(other, backup);
      expect((await searchMessages(other, { text: '优惠券' })).messages.map((m) => m.text)).toEqual(['优惠券在哪里领？', '加我微信领优惠券']);
    } finally {
      other.close();
    }
  });
});

describe('searchMessages over many messages at the same time', () => {
  it('pages past entries that share one timestamp without losing or repeating any', async () => {
    const same = Array.from({ length: 9 }, (_, i) => ({ externalId: `same-${i}`, kind: 'message' as const, author: CHEN, role: 'customer' as const, text: `同时到达 ${i}`, ts: T0 + 30 * MINUTE }));
    await store(SERVICE, same);
    for (const listCap of [1, 2, 3, 128]) {
      const found = await searchMessages(db, { text: '同时', listCap, limit: 20 });
      expect(found.messages.map((m) => m.externalId).sort()).toEqual(same.map((m) => m.externalId).sort());
      expect(found.more).toBe(false);
    }
  });
});

describe('searchMessages with common words', () => {
  it('gives the same answers when terms are too common to list (checked on the text, or walked newest first)', async () => {
    const queries = [
      { text: '年费' },
      { text: '优惠券' },
      { text: 'refund', memberId: 'demo:u-chen' },
      { text: '优惠券', groupId: 'demo:g-service' },
      { text: '年费', from: T0 + 2 * MINUTE, to: T0 + 10 * MINUTE },
      { text: 'li na refund' },
      { text: '', memberId: 'demo:u-li' },
    ];
    for (const query of queries) {
      const exact = await ids(query);
      for (const withoutRecords of [false, true]) {
        const label = JSON.stringify({ ...query, withoutRecords });
        // The older plan (withoutRecords): a cap of 1 makes every term common (the first is
        // walked with a cursor); a cap of 2 lists single-use terms and checks the rest on the text.
        // The key plan: first counts of 1, 2 and 3 keys cut the lists, so they are intersected
        // in order and read again further back, or a short complete list drives by its records.
        expect(await ids({ ...query, withoutRecords }), label).toEqual(exact);
        for (const listCap of [1, 2, 3]) expect(await ids({ ...query, withoutRecords, listCap }), label).toEqual(exact);
      }
    }
    expect((await searchMessages(db, { text: '', groupId: 'demo:g-service', limit: 2, listCap: 1 })).more).toBe(true);
    expect((await searchMessages(db, { text: '', groupId: 'demo:g-service', limit: 2, listCap: 1, withoutRecords: true })).more).toBe(true);
    expect((await searchMessages(db, { text: '', groupId: 'demo:g-service', limit: 4, listCap: 1 })).more).toBe(false);
  });
});
