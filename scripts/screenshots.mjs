#!/usr/bin/env node
// Re-makes the README's screenshots (docs/*.png) from the built extension on the demo chat.
// Run after `npm run build`: node scripts/screenshots.mjs
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../demo/server.mjs';
import { CHROMIUM_ARGS, extensionArgs, findSidebarFrame } from './browser.mjs';
import { chromiumPath } from './setup.mjs';

const extensionDir = resolve('.output/chrome-mv3');
const profile = mkdtempSync(join(tmpdir(), 'gs-shots-'));
mkdirSync('docs', { recursive: true });
const server = await startDemoServer({ port: 0, interval: 0 });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless: true,
  viewport: { width: 1440, height: 900 },
  locale: 'zh-CN',
  args: [...CHROMIUM_ARGS, '--lang=zh-CN', ...extensionArgs(extensionDir)],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  const frame = await findSidebarFrame(page);
  await page.locator('.row[data-user-id="u-zhou"] .author').last().click();
  await frame.locator('[data-testid="gs-member-card"]').waitFor();
  await frame.locator('[data-testid="gs-tag-input"]').fill('客户');
  await frame.locator('[data-testid="gs-tag-input"]').press('Enter');
  await frame.locator('[data-testid="gs-note-input"]').fill('情绪激动，已私信安抚；下次先私下提醒。');
  await frame.locator('[data-testid="gs-note-save"]').click();
  await frame.locator('[data-testid="gs-note-item"]').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-demo.png' });

  await frame.locator('[data-testid="gs-tab-group"]').click();
  await frame.locator('[data-testid="gs-warning-item"]').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot-group.png' });

  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(sw.url()).host;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await options.locator('[data-testid="gs-options"]').waitFor();
  await options.locator('[data-testid="gs-rule-test-input"]').fill('加我薇信 xiaoyu_8899，兼职日结300');
  await options.locator('[data-testid="gs-rule-test-run"]').click();
  await options.locator('[data-testid="gs-rule-test-hit"]').first().waitFor();
  await options.locator('[data-testid="gs-rule-test-result"]').scrollIntoViewIfNeeded();
  await options.screenshot({ path: 'docs/screenshot-options.png' });
  console.log('wrote docs/screenshot-demo.png, docs/screenshot-group.png, docs/screenshot-options.png');
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
