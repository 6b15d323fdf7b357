import { createHandlers } from '../../../lib/background/handlers';
import type { SiteProfile } from '../../../lib/adapters/profile/schema';
import { type Database, openDatabase } from '../../../lib/db/open';
import { appendCase } from '../../../lib/db/repos/cases';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { createServer } from '../../../lib/messaging/server';
import { checkedRequests } from './checked-requests';
import type { ChatEvent } from '../../../lib/model';
import { caseRecord, DAY, MINUTE, T0, uniqueDbName } from '../db/records';

const RUNTIME_ID = 'test';
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const GROUP = 'demo:g-service';
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: '李娜' };
const WANG = { externalId: 'u-wang', name: '王芳' };
const MEI = { externalId: 'staff-mei', name: '客服小美' };

const PROFILE = {
  id: 'parley',
  name: 'Parley chat',
  matches: ['https://chat.parley.example/*'],
  selectors: {
    row: 'li.entry',
    author: { selector: 'b.who', keyAttribute: 'data-uid' },
    text: 'p.said',
    time: { selector: '.stamp', attribute: 'title' },
  },
};

let db: Database;
let clock: number;
let server: ReturnType<typeof createServer>;
let profilesChanged: SiteProfile[][];

beforeEach(async () => {
  seq = 0;
  profilesChanged = [];
  db = await openDatabase({ name: uniqueDbName('handlers-moderation') });
  await seedDefaults(db, T0);
  clock = T0 + DAY;
  const handlers = createHandlers({
    db,
    now: () => clock,
    onProfilesChanged: async (profiles) => {
      profilesChanged.push(profiles);
    },
  });
  server = createServer(handlers, { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

const { request, raw } = checkedRequests((message, sender) => server.handle(message, sender), { id: RUNTIME_ID });

let seq = 0;
function event(over: Partial<ChatEvent> = {}): ChatEvent {
  seq++;
  return {
    externalId: `m-${String(seq).padStart(4, '0')}`,
    kind: 'message',
    author: CHEN,
    role: 'customer',
    text: `消息 ${seq}`,
    ts: T0 + seq * MINUTE,
    ...over,
  };
}
const ingest = (events: ChatEvent[]) => request('ingest', { site: 'demo', group: SERVICE, events });
/** Members who posted days ago, so the new-member rules no longer apply to them. */
const establish = (...authors: ChatEvent['author'][]) => ingest(authors.map((author) => event({ author, text: '大家好', ts: T0 - 3 * DAY })));

// Different messages, so the repeat rule stays out of the way.
const CONTACTS = ['加我微信 abc12345', '有事打我电话 13812345678', '我的邮箱是 chen.q@example.com', '加我微信 zxcv98765'];
let contactIndex = 0;
const contact = (author = CHEN) => event({ author, text: CONTACTS[contactIndex++ % CONTACTS.length] as string });

describe('flagged messages through the handlers', () => {
  const PUBLIC_LADDER = {
    steps: [
      { channel: 'public' as const, templateId: 'tpl-warn-zh', outcome: 'none' as const },
      { channel: 'public' as const, templateId: 'tpl-warn-zh', outcome: 'none' as const },
      { channel: 'public' as const, templateId: 'tpl-remove-zh', outcome: 'remove' as const },
    ],
    weights: {},
  };
  /** Flags a message, puts the step's text in the composer and lets the reader see it sent. */
  const warnAndSend = async () => {
    await ingest([contact()]);
    const [item] = await request('listSuggestions', { groupId: GROUP });
    if (!item) throw new Error('nothing flagged');
    clock += MINUTE;
    const text = `@陈强 请遵守群规 ${clock}`;
    await request('startAction', { groupId: GROUP, messageId: item.messageId, text });
    await ingest([event({ author: MEI, role: 'staff', text, ts: clock })]);
    const created = (await db.getAll('cases')).find((c) => c.kind === 'applied' && c.messageId === item.messageId);
    if (!created) throw new Error('no case recorded');
    return created;
  };

  it('lists one item per message, records a private reminder signed with the staff name, and refuses a second decision', async () => {
    await request('updateSettings', { staffName: '客服小美' });
    await establish(CHEN);
    expect(await ingest([contact()])).toMatchObject({ stored: 1, suggestions: 1 });

    const [first, ...rest] = await request('listSuggestions', { groupId: GROUP });
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      memberId: 'demo:u-chen',
      choice: { step: 1, channel: 'private', why: 'ladder', templateId: 'tpl-remind-zh' },
      activeDecisions: 0,
      pending: null,
      categories: [{ category: 'contact', ruleId: 'contact-details', reasonZh: '联系方式（微信号）' }],
    });
    if (!first) throw new Error('no suggestion');

    await request('startAction', { groupId: GROUP, messageId: first.messageId, text: '陈强 您好，请撤回' });
    clock += MINUTE;
    const decision = await request('confirmAction', { groupId: GROUP, messageId: first.messageId, reason: '私下提醒' });
    expect(decision).toMatchObject({ kind: 'applied', channel: 'private', actor: '客服小美', memberAction: 'remind', at: clock, reason: '私下提醒' });
    expect(await request('listSuggestions', { groupId: GROUP })).toEqual([]);

    const again = await raw('dismissMessage', { groupId: GROUP, messageId: first.messageId, reasonCode: 'not-a-problem' });
    expect(again).toEqual({ ok: false, error: 'dismissMessage: this message already has a decision' });

    await ingest([contact()]);
    expect((await request('listSuggestions', { groupId: GROUP })).map((p) => [p.choice.step, p.choice.channel, p.activeDecisions])).toEqual([[2, 'public', 1]]);
    // Other groups are not listed.
    expect(await request('listSuggestions', { groupId: 'demo:g-welfare' })).toEqual([]);
  });

  it('a member is new only from a join seen: the first read of a group finds established members', async () => {
    // Read for the first time: 陈强 has never been seen, but no join either.
    await ingest([event({ text: '官网 https://www.xinghe-bank.example/card 可以查', ts: clock - MINUTE })]);
    const [established] = await request('listSuggestions', { groupId: GROUP });
    expect(established?.categories.map((c) => c.ruleId)).toEqual(['links']);
    expect(established?.ruleAction).toBe('remind');

    // 王芳 joins while the extension watches, then posts a link: new, and the rule asks for removal.
    await ingest([event({ author: WANG, kind: 'join', text: '', ts: clock - 30_000 })]);
    await ingest([event({ author: WANG, text: '福利 t.me/cryptoking 快来', ts: clock - 10_000 })]);
    const flagged = (await request('listSuggestions', { groupId: GROUP })).find((f) => f.memberId === 'demo:u-wang');
    expect(flagged?.categories.map((c) => c.ruleId)).toContain('new-member-links');
    expect(flagged?.choice).toMatchObject({ why: 'rule-minimum', outcome: 'remove', ladderStep: 1 });
  });

  it('refuses a dismissal with an unknown reason code, naming the field', async () => {
    const reply = await raw('dismissMessage', { groupId: GROUP, messageId: 'x', reasonCode: 'because' });
    expect(reply).toMatchObject({ ok: false });
    expect(reply.ok ? '' : reply.error).toContain('reasonCode');
  });

  it('refuses a ladder without steps or with a step lacking a template, naming the step', async () => {
    const empty = await raw('updateSettings', { ladder: { steps: [], weights: {} } });
    expect(empty.ok ? '' : empty.error).toContain('a ladder needs at least one step');
    const noTemplate = await raw('updateSettings', { ladder: { steps: [{ channel: 'public', templateId: 'tpl-warn-zh' }, { channel: 'private', templateId: ' ' }] } });
    expect(noTemplate.ok ? '' : noTemplate.error).toContain('ladder.steps.1.templateId: each step needs a template');
    expect((await request('getSettings', {})).ladder.steps).toHaveLength(3);
  });

  it('revokes the last warning or all of them, and the ladder and badges follow', async () => {
    await request('updateSettings', { staffName: '客服小美', ladder: PUBLIC_LADDER });
    await establish(CHEN);
    await warnAndSend();
    const second = await warnAndSend();
    expect(second).toMatchObject({ step: 2, recordedBy: 'sent-seen', actor: '客服小美' });
    expect((await request('getMemberBadges', { memberIds: ['demo:u-chen'] }))['demo:u-chen']?.warnings).toBe(2);

    clock += MINUTE;
    expect(await request('revokeWarnings', { memberId: 'demo:u-chen', groupId: GROUP, reason: '申诉成立' })).toEqual({ revoked: 1 });
    const revocations = (await db.getAll('cases')).filter((c) => c.kind === 'warning-revoked');
    // The newest warning is the one taken back.
    expect(revocations).toEqual([expect.objectContaining({ refersTo: second.id, memberId: 'demo:u-chen', groupId: GROUP, reason: '申诉成立', at: clock })]);
    expect((await request('getMemberBadges', { memberIds: ['demo:u-chen'] }))['demo:u-chen']?.warnings).toBe(1);

    await ingest([contact()]);
    expect((await request('listSuggestions', { groupId: GROUP })).map((p) => p.choice.step)).toEqual([2]);
    const [open] = await request('listSuggestions', { groupId: GROUP });
    await request('dismissMessage', { groupId: GROUP, messageId: open?.messageId ?? '', reasonCode: 'handled-elsewhere', text: '已电话沟通' });
    await warnAndSend();
    expect((await request('getMemberBadges', { memberIds: ['demo:u-chen'] }))['demo:u-chen']?.warnings).toBe(2);

    expect(await request('revokeWarnings', { memberId: 'demo:u-chen', groupId: GROUP, all: true })).toEqual({ revoked: 2 });
    expect((await request('getMemberBadges', { memberIds: ['demo:u-chen'] }))['demo:u-chen']?.warnings).toBe(0);
    expect(await request('revokeWarnings', { memberId: 'demo:u-chen', groupId: GROUP, all: true })).toEqual({ revoked: 0 });

    await ingest([contact()]);
    expect((await request('listSuggestions', { groupId: GROUP })).map((p) => p.choice.step)).toEqual([1]);
  });
});

describe('member badges and the group panel', () => {
  it('getMemberBadges answers tags and active warnings for each member asked', async () => {
    await establish(CHEN, LI);
    await request('addTag', { memberIds: ['demo:u-chen'], name: 'VIP' });
    await request('addTag', { memberIds: ['demo:u-chen'], name: '年费争议' });
    await appendCase(db, caseRecord({ id: 'w-1', kind: 'manual-warning', memberId: 'demo:u-chen', memberAction: 'warn', at: clock - DAY }));
    // Past the 30-day window, and revoked: neither counts.
    await appendCase(db, caseRecord({ id: 'w-old', kind: 'manual-warning', memberId: 'demo:u-chen', memberAction: 'warn', at: clock - 31 * DAY }));
    await appendCase(db, caseRecord({ id: 'w-2', kind: 'manual-warning', memberId: 'demo:u-li', memberAction: 'warn', at: clock - DAY }));
    await appendCase(db, caseRecord({ id: 'w-2r', kind: 'warning-revoked', refersTo: 'w-2', memberId: 'demo:u-li', at: clock - DAY + MINUTE }));

    const badges = await request('getMemberBadges', { memberIds: ['demo:u-chen', 'demo:u-li', 'demo:u-chen', 'demo:nobody'] });
    expect(badges).toEqual({
      'demo:u-chen': { tags: expect.arrayContaining([expect.objectContaining({ name: 'VIP' }), expect.objectContaining({ name: '年费争议' })]), warnings: 1 },
      'demo:u-li': { tags: [], warnings: 0 },
      'demo:nobody': { tags: [], warnings: 0 },
    });
    expect(badges['demo:u-chen']?.tags).toHaveLength(2);
    expect(badges['demo:u-chen']?.tags.every((t) => /^#[0-9a-f]{6}$/i.test(t.color))).toBe(true);
  });

  it('getGroupPanel lists members with tags, open questions and recent joins of members still in', async () => {
    await ingest([
      event({ author: CHEN, kind: 'join', text: '', ts: clock - 3 * DAY }),
      event({ author: CHEN, text: '大家好', ts: clock - 2 * DAY }),
      event({ author: LI, kind: 'join', text: '', ts: clock - 60 * MINUTE }),
      event({ author: WANG, kind: 'join', text: '', ts: clock - 50 * MINUTE }),
      event({ author: WANG, text: '请问年费怎么算？', ts: clock - 40 * MINUTE }),
      event({ author: LI, kind: 'leave', text: '', ts: clock - 30 * MINUTE }),
      event({ author: CHEN, text: '我的临时额度什么时候到期？', ts: clock - 3 * MINUTE }),
      event({ author: MEI, role: 'staff', text: '大家好，有问题请直接问', ts: clock - 20 * DAY }),
      // A staff member (seen posting as staff) rejoining is not a new member to welcome.
      event({ author: MEI, kind: 'join', role: 'customer', text: '', ts: clock - 10 * MINUTE }),
    ]);
    await request('addTag', { memberIds: ['demo:u-wang'], name: '新客户' });

    const panel = await request('getGroupPanel', { groupId: GROUP, slaMinutes: 10 });
    if (!panel) throw new Error('no panel');
    expect(panel.group).toMatchObject({ id: GROUP, title: SERVICE.title });
    expect(panel.members.map((m) => [m.name, m.tags.map((t) => t.name), m.left, m.messageCount])).toEqual([
      ['陈强', [], false, 2],
      ['客服小美', [], false, 1],
      ['李娜', [], true, 0],
      ['王芳', ['新客户'], false, 1],
    ]);
    expect(panel.unanswered.map((q) => [q.message.text, q.waitingMs, q.overdue])).toEqual([
      ['请问年费怎么算？', 40 * MINUTE, true],
      ['我的临时额度什么时候到期？', 3 * MINUTE, false],
    ]);
    // 李娜 joined and left; 陈强 joined days ago.
    expect(panel.recentJoins).toEqual([{ memberId: 'demo:u-wang', name: '王芳', ts: clock - 50 * MINUTE }]);

    expect(await request('getGroupPanel', { groupId: 'demo:nowhere' })).toBeNull();
  });

  it('ensureMember creates a member seen only on the page and leaves a known one alone', async () => {
    const created = await request('ensureMember', { site: 'demo', externalId: 'u-zhao', name: '赵磊' });
    expect(created).toEqual({ id: 'demo:u-zhao', site: 'demo', externalId: 'u-zhao', name: '赵磊', aliases: [], firstSeen: clock, lastSeen: clock });
    expect(await db.get('members', 'demo:u-zhao')).toEqual(created);

    await establish(CHEN);
    const known = await request('ensureMember', { site: 'demo', externalId: 'u-chen', name: '别的名字' });
    expect(known).toMatchObject({ id: 'demo:u-chen', name: '陈强', firstSeen: T0 - 3 * DAY });
    // Tags can now be added to the member created from the page.
    await expect(request('addTag', { memberIds: ['demo:u-zhao'], name: 'VIP' })).resolves.toMatchObject({ name: 'VIP' });
  });
});

describe('rules through the handlers', () => {
  it('refuses a rule with an invalid regular expression, naming the rule and the field', async () => {
    const reply = await raw('saveRule', {
      rule: { id: 'bad-regex', name: '坏的正则', category: 'custom', triggers: { regexes: [{ pattern: '(unclosed' }] } },
    });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error).toContain('坏的正则');
    expect(reply.error).toContain('triggers.regexes.0.pattern');
    expect(await db.get('rules', 'bad-regex')).toBeUndefined();
    expect((await request('listRules', {})).errors).toEqual([]);
  });

  it('refuses a rule with a bad field, naming it', async () => {
    const reply = await raw('saveRule', { rule: { id: 'bad-cat', name: '坏的类别', category: 'nonsense', triggers: {} } });
    expect(reply).toMatchObject({ ok: false });
    expect(reply.ok ? '' : reply.error).toMatch(/坏的类别.*category/);
  });

  it('saves a valid rule, checks stored messages with it and lists it', async () => {
    await establish(CHEN);
    await ingest([event({ text: '我的年费被扣了' })]);
    expect(await request('listSuggestions', { groupId: GROUP })).toEqual([]);
    const saved = await request('saveRule', { rule: { id: 'fee', name: '年费投诉', category: 'custom', triggers: { keywords: ['年费'] } } });
    expect(saved).toMatchObject({ id: 'fee', enabled: true, memberAction: 'remind' });
    expect((await request('listRules', {})).rules.map((r) => r.id)).toContain('fee');
    expect((await request('listSuggestions', { groupId: GROUP })).map((p) => p.categories.map((c) => c.ruleId))).toEqual([['fee']]);
  });

  it('testMessage fires on contact details and on nothing for a thank-you', async () => {
    const fired = await request('testMessage', { text: '加我微信 abc12345' });
    // One suggestion per category; a message tried on its own counts as a newcomer's.
    expect(fired.map((s) => s.category)).toEqual(['contact']);
    expect(fired[0]?.evidence).toContain('wechat');
    expect(await request('testMessage', { text: '谢谢客服' })).toEqual([]);
    // Staff are exempt.
    expect(await request('testMessage', { text: '加我微信 abc12345', role: 'staff' })).toEqual([]);
  });
});

describe('templates through the handlers', () => {
  it('saves with timestamps set by the background, updates keep createdAt, delete removes', async () => {
    const seeded = (await request('listTemplates', {})).length;
    expect(seeded).toBeGreaterThan(0);

    const created = await request('saveTemplate', { name: '提额说明', category: 'faq', lang: 'zh', body: '{member} 您好，提额请在 App 申请。', keywords: ['提额'], sendDirectly: false });
    expect(created.id).toMatch(/^tpl-/);
    expect(created).toMatchObject({ createdAt: clock, updatedAt: clock, name: '提额说明' });

    const createdAt = clock;
    clock += 5 * MINUTE;
    const updated = await request('saveTemplate', { id: created.id, name: '提额说明（新）', body: '新的说明', sendDirectly: false });
    expect(updated).toMatchObject({ id: created.id, createdAt, updatedAt: clock, name: '提额说明（新）', category: 'general' });

    const listed = await request('listTemplates', {});
    expect(listed).toHaveLength(seeded + 1);
    expect(listed.find((t) => t.id === created.id)).toEqual(updated);

    await request('deleteTemplate', { id: created.id });
    expect((await request('listTemplates', {})).some((t) => t.id === created.id)).toBe(false);
  });

  it('refuses a template without text', async () => {
    const reply = await raw('saveTemplate', { name: '空', body: '' });
    expect(reply).toMatchObject({ ok: false });
    expect(reply.ok ? '' : reply.error).toContain('body');
  });
});

describe('site profiles through the handlers', () => {
  it('refuses an invalid profile naming the field, and saves nothing', async () => {
    const reply = await raw('saveSiteProfile', { profile: { ...PROFILE, selectors: { ...PROFILE.selectors, row: 'li[[' } } });
    expect(reply).toMatchObject({ ok: false });
    expect(reply.ok ? '' : reply.error).toContain('selectors.row');
    expect(await request('listSiteProfiles', {})).toEqual([]);
    expect(profilesChanged).toEqual([]);
  });

  it('saves a valid profile, tells the background, and finds it by URL', async () => {
    const saved = await request('saveSiteProfile', { profile: PROFILE });
    expect(saved.map((p) => p.id)).toEqual(['parley']);
    expect(profilesChanged.map((list) => list.map((p) => p.id))).toEqual([['parley']]);

    expect((await request('siteProfilesFor', { url: 'https://chat.parley.example/rooms/42' })).map((p) => p.id)).toEqual(['parley']);
    expect(await request('siteProfilesFor', { url: 'https://other.example/rooms/42' })).toEqual([]);
    expect(await request('siteProfilesFor', { url: 'http://chat.parley.example/rooms/42' })).toEqual([]);

    await request('deleteSiteProfile', { id: 'parley' });
    expect(await request('siteProfilesFor', { url: 'https://chat.parley.example/rooms/42' })).toEqual([]);
    expect(profilesChanged).toHaveLength(2);
  });
});

describe('retention through the settings', () => {
  it('purges messages older than retentionDays and keeps newer messages and the case log', async () => {
    await ingest([
      event({ text: '很久以前的消息', ts: clock - 40 * DAY }),
      event({ author: LI, text: '兼职日结', ts: clock - 35 * DAY }),
      event({ text: '最近的消息', ts: clock - 2 * DAY }),
    ]);
    const cases = await db.getAll('cases');
    expect(cases.length).toBeGreaterThan(0);

    const settings = await request('updateSettings', { retentionDays: 30 });
    expect(settings.retentionDays).toBe(30);
    expect((await db.getAll('messages')).map((m) => m.text)).toEqual(['最近的消息']);
    expect(await db.getAll('cases')).toEqual(cases);
  });

  it('keeps everything when retention is 0 or not being changed', async () => {
    await ingest([event({ text: '很久以前的消息', ts: clock - 400 * DAY })]);
    await request('updateSettings', { retentionDays: 0 });
    await request('updateSettings', { staffName: '客服小美' });
    expect(await db.getAll('messages')).toHaveLength(1);
  });
});
