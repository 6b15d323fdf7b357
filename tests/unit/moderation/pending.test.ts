import { isExpired, matchRemovals, matchSentMessages, normaliseSent, PENDING_WINDOW_MS, type PendingAction } from '../../../lib/moderation/pending';
import type { Message } from '../../../lib/model';

const T = Date.UTC(2026, 10, 28, 10);
const action = (over: Partial<PendingAction> = {}): PendingAction => ({
  id: 'p1',
  groupId: 'demo:g-service',
  memberId: 'demo:u-chen',
  messageId: 'demo:g-service:m1',
  step: 2,
  channel: 'public',
  outcome: 'none',
  memberAction: 'warn',
  weight: 1,
  categories: ['contact'],
  text: '@陈强 您的消息涉及「留联系方式」，现予以警告。',
  insertedAt: T,
  actor: '客服小美',
  reason: '',
  ...over,
});
let n = 0;
const message = (over: Partial<Message> = {}): Message => {
  n++;
  return {
    id: `demo:g-service:s${n}`,
    externalId: `s${n}`,
    groupId: 'demo:g-service',
    memberId: 'demo:staff-mei',
    authorName: '客服小美',
    kind: 'message',
    role: 'staff',
    text: '@陈强 您的消息涉及「留联系方式」，现予以警告。',
    ts: T + 30_000,
    readAt: T + 31_000,
    ...over,
  };
};

describe('matchSentMessages', () => {
  it('matches the staff message showing the inserted text in the same group', () => {
    const sent = message({ text: '  @陈强 您的消息涉及「留联系方式」，\n现予以警告。 ' });
    expect(matchSentMessages([action()], [message({ role: 'customer' }), sent])).toEqual([{ action: action(), message: sent }]);
  });

  it('does not match another text, another group, a customer, a join, or outside the window', () => {
    const none = [
      message({ text: '大家好' }),
      message({ groupId: 'demo:g-welfare' }),
      message({ role: 'customer' }),
      message({ kind: 'join' }),
      message({ ts: T - 5 * 60_000 }),
      message({ ts: T + PENDING_WINDOW_MS + 1 }),
    ];
    expect(matchSentMessages([action()], none)).toEqual([]);
  });

  it('a private step matches in the member DM (another conversation on the same site), never in the group', () => {
    const privately = action({ channel: 'private', step: 1 });
    const inGroup = message();
    const inDm = message({ groupId: 'demo:dm-u-chen' });
    const onOtherSite = message({ groupId: 'thelounge:net/#x' });
    expect(matchSentMessages([privately], [inGroup, onOtherSite])).toEqual([]);
    expect(matchSentMessages([privately], [inGroup, inDm])).toEqual([{ action: privately, message: inDm }]);
  });

  it('steps with an outcome or staff-only wait for staff to confirm', () => {
    expect(matchSentMessages([action({ outcome: 'remove' }), action({ id: 'p2', channel: 'staff' })], [message()])).toEqual([]);
  });

  it('one sent message completes one pending action', () => {
    const a = action();
    const b = action({ id: 'p2', messageId: 'demo:g-service:m2' });
    const sent = message();
    expect(matchSentMessages([a, b], [sent]).map((m) => m.action.id)).toEqual(['p1']);
  });
});

describe('matchSentMessages when staff edit the text before sending', () => {
  it('an edited reminder still completes its action', () => {
    const sent = message({ text: '@陈强 您好，您的消息涉及「留联系方式」，现予以警告，请撤回。' });
    expect(matchSentMessages([action()], [sent])).toEqual([{ action: action(), message: sent }]);
  });

  it('an unrelated staff message, or a short one, does not', () => {
    const unrelated = message({ text: '@陈强 您好，您的额度已经调整好了，请查收短信。' });
    const short = message({ text: '现予以警告' });
    expect(matchSentMessages([action()], [unrelated, short])).toEqual([]);
    const tiny = action({ text: '请撤回' });
    expect(matchSentMessages([tiny], [message({ text: '请 撤回' })])).toHaveLength(1);
    expect(matchSentMessages([tiny], [message({ text: '请撤回吧' })])).toEqual([]);
  });

  it('the same template for two members: each sent message completes its own member\'s action', () => {
    const chen = action();
    const li = action({ id: 'p2', memberId: 'demo:u-li', messageId: 'demo:g-service:m2', text: '@李娜 您的消息涉及「留联系方式」，现予以警告。' });
    // Li's warning sent first, edited; then Chen's exactly.
    const toLi = message({ text: '@李娜 您的消息涉及「留联系方式」，现予以警告！' });
    const toChen = message({ text: chen.text, ts: T + 60_000 });
    const matched = matchSentMessages([chen, li], [toLi, toChen]).map((m) => [m.action.id, m.message.id]);
    expect(matched.sort()).toEqual([
      ['p1', toChen.id],
      ['p2', toLi.id],
    ]);
    // Only Li's was sent: Chen's action stays pending.
    expect(matchSentMessages([chen, li], [toLi]).map((m) => m.action.id)).toEqual(['p2']);
  });
});

describe('normaliseSent and isExpired', () => {
  it('folds width, case and whitespace', () => {
    expect(normaliseSent(' Hello\n  WORLD，ok ')).toBe(normaliseSent('hello world,ok'));
  });
  it('expires after the window', () => {
    expect(isExpired(action(), T + PENDING_WINDOW_MS)).toBe(false);
    expect(isExpired(action(), T + PENDING_WINDOW_MS + 1)).toBe(true);
  });
});

describe('matchRemovals', () => {
  const removal = (over: Partial<PendingAction> = {}) => action({ id: 'r1', step: 3, outcome: 'remove', memberAction: 'remove', ...over });
  const kick = (over: Partial<Message> = {}) => message({ kind: 'kick', role: 'customer', memberId: 'demo:u-chen', authorName: '陈强', text: '', ...over });

  it('a kick of the member in that group, after the insert, completes the removal step', () => {
    const seen = kick();
    expect(matchRemovals([removal()], [message(), seen])).toEqual([{ action: removal(), message: seen }]);
  });

  it('not a leave, not another member, another group, a step without removal, or outside the window', () => {
    const none = [
      kick({ kind: 'leave' }),
      kick({ memberId: 'demo:u-li' }),
      kick({ groupId: 'demo:g-welfare' }),
      kick({ ts: T - 5 * 60_000 }),
      kick({ ts: T + PENDING_WINDOW_MS + 1 }),
    ];
    expect(matchRemovals([removal()], none)).toEqual([]);
    expect(matchRemovals([removal({ outcome: 'mute', memberAction: 'mute' }), action()], [kick()])).toEqual([]);
  });

  it('one kick completes one action', () => {
    const seen = kick();
    const twice = [removal({ id: 'r1' }), removal({ id: 'r2', messageId: 'demo:g-service:m2' })];
    expect(matchRemovals(twice, [seen])).toHaveLength(1);
  });
});
