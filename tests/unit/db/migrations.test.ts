import type { IDBPDatabase } from 'idb';
import { DB_VERSION, MIGRATIONS } from '../../../lib/db/migrations';
import { nickLinkId } from '../../../lib/identity/nicks';
import { type Database, openDatabase } from '../../../lib/db/open';
import { getMembershipsOfGroup } from '../../../lib/db/repos/members';
import { searchMessages, searchTermsOf } from '../../../lib/db/repos/search';
import {
  caseRecord,
  DAY,
  group,
  MINUTE,
  member,
  memberTag,
  membership,
  message,
  note,
  rule,
  T0,
  tag,
  template,
  uniqueDbName,
} from './records';

/** Every store and index of lib/db/schema.ts, with the key paths the repos rely on. */
const EXPECTED_SCHEMA: Record<string, { keyPath: string | string[]; indexes: Record<string, string | string[]> }> = {
  groups: { keyPath: 'id', indexes: {} },
  members: { keyPath: 'id', indexes: { bySite: 'site' } },
  memberships: {
    keyPath: ['groupId', 'memberId'],
    indexes: { byMember: 'memberId', byGroupLastSeen: ['groupId', 'lastSeen'] },
  },
  messages: {
    keyPath: 'id',
    indexes: { byGroupTime: ['groupId', 'ts'], byMemberTime: ['memberId', 'ts'], byTime: 'ts' },
  },
  tags: { keyPath: 'id', indexes: { byName: 'name' } },
  memberTags: { keyPath: ['memberId', 'tagId'], indexes: { byMember: 'memberId', byTag: 'tagId' } },
  notes: { keyPath: 'id', indexes: { byMember: ['memberId', 'createdAt'] } },
  rules: { keyPath: 'id', indexes: {} },
  templates: { keyPath: 'id', indexes: {} },
  cases: {
    keyPath: 'id',
    indexes: { byMember: ['memberId', 'at'], byGroup: ['groupId', 'at'], byRef: 'refersTo' },
  },
  settings: { keyPath: 'key', indexes: {} },
  questionMarks: { keyPath: 'messageId', indexes: { byGroup: 'groupId' } },
  aggregates: { keyPath: 'key', indexes: { byGroupBucket: ['groupId', 'bucket'] } },
  searchTerms: { keyPath: 'id', indexes: { byTerm: 'terms' } },
  allowLists: { keyPath: 'groupId', indexes: {} },
  proposalDecisions: { keyPath: 'id', indexes: { byGroup: 'groupId' } },
  searchQueue: { keyPath: 'id', indexes: {} },
  templateUses: { keyPath: 'id', indexes: { byGroupTime: ['groupId', 'at'] } },
  memberJournal: { keyPath: 'id', indexes: {} },
  nickLinks: { keyPath: 'id', indexes: { byHolder: ['site', 'holder'] } },
};

const open: Database[] = [];
async function openAt(name: string, version?: number): Promise<Database> {
  const db = await openDatabase({ name, version });
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const GROUPS = [group(), group({ id: 'demo:g-welfare', externalId: 'g-welfare', title: '星河福利优惠群 Welfare & Coupons' })];
const MEMBERS = [
  member(),
  member({ id: 'demo:u-li', externalId: 'u-li', name: '李娜', aliases: [], stage: 'vip', tier: 'high' }),
  member({ id: 'demo:u-ad1', externalId: 'u-ad1', name: '优惠券代领', aliases: [] }),
];
const MEMBERSHIPS = [
  membership({ lastSeen: T0 + 5 * MINUTE }),
  membership({ memberId: 'demo:u-li', lastSeen: T0 - 40 * DAY, messageCount: 1 }),
  membership({ memberId: 'demo:u-ad1', lastSeen: T0 - 10 * DAY, messageCount: 7, left: true }),
  membership({ groupId: 'demo:g-welfare', memberId: 'demo:u-chen', lastSeen: T0 - 50 * DAY, messageCount: 2 }),
];
const MESSAGES = [
  message(),
  message({ id: 'demo:g-service:g-service-000010', externalId: 'g-service-000010', memberId: 'demo:u-li', authorName: '李娜', text: '账单分期手续费是多少？12期的', ts: T0 + 4 * MINUTE }),
  message({ id: 'demo:g-service:g-service-000013', externalId: 'g-service-000013', memberId: 'demo:u-ad1', authorName: '优惠券代领', text: '加微信领券 <b>限时</b>', ts: T0 + 6 * MINUTE }),
  message({ id: 'demo:g-welfare:g-welfare-000001', externalId: 'g-welfare-000001', groupId: 'demo:g-welfare', kind: 'join', text: '', ts: T0 - 50 * DAY }),
];
const TAGS = [tag(), tag({ id: 'tag-ads', name: '广告', color: '#be123c', favourite: false })];
const MEMBER_TAGS = [memberTag(), memberTag({ memberId: 'demo:u-ad1', tagId: 'tag-ads' })];
const NOTES = [note(), note({ id: 'note-2', memberId: 'demo:u-li', text: 'Prefers English replies', createdAt: T0 + 3 * MINUTE, updatedAt: T0 + 4 * MINUTE })];
const RULES = [rule(), rule({ id: 'rule-abuse', name: '辱骂', keywords: ['骗子'] })];
const TEMPLATES = [template(), template({ id: 'tpl-fee', name: '年费说明', body: '年费规则：刷满6次免年费。' })];
const CASES = [
  caseRecord(),
  caseRecord({ id: 'case-2', kind: 'applied', refersTo: 'case-1', at: T0 + 4 * MINUTE, actor: '客服小美', evidence: { text: '加微信领券', authorName: '优惠券代领', ts: T0 + 3 * MINUTE, spans: [{ start: 0, end: 3 }] } }),
  caseRecord({ id: 'case-3', kind: 'suggested', memberId: 'demo:u-chen', at: T0 + 7 * MINUTE }),
];
const SETTINGS = [{ key: 'settings', value: { staffName: '小美', staffNames: ['客服小美'], retentionDays: 90 } }];

const CONTENTS = {
  groups: GROUPS,
  members: MEMBERS,
  memberships: MEMBERSHIPS,
  messages: MESSAGES,
  tags: TAGS,
  memberTags: MEMBER_TAGS,
  notes: NOTES,
  rules: RULES,
  templates: TEMPLATES,
  cases: CASES,
  settings: SETTINGS,
} as const;
type StoreName = keyof typeof CONTENTS;
const STORES = Object.keys(CONTENTS) as StoreName[];

async function fillEveryStore(db: Database) {
  const tx = db.transaction(STORES, 'readwrite');
  for (const store of STORES) {
    for (const record of CONTENTS[store]) await tx.objectStore(store).put(record as never);
  }
  await tx.done;
}

/** Sorts by JSON so the comparison ignores key order of the stores. */
const canonical = (records: unknown[]) => records.map((r) => JSON.stringify(r)).sort();

async function expectEveryRecordKept(db: Database) {
  for (const store of STORES) {
    const stored = await db.getAll(store);
    expect(canonical(stored), store).toEqual(canonical([...CONTENTS[store]]));
  }
}

function describeSchema(db: Database) {
  const tx = db.transaction([...db.objectStoreNames]);
  const shape: Record<string, { keyPath: string | string[]; indexes: Record<string, string | string[]> }> = {};
  for (const name of db.objectStoreNames) {
    const store = tx.objectStore(name);
    const indexes: Record<string, string | string[]> = {};
    for (const indexName of store.indexNames) indexes[indexName] = store.index(indexName).keyPath;
    shape[name] = { keyPath: store.keyPath as string | string[], indexes };
  }
  return shape;
}

describe('database migrations', () => {
  it('has one numbered step per version', () => {
    expect(DB_VERSION).toBe(11);
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  it('opening the latest version from empty creates every store and index of the schema', async () => {
    const db = await openAt(uniqueDbName('fresh'));
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(Object.keys(EXPECTED_SCHEMA).sort());
    expect(describeSchema(db)).toEqual(EXPECTED_SCHEMA);
    // Tag names are unique: the same name typed twice must be one tag.
    expect(db.transaction('tags').store.index('byName').unique).toBe(true);
  });

  it('version 1 → 2 keeps every record and adds memberships.byGroupLastSeen and messages.byTime', async () => {
    const name = uniqueDbName('v1-v2');
    const v1 = await openAt(name, 1);
    expect(v1.transaction('memberships').store.indexNames.contains('byGroupLastSeen')).toBe(false);
    expect(v1.transaction('messages').store.indexNames.contains('byTime')).toBe(false);
    await fillEveryStore(v1);
    v1.close();

    const v2 = await openAt(name, 2);
    expect(v2.version).toBe(2);
    await expectEveryRecordKept(v2);

    // The new index covers rows written before it existed: inactive members of g-service.
    const inactive = await v2.getAllFromIndex(
      'memberships',
      'byGroupLastSeen',
      IDBKeyRange.bound(['demo:g-service', 0], ['demo:g-service', T0 - DAY], false, true),
    );
    expect(inactive.map((m) => m.memberId)).toEqual(['demo:u-li', 'demo:u-ad1']);

    const byTime = await v2.getAllFromIndex('messages', 'byTime', IDBKeyRange.lowerBound(T0 + 5 * MINUTE));
    expect(byTime.map((m) => m.externalId)).toEqual(['g-service-000011', 'g-service-000013']);
    expect(await v2.countFromIndex('messages', 'byTime')).toBe(MESSAGES.length);
  });

  it('version 2 → 3 keeps every record and adds cases.byRef', async () => {
    const name = uniqueDbName('v2-v3');
    const v2 = await openAt(name, 2);
    expect(v2.transaction('cases').store.indexNames.contains('byRef')).toBe(false);
    await fillEveryStore(v2);
    v2.close();

    const v3 = await openAt(name, 3);
    expect(v3.version).toBe(3);
    await expectEveryRecordKept(v3);

    const decisions = await v3.getAllFromIndex('cases', 'byRef', 'case-1');
    expect(decisions.map((c) => c.id)).toEqual(['case-2']);
    // Suggestions have no refersTo and so are left out of the index.
    expect(await v3.countFromIndex('cases', 'byRef')).toBe(1);
    expect(await v3.getAllFromIndex('cases', 'byRef', 'case-3')).toEqual([]);
    // Indexes of version 2 are still there.
    expect(await v3.countFromIndex('messages', 'byTime')).toBe(MESSAGES.length);
  });

  it('version 3 → 4 keeps every record and adds empty questionMarks and aggregates stores', async () => {
    const name = uniqueDbName('v3-v4');
    const v3 = await openAt(name, 3);
    expect(v3.objectStoreNames.contains('questionMarks')).toBe(false);
    await fillEveryStore(v3);
    v3.close();

    const v4 = await openAt(name, 4);
    expect(v4.version).toBe(4);
    await expectEveryRecordKept(v4);
    expect(await v4.count('questionMarks')).toBe(0);
    expect(await v4.count('aggregates')).toBe(0);
    await v4.put('questionMarks', { messageId: 'demo:g-service:g-service-000011', groupId: 'demo:g-service', mark: 'answered', at: T0, actor: '' });
    expect((await v4.getAllFromIndex('questionMarks', 'byGroup', 'demo:g-service')).map((m) => m.mark)).toEqual(['answered']);
    // Indexes of earlier versions are still there.
    expect(await v4.countFromIndex('cases', 'byRef')).toBe(1);
  });

  it('version 4 → 5 keeps every record and indexes the stored messages for search', async () => {
    const name = uniqueDbName('v4-v5');
    const v4 = await openAt(name, 4);
    expect(v4.objectStoreNames.contains('searchTerms')).toBe(false);
    await fillEveryStore(v4);
    v4.close();

    const v5 = await openAt(name, 5);
    expect(v5.version).toBe(5);
    await expectEveryRecordKept(v5);
    // Messages get terms; the join (no text) does not.
    const indexed = (await v5.getAll('searchTerms')).map((t) => t.id).sort();
    expect(indexed).toEqual(MESSAGES.filter((m) => m.kind === 'message').map((m) => m.id).sort());
    const found = await searchMessages(v5, { text: '微信' });
    expect(found.messages.map((m) => m.id)).toEqual(['demo:g-service:g-service-000013']);
    expect(v5.transaction('searchTerms').store.index('byTerm').multiEntry).toBe(true);
  });

  it('version 5 → 6 keeps every record and search terms, and adds empty allowLists and proposalDecisions stores', async () => {
    const name = uniqueDbName('v5-v6');
    const v5 = await openAt(name, 5);
    expect(v5.objectStoreNames.contains('allowLists')).toBe(false);
    await fillEveryStore(v5);
    await v5.put('searchTerms', { id: 'demo:g-service:g-service-000013', terms: [['微信', T0 + 6 * MINUTE]] });
    const termsBefore = canonical(await v5.getAll('searchTerms'));
    v5.close();

    const v6 = await openAt(name, 6);
    expect(v6.version).toBe(6);
    await expectEveryRecordKept(v6);
    expect(canonical(await v6.getAll('searchTerms'))).toEqual(termsBefore);
    expect(termsBefore).toHaveLength(1);
    expect(await v6.count('allowLists')).toBe(0);
    expect(await v6.count('proposalDecisions')).toBe(0);
    await v6.put('allowLists', { groupId: 'demo:g-service', entries: [{ phrase: '400-820-1234', addedAt: T0, addedBy: '小美', source: 'manual' }], updatedAt: T0 });
    await v6.put('proposalDecisions', { id: 'demo:g-service\u0000word\u0000代购群', groupId: 'demo:g-service', kind: 'word', phrase: '代购群', decision: 'ignored', at: T0, actor: '小美' });
    expect((await v6.getAllFromIndex('proposalDecisions', 'byGroup', 'demo:g-service')).map((d) => d.phrase)).toEqual(['代购群']);
    expect((await v6.get('allowLists', 'demo:g-service'))?.entries.map((e) => e.phrase)).toEqual(['400-820-1234']);
    // Indexes of earlier versions are still there.
    expect(await v6.countFromIndex('cases', 'byRef')).toBe(1);
  });

  it('version 6 → 7 keeps every record, search term and allow-list, and adds an empty search queue', async () => {
    const name = uniqueDbName('v6-v7');
    const v6 = await openAt(name, 6);
    await fillEveryStore(v6);
    // Versions 5 and 6 indexed each message as it was stored.
    for (const m of MESSAGES) if (m.kind === 'message') await v6.put('searchTerms', searchTermsOf(m));
    await v6.put('allowLists', { groupId: 'demo:g-service', entries: [{ phrase: '400-820-1234', addedAt: T0, addedBy: '小美', source: 'manual' }], updatedAt: T0 });
    const termsBefore = await v6.getAll('searchTerms');
    expect(termsBefore.length).toBeGreaterThan(0);
    expect(v6.objectStoreNames.contains('searchQueue')).toBe(false);
    v6.close();

    const v7 = await openAt(name, 7);
    expect(v7.version).toBe(7);
    await expectEveryRecordKept(v7);
    expect(await v7.getAll('searchTerms')).toEqual(termsBefore);
    expect((await v7.get('allowLists', 'demo:g-service'))?.entries.map((e) => e.phrase)).toEqual(['400-820-1234']);
    expect(await v7.count('searchQueue')).toBe(0);
    // Search over what the earlier versions indexed works unchanged.
    expect((await searchMessages(v7, { text: '微信' })).messages.map((m) => m.id)).toEqual(['demo:g-service:g-service-000013']);
    await v7.put('searchQueue', { id: 'demo:g-service:g-service-000011' });
    expect(await v7.count('searchQueue')).toBe(1);
  });

  it('version 7 → 8 keeps every record, search term, queue entry and allow-list, and adds an empty templateUses store read by group and time', async () => {
    const name = uniqueDbName('v7-v8');
    const v7 = await openAt(name, 7);
    await fillEveryStore(v7);
    for (const m of MESSAGES) if (m.kind === 'message') await v7.put('searchTerms', searchTermsOf(m));
    await v7.put('searchQueue', { id: 'demo:g-service:g-service-000011' });
    await v7.put('allowLists', { groupId: 'demo:g-service', entries: [{ phrase: '400-820-1234', addedAt: T0, addedBy: '小美', source: 'manual' }], updatedAt: T0 });
    await v7.put('questionMarks', { messageId: 'demo:g-service:g-service-000010', groupId: 'demo:g-service', mark: 'answered', at: T0, actor: '小美' });
    const termsBefore = await v7.getAll('searchTerms');
    expect(v7.objectStoreNames.contains('templateUses')).toBe(false);
    v7.close();

    const v8 = await openAt(name, 8);
    expect(v8.version).toBe(8);
    await expectEveryRecordKept(v8);
    expect(await v8.getAll('searchTerms')).toEqual(termsBefore);
    expect(await v8.getAll('searchQueue')).toEqual([{ id: 'demo:g-service:g-service-000011' }]);
    expect((await v8.get('allowLists', 'demo:g-service'))?.entries.map((e) => e.phrase)).toEqual(['400-820-1234']);
    expect((await v8.get('questionMarks', 'demo:g-service:g-service-000010'))?.mark).toBe('answered');
    expect(await v8.count('templateUses')).toBe(0);
    await v8.put('templateUses', { id: 'a-1', templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', at: T0, via: 'faq' });
    await v8.put('templateUses', { id: 'a-2', templateId: 'tpl-fee', groupId: 'demo:g-welfare', staff: '小美', at: T0, via: 'slash' });
    const range = IDBKeyRange.bound(['demo:g-service', T0 - 1], ['demo:g-service', T0 + 1]);
    expect((await v8.getAllFromIndex('templateUses', 'byGroupTime', range)).map((u) => u.id)).toEqual(['a-1']);
  });

  it('version 8 → 9 keeps every record and drops memberships.byGroup; the memberships of a group are read by key, as the index read them', async () => {
    const name = uniqueDbName('v8-v9');
    const v8 = await openAt(name, 8);
    await fillEveryStore(v8);
    // A group whose id is a prefix of another's must not bleed into it.
    await v8.put('memberships', membership({ groupId: 'demo:g-service2', memberId: 'demo:u-zz' }));
    await v8.put('templateUses', { id: 'a-1', templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', at: T0, via: 'faq' });
    const byIndex = Object.fromEntries(
      await Promise.all(['demo:g-service', 'demo:g-welfare', 'demo:g-service2', 'demo:g-none'].map(async (g) => [g, await (v8 as unknown as IDBPDatabase).getAllFromIndex('memberships', 'byGroup', g)])),
    );
    v8.close();

    const v9 = await openAt(name, 9);
    expect(v9.version).toBe(9);
    await v9.delete('memberships', ['demo:g-service2', 'demo:u-zz']);
    await expectEveryRecordKept(v9);
    await v9.put('memberships', membership({ groupId: 'demo:g-service2', memberId: 'demo:u-zz' }));
    expect(v9.transaction('memberships').store.indexNames.contains('byGroup' as never)).toBe(false);
    expect(await v9.count('templateUses')).toBe(1);
    for (const [groupId, expected] of Object.entries(byIndex)) expect(await getMembershipsOfGroup(v9, groupId), groupId).toEqual(expected);
    expect((await getMembershipsOfGroup(v9, 'demo:g-service')).map((m) => m.memberId)).toEqual(['demo:u-ad1', 'demo:u-chen', 'demo:u-li']);
  });

  it('version 9 → 10 keeps every record, search term, queue entry and template use, and adds an empty member journal', async () => {
    const name = uniqueDbName('v9-v10');
    const v9 = await openAt(name, 9);
    await fillEveryStore(v9);
    for (const m of MESSAGES) if (m.kind === 'message') await v9.put('searchTerms', searchTermsOf(m));
    await v9.put('searchQueue', { id: '\uffffdemo:g-service:g-service-000011', ids: ['demo:g-service:g-service-000011'] });
    await v9.put('templateUses', { id: 'a-1', templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', at: T0, via: 'faq' });
    const termsBefore = await v9.getAll('searchTerms');
    expect(v9.objectStoreNames.contains('memberJournal')).toBe(false);
    v9.close();

    const v10 = await openAt(name, 10);
    expect(v10.version).toBe(10);
    await expectEveryRecordKept(v10);
    expect(await v10.getAll('searchTerms')).toEqual(termsBefore);
    expect(await v10.getAll('searchQueue')).toEqual([{ id: '\uffffdemo:g-service:g-service-000011', ids: ['demo:g-service:g-service-000011'] }]);
    expect(await v10.count('templateUses')).toBe(1);
    expect(await v10.count('memberJournal')).toBe(0);
    // The journal is read in key order: later transactions' records come later.
    await v10.put('memberJournal', { id: 'j000000000002', members: [], memberships: [] });
    await v10.put('memberJournal', { id: 'j000000000001', members: [], memberships: [] });
    expect(await v10.getAllKeys('memberJournal')).toEqual(['j000000000001', 'j000000000002']);
  });

  it('version 10 → 11 keeps every record, journal entry and template use, and adds an empty nick-link store read by nick range and by holder', async () => {
    const name = uniqueDbName('v10-v11');
    const v10 = await openAt(name, 10);
    await fillEveryStore(v10);
    await v10.put('memberJournal', { id: 'j000000000001', members: [], memberships: [] });
    await v10.put('templateUses', { id: 'a-1', templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', at: T0, via: 'faq' });
    expect(v10.objectStoreNames.contains('nickLinks')).toBe(false);
    v10.close();

    const v11 = await openAt(name, 11);
    expect(v11.version).toBe(11);
    await expectEveryRecordKept(v11);
    expect(await v11.getAllKeys('memberJournal')).toEqual(['j000000000001']);
    expect(await v11.count('templateUses')).toBe(1);
    expect(await v11.count('nickLinks')).toBe(0);
    const link = (nick: string, since: number, holder: string) => ({ id: nickLinkId('thelounge', nick, since), site: 'thelounge', nick, since, holder, groupId: 'thelounge:net/#help' });
    // A nick's links are one key range in time order (since padded), apart from a longer nick's.
    await v11.put('nickLinks', link('spam', T0 + 10_000, 'spam#x'));
    await v11.put('nickLinks', link('spam', T0 + 9, 'mark'));
    await v11.put('nickLinks', link('spammer', T0, 'mark'));
    const range = IDBKeyRange.bound(`thelounge\u0000spam\u0000`, `thelounge\u0000spam\u0000\uffff`);
    expect((await v11.getAll('nickLinks', range)).map((l) => l.since)).toEqual([T0 + 9, T0 + 10_000]);
    expect((await v11.getAllFromIndex('nickLinks', 'byHolder', ['thelounge', 'mark'])).map((l) => l.nick).sort()).toEqual(['spam', 'spammer']);
  });

  it('version 1 → latest in one open runs every step in order', async () => {
    const name = uniqueDbName('v1-latest');
    const v1 = await openAt(name, 1);
    await fillEveryStore(v1);
    v1.close();

    const latest = await openAt(name);
    expect(latest.version).toBe(DB_VERSION);
    await expectEveryRecordKept(latest);
    expect(describeSchema(latest)).toEqual(EXPECTED_SCHEMA);
    expect((await latest.getAllFromIndex('cases', 'byRef', 'case-1')).map((c) => c.id)).toEqual(['case-2']);
  });

  it('refuses a version it has no step for, and leaves the database as it was', async () => {
    const name = uniqueDbName('too-new');
    const db = await openAt(name);
    await fillEveryStore(db);
    db.close();

    await expect(openDatabase({ name, version: DB_VERSION + 1 })).rejects.toThrow(`no migration to database version ${DB_VERSION + 1}`);

    const again = await openAt(name);
    expect(again.version).toBe(DB_VERSION);
    await expectEveryRecordKept(again);
  });
});
