import { createModeration, ladderOf, type Moderation, warningRecords } from '../../../lib/background/moderation';
import { type Database, openDatabase } from '../../../lib/db/open';
import { ingestEvents } from '../../../lib/db/repos/ingest';
import { saveRule } from '../../../lib/db/repos/rules';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { updateSettings } from '../../../lib/db/repos/settings';
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

/** Stores events the way the background does and runs the rules on what was stored. */
async function ingest(events: ChatEvent[]): Promise<{ stored: Message[]; cases: Case[] }> {
  const { stored } = await ingestEvents(db, { site: 'demo', group: SERVICE, events }, clock);
  return { stored, cases: await moderation.evaluateStored(stored) };
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
});
afterEach(() => db.close());

describe('evaluateStored', () => {
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

describe('pending and decide', () => {
  // Different messages each time, so the repeat rule stays out of it.
  const CONTACTS = ['加我微信 abc12345', '有事打我电话 13812345678', '我的邮箱是 chen.q@example.com'];
  let n = 0;
  const contact = () => event({ text: CONTACTS[n++ % CONTACTS.length] as string });

  it('lists undecided suggestions newest first with the ladder climbing remind → warn → remove', async () => {
    await establish();
    const first = (await ingest([contact()])).cases[0] as Case;
    let pending = await moderation.pending(GROUP, 0);
    expect(pending.map((p) => [p.suggestion.id, p.action, p.step, p.activeWarnings])).toEqual([[first.id, 'remind', 1, 0]]);
    expect(pending[0]?.reasonZh).toBe(first.reasonZh);

    clock += MINUTE;
    await moderation.decide({ caseId: first.id, decision: 'applied', memberAction: 'remind', reason: '私下提醒', actor: '客服小美' });
    expect(await moderation.pending(GROUP, 0)).toEqual([]);

    const second = (await ingest([contact()])).cases[0] as Case;
    pending = await moderation.pending(GROUP, 0);
    expect(pending.map((p) => [p.suggestion.id, p.action, p.step, p.activeWarnings])).toEqual([[second.id, 'warn', 2, 1]]);

    clock += MINUTE;
    await moderation.decide({ caseId: second.id, decision: 'applied', memberAction: 'warn', reason: '', actor: '' });
    const third = (await ingest([contact()])).cases[0] as Case;
    clock += MINUTE;
    const fourth = (await ingest([event({ author: LI, text: '兼职日结' })])).cases;
    pending = await moderation.pending(GROUP, 0);
    // Newest first: 李娜's suggestion was recorded after 陈强's third.
    expect(pending.map((p) => p.suggestion.id)).toEqual([...fourth.map((c) => c.id), third.id]);
    expect(pending.find((p) => p.suggestion.id === third.id)).toMatchObject({ action: 'remove', step: 3, activeWarnings: 2 });
  });

  it('does not climb the ladder on dismissed suggestions', async () => {
    await establish();
    const first = (await ingest([contact()])).cases[0] as Case;
    await moderation.decide({ caseId: first.id, decision: 'dismissed', memberAction: 'warn', reason: '误报', actor: '' });
    await ingest([contact()]);
    expect((await moderation.pending(GROUP, 0)).map((p) => p.action)).toEqual(['remind']);
  });

  it('appends a decision that refers to the suggestion and refuses a second one', async () => {
    await establish();
    const suggestion = (await ingest([contact()])).cases[0] as Case;
    clock += MINUTE;
    const decision = await moderation.decide({ caseId: suggestion.id, decision: 'applied', memberAction: 'warn', reason: '已提醒', actor: '客服小美' });
    expect(decision).toMatchObject({
      kind: 'applied',
      refersTo: suggestion.id,
      at: clock,
      groupId: GROUP,
      memberId: 'demo:u-chen',
      messageId: suggestion.messageId,
      ruleId: 'contact-details',
      memberAction: 'warn',
      reason: '已提醒',
      actor: '客服小美',
      evidence: suggestion.evidence,
    });
    expect(decision.id).not.toBe(suggestion.id);
    // The suggestion itself is unchanged: the log is append-only.
    expect(await db.get('cases', suggestion.id)).toEqual(suggestion);

    await expect(moderation.decide({ caseId: suggestion.id, decision: 'dismissed', memberAction: 'none', reason: '', actor: '' })).rejects.toThrow(
      'already decided',
    );
    await expect(moderation.decide({ caseId: decision.id, decision: 'applied', memberAction: 'warn', reason: '', actor: '' })).rejects.toThrow('no suggestion');
    expect((await db.getAll('cases')).length).toBe(2);
  });

  it('records a dismissal with no member action', async () => {
    await establish();
    const suggestion = (await ingest([contact()])).cases[0] as Case;
    const decision = await moderation.decide({ caseId: suggestion.id, decision: 'dismissed', memberAction: 'warn', reason: '', actor: '' });
    expect(decision).toMatchObject({ kind: 'dismissed', refersTo: suggestion.id, memberAction: 'none' });
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

  it('reports compile errors of stored rules', async () => {
    await db.put('rules', { id: 'broken', name: '坏规则', category: 'custom', triggers: { regexes: [{ pattern: '(' }] } });
    await moderation.rulesChanged();
    expect(await moderation.compileErrors()).toEqual([expect.objectContaining({ ruleId: 'broken', field: 'triggers.regexes.0.pattern' })]);
  });
});

describe('warningRecords and ladderOf', () => {
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

  it('maps each ladder preset and the window from the settings', () => {
    expect(ladderOf(DEFAULT_SETTINGS)).toEqual({ steps: ['remind', 'warn', 'remove'], windowDays: 30 });
    expect(ladderOf({ ...DEFAULT_SETTINGS, ladder: 'warnThenRemove', warningWindowDays: 7 })).toEqual({ steps: ['warn', 'remove'], windowDays: 7 });
    expect(ladderOf({ ...DEFAULT_SETTINGS, ladder: 'removeAtOnce' }).steps).toEqual(['remove']);
    expect(ladderOf({ ...DEFAULT_SETTINGS, ladder: 'threeWarningsThenRemove' }).steps).toEqual(['warn', 'warn', 'warn', 'remove']);
    expect(ladderOf({ ...DEFAULT_SETTINGS, ladder: 'warnOnly' }).steps).toEqual(['warn']);
    // A copy: changing it does not change the preset.
    ladderOf(DEFAULT_SETTINGS).steps.push('mute');
    expect(ladderOf(DEFAULT_SETTINGS).steps).toEqual(['remind', 'warn', 'remove']);
  });

  it('pending follows the ladder chosen in the settings', async () => {
    await updateSettings(db, { ladder: 'removeAtOnce' });
    await establish();
    await ingest([event({ text: '加我微信 abc12345' })]);
    expect((await moderation.pending(GROUP, 0)).map((p) => p.action)).toEqual(['remove']);
  });
});
