import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server.mjs';
import { type DemoChat, openDemoChat, readStore, sidebarFrame } from './harness';

interface StoredCase {
  kind: string;
  memberId: string;
  messageId?: string;
  categories?: string[];
  channel?: string;
  step?: number;
  recordedBy?: string;
  actor: string;
  sentText?: string;
  evidence?: { text: string; spans: unknown[] };
}

/**
 * The moderation loop on the demo chat, as staff work it: see a flagged message, decide
 * once, act through the step's channel, and find the case recorded when it happened.
 */
describe('moderation on the demo chat', () => {
  let demo: DemoChat;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  const decisions = async () => (await readStore<StoredCase>(context, 'cases')).filter((c) => c.kind === 'applied' || c.kind === 'dismissed');
  const item = (text: string) => sidebar.locator('[data-testid="gs-warning-item"]', { hasText: text });
  const request = (name: string, input: unknown) =>
    sidebar.evaluate(
      ([n, i]) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ gs: 'request', name: n, input: i }),
      [name, input] as const,
    );

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ server, context, page, sidebar } = demo);
    await request('updateSettings', { staffName: '客服小美' });
    await page.reload();
    sidebar = await sidebarFrame(page);
  });

  afterAll(() => demo?.close());

  it('one message flagged for two categories is one item, and one decision covers it', async () => {
    const spam = item('crypto signals');
    await expect.poll(() => spam.count()).toBe(1);
    expect((await spam.getAttribute('data-category'))?.split(' ').sort()).toEqual(['ad', 'link']);
    expect(await spam.locator('[data-testid="gs-warning-category"]').count()).toBe(2);
    // Private first: a first offence is a private reminder, and the item says so before the click.
    expect(await spam.locator('[data-testid="gs-warning-channel"]').getAttribute('data-channel')).toBe('private');
    expect(await spam.locator('[data-testid="gs-warning-why"]').getAttribute('data-why')).toBe('ladder');

    await spam.locator('[data-testid="gs-warning-dismiss"]').click();
    await spam.locator('[data-testid="gs-dismiss-reason"]').selectOption('not-a-problem');
    await spam.locator('[data-testid="gs-dismiss-text"]').fill('测试账号');
    await spam.locator('[data-testid="gs-warning-dismiss-confirm"]').click();
    await expect.poll(() => spam.count()).toBe(0);
    const mine = (await decisions()).filter((c) => c.memberId === 'demo:u-spam');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'dismissed', actor: '客服小美', reasonCode: 'not-a-problem', reason: '测试账号' });
    expect(mine[0]?.categories?.sort()).toEqual(['ad', 'link']);
  });

  it('a first offence is reminded privately in the DM, recorded when seen sent there; the next one is warned publicly', async () => {
    const first = item('兼职刷单');
    await expect.poll(() => first.count()).toBe(1);
    expect(await first.locator('[data-testid="gs-warning-step"]').getAttribute('data-channel')).toBe('private');
    await first.locator('[data-testid="gs-warning-apply"]').click();
    // The demo opens the member's DM: the reminder waits in that composer, not the group's.
    await expect.poll(() => page.locator('.chat').getAttribute('data-group-id')).toBe('dm-u-ad1');
    await expect.poll(() => sidebar.locator('[data-testid="gs-action-notice"]').getAttribute('data-notice')).toBe('pending-private-dm');
    const reminder = await page.locator('.composer-input').inputValue();
    expect(reminder).toContain('财富自由导师');
    await page.locator('.composer-input').press('Enter');
    // Seen sent in the DM: the case is written and the notice stops asking for a confirmation.
    await expect.poll(() => sidebar.locator('[data-testid="gs-action-notice"]').getAttribute('data-notice')).toBe('recorded');
    const [reminded, ...others] = (await decisions()).filter((c) => c.memberId === 'demo:u-ad1');
    expect(others).toEqual([]);
    expect(reminded).toMatchObject({ kind: 'applied', channel: 'private', step: 1, recordedBy: 'sent-seen', actor: '客服小美', sentText: reminder });
    expect(await page.locator('.row .text', { hasText: reminder }).count()).toBe(1);

    await page.locator('.group-link[data-group-id="g-service"]').click();
    await expect.poll(() => page.locator('.chat').getAttribute('data-group-id')).toBe('g-service');
    expect(await page.locator('.row .text', { hasText: reminder }).count()).toBe(0);
    await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'u-ad1', text: '兼职刷单又来了，日结500，私聊我' }),
    });
    const again = item('日结500');
    await expect.poll(() => again.count()).toBe(1);
    expect(await again.locator('[data-testid="gs-warning-channel"]').getAttribute('data-channel')).toBe('public');
  });

  it('a cleared composer leaves no case, and the message stays open', async () => {
    const ad = item('日结500');
    await expect.poll(() => ad.count()).toBe(1);
    await page.locator('.composer-input').fill('');
    await ad.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('.composer-input').inputValue()).toContain('@财富自由导师');
    await expect.poll(() => ad.locator('[data-testid="gs-warning-pending"]').count()).toBe(1);
    // Only the private reminder of the first offence.
    expect((await decisions()).filter((c) => c.memberId === 'demo:u-ad1')).toHaveLength(1);

    // Staff change their mind: clear the box and say so.
    await page.locator('.composer-input').fill('');
    await ad.locator('[data-testid="gs-action-cancel"]').click();
    await expect.poll(() => ad.locator('[data-testid="gs-warning-apply"]').count()).toBe(1);
    // Another staff message is not the warning either.
    await page.locator('.composer-input').fill('大家好，今天的活动开始了');
    await page.locator('.composer-input').press('Enter');
    await expect.poll(() => page.locator('.row .text', { hasText: '今天的活动开始了' }).count()).toBe(1);
    // Only the private reminder of the first offence.
    expect((await decisions()).filter((c) => c.memberId === 'demo:u-ad1')).toHaveLength(1);
  });

  it('a public warning sent in the chat becomes a case with the evidence and the staff name', async () => {
    const ad = item('日结500');
    await ad.locator('[data-testid="gs-warning-reason"]').fill('首次发广告');
    await ad.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('.composer-input').inputValue()).toContain('现予以警告');
    const warning = await page.locator('.composer-input').inputValue();
    // The public notice names the category as people say it, not an internal label.
    expect(warning).toContain('「广告」');
    expect(warning).not.toMatch(/关键词|已按规定移出/);
    await page.locator('.composer-input').press('Enter');
    await expect.poll(() => ad.count()).toBe(0);
    const mine = (await decisions()).filter((c) => c.memberId === 'demo:u-ad1');
    expect(mine.map((c) => c.channel).sort()).toEqual(['private', 'public']);
    const recorded = mine.find((c) => c.channel === 'public');
    expect(recorded).toMatchObject({ kind: 'applied', channel: 'public', step: 2, recordedBy: 'sent-seen', actor: '客服小美', reason: '首次发广告', sentText: warning });
    expect(recorded?.evidence?.text).toContain('日结500');
    expect(recorded?.evidence?.spans.length).toBeGreaterThan(0);
  });

  it('a private reminder never lands in the group composer: without a DM control it is copied instead', async () => {
    await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'u-zhao', text: '有事打我电话 13812345678' }),
    });
    const contact = item('13812345678');
    await expect.poll(() => contact.count()).toBe(1);
    expect(await contact.locator('[data-testid="gs-warning-channel"]').getAttribute('data-channel')).toBe('private');
    // A chat that offers no way to message this member privately.
    await page.evaluate(() => {
      for (const button of document.querySelectorAll('.dm-button')) button.remove();
    });
    await page.locator('.composer-input').fill('');
    await contact.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-action-notice"]').getAttribute('data-notice')).toBe('pending-private-copied');
    expect(await page.locator('.chat').getAttribute('data-group-id')).toBe('g-service');
    expect(await page.locator('.composer-input').inputValue()).toBe('');
    // Staff paste it into the DM themselves, then confirm.
    await contact.locator('[data-testid="gs-warning-confirm"]').click();
    await expect.poll(() => contact.count()).toBe(0);
    const [reminded] = (await decisions()).filter((c) => c.memberId === 'demo:u-zhao');
    expect(reminded).toMatchObject({ kind: 'applied', channel: 'private', step: 1, recordedBy: 'staff-confirmed', actor: '客服小美' });
    expect(reminded?.sentText).toContain('赵磊');
    // Nothing was ever posted in the group by staff with that text.
    expect(await page.locator('.row .text', { hasText: '私下提醒' }).count()).toBe(0);
  });
});
