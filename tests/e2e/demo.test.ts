import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../demo/server.mjs';
import { launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, waitFor } from './harness';

type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;

describe('demo chat, end to end', () => {
  let server: DemoServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // No scripted stream: the test posts what it needs and counts exactly.
    server = await startDemoServer({ interval: 0, extraHistory: 100 });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await removeProfileDir(profile);
  });

  it('reads the rows on screen and stores each message once', async () => {
    await page.goto(server.url);
    await page.locator('.message-canvas .row').first().waitFor();
    const idsOnScreen = await page.locator('.message-canvas .row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-msg-id')));
    const stored = await waitFor(async () => {
      const messages = await readStore<{ externalId: string }>(context, 'messages');
      return idsOnScreen.every((id) => messages.some((m) => m.externalId === id)) ? messages : null;
    }, 'the visible rows to be stored');
    expect(new Set(stored.map((m) => m.externalId)).size).toBe(stored.length);
  });

  it('stores a new message with its author, text and time, once, even when its row re-renders', async () => {
    const sent = await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'u-emma', text: 'Hello <b>team</b> 你好 👋\nsecond line' }),
    }).then((r) => r.json() as Promise<{ id: string; ts: number }>);
    const message = await waitFor(
      async () => (await readStore<{ externalId: string; text: string; authorName: string; ts: number; memberId: string }>(context, 'messages')).find((m) => m.externalId === sent.id),
      'the posted message to be stored',
    );
    expect(message).toMatchObject({ text: 'Hello <b>team</b> 你好 👋\nsecond line', authorName: 'Emma Wilson', memberId: 'demo:u-emma' });
    expect(Math.abs(message.ts - sent.ts)).toBeLessThan(1000);

    // Scroll the row out of the virtualised list and back: a new node, the same message.
    await page.locator('.message-list').evaluate((list) => (list.scrollTop = 0));
    await page.waitForFunction((id) => !document.querySelector(`[data-msg-id="${id}"]`), sent.id);
    await page.locator('.message-list').evaluate((list) => (list.scrollTop = list.scrollHeight));
    await page.locator(`[data-msg-id="${sent.id}"]`).waitFor();
    // Caught up: a message posted after the row came back is stored after it was read again.
    const later = await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'u-emma', text: 'after the scroll' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    await waitFor(async () => (await readStore<{ externalId: string }>(context, 'messages')).find((m) => m.externalId === later.id), 'the later message to be stored');
    const copies = (await readStore<{ externalId: string }>(context, 'messages')).filter((m) => m.externalId === sent.id);
    expect(copies).toHaveLength(1);
  });

  it('opens the card of an author clicked in the chat, and a tag added there survives reload and restart', async () => {
    const sidebar = await sidebarFrame(page);
    await page.locator('.row[data-user-id="u-emma"] .author').last().click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe('Emma Wilson');
    expect(await sidebar.locator('[data-testid="gs-history-item"]').count()).toBeGreaterThan(0);

    const tagInput = sidebar.locator('[data-testid="gs-tag-input"]');
    await tagInput.fill('VIP客户');
    await tagInput.press('Enter');
    await expect.poll(() => sidebar.locator('[data-testid="gs-tag-chip"]').allTextContents()).toEqual([expect.stringContaining('VIP客户')]);

    await sidebar.locator('[data-testid="gs-note-input"]').fill('Prefers e-mail. <script>alert(1)</script>');
    await sidebar.locator('[data-testid="gs-note-save"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-note-item"] .note-text').allTextContents()).toEqual([
      'Prefers e-mail. <script>alert(1)</script>',
    ]);

    await page.reload();
    const afterReload = await sidebarFrame(page);
    await page.locator('.row[data-user-id="u-emma"] .author').last().click();
    await expect.poll(() => afterReload.locator('[data-testid="gs-tag-chip"] .chip-name').allTextContents()).toEqual(['VIP客户']);

    await context.close();
    context = await launchWithExtension(profile);
    page = await context.newPage();
    await page.goto(server.url);
    const afterRestart = await sidebarFrame(page);
    await page.locator('.row[data-user-id="u-emma"] .author').last().click();
    await expect.poll(() => afterRestart.locator('[data-testid="gs-tag-chip"] .chip-name').allTextContents()).toEqual(['VIP客户']);
    await expect.poll(() => afterRestart.locator('[data-testid="gs-note-item"]').count()).toBe(1);
  });
});
