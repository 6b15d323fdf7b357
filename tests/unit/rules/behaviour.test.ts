import type { RuleMessage } from '../../../lib/model/rule';
import { floodBurst, floodRate, isNewMember, localHour, outsideAllowedHours, repeats, similarity } from '../../../lib/rules/behaviour';

const T = Date.UTC(2026, 0, 1, 0, 0, 0);
const m = (id: string, sec: number, text = 'hello there'): RuleMessage => ({
  id,
  groupId: 'g',
  memberId: 'u',
  text,
  ts: T + sec * 1000,
  role: 'customer',
});

describe('behaviour', () => {
  it('flood rate counts messages inside the window only', () => {
    const recent = [m('a', 0), m('b', 5), m('c', 8)];
    expect(floodRate(recent, m('d', 9), { count: 4, windowSec: 10 })).toEqual(['a', 'b', 'c', 'd']);
    expect(floodRate(recent, m('d', 11), { count: 4, windowSec: 10 })).toBeNull();
  });

  it('flood burst stops at a pause', () => {
    const recent = [m('a', 0), m('b', 100), m('c', 105), m('d', 110)];
    expect(floodBurst(recent, m('e', 115), { count: 4, maxGapSec: 10 })).toEqual(['b', 'c', 'd', 'e']);
    expect(floodBurst(recent, m('e', 115), { count: 5, maxGapSec: 10 })).toBeNull();
  });

  it('one flood is one suggestion: the message that crosses the line fires, the rest of the burst does not', () => {
    const burst = Array.from({ length: 50 }, (_, i) => m(`b${i}`, i));
    const fired = (rule: (recent: RuleMessage[], current: RuleMessage) => string[] | null, messages: RuleMessage[]) =>
      messages.filter((current, i) => rule(messages.slice(0, i), current) !== null).map((x) => x.id);
    expect(fired((recent, current) => floodRate(recent, current, { count: 6, windowSec: 30 }), burst)).toEqual(['b5']);
    expect(fired((recent, current) => floodBurst(recent, current, { count: 8, maxGapSec: 10 }), burst)).toEqual(['b7']);
    // After a pause the member floods again: a second flood, a second suggestion.
    const again = [...burst, ...Array.from({ length: 10 }, (_, i) => m(`c${i}`, 500 + i))];
    expect(fired((recent, current) => floodRate(recent, current, { count: 6, windowSec: 30 }), again)).toEqual(['b5', 'c5']);
    expect(fired((recent, current) => floodBurst(recent, current, { count: 8, maxGapSec: 10 }), again)).toEqual(['b7', 'c7']);
    // Many messages in the same second (a chat that shows minutes only) still fire once.
    const sameSecond = Array.from({ length: 20 }, (_, i) => m(`s${i}`, 0));
    expect(fired((recent, current) => floodRate(recent, current, { count: 6, windowSec: 30 }), sameSecond)).toEqual(['s5']);
  });

  it('the repeat that reaches the count fires once; later copies in the window are the same breach', () => {
    const p = { count: 3, windowSec: 600, similarity: 0.85, minLength: 4 };
    const copies = Array.from({ length: 8 }, (_, i) => m(`r${i}`, i * 10, `领券啦 ${i} 全场五折快来抢购`));
    const fired = copies.filter((current, i) => repeats(copies.slice(0, i), current, p) !== null).map((x) => x.id);
    expect(fired).toEqual(['r2']);
  });

  it('repeats find the same or nearly the same text', () => {
    const p = { count: 3, windowSec: 600, similarity: 0.85, minLength: 4 };
    const recent = [m('a', 0, '全场五折快来抢购'), m('b', 30, '全 场 五 折 快来抢购！！')];
    expect(repeats(recent, m('c', 60, '全场五折快来抢购～'), p)).toEqual(['c', 'a', 'b']);
    expect(repeats(recent, m('c', 60, '请问什么时候发货'), p)).toBeNull();
    expect(repeats([m('a', 0, '好的'), m('b', 1, '好的')], m('c', 2, '好的'), p)).toBeNull();
    expect(similarity('abcdef', 'abcdef')).toBe(1);
  });

  it('repeats decide as the bigram Dice similarity says, on random near-copies (the sorted-bigram merge is exact)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    // Letters only (digits, punctuation and spaces are left out of repeat keys), few of them so
    // bigrams repeat, never one letter twice in a row (normalising shortens stretched letters).
    const text = () => {
      let out = '';
      for (let n = 4 + rand(20); out.length < n; ) {
        const letter = 'abcd'[rand(4)] as string;
        if (letter !== out.at(-1)) out += letter;
      }
      return out;
    };
    let agreed = 0;
    for (let i = 0; i < 3_000; i++) {
      const a = text();
      const b = rand(3) === 0 ? a : rand(2) === 0 ? `${a.slice(0, rand(a.length))}${text()}` : text();
      const threshold = [0.5, 0.7, 0.85, 0.95][rand(4)] as number;
      const fired = repeats([m('a', 0, a)], m('b', 1, b), { count: 2, windowSec: 600, similarity: threshold, minLength: 1 }) !== null;
      expect(fired).toBe(similarity(a, b) >= threshold);
      if (fired) agreed++;
    }
    // Both outcomes were exercised.
    expect(agreed).toBeGreaterThan(500);
    expect(agreed).toBeLessThan(2_500);
  });

  it('repeats over a stream: a text judged first as the current message and then as a recent one of later messages decides the same (its bigrams are kept)', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const text = () => {
      let out = '';
      for (let n = 6 + rand(14); out.length < n; ) {
        const letter = 'abcde'[rand(5)] as string;
        if (letter !== out.at(-1)) out += letter;
      }
      return out;
    };
    // Random texts, a third of them near-copies of an earlier one.
    const stream: RuleMessage[] = [];
    for (let i = 0; i < 400; i++) {
      const earlier = stream.length > 0 && rand(3) === 0 ? (stream[rand(stream.length)] as RuleMessage).text : null;
      let t = earlier ? earlier.slice(0, earlier.length - 1 - rand(3)) : text();
      // Never one letter twice in a row (normalising shortens stretched letters).
      if (earlier) for (const letter of 'abcde') if (letter !== t.at(-1) && rand(2) === 0) t += letter;
      stream.push(m(`s${i}`, i, t));
    }
    for (const threshold of [0.6, 0.85]) {
      const p = { count: 2, windowSec: 30, similarity: threshold, minLength: 1 };
      let fired = 0;
      stream.forEach((current, i) => {
        const recent = stream.slice(Math.max(0, i - 60), i);
        const similar = recent.filter((r) => r.ts > current.ts - 30_000 && similarity(r.text, current.text) >= threshold).length;
        const got = repeats(recent, current, p);
        expect(got !== null).toBe(similar === 1);
        if (got) fired++;
      });
      expect(fired).toBeGreaterThan(10);
    }
  });

  it('new member only from a join seen: within the window and the first few messages since', () => {
    const p = { firstMessages: 3, windowHours: 24 };
    expect(isNewMember([], m('a', 0), T - 3_600_000, p)).toBe(true);
    expect(isNewMember([], m('a', 0), T - 48 * 3_600_000, p)).toBe(false);
    // No join seen: the member was there before the extension looked, never new.
    expect(isNewMember([], m('a', 0), undefined, p)).toBe(false);
    expect(isNewMember([m('x', -5)], m('a', 0), undefined, p)).toBe(false);
    // Joined an hour ago but already posted the first few messages since: no longer new.
    expect(isNewMember([m('x', -9), m('y', -8), m('z', -7)], m('a', 0), T - 3_600_000, p)).toBe(false);
    expect(isNewMember([m('old', -7200), m('y', -8)], m('a', 0), T - 3_600_000, p)).toBe(true);
  });

  it('allowed hours with a timezone offset, wrapping past midnight', () => {
    expect(localHour(T, 480)).toBe(8);
    expect(outsideAllowedHours(T, { startHour: 9, endHour: 21, tzOffsetMinutes: 480 })).toBe(true);
    expect(outsideAllowedHours(T, { startHour: 8, endHour: 21, tzOffsetMinutes: 480 })).toBe(false);
    expect(outsideAllowedHours(T, { startHour: 22, endHour: 9, tzOffsetMinutes: 480 })).toBe(false);
    expect(outsideAllowedHours(T, { startHour: 0, endHour: 24, tzOffsetMinutes: 0 })).toBe(false);
  });
});
