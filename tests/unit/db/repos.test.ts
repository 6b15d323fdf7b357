import { type Database, openDatabase } from '../../../lib/db/open';
import { appendCase, getDecisions, getGroupCases, getMemberCases } from '../../../lib/db/repos/cases';
import {
  countMemberMessages,
  getInactiveMemberships,
  getMember,
  getMemberHistory,
  getMembershipsOfGroup,
  getMembers,
  getMembershipsOfMember,
  updateMemberProfile,
} from '../../../lib/db/repos/members';
import { ingestEvents } from '../../../lib/db/repos/ingest';
import { addNote, deleteNote, editNote, getMemberNotes } from '../../../lib/db/repos/notes';
import { getSettings, updateSettings } from '../../../lib/db/repos/settings';
import {
  addTagToMembers,
  colorForTagName,
  getMemberTags,
  getTagsOfMembers,
  listTags,
  normalizeTagName,
  removeTagFromMember,
  TAG_PALETTE,
  updateTag,
} from '../../../lib/db/repos/tags';
import { DEFAULT_SETTINGS, MAX_NOTE_LENGTH } from '../../../lib/model';
import { caseRecord, DAY, group, MINUTE, member, membership, message, T0, uniqueDbName } from './records';

let db: Database;
beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('repos') });
  await db.put('groups', group());
  await db.put('members', member({ id: 'demo:u-chen', externalId: 'u-chen', name: '陈强', aliases: [] }));
  await db.put('members', member({ id: 'demo:u-li', externalId: 'u-li', name: '李娜', aliases: [] }));
  await db.put('members', member({ id: 'demo:u-wang', externalId: 'u-wang', name: '王芳', aliases: [] }));
});
afterEach(() => db.close());

describe('tags', () => {
  it('treats full-width letters and stray spaces as the same tag name', () => {
    expect(normalizeTagName('ＶＩＰ')).toBe('VIP');
    expect(normalizeTagName('  高  价值\u3000客户 ')).toBe('高 价值 客户');
    expect(normalizeTagName('ａｄｓ\t\tbot')).toBe('ads bot');
  });

  it('refuses an empty or over-long tag name with a clear message', () => {
    expect(() => normalizeTagName(' \u3000 ')).toThrow('tag name must not be empty');
    expect(() => normalizeTagName('x'.repeat(41))).toThrow('tag name must be at most 40 characters');
  });

  it('adds a tag once, however it is typed, and gives it a colour from the palette', async () => {
    const first = await addTagToMembers(db, ['demo:u-chen'], 'ＶＩＰ ', T0);
    const again = await addTagToMembers(db, ['demo:u-li'], ' VIP', T0 + MINUTE);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ name: 'VIP', favourite: false, createdAt: T0 });
    expect(TAG_PALETTE).toContain(first.color);
    expect(first.color).toBe(colorForTagName('VIP'));
    expect(await listTags(db)).toHaveLength(1);
  });

  it('spreads colours over the palette and gives a name the same colour every time', () => {
    const names = ['VIP', '广告', '投诉', '老客户', 'Refund', '高价值', '黑名单', 'new', '待跟进', '已退款', 'spam', '复购'];
    const colours = names.map(colorForTagName);
    for (const colour of colours) expect(TAG_PALETTE).toContain(colour);
    expect(new Set(colours).size).toBeGreaterThan(3);
    expect(names.map(colorForTagName)).toEqual(colours);
  });

  it('adds one tag to several members at once, and adding it again changes nothing', async () => {
    const tag = await addTagToMembers(db, ['demo:u-chen', 'demo:u-li', 'demo:u-wang'], '待跟进', T0);
    await addTagToMembers(db, ['demo:u-chen'], '待跟进', T0 + DAY);
    expect(await db.count('memberTags')).toBe(3);
    for (const id of ['demo:u-chen', 'demo:u-li', 'demo:u-wang']) expect(await getMemberTags(db, id)).toEqual([tag]);
    // The first time a member got the tag is kept.
    expect(await db.get('memberTags', ['demo:u-chen', tag.id])).toMatchObject({ addedAt: T0 });
  });

  it('lists a member’s tags in the order they were added', async () => {
    const complaint = await addTagToMembers(db, ['demo:u-chen'], '投诉', T0 + 2 * MINUTE);
    const vip = await addTagToMembers(db, ['demo:u-chen'], 'VIP', T0);
    const refund = await addTagToMembers(db, ['demo:u-chen'], '已退款', T0 + 5 * MINUTE);
    expect((await getMemberTags(db, 'demo:u-chen')).map((t) => t.id)).toEqual([vip.id, complaint.id, refund.id]);
  });

  it('refuses an unknown member and writes nothing, not even the new tag', async () => {
    await expect(addTagToMembers(db, ['demo:u-chen', 'demo:nobody'], '新标签', T0)).rejects.toThrow('unknown member "demo:nobody"');
    expect(await db.count('tags')).toBe(0);
    expect(await db.count('memberTags')).toBe(0);
  });

  it('removes a tag from one member only, keeping the tag for others', async () => {
    const tag = await addTagToMembers(db, ['demo:u-chen', 'demo:u-li'], 'VIP', T0);
    await removeTagFromMember(db, 'demo:u-chen', tag.id);
    expect(await getMemberTags(db, 'demo:u-chen')).toEqual([]);
    expect(await getMemberTags(db, 'demo:u-li')).toEqual([tag]);
    expect(await listTags(db)).toEqual([tag]);
  });

  it('changes colour and favourite of a tag, and refuses an unknown tag', async () => {
    const tag = await addTagToMembers(db, ['demo:u-chen'], 'VIP', T0);
    const changed = await updateTag(db, tag.id, { favourite: true });
    expect(changed).toEqual({ ...tag, favourite: true });
    expect(await updateTag(db, tag.id, { color: '#123abc' })).toEqual({ ...tag, favourite: true, color: '#123abc' });
    expect(await listTags(db)).toEqual([{ ...tag, favourite: true, color: '#123abc' }]);
    await expect(updateTag(db, 'missing', { favourite: true })).rejects.toThrow('unknown tag "missing"');
  });
});

describe('members and their tags, many at once (the group panel)', () => {
  // Every shape the ranged reads must handle: ids asked twice, unknown ids, members of other
  // groups between the ones asked for, and ranges so crowded that they are read id by id.
  async function fill(others: number, tagsEach: number) {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const id = `demo:u-p${String(i * (others + 1)).padStart(4, '0')}`;
      ids.push(id);
      await db.put('members', member({ id, externalId: id.slice(5), name: `P${i}`, aliases: [] }));
      for (let k = 1; k <= others; k++) {
        const other = `demo:u-p${String(i * (others + 1) + k).padStart(4, '0')}`;
        await db.put('members', member({ id: other, externalId: other.slice(5), name: `O${i}-${k}`, aliases: [] }));
        await addTagToMembers(db, [other], 'other', T0);
      }
      for (let t = 0; t < tagsEach; t++) await addTagToMembers(db, [id], `tag ${(i + t) % 7}`, T0 + i * MINUTE + t);
    }
    return ids;
  }
  async function oneByOne(ids: readonly string[]) {
    const members = new Map();
    const tags = new Map();
    for (const id of ids) {
      const m = await getMember(db, id);
      if (m) members.set(id, m);
      tags.set(id, await getMemberTags(db, id));
    }
    return { members, tags };
  }

  for (const [others, tagsEach] of [
    [0, 0],
    [0, 3],
    [1, 2],
    [5, 1],
    [0, 12],
  ] as const) {
    it(`gives what reading each member alone gives (${others} others between them, ${tagsEach} tags each)`, async () => {
      const ids = await fill(others, tagsEach);
      const asked = [...ids, ids[3] as string, 'demo:u-nobody', 'demo:u-chen'];
      const expected = await oneByOne(asked);
      const members = await getMembers(db, asked);
      expect(new Map([...members].sort())).toEqual(new Map([...expected.members].sort()));
      expect(members.has('demo:u-nobody')).toBe(false);
      const tags = await getTagsOfMembers(db, asked);
      expect(new Map([...tags].sort())).toEqual(new Map([...expected.tags].sort()));
    });
  }

  it('reads one member, and none', async () => {
    expect([...(await getMembers(db, ['demo:u-li'])).keys()]).toEqual(['demo:u-li']);
    expect((await getMembers(db, [])).size).toBe(0);
    expect((await getTagsOfMembers(db, [])).size).toBe(0);
  });
});

describe('notes', () => {
  it('stores a note signed by its author and lists notes newest first', async () => {
    const older = await addNote(db, 'demo:u-chen', '年费争议，已转二线', '小美', T0);
    const newer = await addNote(db, 'demo:u-chen', '客户已接受减免方案', '小王', T0 + DAY);
    await addNote(db, 'demo:u-li', '别人的备注', '小美', T0 + 2 * DAY);
    expect(older).toMatchObject({ memberId: 'demo:u-chen', text: '年费争议，已转二线', author: '小美', createdAt: T0, updatedAt: T0 });
    expect(await getMemberNotes(db, 'demo:u-chen')).toEqual([newer, older]);
  });

  it(`refuses a note over ${MAX_NOTE_LENGTH} characters with a clear message and stores nothing`, async () => {
    await expect(addNote(db, 'demo:u-chen', 'x'.repeat(MAX_NOTE_LENGTH + 1), '小美', T0)).rejects.toThrow(
      `note must be at most ${MAX_NOTE_LENGTH} characters`,
    );
    expect(await db.count('notes')).toBe(0);
    // Exactly at the limit is fine.
    const atLimit = await addNote(db, 'demo:u-chen', 'x'.repeat(MAX_NOTE_LENGTH), '小美', T0);
    expect(atLimit.text).toHaveLength(MAX_NOTE_LENGTH);
  });

  it('refuses an empty note and a note for an unknown member', async () => {
    await expect(addNote(db, 'demo:u-chen', '   ', '小美', T0)).rejects.toThrow('note must not be empty');
    await expect(addNote(db, 'demo:nobody', '备注', '小美', T0)).rejects.toThrow('unknown member "demo:nobody"');
    expect(await db.count('notes')).toBe(0);
  });

  it('edits a note in place, keeping when it was written', async () => {
    const note = await addNote(db, 'demo:u-chen', '初稿', '小美', T0);
    const edited = await editNote(db, note.id, '  改后的内容  ', T0 + MINUTE);
    expect(edited).toEqual({ ...note, text: '改后的内容', updatedAt: T0 + MINUTE });
    expect(await getMemberNotes(db, 'demo:u-chen')).toEqual([edited]);
    await expect(editNote(db, note.id, 'y'.repeat(MAX_NOTE_LENGTH + 1), T0)).rejects.toThrow('at most');
    expect(await getMemberNotes(db, 'demo:u-chen')).toEqual([edited]);
    await expect(editNote(db, 'missing', '文字', T0)).rejects.toThrow('unknown note "missing"');
  });

  it('deletes one note', async () => {
    const keep = await addNote(db, 'demo:u-chen', '保留', '小美', T0);
    const drop = await addNote(db, 'demo:u-chen', '删除', '小美', T0 + 1);
    await deleteNote(db, drop.id);
    expect(await getMemberNotes(db, 'demo:u-chen')).toEqual([keep]);
  });
});

describe('members', () => {
  beforeEach(async () => {
    const tx = db.transaction('messages', 'readwrite');
    for (let i = 0; i < 30; i++) {
      await tx.store.put(
        message({
          id: `demo:g-service:m-${i}`,
          externalId: `m-${i}`,
          memberId: i % 3 === 0 ? 'demo:u-li' : 'demo:u-chen',
          groupId: i % 2 ? 'demo:g-service' : 'demo:g-welfare',
          text: `消息 ${i}`,
          // Written out of time order on purpose.
          ts: T0 + ((i * 7) % 30) * MINUTE,
        }),
      );
    }
    await tx.done;
  });

  it('returns a member’s history across groups newest first, up to the limit', async () => {
    const { messages: all, more } = await getMemberHistory(db, 'demo:u-chen', 1_000);
    expect(more).toBe(false);
    expect(all).toHaveLength(20);
    expect(all.every((m) => m.memberId === 'demo:u-chen')).toBe(true);
    const times = all.map((m) => m.ts);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(all.map((m) => m.groupId))).toEqual(new Set(['demo:g-service', 'demo:g-welfare']));

    const latest = await getMemberHistory(db, 'demo:u-chen', 5);
    expect(latest).toEqual({ messages: all.slice(0, 5), more: true });
    expect(await getMemberHistory(db, 'demo:u-wang', 5)).toEqual({ messages: [], more: false });
  });

  it('pages through the history from where the last page ended, also among messages with the same time', async () => {
    // Five messages in the same millisecond (a burst read in one row batch), across a page edge.
    for (let i = 0; i < 5; i++) {
      await db.put('messages', message({ id: `demo:g-service:same-${i}`, externalId: `same-${i}`, memberId: 'demo:u-chen', ts: T0 + 3 * MINUTE }));
    }
    const { messages: all } = await getMemberHistory(db, 'demo:u-chen', 1_000);
    expect(all).toHaveLength(25);
    const paged = [];
    let before: { ts: number; id: string } | undefined;
    for (;;) {
      const page = await getMemberHistory(db, 'demo:u-chen', 3, before);
      paged.push(...page.messages);
      const last = page.messages.at(-1);
      if (!page.more || !last) break;
      before = { ts: last.ts, id: last.id };
    }
    expect(paged).toEqual(all);
    // Some messages share a time (written out of order at the same minute): none is skipped or repeated.
    expect(new Set(all.map((m) => m.ts)).size).toBeLessThan(all.length);
  });

  it('counts the messages a member wrote across groups, not their joins, leaves or renames', async () => {
    const at = (i: number) => T0 + 100 * MINUTE + i * MINUTE;
    const author = { externalId: 'u-wang', name: '王芳' };
    await ingestEvents(
      db,
      {
        site: 'demo',
        group: { externalId: 'g-service', title: '客服群' },
        events: [
          { externalId: 'e1', kind: 'join', author, role: 'customer', text: '', ts: at(1) },
          { externalId: 'e2', kind: 'message', author, role: 'customer', text: '大家好', ts: at(2) },
          { externalId: 'e3', kind: 'rename', author, role: 'customer', text: '', ts: at(3), newName: '芳芳' },
          { externalId: 'e4', kind: 'message', author, role: 'customer', text: '请问积分', ts: at(4) },
        ],
      },
      at(5),
    );
    await ingestEvents(
      db,
      {
        site: 'demo',
        group: { externalId: 'g-welfare', title: '福利群' },
        events: [
          { externalId: 'e1', kind: 'message', author, role: 'customer', text: '有券吗', ts: at(6) },
          { externalId: 'e2', kind: 'leave', author, role: 'customer', text: '', ts: at(7) },
        ],
      },
      at(8),
    );
    expect(await countMemberMessages(db, 'demo:u-wang')).toBe(3);
    expect(await countMemberMessages(db, 'demo:nobody')).toBe(0);
  });

  it('finds memberships by member, by group, and inactive ones by last seen', async () => {
    await db.put('memberships', membership({ memberId: 'demo:u-chen', lastSeen: T0 }));
    await db.put('memberships', membership({ memberId: 'demo:u-li', lastSeen: T0 - 31 * DAY }));
    await db.put('memberships', membership({ memberId: 'demo:u-wang', lastSeen: T0 - 30 * DAY }));
    await db.put('memberships', membership({ groupId: 'demo:g-welfare', memberId: 'demo:u-li', lastSeen: T0 - 90 * DAY }));

    expect((await getMembershipsOfMember(db, 'demo:u-li')).map((m) => m.groupId).sort()).toEqual(['demo:g-service', 'demo:g-welfare']);
    expect((await getMembershipsOfGroup(db, 'demo:g-service')).map((m) => m.memberId).sort()).toEqual(['demo:u-chen', 'demo:u-li', 'demo:u-wang']);

    // Not seen for 30 days: strictly before the cut-off, in this group only, oldest first.
    const inactive = await getInactiveMemberships(db, 'demo:g-service', T0 - 30 * DAY);
    expect(inactive.map((m) => m.memberId)).toEqual(['demo:u-li']);
    const sinceYesterday = await getInactiveMemberships(db, 'demo:g-service', T0 - DAY);
    expect(sinceYesterday.map((m) => m.memberId)).toEqual(['demo:u-li', 'demo:u-wang']);
    expect(await getInactiveMemberships(db, 'demo:g-other', T0)).toEqual([]);
  });

  it('sets and clears the lifecycle stage and value tier', async () => {
    const vip = await updateMemberProfile(db, 'demo:u-chen', { stage: 'vip', tier: 'high' });
    expect(vip).toMatchObject({ stage: 'vip', tier: 'high', name: '陈强' });
    expect(await getMember(db, 'demo:u-chen')).toEqual(vip);

    // Leaving a field out keeps it; null clears it.
    const churned = await updateMemberProfile(db, 'demo:u-chen', { stage: 'churned' });
    expect(churned).toMatchObject({ stage: 'churned', tier: 'high' });
    const cleared = await updateMemberProfile(db, 'demo:u-chen', { stage: null });
    expect(cleared.stage).toBeUndefined();
    expect((await getMember(db, 'demo:u-chen'))?.tier).toBe('high');
    await expect(updateMemberProfile(db, 'demo:nobody', { stage: 'vip' })).rejects.toThrow('unknown member "demo:nobody"');
  });
});

describe('settings', () => {
  it('returns the defaults when nothing is stored', async () => {
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ staffName: '', staffNames: [], language: '', sidebarOpen: true, inlineBadges: false, retentionDays: 0 });
  });

  it('applies a partial update over what is stored', async () => {
    await updateSettings(db, { staffName: ' 小美 ', staffNames: ['客服小美'] });
    const next = await updateSettings(db, { retentionDays: 90 });
    expect(next).toEqual({ ...DEFAULT_SETTINGS, staffName: '小美', staffNames: ['客服小美'], retentionDays: 90 });
    expect(await getSettings(db)).toEqual(next);
  });

  it('fills fields added by a newer release into settings stored by an older one', async () => {
    await db.put('settings', { key: 'settings', value: { staffName: '小王' } });
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, staffName: '小王' });
  });

  it('refuses an invalid value and keeps what was stored', async () => {
    await updateSettings(db, { retentionDays: 30 });
    await expect(updateSettings(db, { retentionDays: -1 })).rejects.toThrow();
    await expect(updateSettings(db, { language: 'fr' as never })).rejects.toThrow();
    await expect(updateSettings(db, { staffNames: [''] })).rejects.toThrow();
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 30 });
  });
});

describe('cases', () => {
  it('is append-only: adding an existing id throws and leaves the first record', async () => {
    const suggestion = caseRecord();
    await appendCase(db, suggestion);
    await expect(appendCase(db, { ...suggestion, kind: 'dismissed', reason: '改写历史' })).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await db.getAll('cases')).toEqual([suggestion]);
  });

  it('lists a member’s cases newest first, a group’s since a time, and the decisions on a suggestion', async () => {
    const suggestion = await appendCase(db, caseRecord({ id: 's-1', at: T0 }));
    const applied = await appendCase(db, caseRecord({ id: 'd-1', kind: 'applied', refersTo: 's-1', at: T0 + MINUTE }));
    const other = await appendCase(db, caseRecord({ id: 's-2', at: T0 + 2 * MINUTE, groupId: 'demo:g-welfare' }));
    await appendCase(db, caseRecord({ id: 's-3', at: T0 + 3 * MINUTE, memberId: 'demo:u-chen' }));

    expect(await getMemberCases(db, 'demo:u-ad1')).toEqual([other, applied, suggestion]);
    expect((await getGroupCases(db, 'demo:g-service', T0 + MINUTE)).map((c) => c.id)).toEqual(['d-1', 's-3']);
    expect(await getDecisions(db, 's-1')).toEqual([applied]);
    expect(await getDecisions(db, 's-2')).toEqual([]);
  });
});
