#!/usr/bin/env node
// `npm run bench:card`: the member card from request to rendered DOM, for members with 5,000
// and 20,000 stored messages (among 10,000 from 300 other members), in headless Chromium's
// real IndexedDB, side by side with the read it replaced, in one page and one run.
//
//   ours      the background's getMemberCard handler (lib/background/handlers.ts) as the
//             sidebar calls it: one page of history (HISTORY_PAGE) through a reverse cursor on
//             the bounded [member, time] range, the message count from the memberships'
//             stored counters; then <MemberCard> rendered and laid out.
//   baseline  the card as it was: the member's whole history read through the index, the
//             newest 5,000 kept and counted; the same render.
//   scroll    the next history page when the user scrolls (getMemberHistory with `before`).
//
// Not included: the extension message hop (runtime.sendMessage, about a millisecond) and
// paint. The page is cross-origin isolated for 5 µs timers.
//
//   node scripts/bench-card.mjs [--members 5000,20000] [--runs 15]
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import preact from '@preact/preset-vite';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from './browser.mjs';

const { values } = parseArgs({ options: { members: { type: 'string', default: '5000,20000' }, runs: { type: 'string', default: '15' } } });
const COUNTS = values.members.split(',').map(Number);
const RUNS = Number(values.runs);
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const OUT = resolve('.tmp/bench-card');

async function bundle() {
  await mkdir(OUT, { recursive: true });
  await build({
    configFile: false,
    root: resolve('.'),
    logLevel: 'warn',
    plugins: [preact()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir: OUT, emptyOutDir: true, minify: true, lib: { entry: resolve('scripts/bench-card/entry.tsx'), formats: ['iife'], name: 'GSCardBundle', fileName: () => 'card.js' } },
  });
  return readFile(join(OUT, 'card.js'), 'utf8');
}

function serve(routes) {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(route ? 200 : 404, { ...headers, 'content-type': route?.type ?? 'text/plain' });
    res.end(route?.body ?? '');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const [js, css] = await Promise.all([bundle(), readFile(resolve('components/ui.css'), 'utf8')]);
const server = await serve({
  '/': { type: 'text/html; charset=utf-8', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${css}</style></head><body style="width:400px"><script src="/card.js"></script></body></html>` },
  '/card.js': { type: 'text/javascript; charset=utf-8', body: js },
});
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const info = await page.evaluate((counts) => globalThis.GSCard.setup(counts), COUNTS);
  console.log(`bench:card — members with ${COUNTS.map((c) => c.toLocaleString('en-US')).join(' and ')} messages among ${info.stored.toLocaleString('en-US')} stored; ${RUNS} opens each${info.crossOriginIsolated ? '' : ' (not cross-origin isolated: 100 µs timers)'}`);
  const result = {};
  for (const [k, count] of COUNTS.entries()) {
    const samples = { ours: [], baseline: [], scroll: [] };
    let rows = {};
    for (let i = 0; i < RUNS + 2; i++) {
      // Alternating order, two warm-up rounds not counted.
      for (const which of i % 2 ? ['baseline', 'ours'] : ['ours', 'baseline']) {
        const r = await page.evaluate(([w, m]) => globalThis.GSCard.open(w, m), [which, k]);
        if (r.count !== count) throw new Error(`${which} counted ${r.count} messages, expected ${count}`);
        rows[which] = r.rows;
        if (i >= 2) samples[which].push(r.ms);
      }
      const s = await page.evaluate((m) => globalThis.GSCard.nextPage(m), k);
      if (i >= 2) samples.scroll.push(s.ms);
    }
    result[count] = { samples, rows };
    console.log(
      `${count.toLocaleString('en-US').padStart(6)} messages  ours p50 ${fmt(percentile(samples.ours, 50))} ms, p95 ${fmt(percentile(samples.ours, 95))} ms (${rows.ours} rows drawn)` +
        `   baseline p50 ${fmt(percentile(samples.baseline, 50))} ms, p95 ${fmt(percentile(samples.baseline, 95))} ms   ratio ${fmt(percentile(samples.baseline, 50) / percentile(samples.ours, 50))}×` +
        `   next page on scroll p50 ${fmt(percentile(samples.scroll, 50))} ms`,
    );
  }
  console.log(
    JSON.stringify({
      bench: 'card',
      ...Object.fromEntries(
        Object.entries(result).flatMap(([count, { samples }]) => [
          [`ours${count}P50Ms`, Number(percentile(samples.ours, 50).toFixed(1))],
          [`ours${count}P95Ms`, Number(percentile(samples.ours, 95).toFixed(1))],
          [`baseline${count}P50Ms`, Number(percentile(samples.baseline, 50).toFixed(1))],
          [`scroll${count}P50Ms`, Number(percentile(samples.scroll, 50).toFixed(1))],
        ]),
      ),
    }),
  );
} finally {
  await browser.close();
  server.close();
}
