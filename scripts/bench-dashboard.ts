/**
 * Dashboard open time and aggregate update cost, side by side in one process with named baselines.
 *
 *   npm run bench:dashboard
 *
 * Data: 1,000,000 generated messages across 50 groups over 365 days (seeded: the same every
 * run), with questions, staff replies after varied delays, answers by other members and chatter.
 *
 *   - open (ours):           the dashboard's getDashboard over day aggregates of those messages,
 *                            read from IndexedDB (fake-indexeddb in Node), all 50 groups,
 *                            last 30 days and last 365 days.
 *   - open (raw-messages):   the same figures computed from the raw messages of the range
 *                            (questions rebuilt, then counted), with the messages already in
 *                            memory: reading them from IndexedDB would only add to it.
 *   - update (ours):         ingest of 6,000 messages of one busy group through ingestBatch
 *                            with the aggregate step, per ingested message: live batches of
 *                            100 and of 1,000 (each newer than the last), and history
 *                            batches of 100 (each older than the last, as a chat scrolled back);
 *   - update (no-aggregates): the same batches without the step, alternating with ours.
 *
 * The messages store is not filled with the million messages (that alone takes minutes in
 * fake-indexeddb); opening reads only day records and the store's count, which is taken as
 * it is. In Node, fake-indexeddb's structured clone of each day record dominates the open
 * time; Chromium's IndexedDB deserialises natively. The last line printed is one JSON
 * object with the figures.
 */
import 'fake-indexeddb/auto';
import { AGGREGATE_VERSION, createLocalClock, type DayBucket } from '../lib/analytics/aggregates';
import { zonedInstant } from '../lib/analytics/business-hours';
import { type GroupInput, summarize } from '../lib/analytics/dashboard';
import { DEFAULT_HEALTH_CONFIG } from '../lib/analytics/health-config';
import { createDashboard } from '../lib/background/dashboard';
import { openDatabase } from '../lib/db/open';
import { aggregateGroup, metaRecord } from '../lib/db/repos/aggregates';
import { ingestBatch } from '../lib/db/repos/ingest';
import type { AggregateRecord } from '../lib/db/schema';
import type { ChatEvent, Message } from '../lib/model';
import { mulberry32 } from './seeded-random.mjs';

const TIME_ZONE = 'Asia/Shanghai';
const NOW = Date.UTC(2026, 10, 28, 10, 0);
const DAY = 86_400_000;
const GROUPS = 50;
const TOTAL = 1_000_000;

const rng = mulberry32;

const QUESTIONS = ['请问年费怎么算？', '账单日可以改吗？', 'How do I activate my card?', '积分多久过期？', 'Is there a fee for cash withdrawal?'];
const CHATTER = ['谢谢', '好的', 'thanks', '收到', '大家好'];

/** One group's messages, oldest first: conversations spread over the year. */
function groupMessages(g: number, count: number, start: number, random: () => number): Message[] {
  const groupId = `bench:g${g}`;
  const out: Message[] = [];
  let seq = 0;
  const push = (memberId: string, name: string, role: Message['role'], text: string, ts: number) => {
    seq++;
    out.push({ id: `${groupId}:m${seq}`, externalId: `m${seq}`, groupId, memberId, authorName: name, kind: 'message', role, text, ts: Math.round(ts), readAt: Math.round(ts) });
  };
  const span = NOW - start;
  while (out.length < count) {
    const at = start + random() * span;
    const c = Math.floor(random() * 200);
    const name = `客户${c}号`;
    const r = random();
    if (r < 0.35) {
      push(`bench:u${g}-${c}`, name, 'customer', QUESTIONS[Math.floor(random() * QUESTIONS.length)] as string, at);
      const o = random();
      if (o < 0.7) push(`bench:s${g}-${Math.floor(random() * 4)}`, `客服${Math.floor(random() * 4)}`, 'staff', `@${name} 您好，已为您处理`, at + random() * random() * 3 * 3_600_000);
      else if (o < 0.8) push(`bench:u${g}-${(c + 1) % 200}`, `客户${(c + 1) % 200}号`, 'customer', `@${name} 我知道，App 里就能改`, at + random() * 20 * 60_000);
    } else {
      push(`bench:u${g}-${c}`, name, 'customer', CHATTER[Math.floor(random() * CHATTER.length)] as string, at);
    }
  }
  return out.slice(0, count).sort((a, b) => a.ts - b.ts);
}

/** Every aggregate record of one group's messages, computed by the rebuild's own code. */
const aggregate = (groupId: string, messages: readonly Message[]): AggregateRecord[] =>
  aggregateGroup(groupId, messages, { config: DEFAULT_HEALTH_CONFIG, hours: null, timeZone: TIME_ZONE }, NOW);
const daysOf = (records: readonly AggregateRecord[]) => records.filter((r) => r.key.startsWith('d|')).map((r) => r.data as DayBucket);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
async function timeIt(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}
const dateOf = (ts: number) => createLocalClock(TIME_ZONE)(ts).date;

async function main() {
  const random = rng(42);
  const start = NOW - 365 * DAY;
  const t0 = performance.now();
  const groups = Array.from({ length: GROUPS }, (_, g) => groupMessages(g, TOTAL / GROUPS, start, random));
  console.log(`generated ${TOTAL.toLocaleString('en')} messages in ${GROUPS} groups over 365 days (${Math.round(performance.now() - t0)} ms)`);

  const t1 = performance.now();
  const aggregates = groups.map((messages, g) => aggregate(`bench:g${g}`, messages));
  const aggregateAllMs = performance.now() - t1;
  console.log(`aggregating all of them in memory (what a rebuild computes): ${Math.round(aggregateAllMs)} ms`);

  // Day records, question records and memberships into IndexedDB, as the background keeps them.
  const db = await openDatabase({ name: 'bench-dashboard' });
  const tx = db.transaction(['aggregates', 'groups', 'memberships'], 'readwrite');
  for (const [g, records] of aggregates.entries()) {
    const groupId = `bench:g${g}`;
    void tx.objectStore('groups').put({ id: groupId, site: 'bench', externalId: `g${g}`, title: `Group ${g}`, firstSeen: start, lastSeen: NOW, rulesText: '' });
    for (const record of records) void tx.objectStore('aggregates').put(record);
    for (let c = 0; c < 200; c++) void tx.objectStore('memberships').put({ groupId, memberId: `bench:u${g}-${c}`, firstSeen: start, lastSeen: NOW - c * DAY, messageCount: 1, left: false });
  }
  void tx.objectStore('aggregates').put(metaRecord({ version: AGGREGATE_VERSION, timeZone: TIME_ZONE, counted: 0, outOfRange: 0, builtAt: NOW }));
  await tx.done;
  const dayRecords = aggregates.reduce((n, records) => n + daysOf(records).length, 0);
  const dayBytes = aggregates.reduce((n, records) => n + daysOf(records).reduce((b, d) => b + JSON.stringify(d).length, 0), 0);
  console.log(`stored ${dayRecords.toLocaleString('en')} day records (${Math.round(dayBytes / dayRecords)} bytes each as JSON) and 10,000 memberships`);

  const dashboard = createDashboard({ db, now: () => NOW, timeZone: TIME_ZONE });
  const to = dateOf(NOW);
  const from30 = dateOf(NOW - 29 * DAY);
  const from365 = dateOf(NOW - 364 * DAY);
  const open = async (from: string) => {
    const reply = await dashboard.getDashboard({ groupIds: [], from, to, inactiveDays: 30 });
    if (reply.state !== 'ready') throw new Error('aggregates not ready');
    return reply.data;
  };
  const check30 = await open(from30);
  const open7 = await timeIt(5, () => open(dateOf(NOW - 6 * DAY)));
  const open30 = await timeIt(5, () => open(from30));
  const open365 = await timeIt(5, () => open(from365));

  // Baseline: the same figures from the raw messages of the range.
  const fromRaw = (fromTs: number) => {
    const inputs: GroupInput[] = groups.map((messages, g) => {
      const inRange = messages.filter((m) => m.ts >= fromTs);
      return { groupId: `bench:g${g}`, title: `Group ${g}`, targetMinutes: 5, days: daysOf(aggregate(`bench:g${g}`, inRange)), memberCount: 0, inactiveCount: 0 };
    });
    return summarize(inputs, [], { from: from30, to });
  };
  // The same window as the dashboard's: local midnight of the first day.
  const [y, m, d] = from30.split('-').map(Number) as [number, number, number];
  const from30Ts = zonedInstant(y, m, d, 0, TIME_ZONE);
  const raw30 = await timeIt(3, () => fromRaw(from30Ts));
  const raw365 = await timeIt(1, () => fromRaw(start));
  const checkRaw = fromRaw(from30Ts);
  console.log(`open, last 7 days (the default), 50 groups: ours ${open7.toFixed(1)} ms`);
  console.log(`open, last 30 days, 50 groups:  ours ${open30.toFixed(1)} ms   raw-messages ${raw30.toFixed(0)} ms   (×${(raw30 / open30).toFixed(0)})`);
  console.log(`open, last 365 days, 50 groups: ours ${open365.toFixed(1)} ms   raw-messages ${raw365.toFixed(0)} ms   (×${(raw365 / open365).toFixed(0)})`);
  console.log(`  same answer check (30 days, messages counted): ours ${check30.totals.messages}, raw ${checkRaw.totals.messages}`);

  // Update cost: the same batches into two stores, one with the aggregate step and one
  // without, alternating batch by batch so machine load falls on both alike.
  const LIVE = 6_000;
  const live = groupMessages(99, LIVE, NOW - 2 * DAY, rng(7));
  const events = (slice: Message[]): ChatEvent[] =>
    slice.map((m) => ({ externalId: m.externalId, kind: m.kind, author: { externalId: m.memberId.split(':')[1] as string, name: m.authorName }, role: m.role, text: m.text, ts: m.ts }));
  let run = 0;
  const ingestCompare = async (batchSize: number, order: 'live' | 'history') => {
    run++;
    const plain = await openDatabase({ name: `bench-ingest-plain-${run}` });
    const withAgg = await openDatabase({ name: `bench-ingest-agg-${run}` });
    const d = createDashboard({ db: withAgg, now: () => NOW, timeZone: TIME_ZONE });
    await d.rebuild();
    const slices: Message[][] = [];
    for (let i = 0; i < live.length; i += batchSize) slices.push(live.slice(i, i + batchSize));
    // History: a chat scrolled back loads older pages first (each page older than what is stored).
    if (order === 'history') slices.reverse();
    let plainMs = 0;
    let aggMs = 0;
    for (const slice of slices) {
      const input = [{ site: 'bench', group: { externalId: 'live', title: 'live' }, events: events(slice) }];
      const t0 = performance.now();
      await ingestBatch(plain, input, NOW, { steps: [] });
      const t1 = performance.now();
      await ingestBatch(withAgg, input, NOW, { steps: [d.ingestStep] });
      aggMs += performance.now() - t1;
      plainMs += t1 - t0;
    }
    // The first open after the batches: includes the one question recount history leaves.
    const tOpen = performance.now();
    const reply = await d.getDashboard({ groupIds: [], from: dateOf(NOW - 3 * DAY), to: dateOf(NOW), inactiveDays: 30 });
    const settleMs = performance.now() - tOpen;
    aggMs += order === 'history' ? settleMs : 0;
    if (reply.state !== 'ready' || reply.data.totals.messages !== LIVE) throw new Error(`incremental aggregates lost messages (${reply.state})`);
    plain.close();
    withAgg.close();
    const perPlain = (plainMs / LIVE) * 1000;
    const perAgg = (aggMs / LIVE) * 1000;
    console.log(
      `ingest, ${order} batches of ${batchSize}${order === 'history' ? ` (with the one recount at the next open, ${settleMs.toFixed(0)} ms)` : ''}: no-aggregates ${perPlain.toFixed(0)} µs/msg   ours ${perAgg.toFixed(0)} µs/msg   aggregate update ${(perAgg - perPlain).toFixed(1)} µs per message (×${(perAgg / perPlain).toFixed(2)})`,
    );
    return { perPlain, perAgg, update: perAgg - perPlain };
  };
  const live100 = await ingestCompare(100, 'live');
  const live1000 = await ingestCompare(1000, 'live');
  const history100 = await ingestCompare(100, 'history');
  console.log(
    JSON.stringify({
      messages: TOTAL,
      groups: GROUPS,
      dayRecords,
      openMs7: Number(open7.toFixed(2)),
      openMs30: Number(open30.toFixed(2)),
      openMs365: Number(open365.toFixed(2)),
      rawMessagesMs30: Math.round(raw30),
      rawMessagesMs365: Math.round(raw365),
      rebuildInMemoryMs: Math.round(aggregateAllMs),
      ingestUsPerMessage: Math.round(live100.perPlain),
      ingestWithAggregatesUsPerMessage: Math.round(live100.perAgg),
      aggregateUpdateUsPerMessage: Number(live100.update.toFixed(1)),
      aggregateUpdateUsPerMessageBatch1000: Number(live1000.update.toFixed(1)),
      aggregateUpdateUsPerMessageHistory: Number(history100.update.toFixed(1)),
    }),
  );
}

await main();
