import { createIngestPipeline, type IngestPipeline } from '../../../lib/background/ingest-pipeline';
import { createModeration, type Moderation, warningRecords } from '../../../lib/background/moderation';
import { GroupSignals } from '../../../lib/rules/group-signals';
import { type Database, openDatabase } from '../../../lib/db/open';
import { saveRule } from '../../../lib/db/repos/rules';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { getSettings, updateSettings } from '../../../lib/db/repos/settings';
import { type Case, type ChatEvent, DEFAULT_SETTINGS, type Message } from '../../../lib/model';
import { caseRecord, DAY, MINUTE, T0, uniqueDbName } from '../db/records';

const SERVICE = { externalId: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const GROUP = 'demo:g-service';
const CHEN = { externalId: 'u-chen', name: '陈强' };
const LI = { externalId: 'u-li', name: '李娜' };
const MEI = { externalId: 'staff-mei', name: '客服小美' };

let db: Database;
let clock: number;
let moderation: Moderation;
let pipeline: IngestPipeline;
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

/**
 * Stores events the way the background does (the ingest pipeline: rules, with their
 * context and the groups' signals, inside the storing transaction); returns what was
 * stored and the cases it wrote.
 */
async function ingest(events: ChatEvent[]): Promise<{ stored: Message[]; cases: Case[] }> {
  const before = new Set((await db.getAll('cases')).map((c) => c.id));
  const { stored } = await pipeline.submit({ site: 'demo', group: SERVICE, events });
  return { stored, cases: (await db.getAll('cases')).filter((c) => !before.has(c.id)) };
}

/** A member who has posted for more than a day, so the new-member rules no longer apply. */
async function establish(author = CHEN) {
  await ingest([event({ author, text: '大家好', ts: T0 - 3 * DAY })]);
}

const suggestions = async () => (await db.getAll('cases')).filter((c) => c.kind === 'suggested');

beforeEach(async () => {
  seq = 0;
  clock = T0 + DAY;
  db = await openDatabase({ name: uniqueDbName('moderation') });
  await seedDefaults(db, T0);
  moderation = createModeration({ db, now: () => clock });
  pipeline = createIngestPipeline({ db, now: () => clock, rules: moderation.compiledRules, signals: new GroupSignals() });
});
afterEach(() => db.close());

describe('rules on stored messages', () => {
  it('records one suggested case per fired category with a snapshot of the evidence', async () => {
    await establish();
    const text = '兼职日结，加我微信 abc12345';
    const { stored, cases } = await ingest([event({ text })]);
    const message = stored[0] as Message;

    expect(cases.map((c) => c.category).sort()).toEqual(['ad', 'contact']);
    expect(await suggestions()).toHaveLength(2);
    for (const c of cases) {
      expect(c).toMatchObject({ kind: 'suggested', at: clock, groupId: GROUP, memberId: 'demo:u-chen', messageId: message.id, actor: '' });
      expect(c.evidence).toMatchObject({ text, authorName: '陈强', ts: message.ts });
      const spans = c.evidence?.spans ?? [];
      expect(spans.length).toBeGreaterThan(0);
      for (const span of spans) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeGreaterThan(span.start);
        expect(span.end).toBeLessThanOrEqual(text.length);
      }
      // The reason may be posted in the group: it names the kind of problem, never the word.
      for (const word of ['兼职', '日结', 'abc12345']) {
        expect(c.reason).not.toContain(word);
        expect(c.reasonZh ?? '').not.toContain(word);
      }
    }
    const ad = cases.find((c) => c.category === 'ad');
    expect(ad?.ruleId).toBe('zh-ad');
    expect(ad?.evidence?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['兼职日结', '加我']);
    const contact = cases.find((c) => c.category === 'contact');
    expect(contact?.ruleId).toBe('contact-details');
    expect(contact?.evidence?.spans.some((s) => text.slice(s.start, s.end).includes('abc12345'))).toBe(true);
  });

  it('records nothing for staff messages or for clean customer messages', async () => {
    const { cases } = await ingest([
      event({ author: MEI, role: 'staff', text: '兼职日结，加我微信 abc12345' }),
      event({ author: LI, text: '请问年费怎么算？' }),
    ]);
    expect(cases).toEqual([]);
    expect(await db.getAll('cases')).toEqual([]);
  });

  it('records a flood case when one member posts 8 messages within a few seconds', async () => {
    await establish();
    const events = Array.from({ length: 8 }, (_, i) => event({ text: `第${i + 1}句话`, ts: T0 + i * 500 }));
    const { cases } = await ingest(events);
    const flood = cases.filter((c) => c.category === 'flood');
    expect(flood.length).toBeGreaterThan(0);
    expect(flood.every((c) => c.ruleId === 'flood' && c.memberId === 'demo:u-chen')).toBe(true);
    // The first messages of the burst are not a flood yet.
    expect(flood.map((c) => c.messageId)).not.toContain('demo:g-service:m-0002');
  });

  it('does not record a flood for the same messages spread over minutes', async () => {
    await establish();
    const { cases } = await ingest(Array.from({ length: 8 }, (_, i) => event({ text: `第${i + 1}句话`, ts: T0 + i * 2 * MINUTE })));
    expect(cases.filter((c) => c.category === 'flood')).toEqual([]);
  });
});

describe('one decision per message, cases when they happen', () => {
  // Different messages each time, so the repeat rule stays out of it.
  const CONTACTS = ['加我微信 abc12345', '有事打我电话 13812345678', '我的邮箱是 chen.q@example.com'];
  let n = 0;
  const contact = () => event({ text: CONTACTS[n++ % CONTACTS.length] as string });
  const decisions = async () => (await db.getAll('cases')).filter((c) => c.kind === 'applied' || c.kind === 'dismissed');
  /** The staff member sends a text in the group; the reader stores it. */
  const staffSends = (text: string, ts = clock) => ingest([event({ author: MEI, role: 'staff', text, ts })]);

  beforeEach(async () => {
    await updateSettings(db, { staffName: '客服小美' });
  });

  it('lists one item per message with every category and its evidence, and one decision covers them all', async () => {
    await establish();
    const text = '兼职日结，加我微信 abc12345';
    const { stored, cases } = await ingest([event({ text })]);
    expect(cases.map((c) => c.category).sort()).toEqual(['ad', 'contact']);
    const [item, ...rest] = await moderation.pending(GROUP, 0);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ messageId: stored[0]?.id, authorName: '陈强', text });
    expect(item?.categories.map((c) => c.category).sort()).toEqual(['ad', 'contact']);
    expect(item?.spans.map((s) => text.slice(s.start, s.end)).join('|')).toContain('兼职日结');
    // Private first: an established member's first ad is a private reminder (the ladder's
    // first step); only rules for new members ask for more.
    expect(item?.ruleAction).toBe('remind');
    expect(item?.choice).toMatchObject({ step: 1, ladderStep: 1, channel: 'private', why: 'ladder' });

    await moderation.dismiss({ groupId: GROUP, messageId: item?.messageId ?? '', reasonCode: 'allowed-in-group', text: '本群允许招聘' });
    expect(await moderation.pending(GROUP, 0)).toEqual([]);
    const [dismissal, ...more] = await decisions();
    expect(more).toEqual([]);
    expect(dismissal).toMatchObject({
      kind: 'dismissed',
      reasonCode: 'allowed-in-group',
      reason: '本群允许招聘',
      actor: '客服小美',
      memberAction: 'none',
      evidence: { text, authorName: '陈强' },
    });
    expect(dismissal?.categories?.sort()).toEqual(['ad', 'contact']);
    await expect(moderation.dismiss({ groupId: GROUP, messageId: item?.messageId ?? '', reasonCode: 'not-a-problem', text: '' })).rejects.toThrow(
      'already has a decision',
    );
  });

  it('climbs the ladder by decisions: private reminder confirmed, public warning seen sent, then the removal step', async () => {
    await establish();
    await ingest([contact()]);
    const [first] = await moderation.pending(GROUP, 0);
    expect(first?.choice).toMatchObject({ step: 1, channel: 'private', outcome: 'none' });
    // A private step is recorded only once staff say they sent it.
    await expect(moderation.confirmAction({ groupId: GROUP, messageId: first?.messageId ?? '', reason: '' })).rejects.toThrow('send the private reminder first');
    await moderation.startAction({ groupId: GROUP, messageId: first?.messageId ?? '', text: '陈强 您好，请撤回', reason: '' });
    expect((await moderation.pending(GROUP, 0))[0]?.pending).toMatchObject({ channel: 'private', text: '陈强 您好，请撤回', actor: '客服小美' });
    expect(await decisions()).toEqual([]);
    clock += MINUTE;
    const reminded = await moderation.confirmAction({ groupId: GROUP, messageId: first?.messageId ?? '', reason: '首次' });
    expect(reminded).toMatchObject({ kind: 'applied', step: 1, channel: 'private', memberAction: 'remind', recordedBy: 'staff-confirmed', sentText: '陈强 您好，请撤回', actor: '客服小美', reason: '首次' });

    clock += MINUTE;
    await ingest([contact()]);
    const [second] = await moderation.pending(GROUP, 0);
    expect(second?.choice).toMatchObject({ step: 2, channel: 'public', why: 'ladder', priorPoints: 1 });
    expect(second?.activeDecisions).toBe(1);
    // A public warning cannot be "confirmed": it is recorded when the chat shows it.
    await expect(moderation.confirmAction({ groupId: GROUP, messageId: second?.messageId ?? '', reason: '' })).rejects.toThrow('appears in the chat');
    const warning = '@陈强 您的消息涉及「留联系方式」，违反群规，现予以警告。再次违规将被移出本群。';
    await moderation.startAction({ groupId: GROUP, messageId: second?.messageId ?? '', text: warning, reason: '' });
    clock += MINUTE;
    // Clients trim and re-wrap what is sent: whitespace differences still match.
    const { stored } = await staffSends(`  ${warning.replace('。再次', '。\n再次')} `);
    const sentSeen = await moderation.recordSent(stored);
    expect(sentSeen).toHaveLength(1);
    expect(sentSeen[0]).toMatchObject({
      kind: 'applied',
      step: 2,
      channel: 'public',
      memberAction: 'warn',
      recordedBy: 'sent-seen',
      actor: '客服小美',
      messageId: second?.messageId,
      evidence: { text: CONTACTS[1], authorName: '陈强' },
    });
    expect(sentSeen[0]?.evidence?.spans.length).toBeGreaterThan(0);

    clock += MINUTE;
    await ingest([contact()]);
    const [third] = await moderation.pending(GROUP, 0);
    expect(third?.choice).toMatchObject({ step: 3, channel: 'public', outcome: 'remove', memberAction: 'remove', priorPoints: 2 });

    // The removal step: the notice goes in, staff send it and kick the member. The kick the
    // reader sees records the case; nobody has to come back and click.
    const notice = '陈强 多次违反群规（留联系方式），将按规定移出本群。';
    await moderation.startAction({ groupId: GROUP, messageId: third?.messageId ?? '', text: notice, reason: '第三次' });
    clock += MINUTE;
    // Sending the notice alone does not record a removal.
    expect(await moderation.recordSent((await staffSends(notice)).stored)).toEqual([]);
    expect((await moderation.pending(GROUP, 0))[0]?.pending).toMatchObject({ outcome: 'remove' });
    clock += MINUTE;
    const kicked = await ingest([event({ kind: 'kick', text: '', ts: clock })]);
    const removal = await moderation.recordSent(kicked.stored);
    expect(removal).toHaveLength(1);
    expect(removal[0]).toMatchObject({
      kind: 'applied',
      step: 3,
      outcome: 'remove',
      memberAction: 'remove',
      recordedBy: 'removal-seen',
      sentText: notice,
      reason: '第三次',
      actor: '客服小美',
      messageId: third?.messageId,
      at: clock,
    });
    expect(await moderation.pending(GROUP, 0)).toEqual([]);
    // Seen again (a reload re-reads the kick): nothing more.
    expect(await moderation.recordSent(kicked.stored)).toEqual([]);
  });

  it('a member who leaves on their own does not complete a removal step, nor does a kick of someone else', async () => {
    // A ladder whose only step removes.
    await updateSettings(db, { ladder: { steps: [{ channel: 'public', templateId: 'tpl-remove-zh', outcome: 'remove' }], weights: {} } });
    await establish();
    await ingest([contact()]);
    const [item] = await moderation.pending(GROUP, 0);
    expect(item?.choice).toMatchObject({ outcome: 'remove' });
    await moderation.startAction({ groupId: GROUP, messageId: item?.messageId ?? '', text: '陈强 将被移出本群。', reason: '' });
    clock += MINUTE;
    const left = await ingest([event({ kind: 'leave', text: '', ts: clock })]);
    expect(await moderation.recordSent(left.stored)).toEqual([]);
    const other = await ingest([event({ kind: 'kick', text: '', author: LI, ts: clock + 1 })]);
    expect(await moderation.recordSent(other.stored)).toEqual([]);
    expect((await moderation.pending(GROUP, 0))[0]?.pending).toMatchObject({ outcome: 'remove' });
    expect((await db.getAll('cases')).filter((c) => c.kind === 'applied')).toEqual([]);
  });

  it('a cleared composer leaves no case: another staff message does not match, cancel forgets it, and the message stays open', async () => {
    await establish();
    await ingest([contact()]);
    await updateSettings(db, { ladder: { steps: [{ channel: 'public', templateId: 'tpl-warn-zh', outcome: 'none' }], weights: {} } });
    const [item] = await moderation.pending(GROUP, 0);
    await moderation.startAction({ groupId: GROUP, messageId: item?.messageId ?? '', text: '@陈强 警告', reason: '' });
    const { stored } = await staffSends('大家好，今天的活动开始了');
    expect(await moderation.recordSent(stored)).toEqual([]);
    await moderation.cancelAction({ groupId: GROUP, messageId: item?.messageId ?? '' });
    expect(await decisions()).toEqual([]);
    const [still] = await moderation.pending(GROUP, 0);
    expect(still).toMatchObject({ messageId: item?.messageId, pending: null });
    // Sent later without a pending action: still nothing recorded.
    expect(await moderation.recordSent((await staffSends('@陈强 警告')).stored)).toEqual([]);
    // An inserted text never sent expires after the window.
    await moderation.startAction({ groupId: GROUP, messageId: item?.messageId ?? '', text: '@陈强 警告', reason: '' });
    clock += 3 * 60 * MINUTE;
    expect((await moderation.pending(GROUP, 0))[0]?.pending).toBeNull();
    expect(await moderation.recordSent((await staffSends('@陈强 警告')).stored)).toEqual([]);
  });

  it('a staff-only step is recorded when staff confirm the outcome', async () => {
    await updateSettings(db, { ladder: { steps: [{ channel: 'staff', templateId: 'tpl-remove-zh', outcome: 'mute' }], weights: {} } });
    await establish();
    await ingest([contact()]);
    const [item] = await moderation.pending(GROUP, 0);
    expect(item?.choice).toMatchObject({ channel: 'staff', outcome: 'mute', memberAction: 'mute' });
    await expect(moderation.startAction({ groupId: GROUP, messageId: item?.messageId ?? '', text: 'x', reason: '' })).rejects.toThrow('posts nothing');
    const muted = await moderation.confirmAction({ groupId: GROUP, messageId: item?.messageId ?? '', reason: '禁言一天' });
    expect(muted).toMatchObject({ kind: 'applied', channel: 'staff', outcome: 'mute', recordedBy: 'staff-confirmed', reason: '禁言一天', actor: '客服小美' });
  });

  it('weights per category climb more than one step', async () => {
    await updateSettings(db, {
      ladder: {
        steps: [
          { channel: 'private', templateId: 'tpl-remind-zh', outcome: 'none' },
          { channel: 'public', templateId: 'tpl-warn-zh', outcome: 'none' },
          { channel: 'public', templateId: 'tpl-remove-zh', outcome: 'remove' },
        ],
        weights: { insult: 2 },
      },
    });
    await establish();
    await ingest([event({ text: '你是不是傻逼' })]);
    const [item] = await moderation.pending(GROUP, 0);
    expect(item?.categories.map((c) => c.category)).toContain('insult');
    expect(item?.choice).toMatchObject({ step: 2, weight: 2, channel: 'public' });
  });

  it('refuses to act or dismiss before the staff name is known', async () => {
    await updateSettings(db, { staffName: '' });
    await establish();
    await ingest([contact()]);
    const [item] = await moderation.pending(GROUP, 0);
    await expect(moderation.dismiss({ groupId: GROUP, messageId: item?.messageId ?? '', reasonCode: 'not-a-problem', text: '' })).rejects.toThrow('staff name');
    await expect(moderation.startAction({ groupId: GROUP, messageId: item?.messageId ?? '', text: 'x', reason: '' })).rejects.toThrow('staff name');
  });

  it('keeps audit-only rules out of the pending list', async () => {
    await saveRule(db, { id: 'audit-fee', name: '年费试用规则', category: 'custom', triggers: { keywords: ['年费'] }, auditOnly: true });
    await moderation.rulesChanged();
    await establish();
    const { cases } = await ingest([event({ text: '我的年费被扣了' })]);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ kind: 'suggested', ruleId: 'audit-fee', actor: 'audit' });
    expect(await moderation.pending(GROUP, 0)).toEqual([]);
  });
});

describe('new member from evidence', () => {
  it('a member present when the group was first read is established, even on their first message', async () => {
    const { cases } = await ingest([event({ text: '我们官网 https://www.xinghe-bank.example/card 可以查' })]);
    expect(cases.map((c) => c.ruleId)).toEqual(['links']);
    await updateSettings(db, { staffName: '客服小美' });
    expect((await moderation.pending(GROUP, 0))[0]?.choice).toMatchObject({ step: 1, channel: 'private', why: 'ladder' });
  });

  it('a join seen makes the member new: the rule asks for removal, and the step says why', async () => {
    clock = T0 + 10 * MINUTE;
    await ingest([event({ kind: 'join', text: '' })]);
    const { cases } = await ingest([event({ text: '福利 t.me/cryptoking 快来' })]);
    expect(cases.map((c) => c.ruleId)).toContain('new-member-links');
    const [item] = await moderation.pending(GROUP, 0);
    expect(item?.ruleAction).toBe('remove');
    expect(item?.choice).toMatchObject({ step: 3, ladderStep: 1, why: 'rule-minimum', outcome: 'remove' });
  });
});

describe('rulesChanged', () => {
  it('checks recent messages against a new rule without repeating existing cases', async () => {
    await establish();
    await establish(LI);
    await ingest([
      event({ text: '加我微信 abc12345' }),
      event({ author: LI, text: '我的年费被扣了，兼职日结' }),
      event({ author: LI, text: '年费怎么还没退' }),
      event({ text: '谢谢' }),
    ]);
    const before = await suggestions();
    expect(before.map((c) => c.category).sort()).toEqual(['ad', 'contact']);

    await saveRule(db, { id: 'fee', name: '年费投诉', category: 'custom', triggers: { keywords: ['年费'] } });
    const created = await moderation.rulesChanged();
    const after = await suggestions();
    expect(created).toBe(2);
    expect(after).toHaveLength(4);
    expect(after.filter((c) => c.ruleId === 'fee').map((c) => c.messageId).sort()).toEqual(['demo:g-service:m-0004', 'demo:g-service:m-0005']);
    // At most one case per message and category, as when the messages were first read.
    const keys = after.map((c) => `${c.messageId}/${c.category}`);
    // An established member's old message is not a newcomer's (no removal suggestion).
    expect(after.some((c) => c.ruleId === 'new-member-contact')).toBe(false);
    expect(new Set(keys).size).toBe(keys.length);

    // Nothing new the second time.
    expect(await moderation.rulesChanged()).toBe(0);
    expect(await suggestions()).toHaveLength(4);
  });

  it('re-checks with the context signals as they stood when each message arrived, as ingest did', async () => {
    await establish();
    await establish(LI);
    // English: "win" (1) + a link (1) stays under the ad threshold (3); a link to a domain
    // the group has not seen adds 1. Staff posted the prize page's domain earlier.
    await ingest([
      event({ author: MEI, role: 'staff', text: 'Prize page: https://act.example.com/1111' }),
      event({ text: 'did I win? https://act.example.com/2222' }),
      event({ author: LI, text: 'did I win? https://act.qwe-x.xyz/2222' }),
    ]);
    // Ingest saw the signals live: only the link to the unseen domain is an ad.
    const adMessages = async () => (await suggestions()).filter((c) => c.category === 'ad').map((c) => c.messageId);
    expect(await adMessages()).toEqual(['demo:g-service:m-0005']);

    await saveRule(db, { id: 'fee', name: '年费投诉', category: 'custom', triggers: { keywords: ['年费'] } });
    await moderation.rulesChanged();
    // The re-check agrees (the tracker has since seen that domain too) and adds no second case.
    expect(await adMessages()).toEqual(['demo:g-service:m-0005']);
  });

  it('never reopens a message that has a decision', async () => {
    await updateSettings(db, { staffName: '客服小美' });
    await establish();
    const { stored } = await ingest([event({ text: '加我微信 abc12345，年费也可以问我' })]);
    await moderation.dismiss({ groupId: GROUP, messageId: stored[0]?.id ?? '', reasonCode: 'not-a-problem', text: '' });
    await saveRule(db, { id: 'fee', name: '年费投诉', category: 'custom', triggers: { keywords: ['年费'] } });
    expect(await moderation.rulesChanged()).toBe(0);
    expect(await moderation.pending(GROUP, 0)).toEqual([]);
  });

  it('reports compile errors of stored rules', async () => {
    await db.put('rules', { id: 'broken', name: '坏规则', category: 'custom', triggers: { regexes: [{ pattern: '(' }] } });
    await moderation.rulesChanged();
    expect(await moderation.compileErrors()).toEqual([expect.objectContaining({ ruleId: 'broken', field: 'triggers.regexes.0.pattern' })]);
  });
});

describe('warningRecords and the stored ladder', () => {
  it('turns applied and manual warnings into ladder records, skipping revoked ones and non-actions', () => {
    const cases: Case[] = [
      caseRecord({ id: 's-1', kind: 'suggested' }),
      caseRecord({ id: 'a-1', kind: 'applied', refersTo: 's-1', memberAction: 'warn', at: T0 + MINUTE }),
      caseRecord({ id: 'a-2', kind: 'applied', refersTo: 's-2', memberAction: 'remind', at: T0 + 2 * MINUTE }),
      caseRecord({ id: 'm-1', kind: 'manual-warning', memberAction: 'warn', at: T0 + 3 * MINUTE }),
      caseRecord({ id: 'a-3', kind: 'applied', memberAction: 'none' }),
      caseRecord({ id: 'd-1', kind: 'dismissed', refersTo: 's-3', memberAction: 'warn' }),
      caseRecord({ id: 'r-1', kind: 'warning-revoked', refersTo: 'a-2', memberAction: 'none' }),
    ];
    expect(warningRecords(cases)).toEqual([
      { id: 'a-1', groupId: 'demo:g-service', memberId: 'demo:u-ad1', at: T0 + MINUTE, ruleId: 'rule-ads', category: 'ads', action: 'warn' },
      { id: 'm-1', groupId: 'demo:g-service', memberId: 'demo:u-ad1', at: T0 + 3 * MINUTE, ruleId: 'rule-ads', category: 'ads', action: 'warn' },
    ]);
  });

  it('reads a preset name stored by an earlier release as its steps, keeping the other settings', async () => {
    await db.put('settings', { key: 'settings', value: { ...DEFAULT_SETTINGS, staffName: '客服小美', ladder: 'removeAtOnce' } });
    const settings = await getSettings(db);
    expect(settings.staffName).toBe('客服小美');
    expect(settings.ladder.steps).toEqual([{ channel: 'public', templateId: 'tpl-remove-zh', outcome: 'remove' }]);
    await establish();
    await ingest([event({ text: '加我微信 abc12345' })]);
    expect((await moderation.pending(GROUP, 0)).map((p) => p.choice.memberAction)).toEqual(['remove']);
  });
});
