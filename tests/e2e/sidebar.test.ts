import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server.mjs';
import { type DemoChat, openDemoChat, readStore, SLASH_PICKER, slashPicker } from './harness';

describe('sidebar on the demo chat', () => {
  let demo: DemoChat;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;

  beforeAll(async () => {
    demo = await openDemoChat();
    ({ server, context, page, sidebar } = demo);
  });

  afterAll(() => demo?.close());

  it('finds a template, flags missing values, and inserts the rendered text into the composer without sending', async () => {
    await page.locator('.member-list .member[data-user-id="u-zhang"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe('张伟');
    await sidebar.locator('[data-testid="gs-tab-templates"]').click();
    await sidebar.locator('[data-testid="gs-template-search"]').fill('提额');
    const item = sidebar.locator('[data-testid="gs-template-item"]').first();
    await expect.poll(() => item.getAttribute('data-template-id')).toBe('tpl-faq-limit-zh');
    await item.locator('[data-testid="gs-template-insert"]').click();
    await expect.poll(() => page.locator('.composer-input').inputValue()).toContain('张伟 您好，用卡满 6 个月');
    // Inserted, not sent: no new row from the staff member appears.
    expect(await page.locator('.row .text', { hasText: '用卡满 6 个月且按时还款' }).count()).toBe(0);

    // {staff} is not set (no staff name in options): Insert opens the field form, which asks
    // for it and inserts nothing until it is filled.
    await page.locator('.composer-input').fill('');
    await sidebar.locator('[data-testid="gs-template-all-languages"]').check();
    await sidebar.locator('[data-testid="gs-template-search"]').fill('welcome');
    const welcome = sidebar.locator('[data-testid="gs-template-item"][data-template-id="tpl-welcome-en"]');
    await welcome.locator('[data-testid="gs-template-insert"]').click();
    await expect.poll(() => welcome.locator('[data-testid="gs-template-missing"]').textContent()).toContain('{staff}');
    expect(await welcome.locator('[data-testid="gs-template-form-insert"]').isDisabled()).toBe(true);
    expect(await welcome.locator('[data-testid="gs-template-field"][data-field="staff"]').count()).toBe(1);
    await welcome.locator('.template-head').click();
    await sidebar.locator('[data-testid="gs-template-all-languages"]').uncheck();
    expect(await page.locator('.composer-input').inputValue()).toBe('');
  });

  it('a template set to send directly is inserted and sent through the chat\'s own send', async () => {
    const text = '今晚 20:00 系统维护，届时暂停服务。';
    const saved = await sidebar.evaluate(
      (body) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({
          gs: 'request',
          name: 'saveTemplate',
          input: { name: 'Maintenance notice', category: 'general', lang: 'zh', keywords: [], body, sendDirectly: true },
        }),
      text,
    );
    expect(saved).toMatchObject({ ok: true });
    await sidebar.locator('[data-testid="gs-tab-member"]').click();
    await sidebar.locator('[data-testid="gs-tab-templates"]').click();
    await sidebar.locator('[data-testid="gs-template-search"]').fill('Maintenance');
    const item = sidebar.locator('[data-testid="gs-template-item"]', { hasText: 'Maintenance notice' });
    await item.locator('[data-testid="gs-template-insert"]').click();
    // Sent by the demo's own composer: the server now holds it, from the staff member using the demo.
    await expect
      .poll(async () => {
        const messages = (await fetch(new URL('/api/groups/g-service/messages', server.url)).then((r) => r.json())) as Array<{ userId: string; text: string }>;
        return messages.filter((m) => m.text === text).map((m) => m.userId);
      })
      .toEqual(['staff-mei']);
    await expect.poll(() => page.locator('.composer-input').inputValue()).toBe('');
  });

  it('a slash picker in the chat composer inserts a template with the arrows and Enter, without sending', async () => {
    const composer = page.locator('.composer-input');
    await composer.fill('');
    await composer.pressSequentially('/年费');
    // The list is in a closed shadow root (the page cannot read it); the test reads it as DevTools does.
    const picker = page.locator(SLASH_PICKER);
    await expect.poll(async () => (await slashPicker(page))?.items.length ?? 0).toBeGreaterThan(0);
    await composer.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    await composer.fill('');
    await composer.pressSequentially('/FAQ');
    await expect.poll(async () => (await slashPicker(page))?.items.length ?? 0).toBeGreaterThan(1);
    const shown = await slashPicker(page);
    const names = shown?.items.map((item) => item.name) ?? [];
    // {member} is the customer being answered (the latest one waiting for a reply), not
    // whoever was clicked last, and the picker says who before inserting.
    const answering = (shown?.member ?? '').replace(/^[^:：]*[:：]\s*/, '');
    // The page's own scripts see an empty host: no template name, no member name.
    const pageSees = await page.evaluate((selector) => {
      const host = document.querySelector(selector);
      return { shadowRoot: host?.shadowRoot === null, children: host?.childNodes.length, html: document.body.innerHTML, text: document.body.innerText };
    }, SLASH_PICKER);
    expect(pageSees).toMatchObject({ shadowRoot: true, children: 0 });
    for (const name of names) {
      expect(pageSees.html).not.toContain(name);
      expect(pageSees.text).not.toContain(name);
    }
    expect(answering).not.toBe('');
    await composer.press('ArrowDown');
    await composer.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    const value = await composer.inputValue();
    expect(value.startsWith('/')).toBe(false);
    expect(value).toContain(answering);
    expect(names[1]).toBeTruthy();
    // Counted for the dashboard's template usage, as from the / picker.
    await expect
      .poll(async () => (await readStore<{ via: string; groupId: string }>(context, 'templateUses')).filter((u) => u.via === 'slash').map((u) => u.groupId))
      .toEqual(['demo:g-service']);
    // Enter chose the template; it did not send the message. Proof: a line sent after it
    // shows in the chat, and the demo keeps order.
    await composer.fill('(picker check)');
    await composer.press('Enter');
    await page.locator('.row .text', { hasText: '(picker check)' }).first().waitFor();
    expect(await page.locator('.row .text', { hasText: value.slice(0, 12) }).count()).toBe(0);
    await composer.fill('');
  });

  it('flags ads and contact spam, one item per message; a private reminder goes to the DM, and the sent reminder becomes a signed case', async () => {
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    const items = sidebar.locator('[data-testid="gs-warning-item"]');
    // The demo's scripted ad (兼职刷单) and the WeChat spam are on screen, so they were read and judged.
    await expect.poll(() => items.filter({ hasText: '兼职刷单' }).count()).toBe(1);
    // The WeChat spam is an ad as well as contact details: one item lists both.
    const spam = items.filter({ hasText: 'xiaoyu_8899' });
    await expect.poll(() => spam.count()).toBe(1);
    expect((await spam.getAttribute('data-category'))?.split(' ').sort()).toEqual(['ad', 'contact']);
    // The matched words are highlighted as evidence, and the categories do not repeat them.
    expect(await spam.locator('mark').count()).toBeGreaterThan(0);
    expect(await spam.locator('[data-testid="gs-warning-category"]').allTextContents()).not.toContain('xiaoyu');

    // Contact details alone: the first step is a private reminder, shown before the click.
    await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'u-chen', text: '有事打我电话 13812345678' }),
    });
    const wechat = items.filter({ hasText: '13812345678' });
    await expect.poll(() => wechat.count()).toBe(1);
    expect(await wechat.locator('[data-testid="gs-warning-channel"]').getAttribute('data-channel')).toBe('private');

    // Every case is signed: the sidebar asks for the name first.
    expect(await wechat.locator('[data-testid="gs-warning-apply"]').isDisabled()).toBe(true);
    await sidebar.locator('[data-testid="gs-staff-name-input"]').fill('客服小美');
    await sidebar.locator('[data-testid="gs-staff-name-save"]').click();
    await expect.poll(() => wechat.locator('[data-testid="gs-warning-apply"]').isDisabled()).toBe(false);

    await page.locator('.composer-input').fill('');
    await wechat.locator('[data-testid="gs-warning-apply"]').click();
    // The demo opens the member's DM; the reminder is there, addressed to them.
    await expect.poll(() => page.locator('.chat').getAttribute('data-group-id')).toBe('dm-u-chen');
    await expect.poll(() => page.locator('.composer-input').inputValue()).toContain('陈强');
    const reminder = await page.locator('.composer-input').inputValue();
    await page.locator('.composer-input').press('Enter');
    // The reader sees the reminder sent in the DM: that makes it a case, signed.
    await expect.poll(() => page.locator('.row .text', { hasText: reminder }).count()).toBe(1);
    await expect
      .poll(async () => (await readStore<{ kind: string; memberId: string; actor: string }>(context, 'cases')).filter((c) => c.kind === 'applied' && c.memberId === 'demo:u-chen').map((c) => c.actor))
      .toEqual(['客服小美']);
    await page.locator('.group-link[data-group-id="g-service"]').click();
    await expect.poll(() => items.filter({ hasText: '13812345678' }).count()).toBe(0);

    const ad = items.filter({ hasText: '兼职刷单' });
    await ad.locator('[data-testid="gs-warning-dismiss"]').click();
    await ad.locator('[data-testid="gs-warning-dismiss-confirm"]').click();
    await expect.poll(() => ad.count()).toBe(0);

    // The member's card shows the decision with its evidence.
    await page.locator('.member-list .member[data-user-id="u-chen"]').click({ position: { x: 4, y: 4 } });
    const applied = sidebar.locator('[data-testid="gs-case-item"][data-kind="applied"]');
    await expect.poll(() => applied.count()).toBe(1);
    expect(await applied.textContent()).toContain('客服小美');
    expect(await applied.locator('mark').count()).toBeGreaterThan(0);
  });

  it('the group tab lists customer questions waiting for a reply, and a staff reply clears them', async () => {
    await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'u-sun', text: '请问积分什么时候过期？' }),
    });
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    await expect
      .poll(async () => {
        await sidebar.locator('[data-testid="gs-tab-member"]').click();
        await sidebar.locator('[data-testid="gs-tab-group"]').click();
        return sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '积分什么时候过期' }).count();
      })
      .toBe(1);
    await fetch(new URL('/api/send', server.url), {
      method: 'POST',
      body: JSON.stringify({ groupId: 'g-service', userId: 'staff-mei', text: '@孙小红 积分有效期为 3 年。' }),
    });
    await expect
      .poll(async () => {
        await sidebar.locator('[data-testid="gs-tab-member"]').click();
        await sidebar.locator('[data-testid="gs-tab-group"]').click();
        return sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '积分什么时候过期' }).count();
      })
      .toBe(0);
  });

  it('a staff answer closes only the question it answers; mark answered closes one more; an insult is never listed', async () => {
    const send = (userId: string, text: string) =>
      fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId: 'g-service', userId, text }) });
    const waitingCount = async (text: string) => {
      await sidebar.locator('[data-testid="gs-tab-member"]').click();
      await sidebar.locator('[data-testid="gs-tab-group"]').click();
      return sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: text }).count();
    };
    await send('u-sun', '请问账单日是几号？');
    await send('u-sun', '还有年费能不能减免？');
    await send('u-liu', '你们是不是傻逼？');
    await expect.poll(() => waitingCount('还有年费能不能减免')).toBe(1);
    await expect.poll(() => waitingCount('账单日是几号')).toBe(1);
    expect(await sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '傻逼' }).count()).toBe(0);

    await send('staff-mei', '@孙小红 账单日是每月 5 号。');
    await expect.poll(() => waitingCount('账单日是几号')).toBe(0);
    expect(await waitingCount('还有年费能不能减免')).toBe(1);

    const item = sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '还有年费能不能减免' });
    expect(['ok', 'due', 'missed']).toContain(await item.getAttribute('data-state'));
    await item.locator('[data-testid="gs-question-answered"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: '还有年费能不能减免' }).count()).toBe(0);
  });

  it('tags members shift-clicked in the chat page all at once', async () => {
    await sidebar.locator('[data-testid="gs-tab-member"]').click();
    await page.locator('.member-list .member[data-user-id="u-chen"]').click({ modifiers: ['Shift'] });
    await page.locator('.member-list .member[data-user-id="u-liu"]').click({ modifiers: ['Shift'] });
    const bar = sidebar.locator('[data-testid="gs-picked-bar"]');
    await expect.poll(() => bar.textContent()).toContain('陈强');
    expect(await bar.textContent()).toContain('刘洋');
    await sidebar.locator('[data-testid="gs-picked-tag-input"]').fill('年费投诉');
    await sidebar.locator('[data-testid="gs-picked-tag-input"]').press('Enter');
    await expect.poll(() => bar.count()).toBe(0);
    await page.locator('.member-list .member[data-user-id="u-liu"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-tag-chip"] .chip-name').allTextContents()).toContain('年费投诉');
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
  });

  it('tags several members at once from the group member list', async () => {
    const rows = sidebar.locator('[data-testid="gs-group-member"]');
    await rows.filter({ hasText: '王芳' }).locator('input[type="checkbox"]').check();
    await rows.filter({ hasText: '李娜' }).locator('input[type="checkbox"]').check();
    await sidebar.locator('[data-testid="gs-bulk-tag-input"]').fill('潜在客户');
    await sidebar.locator('[data-testid="gs-bulk-tag-input"]').press('Enter');
    await expect.poll(() => rows.filter({ hasText: '潜在客户' }).count()).toBe(2);
  });

  it('a group without rules starts from the standard rules in the group\'s language; saved rules are stored and go into the composer unsent', async () => {
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    const input = sidebar.locator('[data-testid="gs-group-rules-input"]');
    expect(await input.inputValue()).toBe('');
    await sidebar.locator('[data-testid="gs-group-rules-standard"]').click();
    // The Chinese group gets the Chinese rules template, filled in with the group's name.
    const standard = await input.inputValue();
    expect(standard).toContain('星河银行 · 信用卡客户服务群');
    expect(standard).toContain('禁止');
    await input.fill(`${standard}\n5. 不要在群里发验证码。`);
    await sidebar.locator('[data-testid="gs-group-rules-save"]').click();
    await sidebar.locator('[data-testid="gs-group-rules-saved"]').waitFor();
    const groups = await readStore<{ title: string; rulesText: string }>(context, 'groups');
    expect(groups.find((g) => g.title === '星河银行 · 信用卡客户服务群')?.rulesText).toBe(`${standard}\n5. 不要在群里发验证码。`);

    await page.locator('.composer-input').fill('');
    await sidebar.locator('[data-testid="gs-group-rules-post"]').click();
    await expect.poll(() => page.locator('.composer-input').inputValue()).toContain('5. 不要在群里发验证码。');
    expect(await page.locator('.row .text', { hasText: '不要在群里发验证码' }).count()).toBe(0);
    await page.locator('.composer-input').fill('');
    // With rules of its own the group is offered no standard text.
    expect(await sidebar.locator('[data-testid="gs-group-rules-standard"]').count()).toBe(0);
  });

  it('opt-in inline badges show tags and warnings next to names in the page, as text', async () => {
    // Off by default: nothing is drawn into the chat page.
    expect(await page.locator('[data-testid="gs-inline-badge"]').count()).toBe(0);
    const saved = await sidebar.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({
        gs: 'request',
        name: 'updateSettings',
        input: { inlineBadges: true },
      }),
    );
    expect(saved).toMatchObject({ ok: true });
    for (const [userId, text] of [
      ['u-chen', '大家好'],
      ['u-wang', '请问这周有咖啡券吗？'],
    ]) {
      await fetch(new URL('/api/send', server.url), { method: 'POST', body: JSON.stringify({ groupId: 'g-service', userId, text }) });
    }
    await page.reload();
    const badge = page.locator('.row[data-user-id="u-wang"] [data-testid="gs-inline-badge"]').last();
    await expect.poll(() => badge.textContent()).toContain('潜在客户');
    // The member reminded about contact details carries the count.
    const warned = page.locator('.row[data-user-id="u-chen"] [data-testid="gs-inline-badge"]').last();
    await expect.poll(() => warned.textContent()).toContain('⚠ 1');
  });
});
