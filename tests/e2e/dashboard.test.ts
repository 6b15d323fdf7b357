import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server.mjs';
import { dashboardQueryForNotification, missNotificationId } from '../../lib/background/miss-notifier';
import { type DemoChat, extensionId, openDemoChat, readStore, sidebarFrame, waitFor } from './harness';

describe('group health on the demo chat', () => {
  let demo: DemoChat;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ server, context, page } = demo);
  });

  afterAll(() => demo?.close());

  const send = (userId: string, text: string) =>
    fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId: 'g-service', userId, text }) });

  it('a question answered by staff leaves the waiting list, and the dashboard counts it, with CSV export and click-through', async () => {
    const sidebar = await sidebarFrame(page);
    await send('u-zhou', '请问附属卡怎么申请？');
    const item = sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '附属卡怎么申请' });
    await item.waitFor();
    await send('staff-mei', '@周杰 附属卡在 App「卡片管理」里申请即可。');
    await waitFor(async () => ((await item.count()) === 0 ? true : null), 'the answered question to leave the waiting list');

    const dash = await context.newPage();
    await dash.goto(`chrome-extension://${await extensionId(context)}/dashboard.html`);
    await dash.locator('[data-testid="gs-dashboard"][data-state="ready"]').waitFor();
    for (const chart of ['messages-per-day', 'response-buckets', 'coverage-heatmap']) {
      expect(await dash.locator(`[data-testid="gs-dash-chart"][data-chart="${chart}"]`).count()).toBe(1);
    }
    const ends = dash.locator('[data-testid="gs-dash-table"][data-table="question-ends"]');
    const answeredByStaff = ends.locator('tbody tr').first();
    expect(Number(await answeredByStaff.locator('td').last().textContent())).toBeGreaterThanOrEqual(1);

    // Click through to the questions behind the figure: ours is there, as text.
    await answeredByStaff.locator('[data-testid="gs-dash-drill"]').click();
    await dash.locator('[data-testid="gs-dash-message"]', { hasText: '附属卡怎么申请' }).waitFor();

    // Every table exports; the CSV holds what the table shows.
    const download = dash.waitForEvent('download');
    await dash.locator('[data-testid="gs-dash-export"][data-table="question-ends"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('question-ends.csv');
    const stream = await file.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += chunk.toString();
    expect(csv.split('\r\n')[0]).toMatch(/,/);
    expect(csv.split('\r\n')).toHaveLength(7);
    expect(await dash.locator('[data-testid="gs-dash-export"]').count()).toBe(await dash.locator('[data-testid="gs-dash-table"]').count());

    // The filters are keyboard-usable: the group select takes focus and a choice.
    await dash.locator('[data-testid="gs-dash-group"]').focus();
    await dash.keyboard.press('ArrowDown');
    await dash.locator('[data-testid="gs-dashboard"][data-state="ready"]').waitFor();
    await dash.close();
  });

  it('a question behind a figure opens in its member\'s history, at that question (as a search result opens the card)', async () => {
    const sidebar = await sidebarFrame(page);
    await send('u-zhou', '请问海外刷卡有返现吗？');
    const item = sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '海外刷卡有返现' });
    await item.waitFor();
    await send('staff-mei', '@周杰 海外刷卡同样有返现。');
    await waitFor(async () => ((await item.count()) === 0 ? true : null), 'the answered question to leave the waiting list');

    const dash = await context.newPage();
    await dash.goto(`chrome-extension://${await extensionId(context)}/dashboard.html`);
    await dash.locator('[data-testid="gs-dashboard"][data-state="ready"]').waitFor();
    const ends = dash.locator('[data-testid="gs-dash-table"][data-table="question-ends"]');
    await ends.locator('tbody tr').first().locator('[data-testid="gs-dash-drill"]').click();
    const question = dash.locator('[data-testid="gs-dash-message"]', { hasText: '海外刷卡有返现' });
    const messageId = await question.getAttribute('data-message-id');
    expect(messageId).toBeTruthy();
    await question.locator('[data-testid="gs-dash-open-history"]').click();

    const card = dash.locator('[data-testid="gs-dash-member"]');
    await expect.poll(() => card.locator('[data-testid="gs-member-name"]').textContent()).toBe('周杰');
    const focused = card.locator('.history-focus[data-testid="gs-history-item"]');
    await expect.poll(() => focused.getAttribute('data-message-id')).toBe(messageId);
    expect(await focused.textContent()).toContain('海外刷卡有返现');

    // The misses are a figure too: the button lists questions answered later than the target.
    // Ours was answered at once, so it leaves the list when the misses replace it.
    await dash.locator('[data-testid="gs-dash-misses"]').click();
    await expect.poll(() => question.count()).toBe(0);
    await dash.locator('[data-testid="gs-dash-member-close"]').click();
    await expect.poll(() => card.count()).toBe(0);
    await dash.close();
  });
  it('an FAQ answer and a template from the sidebar are counted per template in the dashboard, with CSV export', async () => {
    const sidebar = await sidebarFrame(page);
    await send('u-zhou', '请问年费怎么收？');
    const item = sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '年费怎么收' });
    const faq = item.locator('[data-testid="gs-faq-suggestion"]').first();
    await faq.click();
    const composer = page.locator('.composer-input');
    await expect.poll(() => composer.inputValue()).toContain('免年费');
    await composer.fill('');

    // The same template from the sidebar's list.
    await sidebar.locator('[data-testid="gs-template-search"]').fill('年费');
    const listed = sidebar.locator('[data-testid="gs-template-item"][data-template-id="tpl-faq-fee-zh"]');
    await listed.locator('[data-testid="gs-template-insert"]').click();
    // With no member selected, {member} is asked for first; with one, the text goes in at once.
    const form = listed.locator('[data-testid="gs-template-form"]');
    const next = await waitFor(async () => ((await composer.inputValue()).includes('免年费') ? 'inserted' : (await form.count()) > 0 ? 'form' : null), 'the template inserted or its form open');
    if (next === 'form') {
      await form.locator('[data-testid="gs-template-field"]').first().fill('周杰');
      await form.locator('[data-testid="gs-template-form-insert"]').click();
    }
    await expect.poll(() => composer.inputValue()).toContain('免年费');
    await composer.fill('');

    const dash = await context.newPage();
    await dash.goto(`chrome-extension://${await extensionId(context)}/dashboard.html`);
    await dash.locator('[data-testid="gs-dashboard"][data-state="ready"]').waitFor();
    const usage = dash.locator('[data-testid="gs-dash-table"][data-table="template-usage"]');
    const row = usage.locator('tbody tr', { hasText: 'FAQ：年费' });
    // Template, category, insertions, sidebar, / picker, FAQ answers, staff, groups, last used.
    expect((await row.locator('td').allTextContents()).slice(2, 8)).toEqual(['2', '1', '0', '1', '1', '1']);

    const download = dash.waitForEvent('download');
    await dash.locator('[data-testid="gs-dash-export"][data-table="template-usage"]').click();
    const stream = await (await download).createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += chunk.toString();
    expect(csv.split('\r\n').find((line) => line.startsWith('FAQ：年费'))?.split(',').slice(2, 6)).toEqual(['2', '1', '0', '1']);
    await dash.close();
  });
  it('a miss notification\'s click target opens its question in the member\'s history', async () => {
    // The notification itself needs a permission headless Chromium cannot grant (its prompt
    // never answers); lib/background/miss-notifier.ts is unit-tested with a fake display.
    const id = await extensionId(context);
    // What a click on a miss notification opens (lib/background/miss-notifier.ts builds it from the question).
    const sidebar = await sidebarFrame(page);
    await send('u-li', '请问境外消费怎么退税？');
    const item = sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '境外消费怎么退税' });
    await item.waitFor();
    const question = await waitFor(async () => {
      const stored = await readStore<{ id: string; memberId: string; ts: number; text: string }>(context, 'messages');
      return stored.find((m) => m.text === '请问境外消费怎么退税？') ?? null;
    }, 'the question stored');
    const query = dashboardQueryForNotification(missNotificationId({ groupId: 'demo:g-service', memberId: question.memberId, messageId: question.id, ts: question.ts }));
    const dash = await context.newPage();
    await dash.goto(`chrome-extension://${id}/dashboard.html?${query}`);
    const card = dash.locator('[data-testid="gs-dash-member"]');
    const focused = card.locator('.history-focus[data-testid="gs-history-item"]');
    await expect.poll(() => focused.getAttribute('data-message-id')).toBe(question.id);
    expect(await focused.textContent()).toContain('境外消费怎么退税');
    await dash.close();
  });
});
