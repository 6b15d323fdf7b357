#!/usr/bin/env node
// `npm run bench:search`: search across all history (lib/db/repos/search.ts) on 100,000
// stored messages in Chromium's real IndexedDB, side by side with baselines in one page:
//
//   ours        the searchTerms multi-entry index ([term, ts]), written by the same ingest
//               step the extension runs (ingestBatch + indexSearchTerms, 1,000 a transaction)
//   naive scan  read every message (one getAll) and keep those whose text contains every
//               query word: what searching history did before (over one member's loaded list)
//   MiniSearch  the library, same tokenizer, built in memory from the stored messages; shown
//               with what it costs an MV3 worker that is stopped and started again: build or
//               load of the serialised index before the first query
//
// Queries: 300, drawn from stored messages: one word, two words, a CJK phrase inside unspaced
// text, a word limited to a member, a word limited to a group and a date range. The page is
// cross-origin isolated for 5 µs timers.
//
//   node scripts/bench-search.mjs [--messages 100000] [--queries 300] [--naive 20]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from './browser.mjs';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
    naive: { type: 'string', default: '20' },
  },
});
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const OUT = resolve('.tmp/bench-search');

async function bundle() {
  await mkdir(OUT, { recursive: true });
  const entry = join(OUT, 'entry.ts');
  await writeFile(
    entry,
    [
      `export { openDatabase } from ${JSON.stringify(resolve('lib/db/open.ts'))};`,
      `export { ingestBatch } from ${JSON.stringify(resolve('lib/db/repos/ingest.ts'))};`,
      `export { indexSearchTerms, searchMessages } from ${JSON.stringify(resolve('lib/db/repos/search.ts'))};`,
      `export { tokenize } from ${JSON.stringify(resolve('lib/search/tokenize.ts'))};`,
      `export { default as MiniSearch } from 'minisearch';`,
    ].join('\n'),
  );
  await build({
    configFile: false,
    root: resolve('.'),
    logLevel: 'warn',
    build: { outDir: join(OUT, 'out'), emptyOutDir: true, minify: true, lib: { entry, formats: ['iife'], name: 'GS', fileName: () => 'gs.js' } },
  });
  return readFile(join(OUT, 'out', 'gs.js'), 'utf8');
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>bench:search</title><script src="/gs.js"></script><script src="/page.js"></script>';

// Runs in the page.
const PAGE_JS = `
const ZH = '年费 信用卡 积分 额度 账单 分期 手续费 还款 逾期 利息 优惠券 福利 活动 红包 返现 客服 请问 怎么 为什么 什么时候 已经 没有 可以 谢谢 麻烦 处理 投诉 退款 到账 提现 转账 银行 网点 开通 注销 激活 密码 验证码 短信 电话 地址 快递 订单 发货 物流 退货 换货 质量 价格 便宜 贵 划算 推荐 朋友 家人 孩子 工作 上班 下班 周末 今天 明天 昨天 早上 晚上 中午 微信 支付宝 二维码 链接 群主 管理员 规则 广告 刷屏 举报 拉黑'.split(' ');
const EN = 'card annual fee points limit statement installment interest refund payment overdue coupon bonus cashback support please when why how already thanks account transfer branch activate password code phone address delivery order shipping return exchange quality price cheap recommend friend family work weekend today tomorrow yesterday morning evening wechat link admin rules spam report platinum gold travel insurance loan mortgage salary'.split(' ');
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = (list) => list[Math.floor(rand() * list.length)];
function sentence() {
  const zh = rand() < 0.65;
  const words = [];
  const n = 4 + Math.floor(rand() * 14);
  for (let i = 0; i < n; i++) words.push(zh ? pick(ZH) : pick(EN));
  if (rand() < 0.2) words.push(String(Math.floor(rand() * 1e6)));
  return zh ? words.join('') + (rand() < 0.5 ? '？' : '。') : words.join(' ');
}
const MEMBERS = 2000, GROUPS = 20;
const BASE = Date.UTC(2026, 0, 1);

window.fill = async (total) => {
  const db = await GS.openDatabase({ name: 'bench-search-' + Date.now() });
  window.db = db;
  const t0 = performance.now();
  for (let start = 0; start < total; start += 1000) {
    const byGroup = new Map();
    for (let i = start; i < Math.min(total, start + 1000); i++) {
      const g = 'g-' + (i % GROUPS);
      const events = byGroup.get(g) ?? [];
      byGroup.set(g, events);
      const member = Math.floor(rand() * MEMBERS);
      events.push({ externalId: 'm-' + i, kind: 'message', author: { externalId: 'u-' + member, name: 'Member ' + member }, role: 'customer', text: sentence(), ts: BASE + i * 60_000 });
    }
    await GS.ingestBatch(db, [...byGroup].map(([g, events]) => ({ site: 'demo', group: { externalId: g, title: g }, events })), BASE, { steps: [GS.indexSearchTerms] });
  }
  return { fillMs: performance.now() - t0 };
};

/** Queries drawn from stored messages, of every kind the sidebar can ask. */
window.makeQueries = async (count) => {
  const sample = await window.db.getAll('messages', null, 5000);
  const queries = [];
  for (let i = 0; i < count; i++) {
    const m = sample[Math.floor(rand() * sample.length)];
    const words = GS.tokenize(m.text).filter((w) => w.length > 1 && !/^\\d+$/.test(w));
    const w = words[Math.floor(rand() * words.length)] ?? 'card';
    const w2 = words[Math.floor(rand() * words.length)] ?? 'fee';
    const kind = i % 5;
    if (kind === 0) queries.push({ text: w });
    else if (kind === 1) queries.push({ text: w + ' ' + w2 });
    // A CJK phrase as typed: 3-4 characters from the middle of the text.
    else if (kind === 2) { const zh = m.text.replace(/[^\\u4e00-\\u9fff]/g, ''); queries.push({ text: zh.length >= 4 ? zh.slice(1, 4 + (i % 2)) : w }); }
    else if (kind === 3) queries.push({ text: w, memberId: m.memberId });
    else queries.push({ text: w, groupId: m.groupId, from: m.ts - 30 * 86_400_000, to: m.ts + 30 * 86_400_000 });
  }
  return queries;
};

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };

window.runOurs = async (queries) => {
  const times = [];
  let found = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const r = await GS.searchMessages(window.db, { ...q, limit: 50 });
    times.push(performance.now() - t0);
    found += r.messages.length;
  }
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), found };
};

// What the card's filter did, over everything: read all, keep messages containing every word.
window.runNaive = async (queries) => {
  const times = [];
  for (const q of queries) {
    const t0 = performance.now();
    const all = await window.db.getAll('messages');
    const words = q.text.toLowerCase().split(/\\s+/).filter(Boolean);
    const hits = all.filter((m) => (!q.memberId || m.memberId === q.memberId) && (!q.groupId || m.groupId === q.groupId) && (q.from === undefined || (m.ts >= q.from && m.ts <= q.to)) && words.every((w) => m.text.toLowerCase().includes(w)));
    hits.sort((a, b) => b.ts - a.ts).slice(0, 50);
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
};

window.runMiniSearch = async (queries) => {
  const t0 = performance.now();
  const all = await window.db.getAll('messages');
  const readMs = performance.now() - t0;
  const t1 = performance.now();
  const ms = new GS.MiniSearch({ fields: ['text'], storeFields: ['ts'], tokenize: (s) => GS.tokenize(s), processTerm: (t) => t, searchOptions: { combineWith: 'AND' } });
  ms.addAll(all.map((m) => ({ id: m.id, text: m.text + ' ' + m.authorName, ts: m.ts })));
  const buildMs = performance.now() - t1;
  const json = JSON.stringify(ms);
  const t2 = performance.now();
  GS.MiniSearch.loadJSON(json, { fields: ['text'], storeFields: ['ts'], tokenize: (s) => GS.tokenize(s), processTerm: (t) => t });
  const loadMs = performance.now() - t2;
  const byId = new Map(all.map((m) => [m.id, m]));
  const times = [];
  for (const q of queries) {
    const t = performance.now();
    const hits = ms.search(q.text).filter((h) => { const m = byId.get(h.id); return (!q.memberId || m.memberId === q.memberId) && (!q.groupId || m.groupId === q.groupId) && (q.from === undefined || (m.ts >= q.from && m.ts <= q.to)); });
    hits.sort((a, b) => b.ts - a.ts).slice(0, 50);
    times.push(performance.now() - t);
  }
  return { readMs, buildMs, loadMs, jsonMB: json.length / 1e6, p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
};
`;

function serve(bundleJs) {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path === '/' ? PAGE : path === '/gs.js' ? bundleJs : path === '/page.js' ? PAGE_JS : null;
    res.writeHead(body === null ? 404 : 200, { ...headers, 'content-type': path === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' });
    res.end(body ?? '');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const server = await serve(await bundle());
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const N = Number(values.messages);
  console.log(`bench:search — ${N.toLocaleString('en-US')} messages (65% Chinese), 2,000 members, 20 groups; ${values.queries} queries`);
  const { fillMs } = await page.evaluate((n) => window.fill(n), N);
  console.log(`stored and indexed ${N.toLocaleString('en-US')} messages in ${fmt(fillMs / 1000)} s (${Math.round((N / fillMs) * 1000).toLocaleString('en-US')} msg/s, ingestBatch + indexSearchTerms)`);
  const queries = await page.evaluate((n) => window.makeQueries(n), Number(values.queries));
  const ours = await page.evaluate((q) => window.runOurs(q), queries);
  const naive = await page.evaluate((q) => window.runNaive(q), queries.slice(0, Number(values.naive)));
  const mini = await page.evaluate((q) => window.runMiniSearch(q), queries);
  const rows = [
    ['ours (IndexedDB term index)', `p50 ${fmt(ours.p50)} ms, p95 ${fmt(ours.p95)} ms, max ${fmt(ours.max)} ms; ready at once after a worker restart`],
    [`naive scan (${values.naive} queries)`, `p50 ${fmt(naive.p50)} ms, p95 ${fmt(naive.p95)} ms`],
    ['MiniSearch in memory', `p50 ${fmt(mini.p50)} ms, p95 ${fmt(mini.p95)} ms; before the first query: read ${fmt(mini.readMs / 1000)} s + build ${fmt(mini.buildMs / 1000)} s, or load JSON (${fmt(mini.jsonMB)} MB) ${fmt(mini.loadMs / 1000)} s`],
    ['ratio naive / ours (p95)', `${fmt(naive.p95 / ours.p95, 0)}×`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(
    JSON.stringify({
      bench: 'search',
      messages: N,
      queries: queries.length,
      fillMsgPerSec: Math.round((N / fillMs) * 1000),
      oursP50Ms: Number(ours.p50.toFixed(2)),
      oursP95Ms: Number(ours.p95.toFixed(2)),
      naiveP95Ms: Number(naive.p95.toFixed(1)),
      miniSearchP95Ms: Number(mini.p95.toFixed(2)),
      miniSearchColdStartMs: Math.round(mini.readMs + mini.buildMs),
      miniSearchLoadJsonMs: Math.round(mini.loadMs),
      ratioNaiveVsOursP95: Number((naive.p95 / ours.p95).toFixed(1)),
    }),
  );
} finally {
  await browser.close();
  server.close();
}
