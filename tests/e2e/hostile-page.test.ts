import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server.mjs';
import { type DemoChat, extensionId, openDemoChat, readStore, type StoredMessage, waitFor } from './harness';

// Issue #11 re-checked as an attacker: the chat page's own scripts try to steer, stop or
// impersonate the extension. Each attack is followed by a person's action whose effect proves
// the extension caught up, so "nothing happened" is checked after the fact, never after a sleep.

describe('a hostile chat page', () => {
  let demo: DemoChat;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;

  const post = (userId: string, text: string) =>
    fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId: 'g-service', userId, text }) }).then((r) => r.json() as Promise<{ id: string }>);
  const memberName = () => sidebar.locator('[data-testid="gs-member-name"]').textContent({ timeout: 1_000 }).catch(() => null);

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ server, context, page, sidebar } = demo);
    // Every name the card shows, from the start: a forged selection would leave a trace here.
    await sidebar.evaluate(() => {
      const shown: string[] = [];
      (window as unknown as { shown: string[] }).shown = shown;
      new MutationObserver(() => {
        const name = document.querySelector('[data-testid="gs-member-name"]')?.textContent;
        if (name && shown.at(-1) !== name) shown.push(name);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
  });

  afterAll(() => demo?.close());

  it('has no handle on the sidebar frame: not in window.frames, not in the DOM, no shadow root to open', async () => {
    // Frames inside a (closed) shadow tree are not the document's child frames, so the page
    // cannot even post a forged channel into ours; a forged one would still need the content
    // script's confirmation (tests/unit/boundary/sidebar-channel.test.ts).
    expect(await page.evaluate(() => ({ frames: window.frames.length, iframes: document.querySelectorAll('iframe').length, shadow: document.querySelector('groupsteward-sidebar')?.shadowRoot ?? null }))).toEqual({
      frames: 0,
      iframes: 0,
      shadow: null,
    });
    await page.locator('.member-list .member[data-user-id="u-zhang"]').click();
    await expect.poll(memberName).toBe('张伟');
    expect(await sidebar.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual(['张伟']);
  });

  it('synthetic clicks and shift-clicks on names select or pick no one', async () => {
    await page.evaluate(() => {
      const name = document.querySelector('.member-list .member[data-user-id="u-chen"]') as HTMLElement;
      name.click();
      name.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, shiftKey: true }));
    });
    // A person's click afterwards: once its card shows, the synthetic ones had their turn.
    await page.locator('.member-list .member[data-user-id="u-liu"]').click();
    await expect.poll(memberName).toBe('刘洋');
    expect(await sidebar.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual(['张伟', '刘洋']);
    expect(await sidebar.locator('[data-testid="gs-picked-bar"]').count()).toBe(0);
  });

  it("WXT's content-script-started event, dispatched by the page under any name it can guess, does not stop reading", async () => {
    const id = await extensionId(context);
    await page.evaluate((runtimeId) => {
      for (const type of ['wxt:content-script-started', 'chat:wxt:content-script-started', `${runtimeId}:chat:wxt:content-script-started`]) {
        const detail = { contentScriptName: 'chat', messageId: crypto.randomUUID() };
        document.dispatchEvent(new CustomEvent(type, { detail }));
        window.postMessage({ type, ...detail }, '*');
      }
    }, id);
    const sent = await post('u-emma', 'still read after the page tried to stop us');
    await waitFor(async () => (await readStore<StoredMessage>(context, 'messages')).find((m) => m.externalId === sent.id), 'the message sent after the attack to be stored');
    await page.locator('.member-list .member[data-user-id="u-emma"]').click();
    await expect.poll(memberName).toBe('Emma Wilson');
    expect(await page.locator('groupsteward-sidebar').count()).toBe(1);
  });

  it('refuses a click that falls through a layer the page lays over the sidebar, says why, and takes the same click once uncovered', async () => {
    const tab = (key: string) => sidebar.locator(`[data-testid="gs-tab-${key}"]`);
    const coveredState = () => sidebar.locator('[data-testid="gs-cover-sentinel"]').getAttribute('data-covered');
    await tab('member').click();
    await expect.poll(() => tab('member').getAttribute('aria-current')).toBe('true');
    await expect.poll(coveredState).toBe('false');

    // The page draws its own picture over the sidebar; clicks fall through it to our buttons.
    await page.evaluate(() => {
      const decoy = document.createElement('div');
      decoy.id = 'decoy';
      decoy.textContent = 'Click here to claim your coupon';
      decoy.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647;background:rgb(255 255 255 / 2%)';
      document.body.append(decoy);
    });
    await expect.poll(coveredState).toBe('true');
    await tab('group').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-covered-notice"]').count()).toBe(1);
    expect(await tab('group').getAttribute('aria-current')).toBeNull();

    await page.evaluate(() => document.getElementById('decoy')?.remove());
    await expect.poll(coveredState).toBe('false');
    expect(await sidebar.locator('[data-testid="gs-covered-notice"]').count()).toBe(0);
    await tab('group').click();
    await expect.poll(() => tab('group').getAttribute('aria-current')).toBe('true');

    // The page's own style sheet reaches our host element: drawn nearly transparent over
    // the page's bait, the frame counts as covered too.
    await page.evaluate(() => document.querySelector<HTMLElement>('groupsteward-sidebar')?.style.setProperty('opacity', '0.05', 'important'));
    await expect.poll(coveredState).toBe('true');
    await tab('member').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-covered-notice"]').count()).toBe(1);
    expect(await tab('member').getAttribute('aria-current')).toBeNull();
    await page.evaluate(() => document.querySelector<HTMLElement>('groupsteward-sidebar')?.style.removeProperty('opacity'));
    await expect.poll(coveredState).toBe('false');
  });
});
