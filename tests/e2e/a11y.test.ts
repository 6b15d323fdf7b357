import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoChat, extensionId, openDemoChat } from './harness';

const AXE_SOURCE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Injects axe-core into `target` (page or frame) and returns the serious and critical violations. */
async function seriousViolations(target: Page | Frame): Promise<AxeViolation[]> {
  const { violations, passed } = await runAxe(target);
  // A run that checked nothing would pass vacuously (wrong frame, empty document).
  expect(passed, 'axe checked no rule with a passing node').toBeGreaterThan(10);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function runAxe(target: Page | Frame): Promise<{ violations: AxeViolation[]; passed: number }> {
  // Extension pages forbid inline scripts (CSP script-src 'self'), so a <script> tag is
  // refused; evaluating through the DevTools protocol is not subject to the page's CSP.
  if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(`${AXE_SOURCE}\n;void 0`);
  return target.evaluate(async () => {
    type Result = { violations: AxeViolation[]; passes: unknown[] };
    const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return {
      passed: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    };
  });
}

function describeViolations(where: string, violations: AxeViolation[]): string {
  return [
    `${violations.length} serious/critical axe violation(s) in ${where}:`,
    ...violations.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n')}`),
  ].join('\n');
}

async function expectNoSeriousViolations(target: Page | Frame, where: string) {
  const violations = await seriousViolations(target);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

describe('accessibility of the sidebar and the options page', () => {
  let demo: DemoChat;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ context, page, sidebar } = demo);
    await page.locator('.member-list .member[data-user-id="u-zhang"]').click();
    await sidebar.locator('[data-testid="gs-member-name"]', { hasText: '张伟' }).waitFor();
  });

  afterAll(() => demo?.close());

  for (const tab of ['member', 'group', 'templates'] as const) {
    it(`the sidebar's ${tab} tab, with a member selected, has no serious or critical axe violations`, async () => {
      await sidebar.locator(`[data-testid="gs-tab-${tab}"]`).click();
      await expect.poll(() => sidebar.locator(`[data-testid="gs-tab-${tab}"]`).getAttribute('aria-current')).toBe('true');
      if (tab === 'member') await sidebar.locator('[data-testid="gs-member-card"]').waitFor();
      if (tab === 'group') await sidebar.locator('[data-testid="gs-warning-item"]').first().waitFor();
      if (tab === 'templates') await sidebar.locator('[data-testid="gs-template-item"]').first().waitFor();
      await expectNoSeriousViolations(sidebar, `the sidebar (${tab} tab)`);
    });
  }

  it('the check itself reports a serious violation when one is there', async () => {
    // Guards the checks above against passing vacuously: an icon button without a name.
    await sidebar.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'gs-a11y-probe';
      button.append(document.createElement('span'));
      document.querySelector('[data-testid="gs-sidebar"]')?.append(button);
    });
    try {
      const violations = await seriousViolations(sidebar);
      expect(violations.map((v) => [v.id, v.nodes.map((n) => n.target.join(' '))])).toContainEqual(['button-name', ['#gs-a11y-probe']]);
    } finally {
      await sidebar.evaluate(() => document.getElementById('gs-a11y-probe')?.remove());
    }
  });

  it('the options page has no serious or critical axe violations, with the editors open', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
    await options.locator('[data-testid="gs-options"]').waitFor();
    await expectNoSeriousViolations(options, 'the options page');

    await options.getByRole('button', { name: 'New template' }).click();
    await options.getByRole('button', { name: 'Add a word list or pattern' }).click();
    await options.getByRole('button', { name: 'New site profile' }).click();
    await options.locator('[data-testid="gs-template-editor"]').waitFor();
    await options.locator('[data-testid="gs-wordlist-editor"]').waitFor();
    await options.locator('[data-testid="gs-profile-json"]').waitFor();
    await expectNoSeriousViolations(options, 'the options page with the template, word list and profile editors open');
    await options.close();
  });

  it('the tabs move with the arrow keys, and Tab reaches the tag input, where Enter adds the tag', async () => {
    const memberTab = sidebar.locator('[data-testid="gs-tab-member"]');
    await memberTab.click();
    await memberTab.focus();
    await memberTab.press('ArrowRight');
    await expect.poll(() => sidebar.locator('[data-testid="gs-tab-group"]').getAttribute('aria-current')).toBe('true');
    expect(await sidebar.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gs-tab-group');
    await sidebar.locator('[data-testid="gs-tab-group"]').press('ArrowRight');
    await expect.poll(() => sidebar.locator('[data-testid="gs-tab-templates"]').getAttribute('aria-current')).toBe('true');
    expect(await sidebar.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gs-tab-templates');
    // Wraps around: from the last tab back to the first.
    await sidebar.locator('[data-testid="gs-tab-templates"]').press('ArrowRight');
    await expect.poll(() => memberTab.getAttribute('aria-current')).toBe('true');
    expect(await sidebar.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gs-tab-member');

    // From the active tab, Tab walks forward through the card until it lands on the tag input.
    let reached = false;
    const visited: string[] = [];
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      const focused = await sidebar.evaluate(() => {
        const el = document.activeElement;
        return el ? `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}` : 'none';
      });
      visited.push(focused);
      reached = focused === 'input[gs-tag-input]';
    }
    expect(reached, `Tab did not reach the tag input; focus went through ${visited.join(' → ')}`).toBe(true);
    await page.keyboard.type('键盘标签');
    await page.keyboard.press('Enter');
    await expect.poll(() => sidebar.locator('[data-testid="gs-tag-chip"] .chip-name').allTextContents()).toContain('键盘标签');
  });
});
