import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { createServer } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { DAY, MINUTE, T0, uniqueDbName } from '../db/records';
import { checkedRequests } from './checked-requests';

const RUNTIME_ID = 'test';
const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { externalId: 'g-welfare', title: '星河福利优惠群' };
const GROUP = 'demo:g-service';
const OTHER = 'demo:g-welfare';
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: '李娜' };
const ZHAO = { externalId: 'u-zhao', name: '赵六' };

let db: Database;
let clock: number;
let server: ReturnType<typeof createServer>;

beforeEach(async () => {
  seq = 0;
  db = await openDatabase({ name: uniqueDbName('handlers-learning') });
  await seedDefaults(db, T0);
  clock = T0 + DAY;
  server = createServer(createHandlers({ db, now: () => clock }), { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

const { request, raw } = checkedRequests((message, sender) => server.handle(message, sender), { id: RUNTIME_ID });

let seq = 0;
function event(over: Partial<ChatEvent> = {}): ChatEvent {
  seq++;
  return { externalId: `m-${String(seq).padStart(4, '0')}`, kind: 'message', author: CHEN, role: 'customer', text: `消息 ${seq}`, ts: T0 + seq * MINUTE, ...over };
}
const ingest = (events: ChatEvent[], group = SERVICE) => request('ingest', { site: 'demo', group, events });
const messageId = (e: ChatEvent, group = SERVICE) => `demo:${group.externalId}:${e.externalId}`;

const ORDINARY = ['明天几点开门？', '我的卡什么时候寄到', '年费怎么收的', '谢谢客服', '账单分期手续费是多少', '好的收到', '请问积分怎么兑换', '今晚有活动吗'];
const SPAM = ['星空盲盒今晚开团，来抢', '星空盲盒开团啦 名额有限'];

async function groupWithFlags() {
  await request('updateSettings', { staffName: '客服小美' });
  await ingest(ORDINARY.map((text, i) => event({ author: i % 2 ? LI : ZHAO, text, ts: T0 - 3 * DAY + i * MINUTE })));
  const spam = SPAM.map((text) => event({ text, ts: T0 - 2 * DAY + seq * MINUTE }));
  expect(await ingest(spam)).toMatchObject({ stored: 2, suggestions: 0 });
  return spam;
}

describe('learning from staff decisions', () => {
  it('flags a message the rules missed: a manual case with the message as evidence, counted on the ladder', async () => {
    const [first, second] = await groupWithFlags();
    if (!first || !second) throw new Error('no spam');
    const flagged = await request('flagMessage', { messageId: messageId(first), category: 'ad', reason: '盲盒广告' });
    expect(flagged).toMatchObject({
      kind: 'manual-warning',
      groupId: GROUP,
      memberId: 'demo:u-chen',
      messageId: messageId(first),
      categories: ['ad'],
      step: 1,
      memberAction: 'remind',
      actor: '客服小美',
      reason: '盲盒广告',
      evidence: { text: SPAM[0], authorName: '陈强' },
    });
    // The second flag climbs the ladder: the first still counts.
    clock += MINUTE;
    expect(await request('flagMessage', { messageId: messageId(second), category: 'ad' })).toMatchObject({ step: 2, memberAction: 'warn' });
    expect(flagged.channel).toBeUndefined();
    const card = await request('getMemberCard', { memberId: 'demo:u-chen' });
    expect(card?.cases.filter((c) => c.kind === 'manual-warning')).toHaveLength(2);
    const badges = await request('getMemberBadges', { memberIds: ['demo:u-chen'] });
    expect(badges['demo:u-chen']?.warnings).toBe(2);

    // One decision per message; a message waiting in the suggestions is decided there.
    expect(await raw('flagMessage', { messageId: messageId(first), category: 'ad' })).toMatchObject({ ok: false, error: expect.stringContaining('this message already has a decision') });
    const contact = event({ author: LI, text: '加我微信 abc12345' });
    await ingest([contact]);
    expect(await raw('flagMessage', { messageId: messageId(contact), category: 'contact' })).toMatchObject({ ok: false, error: expect.stringContaining('waiting in the suggestions') });
    expect(await raw('flagMessage', { messageId: 'demo:g-service:nope', category: 'ad' })).toMatchObject({ ok: false, error: expect.stringContaining('no stored message "demo:g-service:nope"') });
    expect(await raw('flagMessage', { messageId: messageId(first), category: 'spam' })).toMatchObject({ ok: false, code: 'invalid-input' });
  });

  it('refuses to flag without a staff name: every case is signed', async () => {
    const [first] = await groupWithFlags();
    await request('updateSettings', { staffName: '' });
    expect(await raw('flagMessage', { messageId: messageId(first as ChatEvent), category: 'ad' })).toMatchObject({ ok: false, error: expect.stringContaining('staff name missing') });
    expect((await db.getAll('cases')).filter((c) => c.kind === 'manual-warning')).toEqual([]);
  });

  it('proposes the flagged phrase with its counts; approving puts it into a rule, and new messages with it are flagged in every group', async () => {
    const spam = await groupWithFlags();
    for (const e of spam) await request('flagMessage', { messageId: messageId(e), category: 'ad' });

    const listed = await request('listProposals', { groupId: GROUP });
    expect(listed.groupId).toBe(GROUP);
    expect(listed.groups.map((g) => g.id)).toContain(GROUP);
    expect(listed.basis).toMatchObject({ flagged: 2, normal: ORDINARY.length });
    const word = listed.words.find((w) => w.phrase.includes('星空盲盒'));
    expect(word).toMatchObject({ flagged: 2, normal: 0, category: 'ad' });
    if (!word) throw new Error('no proposal');
    // Nothing changed yet: a new message with the phrase is not flagged.
    expect(await ingest([event({ author: ZHAO, text: `${word.phrase}上新了` })])).toMatchObject({ suggestions: 0 });

    await request('decideProposal', { groupId: GROUP, kind: 'word', phrase: word.phrase, decision: 'approve', category: 'ad' });
    const { rules } = await request('listRules', {});
    expect(rules.find((r) => r.id === 'learned-ad')).toMatchObject({ category: 'ad', triggers: { keywords: [word.phrase] } });
    // History is checked again with the new rule, but the messages staff flagged are decided: not reopened.
    expect((await db.getAll('cases')).filter((c) => c.kind === 'suggested' && spam.some((e) => messageId(e) === c.messageId))).toEqual([]);
    expect(await ingest([event({ author: ZHAO, text: '星空盲盒 最后三个' })])).toMatchObject({ suggestions: 1 });
    expect(await ingest([event({ author: ZHAO, text: '星空盲盒 最后两个' })], WELFARE)).toMatchObject({ suggestions: 1 });
    // Approved: never proposed again.
    expect((await request('listProposals', { groupId: GROUP })).words.some((w) => w.phrase === word.phrase)).toBe(false);
  });

  it('an ignored proposal is not proposed again and changes no rule', async () => {
    const spam = await groupWithFlags();
    for (const e of spam) await request('flagMessage', { messageId: messageId(e), category: 'ad' });
    const before = await request('listProposals', { groupId: GROUP });
    const word = before.words[0];
    if (!word) throw new Error('no proposal');
    const rulesBefore = (await request('listRules', {})).rules;
    expect(await request('decideProposal', { groupId: GROUP, kind: 'word', phrase: word.phrase, decision: 'ignore' })).toMatchObject({ decision: 'ignored', actor: '客服小美' });
    expect((await request('listRules', {})).rules).toEqual(rulesBefore);
    expect((await request('listProposals', { groupId: GROUP })).words.map((w) => w.phrase)).not.toContain(word.phrase);
  });

  it('an approved word is validated like any rule, and the error names the word', async () => {
    await groupWithFlags();
    expect(await raw('decideProposal', { groupId: GROUP, kind: 'word', phrase: '12345', decision: 'approve', category: 'ad' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('approved word "12345"'),
    });
    await request('decideProposal', { groupId: GROUP, kind: 'word', phrase: '星空盲盒', decision: 'approve', category: 'ad' });
    const again = await raw('decideProposal', { groupId: GROUP, kind: 'word', phrase: '星空 盲盒', decision: 'approve', category: 'ad' });
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining('"星空盲盒" is already in rule') });
    expect(await raw('decideProposal', { groupId: 'demo:g-none', kind: 'word', phrase: '星空盲盒', decision: 'approve' })).toMatchObject({ ok: false, error: expect.stringContaining('unknown group "demo:g-none"') });
  });

  it('a dismissal "allowed in this group" proposes an allow entry; approved, it stops that group\'s suggestions only', async () => {
    await request('updateSettings', { staffName: '客服小美' });
    const hotline = '官方客服电话 021-61234567';
    await ingest([event({ author: LI, text: hotline })]);
    const [item] = await request('listSuggestions', { groupId: GROUP });
    expect(item?.categories.map((c) => c.category)).toEqual(['contact']);
    if (!item) throw new Error('not flagged');
    await request('dismissMessage', { groupId: GROUP, messageId: item.messageId, reasonCode: 'allowed-in-group', text: '' });

    const { allow } = await request('listProposals', { groupId: GROUP });
    expect(allow).toHaveLength(1);
    const entry = allow[0];
    expect(entry).toMatchObject({ allowedInGroup: 1, notAProblem: 0 });
    if (!entry) throw new Error('no allow proposal');
    await request('decideProposal', { groupId: GROUP, kind: 'allow', phrase: entry.phrase, decision: 'approve' });
    const after = await request('listProposals', { groupId: GROUP });
    expect(after.allow).toEqual([]);
    expect(after.allowList).toMatchObject([{ phrase: entry.phrase, source: 'proposal', addedBy: '客服小美' }]);

    expect(await ingest([event({ author: ZHAO, text: `再说一遍：${hotline}` })])).toMatchObject({ suggestions: 0 });
    // Another contact in the same group is still flagged; the same number elsewhere too.
    expect(await ingest([event({ author: ZHAO, text: '加我微信 abc12345' })])).toMatchObject({ suggestions: 1 });
    expect(await ingest([event({ author: ZHAO, text: hotline })], WELFARE)).toMatchObject({ suggestions: 1 });
    expect((await request('listSuggestions', { groupId: OTHER })).map((s) => s.categories[0]?.category)).toEqual(['contact']);
  });

  it('"not a problem" proposes an allow entry only once it was said twice', async () => {
    await request('updateSettings', { staffName: '客服小美' });
    for (const author of [LI, ZHAO]) {
      await ingest([event({ author, text: '官方客服电话 021-61234567' })]);
      const [item] = await request('listSuggestions', { groupId: GROUP });
      if (!item) throw new Error('not flagged');
      await request('dismissMessage', { groupId: GROUP, messageId: item.messageId, reasonCode: 'not-a-problem', text: '' });
      const { allow } = await request('listProposals', { groupId: GROUP });
      expect(allow.map((a) => a.notAProblem)).toEqual(author === LI ? [] : [2]);
    }
  });

  it('the allow-list is edited by hand: added phrases apply at once, bad input is refused naming the phrase', async () => {
    await request('updateSettings', { staffName: '客服小美' });
    await ingest([event({ author: LI, text: '你好' })]);
    const list = await request('addAllowPhrase', { groupId: GROUP, phrase: ' 021-61234567 ' });
    expect(list.entries).toMatchObject([{ phrase: '021-61234567', source: 'manual', addedBy: '客服小美' }]);
    expect(await ingest([event({ author: ZHAO, text: '电话 021-61234567' })])).toMatchObject({ suggestions: 0 });
    // The same phrase twice is one entry.
    expect((await request('addAllowPhrase', { groupId: GROUP, phrase: '021-61234567' })).entries).toHaveLength(1);
    expect(await raw('addAllowPhrase', { groupId: GROUP, phrase: '   ' })).toMatchObject({ ok: false, error: expect.stringContaining('must not be empty') });
    expect(await raw('addAllowPhrase', { groupId: GROUP, phrase: 'x'.repeat(201) })).toMatchObject({ ok: false, error: expect.stringContaining('at most 200 characters') });
    expect(await raw('addAllowPhrase', { groupId: GROUP, phrase: '。，！' })).toMatchObject({ ok: false, error: expect.stringContaining('allowed phrase "。，！"') });
    expect(await raw('removeAllowPhrase', { groupId: GROUP, phrase: 'nope' })).toMatchObject({ ok: false, error: expect.stringContaining('allowed phrase "nope" is not in the allow-list of this group') });

    expect((await request('removeAllowPhrase', { groupId: GROUP, phrase: '021-61234567' })).entries).toEqual([]);
    expect(await ingest([event({ author: ZHAO, text: '电话 021-61234567' })])).toMatchObject({ suggestions: 1 });
  });

  it('allow-lists and proposal decisions travel in backups, checked before anything is written', async () => {
    await request('updateSettings', { staffName: '客服小美' });
    await ingest([event({ author: LI, text: '你好' })]);
    await request('addAllowPhrase', { groupId: GROUP, phrase: '021-61234567' });
    await request('decideProposal', { groupId: GROUP, kind: 'word', phrase: '开团', decision: 'ignore' });
    const backup = (await request('exportBackup', {})) as Record<string, unknown>;
    expect(backup.allowLists).toMatchObject([{ groupId: GROUP, entries: [{ phrase: '021-61234567' }] }]);
    expect(backup.proposalDecisions).toMatchObject([{ groupId: GROUP, kind: 'word', phrase: '开团', decision: 'ignored' }]);

    await request('removeAllowPhrase', { groupId: GROUP, phrase: '021-61234567' });
    const broken = { ...backup, proposalDecisions: [{ ...(backup.proposalDecisions as object[])[0], id: 'forged' }] };
    expect(await raw('importBackup', { backup: broken, mode: 'replace' })).toMatchObject({ ok: false, error: expect.stringContaining('proposalDecisions.0.id') });
    expect(await db.count('proposalDecisions')).toBe(1);
    const tooLong = { ...backup, allowLists: [{ groupId: GROUP, entries: [{ phrase: 'x'.repeat(201), addedAt: T0 }], updatedAt: T0 }] };
    expect(await raw('importBackup', { backup: tooLong })).toMatchObject({ ok: false, error: expect.stringContaining('allowLists.0.entries.0.phrase') });

    expect(await request('importBackup', { backup, mode: 'replace' })).toMatchObject({ allowLists: 1, proposalDecisions: 1 });
    expect((await request('listProposals', { groupId: GROUP })).allowList.map((e) => e.phrase)).toEqual(['021-61234567']);
    expect(await ingest([event({ author: ZHAO, text: '电话 021-61234567' })])).toMatchObject({ suggestions: 0 });
  });
});
