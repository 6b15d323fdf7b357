import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { sidebarFrame } from './harness';

/*
 * Setup by clicking, through the sidebar's hooks only: the steps every setup e2e takes, with
 * the parts of the page each chat is clicked on.
 */

/** Clicks through setup: row (on a message text), author, text, composer, send button; returns the click count. */
export async function setUpByClicking(
  page: Page,
  parts: { row: () => Promise<void>; author: () => Promise<void>; text: () => Promise<void>; composer: () => Promise<void>; send?: () => Promise<void>; beforeSave?: () => Promise<void>; save?: boolean },
  options: { started?: boolean } = {},
) {
  const sidebar = await sidebarFrame(page);
  const reached = (name: string) => sidebar.locator(`[data-testid="gs-setup-step"][data-step="${name}"]`);
  // A hint or a refusal names what went wrong; show it rather than only a timeout.
  const step = (name: string) => ({
    waitFor: async () => {
      const hint = sidebar.locator('[data-testid="gs-setup-hint"], [data-testid="gs-setup-problem"]');
      await Promise.race([reached(name).waitFor(), hint.first().waitFor().then(async () => {
        if (!(await reached(name).count())) throw new Error(`setup stopped before ${name}: ${(await hint.allTextContents()).join(' | ')}`);
      })]);
    },
  });
  let clicks = 0;
  const count = async (action: () => Promise<void>) => {
    clicks++;
    await action();
  };
  // Started elsewhere (the toolbar popup), the picker already asks for a row.
  if (!options.started) await count(() => sidebar.locator('[data-testid="gs-setup-start"]').click());
  await step('row').waitFor();
  await count(parts.row);
  await step('author').waitFor();
  await count(parts.author);
  await step('text').waitFor();
  await count(parts.text);
  await step('composer').waitFor();
  await count(parts.composer);
  await step('send').waitFor();
  await count(parts.send ?? (() => sidebar.locator('[data-testid="gs-setup-skip"]').click()));
  await reached('review').waitFor();
  const problems = await sidebar.locator('[data-testid="gs-setup-problem"]').allTextContents();
  expect(problems).toEqual([]);
  await expect.poll(() => sidebar.locator('[data-testid="gs-setup-preview-row"]').count()).toBeGreaterThan(0);
  await parts.beforeSave?.();
  // Left at the review where saving would need a browser prompt headless Chromium cannot answer.
  if (parts.save === false) return { clicks, sidebar };
  await count(() => sidebar.locator('[data-testid="gs-setup-save"]').click());
  await sidebar.locator('[data-testid="gs-health"][data-state="ok"]').waitFor();
  return { clicks, sidebar };
}


/** The parts of the Kestrel test messenger (tests/fixtures/messenger) a staff member clicks. */
export function kestrelParts(page: Page) {
  return {
    row: () => page.getByText('Is the VIP session').click(),
    author: () => page.getByText('Ben Carter').first().click(),
    text: () => page.getByText('Is the VIP session').click(),
    composer: () => page.locator('#composer').click(),
  };
}
