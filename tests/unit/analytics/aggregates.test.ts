import {
  applyContribution,
  binOf,
  contributionOf,
  createLocalClock,
  emptyBucket,
  HOUR_MESSAGES,
  histogramAdd,
  histogramPercentile,
  mergeInto,
  valueOfBin,
} from '../../../lib/analytics/aggregates';
import { DEFAULT_HEALTH_CONFIG } from '../../../lib/analytics/health-config';
import { buildQuestions, type Question, QuestionTracker } from '../../../lib/analytics/questions';
import { aggregateGroup } from '../../../lib/db/repos/aggregates';
import type { DayBucket } from '../../../lib/analytics/aggregates';
import type { Message } from '../../../lib/model';
import { MINUTE, message, T0 } from '../db/records';
import { mulberry32 } from '../../../scripts/seeded-random.mjs';

const HOUR = 60 * MINUTE;

const rng = mulberry32;

/** A busy group: questions, replies naming the asker or nobody, answers by members, chatter, leaves. */
function stream(seed: number, count: number): Message[] {
  const random = rng(seed);
  const out: Message[] = [];
  let ts = T0;
  for (let i = 0; i < count; i++) {
    ts += Math.floor(random() * 20 * MINUTE);
    const c = Math.floor(random() * 12);
    const r = random();
    const base = { id: `demo:g:m-${seed}-${i}`, externalId: `m-${i}`, ts, readAt: ts };
    if (r < 0.35) out.push(message({ ...base, memberId: `demo:u-${c}`, authorName: `客户${c}号`, role: 'customer', text: ['请问年费怎么算？', '账单日可以改吗？', 'How do I pay?'][i % 3] as string }));
    else if (r < 0.6) {
      const named = random() < 0.6 ? `@客户${c}号 ` : '';
      out.push(message({ ...base, memberId: `demo:staff-${c % 3}`, authorName: `客服${c % 3}`, role: 'staff', text: `${named}已为您处理` }));
    } else if (r < 0.68) out.push(message({ ...base, memberId: `demo:u-${(c + 1) % 12}`, authorName: `客户${(c + 1) % 12}号`, role: 'customer', text: `@客户${c}号 App 里能改` }));
    else if (r < 0.7) out.push(message({ ...base, memberId: `demo:u-${c}`, authorName: `客户${c}号`, role: 'customer', kind: 'leave', text: '' }));
    else out.push(message({ ...base, memberId: `demo:u-${c}`, authorName: `客户${c}号`, role: 'customer', text: '谢谢' }));
  }
  return out;
}

const outcome = (qs: readonly Question[]) => qs.map((q) => [q.message.id, q.end, q.responseMs, q.followUp, q.answer?.id ?? null]);

describe('question tracker', () => {
  it('fed batch by batch through its stored state, ends every question as one pass over all messages does', () => {
    for (const seed of [1, 2, 3]) {
      const messages = stream(seed, 600);
      const now = (messages.at(-1) as Message).ts + HOUR;
      const whole = buildQuestions(messages, { now });
      const byId = new Map<string, Question>();
      let state: ReturnType<QuestionTracker['state']> | undefined;
      for (let i = 0; i < messages.length; i += 37) {
        // The state goes through structured clone, as it does through IndexedDB.
        const tracker = new QuestionTracker({}, state ? structuredClone(state) : undefined);
        for (const m of messages.slice(i, i + 37)) {
          expect(tracker.accepts(m)).toBe(true);
          tracker.feed(m);
        }
        for (const q of tracker.takeTouched(now)) byId.set(q.message.id, q);
        state = tracker.state();
      }
      const pieced = [...byId.values()].sort((a, b) => a.message.ts - b.message.ts);
      expect(outcome(pieced)).toEqual(outcome(whole));
    }
  });

  it('refuses a message older than where it stopped (history loaded later is recounted instead)', () => {
    const [a, b] = stream(4, 2) as [Message, Message];
    const tracker = new QuestionTracker({});
    tracker.feed(b);
    expect(tracker.accepts(a)).toBe(false);
    expect(tracker.accepts({ ...b, readAt: b.readAt + 1 })).toBe(true);
  });

  it('keeps state small: only open questions and replies within the skew window', () => {
    const messages = stream(5, 2_000);
    const tracker = new QuestionTracker({});
    for (const m of messages) tracker.feed(m);
    const state = tracker.state();
    expect(state.open.length).toBe(tracker.openAt(state.lastTs).length + state.open.filter((q) => q.message.ts + DEFAULT_HEALTH_CONFIG.neverAfterHours * HOUR <= state.lastTs).length);
    expect(state.open.length).toBeLessThan(40);
    expect(state.recentReplies.every((r) => r.ts >= state.lastTs - MINUTE)).toBe(true);
  });
});

describe('response-time histograms', () => {
  it('are exact to the second below an hour and within 0.5 % beyond', () => {
    expect(valueOfBin(binOf(3 * MINUTE))).toBe(3 * MINUTE);
    expect(valueOfBin(binOf(59 * MINUTE + 59_999))).toBe(59 * MINUTE + 59_000);
    for (const ms of [HOUR, 1.5 * HOUR, 4 * HOUR - 1, 23 * HOUR, 30 * 24 * HOUR]) {
      expect(Math.abs(valueOfBin(binOf(ms)) - ms) / ms).toBeLessThan(0.005 + 1e-9);
    }
  });

  it('add and take out, and give nearest-rank percentiles', () => {
    const hist: number[] = [];
    for (const m of [5, 1, 3, 3, 2]) histogramAdd(hist, m * MINUTE, 1);
    histogramAdd(hist, 2 * MINUTE, -1);
    expect(hist).toEqual([60, 1, 180, 2, 300, 1]);
    const total = new Map<number, number>();
    mergeInto(total, hist);
    mergeInto(total, [180, 1]);
    expect(histogramPercentile(total, 0.5)).toBe(3 * MINUTE);
    expect(histogramPercentile(total, 0.9)).toBe(5 * MINUTE);
    expect(histogramPercentile(new Map(), 0.5)).toBeNull();
  });

  it('a contribution taken out leaves the day as it was', () => {
    const [q] = buildQuestions(
      [
        message({ id: 'a', memberId: 'demo:u-1', authorName: '客户一', role: 'customer', text: '年费怎么算？', ts: T0, readAt: T0 }),
        message({ id: 'b', memberId: 'demo:staff-1', authorName: '客服', role: 'staff', text: '@客户一 免年费', ts: T0 + 7 * MINUTE, readAt: T0 + 7 * MINUTE }),
      ],
      { now: T0 + HOUR },
    ) as [Question];
    const day = emptyBucket('2026-11-01', 6, 'Asia/Shanghai');
    const c = contributionOf(q, 17, 5 * 60_000);
    applyContribution(day, c, 1);
    expect(day.q.first.misses).toBe(1);
    expect(day.q.byStaff.客服?.buckets).toEqual([0, 0, 1, 0, 0, 0, 0]);
    applyContribution(day, c, -1);
    expect(day).toEqual(emptyBucket('2026-11-01', 6, 'Asia/Shanghai'));
  });
});

describe('days in the group’s time zone', () => {
  const at = (iso: string, id: string, text = '你好'): Message => message({ id, externalId: id, memberId: 'demo:u-1', authorName: '客户一', role: 'customer', text, ts: Date.parse(iso), readAt: Date.parse(iso) });
  const days = (zone: string, messages: Message[]) =>
    aggregateGroup('demo:g', messages, { config: DEFAULT_HEALTH_CONFIG, hours: null, timeZone: zone }, Date.parse('2027-01-01T00:00:00Z'))
      .filter((r) => r.key.startsWith('d|'))
      .map((r) => r.data as DayBucket);
  const hoursOf = (day: DayBucket) => day.hours.slice(HOUR_MESSAGES, HOUR_MESSAGES + 24).flatMap((n, h) => Array.from({ length: n }, () => h));

  it('one instant falls on different dates in different groups', () => {
    const m = at('2026-11-02T02:30:00Z', 'x');
    expect(days('Asia/Shanghai', [m]).map((d) => [d.date, hoursOf(d)])).toEqual([['2026-11-02', [10]]]);
    expect(days('America/New_York', [m]).map((d) => [d.date, hoursOf(d)])).toEqual([['2026-11-01', [21]]]);
  });

  it('spring forward: 01:59 and 03:00 local are a minute apart and the day has no 02:00 hour', () => {
    // 2026-03-08 in New York: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    const d = days('America/New_York', [at('2026-03-08T06:59:00Z', 'a'), at('2026-03-08T07:00:00Z', 'b'), at('2026-03-09T03:59:00Z', 'c')]);
    expect(d.map((x) => [x.date, x.weekday, hoursOf(x)])).toEqual([['2026-03-08', 6, [1, 3, 23]]]);
  });

  it('fall back: both 01:30s count in hour 1 of the same day', () => {
    // 2026-11-01 in New York: 02:00 EDT becomes 01:00 EST (06:00 UTC).
    const d = days('America/New_York', [at('2026-11-01T05:30:00Z', 'a'), at('2026-11-01T06:30:00Z', 'b'), at('2026-11-02T04:59:00Z', 'c')]);
    expect(d.map((x) => [x.date, hoursOf(x)])).toEqual([['2026-11-01', [1, 1, 23]]]);
  });

  it('the local clock caches quarter hours without mixing zones offset by 45 minutes', () => {
    const clock = createLocalClock('Asia/Kathmandu');
    expect(clock(Date.parse('2026-11-01T18:14:59Z'))).toMatchObject({ date: '2026-11-01', hour: 23 });
    expect(clock(Date.parse('2026-11-01T18:15:00Z'))).toMatchObject({ date: '2026-11-02', hour: 0 });
  });
});
