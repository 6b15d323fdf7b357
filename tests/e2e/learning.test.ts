import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server.mjs';
import { type DemoChat, extensionId, openDemoChat, readStore, sidebarFrame, type StoredMessage } from './harness';

interface StoredCase {
  kind: string;
  groupId: string;
  memberId: string;
  messageId?: string;
  category?: string;
  categories?: string[];
  reasonCode?: string;
  step?: number;
  memberAction: string;
  actor: string;
  reason: string;
}

const SPAM = ['星空盲盒今晚开团，来抢', '星空盲盒开团啦 名额有限'];
const HOTLINE = '官方客服电话 021-61234567';

/**
 * Learning from staff decisions on the demo chat, as staff work it: flag two messages the
 * rules missed, dismiss a suggestion as allowed in this group, approve what the options
 * propose, and see the next messages judged by what was approved.
 */
describe('learning from decisions on the demo chat', () => {
  let demo: DemoChat;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  let options: Page;
  const cases = () => readStore<StoredCase>(context, 'cases');
  const messageIdOf = async (groupId: string, text: string) =>
    (await readStore<StoredMessage>(context, 'messages')).find((m) => m.groupId === `demo:${groupId}` && m.text === text)?.id;
  const send = (groupId: string, userId: string, text: string) =>
    fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId, userId, text }) });
  const request = (name: string, input: unknown) =>
    sidebar.evaluate(
      ([n, i]) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ gs: 'request', name: n, input: i }),
      [name, input] as const,
    );

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ server, context, page, sidebar } = demo);
    await request('updateSettings', { staffName: '客服小美', language: 'en' });
    await page.reload();
    sidebar = await sidebarFrame(page);
  });

  afterAll(() => demo?.close());

  it('staff flag two messages the rules missed from the member history: manual cases that climb the ladder', async () => {
    for (const text of SPAM) await send('g-service', 'u-zhou', text);
    await expect.poll(async () => Boolean(await messageIdOf('g-service', SPAM[1] as string))).toBe(true);
    // The rules do not know the phrase: no suggestion.
    expect((await cases()).filter((c) => c.memberId === 'demo:u-zhou')).toEqual([]);

    await page.locator('.member-list .member[data-user-id="u-zhou"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe('周杰');
    for (const [i, text] of SPAM.entries()) {
      const row = sidebar.locator('[data-testid="gs-history-item"]', { hasText: text });
      await row.locator('[data-testid="gs-flag-message"]').click();
      const form = sidebar.locator('[data-testid="gs-flag-form"]');
      expect(await form.locator('.flag-quote').textContent()).toBe(text);
      await form.locator('[data-testid="gs-flag-category"]').selectOption('ad');
      if (i === 0) await form.locator('[data-testid="gs-flag-reason"]').fill('盲盒广告');
      await form.locator('[data-testid="gs-flag-confirm"]').click();
      await expect.poll(() => row.locator('[data-testid="gs-history-flagged"]').count()).toBe(1);
      expect(await sidebar.locator('[data-testid="gs-action-notice"]').getAttribute('data-notice')).toBe('flagged');
    }
    const flagged = (await cases()).filter((c) => c.kind === 'manual-warning').sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
    expect(flagged).toMatchObject([
      { memberId: 'demo:u-zhou', category: 'ad', step: 1, memberAction: 'remind', actor: '客服小美', reason: '盲盒广告' },
      { memberId: 'demo:u-zhou', category: 'ad', step: 2, memberAction: 'warn', actor: '客服小美' },
    ]);
    expect(await sidebar.locator('[data-testid="gs-case-item"][data-kind="manual-warning"]').count()).toBe(2);
  });

  it('a suggestion dismissed as "allowed in this group" records the reason', async () => {
    await send('g-service', 'u-li', HOTLINE);
    const item = sidebar.locator('[data-testid="gs-warning-item"]', { hasText: '021-61234567' });
    await expect.poll(() => item.count()).toBe(1);
    await item.locator('[data-testid="gs-warning-dismiss"]').click();
    await item.locator('[data-testid="gs-dismiss-reason"]').selectOption({ value: 'allowed-in-group' });
    await item.locator('[data-testid="gs-warning-dismiss-confirm"]').click();
    await expect.poll(() => item.count()).toBe(0);
    const dismissed = (await cases()).filter((c) => c.kind === 'dismissed' && c.memberId === 'demo:u-li');
    expect(dismissed).toMatchObject([{ reasonCode: 'allowed-in-group', actor: '客服小美', categories: ['contact'] }]);
  });

  it('the options propose the word and the allow entry with their counts; staff approve both', async () => {
    options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
    const panel = options.locator('[data-testid="gs-proposals"]');
    await panel.waitFor();
    await panel.locator('[data-testid="gs-proposals-group"]').selectOption('demo:g-service');
    const word = panel.locator('[data-testid="gs-proposal"][data-kind="word"][data-phrase="星空盲盒"]');
    await expect.poll(() => word.count()).toBe(1);
    expect(await word.textContent()).toContain('in 2 flagged and 0 ordinary messages');
    expect(await word.locator('[data-testid="gs-proposal-category"]').inputValue()).toBe('ad');
    const allow = panel.locator('[data-testid="gs-proposal"][data-kind="allow"]');
    await expect.poll(() => allow.count()).toBe(1);
    expect(await allow.textContent()).toContain('dismissed 1× as allowed in this group');
    const allowed = (await allow.getAttribute('data-phrase')) ?? '';
    expect(allowed.replace(/\D/g, '')).toBe('02161234567');
    // Nothing changed before approval.
    expect((await readStore<{ id: string }>(context, 'rules')).some((r) => r.id === 'learned-ad')).toBe(false);

    await word.locator('[data-testid="gs-proposal-approve"]').click();
    await expect.poll(() => word.count()).toBe(0);
    await allow.locator('[data-testid="gs-proposal-approve"]').click();
    await expect.poll(() => allow.count()).toBe(0);
    const list = panel.locator('[data-testid="gs-group-allow-list"] [data-testid="gs-allow-entry"]');
    await expect.poll(() => list.count()).toBe(1);
    expect(await list.getAttribute('data-phrase')).toBe(allowed);
    const rules = await readStore<{ id: string; triggers: { keywords: string[] } }>(context, 'rules');
    expect(rules.find((r) => r.id === 'learned-ad')?.triggers.keywords).toEqual(['星空盲盒']);
    expect((await readStore<{ phrase: string; decision: string }>(context, 'proposalDecisions')).map((d) => d.decision).sort()).toEqual(['approved', 'approved']);
  });

  it('a new message with the approved phrase gets a suggestion; the allowed number no longer does in that group, but still does in another', async () => {
    await page.bringToFront();
    await send('g-service', 'u-huang', '星空盲盒 最后三个，手慢无');
    const learned = sidebar.locator('[data-testid="gs-warning-item"]', { hasText: '最后三个' });
    await expect.poll(() => learned.count()).toBe(1);
    expect(await learned.getAttribute('data-category')).toContain('ad');
    // The messages staff flagged were decided then: the new rule does not reopen them.
    expect(await sidebar.locator('[data-testid="gs-warning-item"]', { hasText: '星空盲盒开团啦' }).count()).toBe(0);
    expect((await cases()).filter((c) => c.kind === 'suggested' && c.memberId === 'demo:u-zhou')).toEqual([]);

    const again = `再说一遍：${HOTLINE}`;
    await send('g-service', 'u-zhao', again);
    // Sent after the hotline: once it is stored, the hotline was judged too.
    await send('g-service', 'u-zhao', '好的谢谢');
    await expect.poll(async () => Boolean(await messageIdOf('g-service', '好的谢谢'))).toBe(true);
    const againId = await messageIdOf('g-service', again);
    expect(againId).toBeTruthy();
    expect((await cases()).filter((c) => c.messageId === againId)).toEqual([]);
    expect(await sidebar.locator('[data-testid="gs-warning-item"]', { hasText: '再说一遍' }).count()).toBe(0);

    await send('g-welfare', 'u-zhao', HOTLINE);
    await page.locator('.group-link[data-group-id="g-welfare"]').click();
    await expect.poll(async () => Boolean(await messageIdOf('g-welfare', HOTLINE))).toBe(true);
    const welfareId = await messageIdOf('g-welfare', HOTLINE);
    await expect.poll(async () => (await cases()).filter((c) => c.messageId === welfareId && c.kind === 'suggested').map((c) => c.category)).toEqual(['contact']);
  });
});
