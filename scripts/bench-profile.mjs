#!/usr/bin/env node
// `npm run bench:profile`: what point-and-click setup costs at read time. In headless
// Chromium, on the demo chat's markup (N rows), a site profile is derived from clicks on
// one row exactly as the setup picker does (lib/setup/derive.ts: row, author, text,
// composer), then the reader's first scan of the same rows runs with that generated profile
// and with the built-in demo adapter, side by side, several times; the figure is the
// reader's own main-thread time per message (every scan slice timed, as bench:reader does).
// The profile also runs on the Kestrel messenger's markup (hashed classes, continuation
// rows), which has no built-in adapter to compare with.
//
//   node scripts/bench-profile.mjs [--rows 3000] [--runs 5]
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser.mjs';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '3000' }, runs: { type: 'string', default: '5' } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

const bundle = await build({
  stdin: {
    contents: [
      `export { startReader } from ${JSON.stringify(resolve('lib/reader/reader.ts'))};`,
      `export { demoAdapter } from ${JSON.stringify(resolve('lib/adapters/demo/index.ts'))};`,
      `export { createProfileAdapter } from ${JSON.stringify(resolve('lib/adapters/profile/adapter.ts'))};`,
      `export { parseSiteProfile } from ${JSON.stringify(resolve('lib/adapters/profile/schema.ts'))};`,
      `export { pickFor } from ${JSON.stringify(resolve('lib/setup/derive.ts'))};`,
      `export { reviewDraft } from ${JSON.stringify(resolve('lib/setup/review.ts'))};`,
    ].join('\n'),
    resolveDir: resolve('.'),
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'iife',
  globalName: 'GS',
  minify: true,
  logLevel: 'silent',
});
const KESTREL = await readFile(resolve('tests/fixtures/messenger/2026-11-28.html'), 'utf8');

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<div id="app" class="app"><main class="chat" data-group-id="g-bench"><header class="chat-header"><h1 class="chat-title">Bench 群</h1></header>
<div class="message-list" role="log"><div class="message-canvas"></div></div>
<form class="composer"><textarea class="composer-input"></textarea></form></main></div>
<script src="/gs.js"></script><script src="/page.js"></script></body></html>`;

const PAGE_JS = `
const WORDS = ['订单', 'refund', '发货', 'tracking', '你好', 'please', '客服', 'when', '退款', 'thanks', '👋', 'order #1234'];
const el = (tag, attrs, ...children) => { const n = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); n.append(...children); return n; };
let seq = 0;
function demoRow() {
  const n = ++seq, userId = 'u-' + (n % 97), name = 'User ' + (n % 97), ts = 1795510800000 + n * 1000;
  let text = ''; for (let i = 0; i < 6 + (n % 9); i++) text += WORDS[(n * 7 + i) % WORDS.length] + ' ';
  const meta = el('div', { class: 'meta' }, el('span', { class: 'author', 'data-user-id': userId }, name), el('time', { datetime: new Date(ts).toISOString() }, '09:00'));
  return el('div', { class: 'row msg', 'data-msg-id': 'g-bench-' + n, 'data-kind': 'message', 'data-user-id': userId },
    el('div', { class: 'avatar', 'data-user-id': userId, 'aria-hidden': 'true' }, 'U'), el('div', { class: 'body' }, meta, el('div', { class: 'text' }, text)));
}
function kestrelRows(template, count) {
  const rows = [...template.querySelectorAll('[data-index]')];
  const list = document.createElement('div'); list.id = 'list'; list.setAttribute('role', 'log');
  for (let i = 0; i < count; i++) { const copy = rows[i % rows.length].cloneNode(true); copy.querySelector('[role=row]').setAttribute('data-mid', 'k-' + i); list.append(copy); }
  return list;
}
function derive(clicks) {
  let draft = {};
  for (const [step, target] of clicks) { const r = GS.pickFor(step, target, draft, document); if (!r.ok) throw new Error(step + ': ' + r.hint); draft = r.draft; }
  const review = GS.reviewDraft(draft, document, new URL(location.href), Date.now());
  if (!review.ok) throw new Error('refused: ' + JSON.stringify(review.problems));
  const parsed = GS.parseSiteProfile(review.profile);
  if (!parsed.ok) throw new Error('invalid profile');
  return { adapter: GS.createProfileAdapter(parsed.profile), selectors: parsed.profile.selectors };
}
async function scan(adapter, expected) {
  const slices = []; let sent = 0;
  const controller = new AbortController();
  const t0 = performance.now();
  GS.startReader({ adapter, root: document, signal: controller.signal, send: async (batch) => { sent += batch.events.length; },
    yieldToPage: (next) => setTimeout(() => { const s0 = performance.now(); next(); slices.push(performance.now() - s0); }, 0) });
  slices.push(performance.now() - t0);
  while (sent < expected) await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  return slices.reduce((a, b) => a + b, 0);
}
window.runBench = async (rows, runs, kestrelHtml) => {
  const canvas = document.querySelector('.message-canvas');
  for (let i = 0; i < rows; i++) canvas.append(demoRow());
  const first = canvas.querySelector('.row.msg');
  const demoProfile = derive([['row', first.querySelector('.text')], ['author', first.querySelector('.author')], ['text', first.querySelector('.text')], ['composer', document.querySelector('textarea')]]);
  const results = { builtIn: [], profile: [] };
  for (let run = 0; run < runs; run++) {
    // Alternate the order so neither side always runs on a warmer engine.
    const order = run % 2 ? ['profile', 'builtIn'] : ['builtIn', 'profile'];
    for (const which of order) results[which].push(await scan(which === 'builtIn' ? GS.demoAdapter : demoProfile.adapter, rows) * 1000 / rows);
  }
  // Kestrel: the generated profile alone (no built-in adapter exists for it).
  document.querySelector('#app').remove();
  const template = new DOMParser().parseFromString(kestrelHtml, 'text/html');
  const list = kestrelRows(template, rows);
  document.body.append(list, el('div', { id: 'composer', contenteditable: 'true', role: 'textbox' }));
  const row = list.querySelectorAll('[role=row]')[2];
  const kestrel = derive([['row', row.querySelector('[dir=auto] span')], ['author', row.querySelector('[data-uid]')], ['text', row.querySelector('[dir=auto] span')], ['composer', document.getElementById('composer')]]);
  const kestrelRuns = [];
  for (let run = 0; run < runs; run++) kestrelRuns.push(await scan(kestrel.adapter, rows) * 1000 / rows);
  return { ...results, kestrel: kestrelRuns, demoSelectors: demoProfile.selectors, kestrelSelectors: kestrel.selectors };
};
`;

const server = http.createServer((req, res) => {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (req.url === '/gs.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(bundle.outputFiles[0].text);
  else if (req.url === '/page.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(PAGE_JS);
  else res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const out = await page.evaluate(([rows, runs, html]) => window.runBench(rows, runs, html), [ROWS, RUNS, KESTREL]);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const round = (x) => Math.round(x * 100) / 100;
  const builtIn = round(median(out.builtIn));
  const profile = round(median(out.profile));
  const kestrel = round(median(out.kestrel));
  console.log(`reader first scan, ${ROWS} rows, median of ${RUNS} runs (µs of main-thread time per message)`);
  console.log(`  demo chat, built-in adapter:        ${builtIn}`);
  console.log(`  demo chat, profile made by clicking: ${profile}   (${round(profile / builtIn)}× the built-in)`);
  console.log(`  Kestrel, profile made by clicking:   ${kestrel}`);
  console.log(`  selectors derived on the demo chat: ${JSON.stringify(out.demoSelectors)}`);
  console.log(JSON.stringify({ rows: ROWS, runs: RUNS, usPerMessage: { demoBuiltIn: builtIn, demoProfile: profile, kestrelProfile: kestrel }, ratioProfileOverBuiltIn: round(profile / builtIn) }));
} finally {
  await browser.close();
  server.close();
}
