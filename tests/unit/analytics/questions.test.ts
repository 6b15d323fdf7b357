import { parseBusinessHours } from '../../../lib/analytics/business-hours';
import { DEFAULT_HEALTH_CONFIG } from '../../../lib/analytics/health-config';
import { buildQuestions, type Question, QuestionTracker, SKEW_TOLERANCE_MS, waitingLevel } from '../../../lib/analytics/questions';
import { findUnanswered } from '../../../lib/analytics/unanswered';
import type { Message } from '../../../lib/model';
import { MINUTE, message, T0 } from '../db/records';

let seq = 0;
const say = (author: { id: string; name: string }, text: string, minute: number, over: Partial<Message> = {}): Message => {
  seq++;
  return message({
    id: `demo:g:m-${seq}`,
    externalId: `m-${seq}`,
    memberId: author.id,
    authorName: author.name,
    role: author.id.startsWith('demo:staff') ? 'staff' : 'customer',
    text,
    ts: T0 + minute * MINUTE,
    readAt: T0 + minute * MINUTE,
    ...over,
  });
};
const CHEN = { id: 'demo:u-chen', name: '陈强' };
const LI = { id: 'demo:u-li', name: '李娜' };
const WANG = { id: 'demo:u-wang', name: 'Wang Fang' };
const MEI = { id: 'demo:staff-mei', name: '客服小美' };
const BOT = { id: 'demo:bot', name: 'Helper bot' };
const HOUR = 60 * MINUTE;

const summary = (qs: Question[]) => qs.map((q) => [q.message.text, q.end, q.responseMs === null ? null : q.responseMs / MINUTE]);

describe('buildQuestions', () => {
  it('one staff reply naming two customers answers one question of each', () => {
    const qs = buildQuestions(
      [say(CHEN, '年费怎么算？', 0), say(CHEN, '分期呢？', 1), say(LI, '提额要多久？', 2), say(MEI, '@陈强 @李娜 请看置顶公告', 6)],
      { now: T0 + 10 * MINUTE },
    );
    // Nothing in the reply says which of 陈强's questions it is about: the latest, the one on screen.
    expect(summary(qs)).toEqual([
      ['年费怎么算？', null, null],
      ['分期呢？', 'staff', 5],
      ['提额要多久？', 'staff', 4],
    ]);
  });

  it('a mention answers the question of that member the reply is about', () => {
    const messages = [say(CHEN, '年费怎么算？', 0), say(CHEN, '分期手续费多少？', 1), say(CHEN, '积分能换什么？', 2)];
    expect(summary(buildQuestions([...messages, say(MEI, '@陈强 年费刷满 6 次免', 3)], { now: T0 + 5 * MINUTE })).map((q) => q[1])).toEqual(['staff', null, null]);
    expect(summary(buildQuestions([...messages, say(MEI, '@陈强 分期手续费每期 0.6%', 3)], { now: T0 + 5 * MINUTE })).map((q) => q[1])).toEqual([null, 'staff', null]);
  });

  it('a quote answers the quoted question, not the asker’s oldest', () => {
    const qs = buildQuestions([say(CHEN, '年费怎么算？', 0), say(CHEN, '分期手续费多少？', 1), say(MEI, '「分期手续费多少？」 0.6% 每期', 3)], { now: T0 + 5 * MINUTE });
    expect(summary(qs)).toEqual([
      ['年费怎么算？', null, null],
      ['分期手续费多少？', 'staff', 2],
    ]);
  });

  it('another member answering ends the question as answered by a member, and is not a question itself', () => {
    const qs = buildQuestions([say(WANG, 'how do I raise my limit?', 0), say(LI, '@Wang Fang 在 App 里点"提额"就行', 2), say(MEI, '好的', 3)], {
      now: T0 + 5 * MINUTE,
      config: { ...DEFAULT_HEALTH_CONFIG, nextStaffMessageAnswers: true },
    });
    expect(summary(qs)).toEqual([['how do I raise my limit?', 'member', 2]]);
  });

  it('without "next staff message", a reply naming nobody answers nothing', () => {
    const messages = [say(CHEN, '年费怎么算？', 0), say(MEI, '刷满 6 次免年费', 1)];
    expect(buildQuestions(messages, { now: T0 + 2 * MINUTE })[0]?.end).toBe('staff');
    expect(buildQuestions(messages, { now: T0 + 2 * MINUTE, config: { ...DEFAULT_HEALTH_CONFIG, nextStaffMessageAnswers: false } })[0]?.end).toBeNull();
  });

  it('staff, bots, unknown authors, flagged messages and marked non-questions never open one', () => {
    const insult = say(CHEN, '你们是不是骗子？', 1);
    const aside = say(LI, '有人吗？', 2);
    const qs = buildQuestions(
      [say(MEI, '还有什么问题吗？', 0), insult, aside, say(BOT, 'Did you know?', 3, { role: 'unknown' }), say(WANG, 'what is the fee?', 4)],
      { now: T0 + 5 * MINUTE, flagged: new Set([insult.id]), marks: new Map([[aside.id, { mark: 'not-question' as const, at: T0 + 3 * MINUTE }]]) },
    );
    expect(summary(qs)).toEqual([['what is the fee?', null, null]]);
  });

  it('"mark answered" closes only that question, at the time it was marked', () => {
    const first = say(CHEN, '年费怎么算？', 0);
    const qs = buildQuestions([first, say(CHEN, '分期呢？', 1)], { now: T0 + 9 * MINUTE, marks: new Map([[first.id, { mark: 'answered' as const, at: T0 + 8 * MINUTE }]]) });
    expect(qs.map((q) => [q.end, q.endedAt])).toEqual([
      ['marked', T0 + 8 * MINUTE],
      [null, null],
    ]);
  });

  it('every customer message opens a question when the group is set so', () => {
    const messages = [say(CHEN, '我的卡被冻结了', 0)];
    expect(buildQuestions(messages, { now: T0 })).toHaveLength(0);
    expect(buildQuestions(messages, { now: T0, config: { ...DEFAULT_HEALTH_CONFIG, everyMessageIsQuestion: true } })).toHaveLength(1);
  });

  it('a question open past the limit ends as never answered, at the limit', () => {
    const config = { ...DEFAULT_HEALTH_CONFIG, neverAfterHours: 2 };
    const qs = buildQuestions([say(CHEN, '年费怎么算？', 0), say(MEI, '@陈强 刷满 6 次免', 3 * 60)], { now: T0 + 4 * HOUR, config });
    expect(qs.map((q) => [q.end, q.endedAt])).toEqual([['never', T0 + 2 * HOUR]]);
    expect(buildQuestions([say(CHEN, '年费怎么算？', 0)], { now: T0 + HOUR, config })[0]?.end).toBeNull();
  });

  it('among many open questions, each runs out at its own limit: a later reply naming the asker does not answer it', () => {
    // 50 askers, a question every 10 minutes, a 1-hour limit; then staff name the first and the last.
    const config = { ...DEFAULT_HEALTH_CONFIG, neverAfterHours: 1 };
    const asker = (i: number) => ({ id: `demo:u-${i}`, name: `会员${i}号` });
    const asks = Array.from({ length: 50 }, (_, i) => say(asker(i), `第 ${i} 个问题怎么办？`, i * 10));
    const qs = buildQuestions([...asks, say(MEI, '@会员0号 @会员49号 已处理', 500)], { now: T0 + 505 * MINUTE, config });
    expect(qs).toHaveLength(50);
    const byAsker = (i: number) => qs.find((q) => q.message.memberId === asker(i).id);
    expect([byAsker(0)?.end, byAsker(0)?.endedAt]).toEqual(['never', T0 + 60 * MINUTE]);
    expect([byAsker(49)?.end, byAsker(49)?.endedAt]).toEqual(['staff', T0 + 500 * MINUTE]);
    expect(qs.filter((q) => q.end === null).map((q) => q.message.memberId)).toEqual([45, 46, 47, 48].map((i) => asker(i).id));
  });

  it('a restored state whose open questions are out of time order still lets each run out at its limit', () => {
    const config = { ...DEFAULT_HEALTH_CONFIG, neverAfterHours: 1 };
    const older = say(CHEN, '年费怎么算？', 0);
    const newer = say(LI, '提额要多久？', 50);
    const state = { lastTs: newer.ts, lastReadAt: newer.readAt, open: [newer, older].map((message) => ({ message, followUp: false })), sinceLastStaff: [], names: [[CHEN.id, '陈强'], [LI.id, '李娜']] as Array<[string, string]>, lastAnsweredAt: [], recentReplies: [], repliedTo: [] };
    const tracker = new QuestionTracker({ config }, state);
    tracker.feed(say(MEI, '@陈强 @李娜 已处理', 70));
    const ended = tracker.takeTouched(T0 + 75 * MINUTE);
    expect(ended.map((q) => [q.message.memberId, q.end])).toEqual(expect.arrayContaining([[CHEN.id, 'never'], [LI.id, 'staff']]));
  });

  it('a question asked again after an answer is a follow-up, timed as next response', () => {
    const qs = buildQuestions([say(CHEN, '年费怎么算？', 0), say(MEI, '@陈强 刷满 6 次免', 2), say(CHEN, '那我这个月刷了 5 次怎么办？', 10), say(MEI, '@陈强 再刷一次即可', 13)], {
      now: T0 + 20 * MINUTE,
    });
    expect(qs.map((q) => [q.followUp, q.end, (q.responseMs ?? 0) / MINUTE])).toEqual([
      [false, 'staff', 2],
      [true, 'staff', 3],
    ]);
  });

  it('a reply time-stamped just before the question (clock skew) still answers it, in zero time', () => {
    const reply = say(MEI, '@陈强 已为您处理', 0);
    const question = say(CHEN, '我的退款到了吗？', 0, { ts: T0 + SKEW_TOLERANCE_MS / 2 });
    const qs = buildQuestions([question, reply], { now: T0 + 5 * MINUTE });
    expect(qs.map((q) => [q.end, q.responseMs])).toEqual([['staff', 0]]);
    // Far outside the tolerance, an older reply answers nothing.
    const late = say(CHEN, '我的退款到了吗？', 10);
    expect(buildQuestions([reply, late], { now: T0 + 12 * MINUTE })[0]?.end).toBeNull();
  });

  it('the asker leaving ends their questions', () => {
    const qs = buildQuestions([say(CHEN, '年费怎么算？', 0), say(CHEN, '', 1, { kind: 'leave' })], { now: T0 + 5 * MINUTE });
    expect(qs[0]?.end).toBe('left');
  });

  it('business-time response figures leave out closed hours', () => {
    // T0 is 09:00 UTC on Sunday 1 Nov 2026; hours Mon 09:00-18:00 UTC.
    const hours = parseBusinessHours({ timeZone: 'UTC', days: { mon: '09:00-18:00' } });
    const qs = buildQuestions([say(CHEN, 'weekend question?', 0), say(MEI, '@陈强 answered Monday', 25 * 60)], { now: T0 + 26 * HOUR, hours, config: { ...DEFAULT_HEALTH_CONFIG, neverAfterHours: 48 } });
    expect(qs.map((q) => [q.responseMs, q.businessResponseMs])).toEqual([[25 * HOUR, HOUR]]);
  });
});

describe('waiting list', () => {
  it('turns amber at half the target and red past it', () => {
    expect([0, 2.4, 2.5, 5, 5.01].map((m) => waitingLevel(m * MINUTE, 5 * MINUTE))).toEqual(['ok', 'ok', 'due', 'due', 'missed']);
  });

  it('times waits in business hours when the group has them', () => {
    const hours = parseBusinessHours({ timeZone: 'UTC', days: { sun: '09:00-09:02' } });
    const [item] = findUnanswered([say(CHEN, '年费怎么算？', 0)], { now: T0 + 30 * MINUTE, hours });
    expect(item).toMatchObject({ waitingMs: 30 * MINUTE, businessWaitingMs: 2 * MINUTE, level: 'ok', clockRunning: false });
  });
});
