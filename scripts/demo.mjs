#!/usr/bin/env node
// `npm run demo`: build the extension, serve the demo chat, open Chromium with the
// extension loaded on it and the sidebar open.
//   npm run demo                                   a window (needs a display)
//   npm run demo -- --headless --screenshot demo.png   saves a screenshot and exits
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, extensionArgs, findSidebarFrame } from './browser.mjs';
import { chromiumPath, ensureAptPackages, ensureNodeModules } from './setup.mjs';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    port: { type: 'string', default: '5173' },
    member: { type: 'string', default: 'u-zhou' },
    /** Also save the group-health dashboard (after the week of history is read), and the weekly report. */
    dashboard: { type: 'string' },
    language: { type: 'string', default: 'zh_CN' },
  },
});

ensureNodeModules();
ensureAptPackages('demo');
if (!values.headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('No display found. Run `npm run demo -- --headless --screenshot demo.png` on a machine without one.');
  process.exit(2);
}

console.log('building the extension…');
execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
const extensionDir = resolve('.output/chrome-mv3');

const { chromium } = await import('playwright-core');
const { startDemoServer } = await import('../demo/server.mjs');
const server = await startDemoServer({ port: Number(values.port), interval: values.screenshot ? 0 : 4000, weekOfHistory: true }).catch(() =>
  startDemoServer({ port: 0, interval: values.screenshot ? 0 : 4000, weekOfHistory: true }),
);
console.log(`demo chat: ${server.url}`);

// The interactive demo keeps its profile (tags and notes stay between runs); a screenshot
// run starts clean.
const profile = values.screenshot ? mkdtempSync(join(tmpdir(), 'gs-demo-')) : resolve('.tmp/demo-profile');
const browserPath = chromiumPath();
if (!existsSync(browserPath)) throw new Error(`no browser at ${browserPath}; set CHROME_PATH`);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browserPath,
  headless: values.headless,
  viewport: values.headless ? { width: 1440, height: 900 } : null,
  args: [...CHROMIUM_ARGS, ...extensionArgs(extensionDir)],
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(server.url);

if (values.screenshot) {
  const frame = await findSidebarFrame(page);
  const sidebarUrl = new URL(frame.url());
  const origin = `${sidebarUrl.protocol}//${sidebarUrl.host}`;
  // Screenshots in the language asked for (a headless browser says English), set the way
  // staff set it in options; open tabs follow at once.
  {
    const options = await context.newPage();
    await options.goto(`${origin}/options.html`);
    // An extension page reloads itself on a language change, sometimes before the request's
    // answer reaches it: send without waiting for the answer, then ask until it took effect.
    await options.evaluate((language) => {
      void chrome.runtime.sendMessage({ gs: 'request', name: 'updateSettings', input: { language } });
    }, values.language);
    const languageNow = () =>
      options.evaluate(async () => (await chrome.runtime.sendMessage({ gs: 'request', name: 'getSettings', input: {} }))?.data?.language).catch(() => null);
    while ((await languageNow()) !== values.language) await options.waitForTimeout(100);
    await options.close();
    // The chat tab scrolls through its history on timers, which a background tab runs slowly.
    await page.bringToFront();
  }
  // The first start scrolls through a week of history for the extension to read.
  await page.waitForFunction(() => document.documentElement.dataset.demoFastForward === 'done', undefined, { timeout: 0 });
  // Show a real card: select a member who took part in the quarrel, tag them, add a note.
  await page.locator(`.row[data-user-id="${values.member}"] .author`).last().click();
  await frame.locator('[data-testid="gs-member-card"]').waitFor();
  await frame.locator('[data-testid="gs-tag-input"]').fill('客户');
  await frame.locator('[data-testid="gs-tag-input"]').press('Enter');
  await frame.locator('[data-testid="gs-tag-chip"]').first().waitFor();
  await frame.locator('[data-testid="gs-note-input"]').fill('情绪激动，已私信安抚；下次先私下提醒。');
  await frame.locator('[data-testid="gs-note-save"]').click();
  await frame.locator('[data-testid="gs-note-item"]').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: values.screenshot });
  console.log(`screenshot: ${resolve(values.screenshot)}`);
  if (values.dashboard) {
    const dash = await context.newPage();
    await dash.setViewportSize({ width: 1280, height: 1400 });
    await dash.goto(`${origin}/dashboard.html`);
    await dash.locator('[data-testid="gs-dashboard"][data-state="ready"]').waitFor({ timeout: 0 });
    await dash.waitForTimeout(500);
    await dash.screenshot({ path: values.dashboard, fullPage: true });
    console.log(`dashboard screenshot: ${resolve(values.dashboard)}`);
    // This week so far against the week before (the page's own default is the last complete week).
    const monday = new Date();
    monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
    const week = `${monday.getFullYear()}-${String(monday.getMonth() + 1).padStart(2, '0')}-${String(monday.getDate()).padStart(2, '0')}`;
    await dash.goto(`${origin}/report.html?week=${week}`);
    await dash.locator('[data-testid="gs-weekly-report"] [data-testid="gs-dash-table"]').first().waitFor({ timeout: 0 });
    const report = `${values.dashboard.replace(/\.png$/, '')}-report.png`;
    await dash.screenshot({ path: report, fullPage: true });
    console.log(`weekly report screenshot: ${resolve(report)}`);
    await dash.close();
  }
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
} else {
  console.log('Chromium is open with GroupSteward on the demo chat. Close the window or press Ctrl+C to stop.');
  const stop = async () => {
    await context.close().catch(() => {});
    await server.close();
    process.exit(0);
  };
  context.on('close', stop);
  process.on('SIGINT', stop);
}
