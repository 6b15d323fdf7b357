#!/usr/bin/env node
// `npm run bench:reader`: main-thread cost of the reader (lib/reader/reader.ts + the demo
// adapter) in headless Chromium, side by side with a naive baseline, in one run.
//
//   initial scan  5,000 rows already on the page when the reader starts
//   burst         1,000 new rows appended as 50 mutations of 20 rows, one task each
//
// Ours: startReader() with the demo adapter; its MutationObserver callback is wrapped (via
// the `createObserver` option) so only the time inside it is counted, not the page's own
// rendering. Naive: on every mutation, query the whole list again and parse every row,
// deduping by id in a Set (what a first version usually does). Both parse rows with the same
// parseDemoRow, so the difference is the pipeline, not the parser.
//
// The page is served with COOP/COEP so that performance.now() has 5 µs resolution instead
// of 100 µs. Long tasks (over 50 ms) are taken from PerformanceObserver('longtask') during
// each phase; "longest" is the longest reader callback (the scan is one).
//
//   node scripts/bench-reader.mjs [--rows 5000] [--burst 1000] [--chunk 20] [--runs 3]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from './browser.mjs';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000' },
    burst: { type: 'string', default: '1000' },
    chunk: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
  },
});
const ROWS = Number(values.rows);
const BURST = Number(values.burst);
const CHUNK = Number(values.chunk);
const RUNS = Number(values.runs);
const BUDGET_US_PER_MSG = 50;
const LONG_TASK_MS = 50;

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = CHROMIUM_ARGS;
const OUT = resolve('.tmp/bench-reader');

async function bundle() {
  await mkdir(OUT, { recursive: true });
  const entry = join(OUT, 'entry.ts');
  await writeFile(
    entry,
    [
      `export { startReader } from ${JSON.stringify(resolve('lib/reader/reader.ts'))};`,
      `export { demoAdapter } from ${JSON.stringify(resolve('lib/adapters/demo/index.ts'))};`,
      `export { parseDemoRow } from ${JSON.stringify(resolve('lib/adapters/demo/parse.ts'))};`,
      `export { DEMO_SELECTORS } from ${JSON.stringify(resolve('lib/adapters/demo/selectors.ts'))};`,
    ].join('\n'),
  );
  await build({
    configFile: false,
    root: resolve('.'),
    logLevel: 'warn',
    build: {
      outDir: join(OUT, 'out'),
      emptyOutDir: true,
      // Minified as the shipped content script is.
      minify: true,
      lib: { entry, formats: ['iife'], name: 'GS', fileName: () => 'gs.js' },
    },
  });
  return readFile(join(OUT, 'out', 'gs.js'), 'utf8');
}

// The demo chat's markup (demo/index.html, demo/app.js renderRow), without its scripts.
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title></head><body>
<div id="app" class="app"><main class="chat" data-group-id="g-bench"><header class="chat-header"><h1 class="chat-title">Bench 群</h1></header>
<div class="message-list" role="log"><div class="message-canvas"></div></div>
<form class="composer"><textarea class="composer-input"></textarea></form></main></div>
<script src="/gs.js"></script><script src="/page.js"></script></body></html>`;

// Runs in the page: row factory, the two readers, and the measured phases.
const PAGE_JS = `
const canvas = document.querySelector('.message-canvas');
const WORDS = ['订单', 'refund', '发货', 'tracking', '你好', 'please', '客服', 'when', '退款', 'thanks', '👋', 'order #1234'];
let seq = 0;
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === 'class' ? (node.className = v) : node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
function makeRow() {
  const n = ++seq;
  const userId = 'u-' + (n % 97);
  const name = 'User ' + (n % 97);
  const kind = n % 10 === 0 ? 'join' : 'message';
  const ts = 1795510800000 + n * 1000;
  const time = el('time', { datetime: new Date(ts).toISOString() }, '09:00');
  const id = 'g-bench-' + String(n).padStart(6, '0');
  if (kind !== 'message') {
    return el('div', { class: 'row system', 'data-msg-id': id, 'data-kind': kind, 'data-user-id': userId },
      el('span', { class: 'author', 'data-user-id': userId }, name), el('span', {}, '加入了群聊'), time);
  }
  const meta = el('div', { class: 'meta' }, el('span', { class: 'author', 'data-user-id': userId }, name));
  if (n % 7 === 0) meta.append(el('span', { class: 'role-badge' }, '客服'));
  meta.append(time);
  let text = '';
  for (let i = 0; i < 6 + (n % 9); i++) text += WORDS[(n * 7 + i) % WORDS.length] + ' ';
  return el('div', { class: 'row msg', 'data-msg-id': id, 'data-kind': 'message', 'data-user-id': userId },
    el('div', { class: 'avatar', 'data-user-id': userId, 'aria-hidden': 'true' }, 'U'),
    el('div', { class: 'body' }, meta, el('div', { class: 'text' }, text)));
}
function addRows(count) {
  const rows = [];
  for (let i = 0; i < count; i++) rows.push(makeRow());
  canvas.append(...rows);
}

const stats = { callbacks: [], sent: 0 };
const timed = (fn) => function (records, observer) {
  const t0 = performance.now();
  try { return fn.call(this, records, observer); } finally { stats.callbacks.push(performance.now() - t0); }
};
const longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
const tick = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => { for (let i = 0; i < 5; i++) await tick(); await new Promise((r) => setTimeout(r, 300)); };

// The scan runs in slices (the first inside startReader, the rest in later tasks): every
// slice is timed, the scan's cost is their sum and its longest task the longest slice.
const scanSlices = [];
let scanning = true;
function startOurs() {
  scanSlices.length = 0;
  const t0 = performance.now();
  GS.startReader({
    adapter: GS.demoAdapter,
    root: document,
    signal: new AbortController().signal,
    send: async (batch) => { stats.sent += batch.events.length; },
    createObserver: (callback) => new MutationObserver(timed(callback)),
    // Scan slices and the slices that read new rows (after the observer callback collected
    // them) both come through here: during the scan they count as the scan, later as the
    // burst's cost beside the callbacks.
    yieldToPage: (next) => setTimeout(() => {
      const s0 = performance.now();
      next();
      (scanning ? scanSlices : stats.callbacks).push(performance.now() - s0);
    }, 0),
  });
  scanSlices.push(performance.now() - t0);
}
const scanTotal = () => scanSlices.reduce((a, b) => a + b, 0);

function startNaive() {
  const seen = new Set();
  const rowSelector = GS.demoAdapter.rowSelector;
  const pending = [];
  const readAll = () => {
    for (const row of document.querySelectorAll(rowSelector)) {
      const result = GS.parseDemoRow(row);
      if (!result.ok || seen.has(result.event.externalId)) continue;
      seen.add(result.event.externalId);
      pending.push(result.event);
    }
    if (pending.length) { const events = pending.splice(0); Promise.resolve().then(() => { stats.sent += events.length; }); }
  };
  new MutationObserver(timed(readAll)).observe(document.body, { childList: true, subtree: true });
  const t0 = performance.now();
  readAll();
  return performance.now() - t0;
}

window.runBench = async (which, rows, burst, chunk) => {
  addRows(rows);
  await settle();
  scanning = true;
  longTasks.length = 0;
  const naiveScanMs = which === 'ours' ? (startOurs(), 0) : startNaive();
  stats.callbacks.length = 0; // the naive scan went through timed() too
  await settle();
  scanning = false;
  const scanMs = which === 'ours' ? scanTotal() : naiveScanMs;
  const longestScanTaskMs = which === 'ours' ? Math.max(...scanSlices) : naiveScanMs;
  const scanLong = [...longTasks];
  const sentAfterScan = stats.sent;
  longTasks.length = 0;
  for (let done = 0; done < burst; done += chunk) {
    addRows(Math.min(chunk, burst - done));
    await tick();
  }
  await settle();
  const burstMs = stats.callbacks.reduce((a, b) => a + b, 0);
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    scanMs,
    longestScanTaskMs,
    burstMs,
    callbacks: stats.callbacks.length,
    longestCallbackMs: Math.max(0, ...stats.callbacks),
    scanLongTasks: scanLong,
    burstLongTasks: [...longTasks],
    sentAfterScan,
    sent: stats.sent,
  };
};
`;

function serve(bundleJs) {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path === '/' ? PAGE : path === '/gs.js' ? bundleJs : path === '/page.js' ? PAGE_JS : null;
    if (body === null) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': path === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const bundleJs = await bundle();
  const server = await serve(bundleJs);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const results = { ours: [], naive: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      // Alternate the order so neither side always gets the warmer browser.
      for (const which of run % 2 ? ['naive', 'ours'] : ['ours', 'naive']) {
        const page = await browser.newPage();
        await page.goto(url);
        const r = await page.evaluate(([w, rows, burst, chunk]) => window.runBench(w, rows, burst, chunk), [which, ROWS, BURST, CHUNK]);
        await page.close();
        if (r.sent !== ROWS + BURST) throw new Error(`${which}: sent ${r.sent} events, expected ${ROWS + BURST}`);
        if (!r.crossOriginIsolated) console.warn('warning: page not cross-origin isolated; timer resolution is 100 µs');
        results[which].push(r);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const summarise = (runs) => {
    const scanMs = median(runs.map((r) => r.scanMs));
    const burstMs = median(runs.map((r) => r.burstMs));
    const longest = median(runs.map((r) => Math.max(r.longestScanTaskMs, r.longestCallbackMs)));
    const longTasks = Math.max(...runs.map((r) => r.scanLongTasks.length + r.burstLongTasks.length));
    const longestLongTask = Math.max(0, ...runs.flatMap((r) => [...r.scanLongTasks, ...r.burstLongTasks]));
    return {
      scanMs,
      burstMs,
      scanUs: (scanMs * 1000) / ROWS,
      burstUs: (burstMs * 1000) / BURST,
      longest,
      longestBurstCallback: median(runs.map((r) => r.longestCallbackMs)),
      callbacks: runs[0].callbacks,
      longTasks,
      longestLongTask,
    };
  };
  const ours = summarise(results.ours);
  const naive = summarise(results.naive);
  const f = (x, d = 1) => x.toFixed(d);
  const rowsOut = [
    ['', 'ours', 'naive'],
    [`initial scan, ${ROWS} rows (ms)`, f(ours.scanMs), f(naive.scanMs)],
    ['  µs per message', f(ours.scanUs, 2), f(naive.scanUs, 2)],
    [`burst, ${BURST} rows in ${Math.ceil(BURST / CHUNK)}×${CHUNK} (ms in callbacks)`, f(ours.burstMs), f(naive.burstMs)],
    ['  µs per message', f(ours.burstUs, 2), f(naive.burstUs, 2)],
    ['  observer callbacks', String(ours.callbacks), String(naive.callbacks)],
    ['  longest burst callback (ms)', f(ours.longestBurstCallback, 2), f(naive.longestBurstCallback, 2)],
    ['longest reader task (ms)', f(ours.longest), f(naive.longest)],
    ['long tasks > 50 ms seen (PerformanceObserver, incl. page work)', String(ours.longTasks), String(naive.longTasks)],
    ['  longest of them (ms)', f(ours.longestLongTask), f(naive.longestLongTask)],
  ];
  const width = [Math.max(...rowsOut.map((r) => r[0].length)), 10, 10];
  console.log(`reader benchmark: Chromium headless, median of ${RUNS} runs, budget < ${BUDGET_US_PER_MSG} µs/message and no task > ${LONG_TASK_MS} ms`);
  for (const r of rowsOut) console.log(`${r[0].padEnd(width[0])}  ${r[1].padStart(width[1])}  ${r[2].padStart(width[2])}`);
  const verdict = (s) =>
    [
      s.scanUs < BUDGET_US_PER_MSG ? 'scan ok' : 'scan OVER budget',
      s.burstUs < BUDGET_US_PER_MSG ? 'burst ok' : 'burst OVER budget',
      s.longest < LONG_TASK_MS ? 'no reader task > 50 ms' : `reader task of ${f(s.longest)} ms > 50 ms`,
    ].join(', ');
  console.log(`ours: ${verdict(ours)}`);
  console.log(`naive: ${verdict(naive)}`);
  const round = (x) => Math.round(x * 100) / 100;
  const pick = (s) => ({ scan_us_per_msg: round(s.scanUs), burst_us_per_msg: round(s.burstUs), longest_task_ms: round(s.longest) });
  console.log(JSON.stringify({ ours: pick(ours), naive: pick(naive), ratio_burst_naive_over_ours: round(naive.burstMs / ours.burstMs) }));
}

await main();
