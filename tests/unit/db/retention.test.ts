import { type Database, openDatabase } from '../../../lib/db/open';
import { forgetMember, purgeOldMessages } from '../../../lib/db/retention';
import type { Message } from '../../../lib/model';
import { caseRecord, DAY, MINUTE, member, memberTag, membership, message, note, T0, tag, uniqueDbName } from './records';

const NOW = T0 + 100 * DAY;

let db: Database;
beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('retention') });
});
afterEach(() => db.close());

const msg = (n: number, over: Partial<Message> = {}): Message =>
  message({ id: `demo:g-service:m-${n}`, externalId: `m-${n}`, ...over });

describe('purgeOldMessages', () => {
  beforeEach(async () => {
    await db.put('messages', msg(1, { ts: NOW - 60 * DAY }));
    await db.put('messages', msg(2, { ts: NOW - 30 * DAY - 1 }));
    await db.put('messages', msg(3, { ts: NOW - 30 * DAY }));
    await db.put('messages', msg(4, { ts: NOW - DAY }));
    await db.put('cases', caseRecord({ messageId: 'demo:g-service:m-1', evidence: { text: '旧证据', authorName: '广告号', ts: NOW - 60 * DAY, spans: [] } }));
  });

  it('deletes only messages older than the retention period and keeps the case log', async () => {
    expect(await purgeOldMessages(db, 30, NOW)).toBe(2);
    expect((await db.getAll('messages')).map((m) => m.externalId).sort()).toEqual(['m-3', 'm-4']);
    expect(await db.get('cases', 'case-1')).toMatchObject({ evidence: { text: '旧证据' } });
    // Nothing more to do the second time.
    expect(await purgeOldMessages(db, 30, NOW)).toBe(0);
  });

  it('keeps everything when the retention is 0', async () => {
    expect(await purgeOldMessages(db, 0, NOW)).toBe(0);
    expect(await db.getAll('messages')).toHaveLength(4);
  });
});

describe('forgetMember', () => {
  const CHEN = 'demo:u-chen';
  const LI = 'demo:u-li';

  beforeEach(async () => {
    await db.put('members', member());
    await db.put('members', member({ id: LI, externalId: 'u-li', name: '李娜', aliases: [] }));
    await db.put('memberships', membership());
    await db.put('memberships', membership({ groupId: 'demo:g-welfare' }));
    await db.put('memberships', membership({ memberId: LI }));
    await db.put('messages', msg(1, { memberId: CHEN, ts: T0 }));
    await db.put('messages', msg(2, { memberId: CHEN, ts: T0 + MINUTE, groupId: 'demo:g-welfare', id: 'demo:g-welfare:m-2' }));
    await db.put('messages', msg(3, { memberId: LI, authorName: '李娜', text: '我也想问', ts: T0 + 2 * MINUTE }));
    await db.put('tags', tag());
    await db.put('memberTags', memberTag());
    await db.put('memberTags', memberTag({ memberId: LI }));
    await db.put('notes', note());
    await db.put('notes', note({ id: 'note-2', createdAt: T0 + 3 * MINUTE }));
    await db.put('notes', note({ id: 'note-li', memberId: LI, text: '李娜的备注' }));
    await db.put('cases', caseRecord({ id: 'c-chen', memberId: CHEN, evidence: { text: '加我微信 abc12345', authorName: '陈强', ts: T0, spans: [{ start: 0, end: 4 }] } }));
    await db.put('cases', caseRecord({ id: 'c-chen-applied', kind: 'applied', refersTo: 'c-chen', memberId: CHEN, memberAction: 'warn' }));
    await db.put('cases', caseRecord({ id: 'c-li', memberId: LI, evidence: { text: '兼职日结', authorName: '李娜', ts: T0, spans: [{ start: 0, end: 2 }] } }));
  });

  it('erases the member, their messages, notes, tags and memberships, and blanks the evidence of their cases', async () => {
    const liBefore = {
      member: await db.get('members', LI),
      messages: (await db.getAll('messages')).filter((m) => m.memberId === LI),
      notes: (await db.getAll('notes')).filter((n) => n.memberId === LI),
      memberTags: (await db.getAll('memberTags')).filter((t) => t.memberId === LI),
      memberships: (await db.getAll('memberships')).filter((m) => m.memberId === LI),
      cases: (await db.getAll('cases')).filter((c) => c.memberId === LI),
    };
    const chenCasesBefore = (await db.getAll('cases')).filter((c) => c.memberId === CHEN);

    expect(await forgetMember(db, 'demo', 'u-chen')).toEqual({ messages: 2, notes: 2, cases: 1 });

    expect(await db.get('members', CHEN)).toBeUndefined();
    expect((await db.getAll('messages')).filter((m) => m.memberId === CHEN)).toEqual([]);
    expect((await db.getAll('notes')).filter((n) => n.memberId === CHEN)).toEqual([]);
    expect((await db.getAll('memberTags')).filter((t) => t.memberId === CHEN)).toEqual([]);
    expect((await db.getAll('memberships')).filter((m) => m.memberId === CHEN)).toEqual([]);

    // The cases stay as the record that staff acted, without the words or the name.
    const chenCases = (await db.getAll('cases')).filter((c) => c.memberId === CHEN);
    expect(chenCases.map((c) => c.id).sort()).toEqual(chenCasesBefore.map((c) => c.id).sort());
    expect(chenCases.find((c) => c.id === 'c-chen')).toEqual({
      ...chenCasesBefore.find((c) => c.id === 'c-chen'),
      evidence: { text: '', authorName: '', ts: T0, spans: [] },
    });
    expect(chenCases.find((c) => c.id === 'c-chen-applied')).toEqual(chenCasesBefore.find((c) => c.id === 'c-chen-applied'));

    // The tag itself and everyone else are untouched.
    expect(await db.get('tags', 'tag-vip')).toEqual(tag());
    expect({
      member: await db.get('members', LI),
      messages: (await db.getAll('messages')).filter((m) => m.memberId === LI),
      notes: (await db.getAll('notes')).filter((n) => n.memberId === LI),
      memberTags: (await db.getAll('memberTags')).filter((t) => t.memberId === LI),
      memberships: (await db.getAll('memberships')).filter((m) => m.memberId === LI),
      cases: (await db.getAll('cases')).filter((c) => c.memberId === LI),
    }).toEqual(liBefore);
    expect(liBefore.messages).toHaveLength(1);
  });

  it('does nothing for a member never stored', async () => {
    const before = await db.getAll('messages');
    expect(await forgetMember(db, 'demo', 'u-nobody')).toEqual({ messages: 0, notes: 0, cases: 0 });
    expect(await db.getAll('messages')).toEqual(before);
    expect(await db.getAll('members')).toHaveLength(2);
  });
});
