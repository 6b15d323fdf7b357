#!/usr/bin/env node
// `npm run bench:sidebar`: how long the sidebar makes staff wait, in headless Chromium, for the
// real components side by side with naive baselines, in one page and one run.
//
//   open member    render <MemberCard> for a member with 5,000 history messages (its history
//                  is virtualised, components/VirtualList.tsx) vs the same card followed by a
//                  plain scrollable <ul> of all 5,000 rows (same row markup).
//   tag keystroke  <TagEditor> with 500 tags as suggestions vs a naive input + <datalist>
//                  re-filtered with toLowerCase() on every keystroke.
//   template       <TemplatePicker> fed by the real sidebar store (lib/state/sidebar-store.ts:
//   keystroke      indexTemplates once, searchTemplates per keystroke) over 1,000 zh/en
//                  templates vs a naive filter that NFKC-folds every name and body per keystroke.
//
// A sample is performance.now() around render() (opening) or around setting the input's value
// and dispatching `input` (typing), plus a forced layout (offsetHeight). Preact's render
// debouncing is made synchronous in the page, so the sample ends when the DOM is committed.
// Paint is not included. Keystrokes are typed one per animation frame, every prefix of a few
// realistic queries (scripts/bench-sidebar/data.ts); the DOM is checked after each one.
// Ours and baseline alternate (and swap order each round) so neither gets the warmer page.
// Data is generated from a fixed seed. The page is served with COOP/COEP so performance.now()
// has 5 µs resolution, and V8's gc() is called (untimed) before each sample.
//
//   node scripts/bench-sidebar.mjs [--runs 30] [--rounds 6] [--history 5000] [--tags 500] [--templates 1000]
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import preact from '@preact/preset-vite';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from './browser.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '6' },
    history: { type: 'string', default: '5000' },
    tags: { type: 'string', default: '500' },
    templates: { type: 'string', default: '1000' },
  },
});
const RUNS = Number(values.runs);
const ROUNDS = Number(values.rounds);
const HISTORY = Number(values.history);
const TAGS = Number(values.tags);
const TEMPLATES = Number(values.templates);
const OPEN_BUDGET_MS = 50;
const FRAME_MS = 16.7;
const SIDEBAR_WIDTH = 360; // lib/content/sidebar-frame.ts

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = [
  ...CHROMIUM_ARGS,
  // gc() between samples, so one side's garbage is not collected on the other side's clock.
  '--js-flags=--expose-gc',
];
const OUT = resolve('.tmp/bench-sidebar');

async function bundle() {
  await mkdir(OUT, { recursive: true });
  await build({
    configFile: false,
    root: resolve('.'),
    logLevel: 'warn',
    plugins: [preact()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: OUT,
      emptyOutDir: true,
      // Minified, as the shipped sidebar is.
      minify: true,
      lib: { entry: resolve('scripts/bench-sidebar/entry.tsx'), formats: ['iife'], name: 'GSBenchBundle', fileName: () => 'bench.js' },
    },
  });
  return readFile(join(OUT, 'bench.js'), 'utf8');
}

async function page(css) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<style>${css}</style></head><body><script src="/bench.js"></script></body></html>`;
}

function serve(routes) {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': route.type });
    res.end(route.body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => percentile(xs, 50);

async function main() {
  const [js, css] = await Promise.all([bundle(), readFile(resolve('components/ui.css'), 'utf8')]);
  const server = await serve({
    '/': { type: 'text/html; charset=utf-8', body: await page(css) },
    '/bench.js': { type: 'text/javascript; charset=utf-8', body: js },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const samples = { open: { ours: [], baseline: [] }, tag: { ours: [], baseline: [] }, template: { ours: [], baseline: [] } };
  const rows = { ours: new Set(), baseline: new Set() };
  let info;
  try {
    const tab = await browser.newPage({ viewport: { width: SIDEBAR_WIDTH, height: 900 } });
    tab.on('pageerror', (e) => console.error('page error:', e.message));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    info = await tab.evaluate(([h, tg, tp]) => globalThis.GSBench.setup(h, tg, tp), [HISTORY, TAGS, TEMPLATES]);
    if (!info.crossOriginIsolated) console.warn('warning: page not cross-origin isolated; timer resolution is 100 µs');

    const order = (i) => (i % 2 ? ['baseline', 'ours'] : ['ours', 'baseline']);
    // Warm-up (JIT, fonts, Intl data), not counted.
    for (let i = 0; i < 4; i++) for (const which of order(i)) await tab.evaluate((w) => globalThis.GSBench.openMember(w), which);
    for (const kind of ['tag', 'template']) for (const which of order(0)) await tab.evaluate(([k, w]) => globalThis.GSBench.typeQueries(k, w), [kind, which]);

    for (let i = 0; i < RUNS; i++) {
      for (const which of order(i)) {
        const r = await tab.evaluate((w) => globalThis.GSBench.openMember(w), which);
        samples.open[which].push(r.ms);
        rows[which].add(r.rows);
      }
    }
    for (const kind of ['tag', 'template']) {
      for (let i = 0; i < ROUNDS; i++) {
        for (const which of order(i)) {
          const r = await tab.evaluate(([k, w]) => globalThis.GSBench.typeQueries(k, w), [kind, which]);
          samples[kind][which].push(...r.samples);
        }
      }
    }
    await tab.close();
  } finally {
    await browser.close();
    server.close();
  }
  if (rows.baseline.size !== 1 || !rows.baseline.has(HISTORY)) throw new Error(`baseline rendered ${[...rows.baseline]} history rows, expected ${HISTORY}`);

  const summary = (kind) => {
    const o = samples[kind].ours;
    const b = samples[kind].baseline;
    return { n: o.length, oMed: median(o), oP95: percentile(o, 95), oMax: Math.max(...o), bMed: median(b), bP95: percentile(b, 95), bMax: Math.max(...b), o: sorted(o), b: sorted(b) };
  };
  const over = (xs, budget) => xs.filter((x) => x >= budget).length / xs.length;
  const open = summary('open');
  const tag = summary('tag');
  const template = summary('template');
  const f = (x) => x.toFixed(2);
  const table = [
    ['scenario (ms)', 'n', 'ours med', 'ours p95', 'ours max', 'base med', 'base p95', 'base max', 'base/ours', 'budget', 'ours over', 'base over', 'ours'],
    ...[
      [`open member, ${HISTORY} msgs`, open, OPEN_BUDGET_MS],
      [`tag keystroke, ${TAGS} tags`, tag, FRAME_MS],
      [`template keystroke, ${TEMPLATES}`, template, FRAME_MS],
    ].map(([label, s, budget]) => [
      label,
      String(s.n),
      f(s.oMed),
      f(s.oP95),
      f(s.oMax),
      f(s.bMed),
      f(s.bP95),
      f(s.bMax),
      `${(s.bMed / s.oMed).toFixed(1)}×`,
      `< ${budget}`,
      `${(over(s.o, budget) * 100).toFixed(0)}%`,
      `${(over(s.b, budget) * 100).toFixed(0)}%`,
      s.oMed < budget && s.oP95 < budget ? 'ok' : 'OVER',
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  console.log(
    `sidebar benchmark: Chromium headless, ${SIDEBAR_WIDTH}px wide; open: ${RUNS} runs each; typing: ${ROUNDS} rounds of every prefix of realistic zh/en queries; ` +
      `history rows in DOM: ours ${[...rows.ours].join('/')}, baseline ${[...rows.baseline].join('/')}; history text ${info.textChars.min}-${info.textChars.max} chars, ${Math.round(info.zhShare * 100)}% Chinese`,
  );
  for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  const round = (x) => Math.round(x * 100) / 100;
  const pick = (s, budget) => ({
    ours_ms_median: round(s.oMed),
    ours_ms_p95: round(s.oP95),
    baseline_ms_median: round(s.bMed),
    baseline_ms_p95: round(s.bP95),
    ratio: round(s.bMed / s.oMed),
    budget_ms: budget,
    ours_share_over_budget: round(over(s.o, budget)),
    within_budget: s.oMed < budget && s.oP95 < budget,
  });
  console.log(
    JSON.stringify({
      [`open_member_${HISTORY}`]: pick(open, OPEN_BUDGET_MS),
      [`tag_keystroke_${TAGS}`]: pick(tag, FRAME_MS),
      [`template_keystroke_${TEMPLATES}`]: pick(template, FRAME_MS),
    }),
  );
}

await main();
