import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server.mjs';
import { type DemoChat, extensionId, openDemoChat, sidebarFrame, SLASH_PICKER, slashPicker } from './harness';

/**
 * Templates that fill and a sidebar that follows the store, as a staff member uses them:
 * nothing here reopens the sidebar or reloads the chat tab to see a change.
 */
describe('live sidebar and templates with fields on the demo chat', () => {
  let demo: DemoChat;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  const composer = () => page.locator('.composer-input');
  const say = (userId: string, text: string) =>
    fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId: 'g-service', userId, text }) });

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ server, context, page, sidebar } = demo);
  });

  afterAll(() => demo?.close());

  it("the selected member's card updates when they speak", async () => {
    await page.locator('.member-list .member[data-user-id="u-zhang"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe('张伟');
    const count = sidebar.locator('[data-testid="gs-member-message-count"]');
    await count.waitFor();
    const before = Number(await count.textContent());
    await say('u-zhang', '刚才的问题补充一下：年费能减免吗？');
    await expect.poll(async () => Number(await count.textContent())).toBe(before + 1);
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-item"]', { hasText: '年费能减免吗' }).count()).toBe(1);
  });

  it('a template created in options is offered at once in the open tab, and fills from the / picker and the sidebar', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
    await options.getByRole('button', { name: 'New template' }).click();
    const editor = options.locator('[data-testid="gs-template-editor"]');
    await editor.getByLabel('Name', { exact: true }).fill('订单进度');
    await editor.getByLabel('Text', { exact: true }).fill('{member} 您好，订单 {单号} 预计 {日期} 送达。');
    await editor.locator('[data-testid="gs-template-fields"]').fill('单号，日期');
    await editor.locator('[data-testid="gs-template-save"]').click();
    await expect.poll(() => options.locator('[data-testid="gs-options-template"] strong', { hasText: '订单进度' }).count()).toBe(1);
    await options.close();

    // The / picker in the chat tab (never reloaded) offers it.
    await page.bringToFront();
    await composer().fill('');
    await composer().pressSequentially('/订单进度');
    const picker = page.locator(SLASH_PICKER);
    await expect.poll(async () => (await slashPicker(page))?.items.map((item) => item.name)).toContain('订单进度');
    await composer().press('Enter');
    await expect.poll(async () => (await slashPicker(page))?.fields.map((f) => f.field)).toEqual(['member', '单号', '日期']);
    // The caret is in the first empty field; type, Tab to the next, Enter inserts.
    await page.keyboard.type('A-1024');
    await page.keyboard.press('Tab');
    await page.keyboard.type('周五');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    const member = await composer().inputValue();
    expect(member).toMatch(/^\S+ 您好，订单 A-1024 预计 周五 送达。$/);
    expect(member).not.toContain('{');
    // Not sent. Proof: a line sent after it shows in the chat, and the demo keeps order.
    await composer().fill('(picker check)');
    await composer().press('Enter');
    await page.locator('.row .text', { hasText: '(picker check)' }).first().waitFor();
    expect(await page.locator('.row .text', { hasText: '订单 A-1024' }).count()).toBe(0);

    // The sidebar's list has it too, with the same form; values do not carry over.
    await composer().fill('');
    await sidebar.locator('[data-testid="gs-template-search"]').fill('订单进度');
    const item = sidebar.locator('[data-testid="gs-template-item"]', { hasText: '订单进度' });
    await expect.poll(() => item.count()).toBe(1);
    await item.locator('[data-testid="gs-template-insert"]').click();
    const field = (name: string) => item.locator(`[data-testid="gs-template-field"][data-field="${name}"]`);
    expect(await field('member').inputValue()).toBe('张伟');
    expect(await field('单号').inputValue()).toBe('');
    await field('单号').pressSequentially('B-7');
    await field('日期').pressSequentially('明天');
    expect(await field('单号').inputValue()).toBe('B-7');
    await item.locator('[data-testid="gs-template-form-insert"]').click();
    await expect.poll(() => composer().inputValue()).toBe('张伟 您好，订单 B-7 预计 明天 送达。');
    await expect.poll(() => item.locator('[data-testid="gs-template-form"]').count()).toBe(0);
    await item.locator('[data-testid="gs-template-insert"]').click();
    expect(await field('单号').inputValue()).toBe('');
    await composer().fill('');
  });

  it('the sidebar can be resized by dragging its edge, and the width is remembered', async () => {
    // The 7 px handle sits just outside the frame's left edge (the frame's border lies inside its
    // width), in a closed shadow root that locators cannot enter; the frame element is found
    // through the browser's frame tree instead.
    const frameElement = await (await sidebarFrame(page)).frameElement();
    const handle = { boundingBox: async () => (await frameElement.boundingBox().then((b) => (b ? { x: b.x - 7, y: b.y, width: 7, height: b.height } : null))) };
    const box = await handle.boundingBox();
    if (!box) throw new Error('no resize handle');
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    const viewport = await page.evaluate(() => document.documentElement.clientWidth);
    await page.mouse.move(viewport - 500, box.y + 220, { steps: 5 });
    await page.mouse.up();
    const width = () => page.locator('groupsteward-sidebar').evaluate((host) => (host as HTMLElement).style.getPropertyValue('--gs-width'));
    await expect.poll(width).toBe('500px');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('500px');
    // Dragged past the limit, it stops at 640 px.
    const edge = await handle.boundingBox();
    if (!edge) throw new Error('no resize handle');
    await page.mouse.move(edge.x + edge.width / 2, edge.y + 200);
    await page.mouse.down();
    await page.mouse.move(100, edge.y + 220, { steps: 5 });
    await page.mouse.up();
    await expect.poll(width).toBe('640px');
    await page.reload();
    await sidebarFrame(page);
    await expect.poll(width).toBe('640px');
  });
});
