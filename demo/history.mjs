import { mulberry32 } from '../scripts/seeded-random.mjs';
// A week of back-dated conversation for the demo's first start, so the group-health
// dashboard has something to show. Deterministic (seeded), so every first start is the same.

const QUESTIONS = [
  ['账单日可以修改吗？', '可以的，在 App「账单设置」里每年可改一次。'],
  ['年费怎么收？', '普卡刷满 6 次免次年年费。'],
  ['境外消费有手续费吗？', '境外消费收 1.5% 货币转换费。'],
  ['积分多久过期？', '积分有效期为 3 年。'],
  ['分期可以提前还款吗？', '可以，提前还款不收剩余手续费。'],
  ['临时额度到期后怎么办？', '到期后自动恢复原额度，不影响征信。'],
  ['How do I activate my new card?', 'Open the app, go to Cards and tap Activate.'],
  ['Is there a fee for cash withdrawal?', 'Cash withdrawal costs 1% (minimum 10 CNY).'],
  ['When is the cashback credited?', 'Within 15 working days after the statement date.'],
  ['卡丢了怎么挂失？', '请立即在 App 里点「挂失」，或拨打客服热线。'],
  ['自动还款设置在哪里？', '在 App「还款」页面可以设置自动还款。'],
  ['What is the minimum payment?', 'The minimum payment is 10% of the statement balance.'],
];
const CHATTER = ['谢谢！', '好的，明白了', 'Thanks!', '收到', '大家早上好', 'Great, thank you'];
const PEER_ANSWERS = ['我之前问过，', 'I had the same question: ', '我知道这个，'];


/**
 * Entries `{kind, user, text, ts}` for the week before `start`, oldest first: questions
 * answered by staff after a realistic delay (mostly minutes, sometimes hours), answered by
 * another member, follow-ups, never answered, joins and leaves.
 */
export function weekOfHistory({ start, groupId, customers, staff, perDay }) {
  const random = mulberry32([...groupId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const entries = [];
  const say = (user, text, ts) => entries.push({ kind: 'message', user, text, ts });
  const delay = () => {
    const r = random();
    if (r < 0.45) return (0.3 + random() * 4) * 60_000;
    if (r < 0.8) return (5 + random() * 20) * 60_000;
    if (r < 0.95) return (30 + random() * 90) * 60_000;
    return (3 + random() * 5) * 3_600_000;
  };
  const dayStart = new Date(start);
  dayStart.setHours(0, 0, 0, 0);
  for (let day = 7; day >= 1; day--) {
    const midnight = new Date(dayStart);
    midnight.setDate(midnight.getDate() - day);
    const base = midnight.getTime();
    if (random() < 0.5) entries.push({ kind: 'join', user: pick(customers), ts: base + (9 + random() * 3) * 3_600_000 });
    for (let i = 0; i < perDay; i++) {
      // Most questions in the working day, a few late in the evening.
      const hour = random() < 0.85 ? 9 + random() * 11 : 21 + random() * 2.5;
      const asked = base + hour * 3_600_000;
      const asker = pick(customers);
      const [question, answer] = pick(QUESTIONS);
      const askerName = asker.name;
      say(asker.id, question, asked);
      const outcome = random();
      if (outcome < 0.68) {
        const replied = asked + delay();
        say(pick(staff), `@${askerName} ${answer}`, replied);
        if (random() < 0.4) say(asker.id, pick(CHATTER), replied + 60_000);
        if (random() < 0.15) {
          const again = replied + (2 + random() * 10) * 60_000;
          say(asker.id, '那如果逾期了会怎样？', again);
          say(pick(staff), `@${askerName} 逾期会收取违约金，请按时还款。`, again + delay() / 2);
        }
      } else if (outcome < 0.8) {
        const peer = pick(customers.filter((c) => c.id !== asker.id));
        say(peer.id, `@${askerName} ${pick(PEER_ANSWERS)}${answer}`, asked + (1 + random() * 15) * 60_000);
      } else if (random() < 0.5) {
        say(pick(customers).id, pick(CHATTER), asked + random() * 30 * 60_000);
      }
    }
    if (random() < 0.3) entries.push({ kind: 'leave', user: pick(customers), ts: base + (18 + random() * 3) * 3_600_000 });
  }
  const latest = start - 2 * 3_600_000;
  return entries
    .filter((e) => e.ts < latest)
    .sort((a, b) => a.ts - b.ts)
    .map((e) => ({ ...e, ts: Math.round(e.ts), user: typeof e.user === 'object' ? e.user.id : e.user }));
}
