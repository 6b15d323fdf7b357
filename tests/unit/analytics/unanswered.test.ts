import { DEFAULT_SLA_MS, findUnanswered, isQuestion } from '../../../lib/analytics/unanswered';
import type { Message } from '../../../lib/model';
import { MINUTE, message, T0 } from '../db/records';

describe('isQuestion', () => {
  it.each([
    '请问年费怎么算',
    '年费怎么还扣了？',
    '我的卡能不能提额',
    '有没有人在',
    '这个是不是要收费',
    '账单日是几号',
    '分期手续费多少',
    '可以退吗',
    '客服呢',
    'How do I change my billing date',
    'is the cashback credited yet',
    'my card was declined?',
    'any update on my refund',
    // Requests and complaints wait for staff too.
    '我的订单号 202611230045 一直没到账，查一下',
    '麻烦帮我催一下发货',
    '快递还没到，已经五天了',
    '退款到现在都没收到',
    'please check my order 4471',
    "I still haven't received my parcel",
    'the refund has not arrived yet, I need help',
  ])('%s is a question', (text) => {
    expect(isQuestion(text)).toBe(true);
  });

  it.each(['好的谢谢', '收到', '谢谢客服', '我已经还款了。', 'ok thanks', 'Got it, thank you', '吗', '', '   ', '谢谢帮忙', '麻烦了，谢谢', '大家看一下这个表情包', '已经收到了，谢谢', 'thanks for the help', 'it arrived today, thank you'])('%j is not a question', (text) => {
    expect(isQuestion(text)).toBe(false);
  });
});

let seq = 0;
const say = (author: { id: string; name: string }, text: string, minute: number, over: Partial<Message> = {}): Message => {
  seq++;
  return message({
    id: `demo:g-service:m-${seq}`,
    externalId: `m-${seq}`,
    memberId: author.id,
    authorName: author.name,
    role: author.id.startsWith('demo:staff') ? 'staff' : 'customer',
    text,
    ts: T0 + minute * MINUTE,
    ...over,
  });
};
const CHEN = { id: 'demo:u-chen', name: '陈强' };
const LI = { id: 'demo:u-li', name: '李娜' };
const WANG = { id: 'demo:u-wang', name: 'Wang Fang' };
const MEI = { id: 'demo:staff-mei', name: '客服小美' };
const NOW = T0 + 30 * MINUTE;
const texts = (messages: Message[], options = { now: NOW }) => findUnanswered(messages, options).map((q) => q.message.text);

describe('findUnanswered', () => {
  it('lists open customer questions oldest first, ignoring statements', () => {
    expect(texts([say(LI, '请问年费怎么算？', 2), say(CHEN, '好的谢谢', 3), say(CHEN, '分期手续费多少', 1)])).toEqual(['分期手续费多少', '请问年费怎么算？']);
  });

  it('a staff message naming a member answers that member only, one question at a time', () => {
    const messages = [say(CHEN, '请问年费怎么算？', 1), say(CHEN, '还有分期呢？', 2), say(LI, '提额要多久？', 3), say(MEI, '@陈强 年费刷满 6 次免', 4)];
    // Answering the annual-fee question leaves 陈强's instalment question waiting.
    expect(texts(messages)).toEqual(['还有分期呢？', '提额要多久？']);
    expect(texts([...messages, say(MEI, '@陈强 分期手续费 0.6%', 5)])).toEqual(['提额要多久？']);
  });

  it('matches names case-insensitively', () => {
    expect(texts([say(WANG, 'how do I raise my limit?', 1), say(LI, '提额要多久？', 2), say(MEI, '@wang fang via the app', 3)])).toEqual(['提额要多久？']);
  });

  it('a staff message naming nobody answers the latest asker', () => {
    const messages = [say(CHEN, '请问年费怎么算？', 1), say(LI, '提额要多久？', 2), say(MEI, '一般 3 个工作日', 3)];
    expect(texts(messages)).toEqual(['请问年费怎么算？']);
    // A second reply in a row answers no one else.
    expect(texts([...messages, say(MEI, '还有别的问题吗', 4)])).toEqual(['请问年费怎么算？']);
  });

  it('drops the questions of a member who left or was removed', () => {
    const messages = [
      say(CHEN, '请问年费怎么算？', 1),
      say(LI, '提额要多久？', 2),
      say(CHEN, '', 3, { kind: 'leave' }),
      say(LI, '', 4, { kind: 'kick' }),
      say(WANG, 'any update?', 5),
    ];
    expect(texts(messages)).toEqual(['any update?']);
  });

  it('reports how long each question has waited and whether it is past the SLA', () => {
    const messages = [say(CHEN, '请问年费怎么算？', 10), say(LI, '提额要多久？', 27)];
    expect(findUnanswered(messages, { now: NOW, slaMs: 5 * MINUTE }).map((q) => [q.waitingMs, q.overdue])).toEqual([
      [20 * MINUTE, true],
      [3 * MINUTE, false],
    ]);
    expect(findUnanswered(messages, { now: NOW, slaMs: 20 * MINUTE }).map((q) => q.overdue)).toEqual([false, false]);
    expect(findUnanswered(messages, { now: NOW }).map((q) => q.overdue)).toEqual([20 * MINUTE > DEFAULT_SLA_MS, false]);
    // A clock behind the message never gives a negative wait.
    expect(findUnanswered(messages, { now: T0 }).map((q) => q.waitingMs)).toEqual([0, 0]);
  });
});
