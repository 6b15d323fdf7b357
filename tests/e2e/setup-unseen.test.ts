import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage } from './harness';

/*
 * Chat pages the setup was never tuned on (tests/fixtures/chats: our own HTML in the shapes
 * of a Discord-like and a WeCom-like web chat, one with nothing but generated class
 * names, and one that prints a name above each run of messages), each served on its own loopback port and
 * set up as a staff member would: through the sidebar's data-testid hooks and one click on
 * the page per part. Then every message must be stored once with its author, and spam
 * arriving later must get a suggestion.
 */

const SPAM = 'Add me on WeChat lucky8899 for cheap loans and part-time jobs';

/** Serves one fixture page at `/` (and nothing else) on a free loopback port. */
async function serveChat(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = readFileSync(resolve('tests/fixtures/chats', file));
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

interface UnseenChat {
  file: string;
  row: (page: Page) => Promise<void>;
  author: (page: Page) => Promise<void>;
  text: (page: Page) => Promise<void>;
  composer: (page: Page) => Promise<void>;
  /** Every message on the page, as "author|text", in order. */
  messages: string[];
  /** Renders a new message the way the site would (a copy of an existing row, new id, name and text). */
  arrive: (page: Page, name: string, text: string) => Promise<void>;
}

const CHATS: UnseenChat[] = [
  {
    file: 'discord-like.html',
    row: (page) => page.getByText('是的，老客户免费升级').click(),
    author: (page) => page.getByText('客服小王', { exact: true }).first().click(),
    text: (page) => page.getByText('是的，老客户免费升级').click(),
    composer: (page) => page.locator('[role="textbox"]').click(),
    messages: [
      'Ben Carter|Hi all, is the upgrade to v3 free for existing customers?',
      'Ben Carter|Asking for our whole team 🙂',
      '客服小王|@Ben Carter 是的，老客户免费升级。详情见 example.com/upgrade',
      'Mei Tan|Does that include the reporting add-on?',
      '客服小王|报表插件需要单独购买，@Mei Tan 可以先试用 14 天。',
      '客服小王|试用申请在后台“插件”页面。',
      '王芳|大家好，我是新来的，请多关照 👋',
    ],
    arrive: (page, name, text) =>
      page.evaluate(
        ({ name, text }) => {
          const model = document.getElementById('chat-messages-1180-9005') as HTMLElement;
          const row = model.cloneNode(true) as HTMLElement;
          const id = String(9100 + document.querySelectorAll('li[id^="chat-messages-"]').length);
          row.id = `chat-messages-1180-${id}`;
          row.querySelector('[data-list-item-id]')?.setAttribute('data-list-item-id', `chat-messages___chat-messages-1180-${id}`);
          const author = row.querySelector('[id^="message-username-"]') as HTMLElement;
          author.id = `message-username-${id}`;
          author.textContent = name;
          const body = row.querySelector('[id^="message-content-"]') as HTMLElement;
          body.id = `message-content-${id}`;
          body.textContent = text;
          row.querySelector('time')?.setAttribute('datetime', new Date().toISOString());
          model.parentElement?.append(row);
        },
        { name, text },
      ),
  },
  {
    file: 'wecom-like.html',
    row: (page) => page.getByText('请问发票可以开专票吗').click(),
    author: (page) => page.getByText('陈静', { exact: true }).click(),
    text: (page) => page.getByText('请问发票可以开专票吗').click(),
    composer: (page) => page.locator('[contenteditable="true"]').click(),
    messages: [
      '张伟|各位好，我们公司上周下的订单（订单号 20261120-0031）到现在还没有发货，物流信息也查不到。 麻烦帮忙看一下，客户那边催得很急，谢谢！',
      '李娜@华东物流|@张伟 您好，已经在查了，仓库反馈是缺货，预计明天发出。',
      '陈静|请问发票可以开专票吗？@李娜@华东物流',
      'Tom Li|Same question here, we need a VAT invoice for the December order.',
      '张伟|好的，辛苦了 [抱拳]',
    ],
    arrive: (page, name, text) =>
      page.evaluate(
        ({ name, text }) => {
          const model = document.querySelector('[data-msg-id="7189220031005"]') as HTMLElement;
          const row = model.cloneNode(true) as HTMLElement;
          row.setAttribute('data-msg-id', String(7189220032000 + document.querySelectorAll('[data-msg-id]').length));
          const author = row.querySelector('.sender-name') as HTMLElement;
          author.setAttribute('data-userid', `wm_new_${document.querySelectorAll('[data-msg-id]').length}`);
          author.textContent = name;
          (row.querySelector('.msg-text') as HTMLElement).textContent = text;
          model.parentElement?.append(row);
        },
        { name, text },
      ),
  },
  {
    // Nothing but generated classes: rows, names and text are found by structure alone, and
    // the date line is left out by the text's path from the row (`:has(> div > div:last-child)`).
    file: 'hashed-only.html',
    row: (page) => page.getByText('Hello, anyone here?').click(),
    author: (page) => page.getByText('Mei Tan', { exact: true }).click(),
    text: (page) => page.getByText('Same here').click(),
    composer: (page) => page.locator('textarea').click(),
    messages: ['Ben Carter|Hello, anyone here?', 'Ben Carter|I have a billing question', 'Mei Tan|Same here, 你好', '客服小王|请稍等，我来看一下', '客服小王|Please send your invoice number'],
    arrive: (page, name, text) =>
      page.evaluate(
        ({ name, text }) => {
          const rows = document.querySelectorAll('main > div');
          const model = rows[3] as HTMLElement;
          const row = model.cloneNode(true) as HTMLElement;
          (row.querySelector('.css-nm1') as HTMLElement).textContent = name;
          (row.querySelector('.css-tx1') as HTMLElement).textContent = text;
          model.parentElement?.append(row);
        },
        { name, text },
      ),
  },
  {
    // One name above each run of a person's messages, outside the message rows (Teams-,
    // Google Chat-like): rows without a name take the nearest header's.
    file: 'grouped-like.html',
    row: (page) => page.getByText('And for supplementary cards?').click(),
    author: (page) => page.getByText('Emma Wilson', { exact: true }).click(),
    text: (page) => page.getByText('And for supplementary cards?').click(),
    composer: (page) => page.locator('textarea').click(),
    messages: [
      '陈强|请问信用卡账单日可以改吗？',
      '陈强|我想改到每月 5 号',
      '客服小美|@陈强 可以的，在 App 的“账单设置”里修改。',
      'Emma Wilson|Is the annual fee waived in the first year?',
      'Emma Wilson|And for supplementary cards?',
      'Emma Wilson|Thanks in advance!',
      '财富自由导师|兼职刷单，日结300，有意者私聊',
    ],
    arrive: (page, name, text) =>
      page.evaluate(
        ({ name, text }) => {
          const groups = document.querySelectorAll('section[data-sender-group]');
          const model = groups[groups.length - 1] as HTMLElement;
          const group = model.cloneNode(true) as HTMLElement;
          const id = `u-new-${groups.length}`;
          group.setAttribute('data-sender-group', id);
          const sender = group.querySelector('[data-user-id]') as HTMLElement;
          sender.setAttribute('data-user-id', id);
          sender.textContent = name;
          group.querySelector('time')?.setAttribute('datetime', new Date().toISOString());
          const bubble = group.querySelector('[data-message-id]') as HTMLElement;
          bubble.setAttribute('data-message-id', `m-new-${groups.length}`);
          (bubble.firstElementChild as HTMLElement).textContent = text;
          model.parentElement?.append(group);
        },
        { name, text },
      ),
  },
];

describe.each(CHATS)('setup by clicking on an unseen chat: $file', (chat) => {
  let server: Awaited<ReturnType<typeof serveChat>>;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  let memberPrefix: string;
  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.memberId.startsWith(memberPrefix));

  beforeAll(async () => {
    server = await serveChat(chat.file);
    memberPrefix = `profile-127-0-0-1-${new URL(server.url).port}:`;
    dir = await makeProfileDir();
    context = await launchWithExtension(dir);
    page = await context.newPage();
    await page.goto(server.url);
    sidebar = await sidebarFrame(page);
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) await removeProfileDir(dir);
  });

  it('sets up with one click per part through the sidebar hooks, previews the right authors, and stores every message once', async () => {
    const reached = (name: string) => sidebar.locator(`[data-testid="gs-setup-step"][data-step="${name}"]`);
    // A hint names what went wrong: fail with it rather than wait for a step that will not come.
    const step = async (name: string) => {
      const hint = sidebar.locator('[data-testid="gs-setup-hint"]');
      await Promise.race([
        reached(name).waitFor(),
        hint.waitFor().then(async () => {
          if (!(await reached(name).count())) throw new Error(`setup stopped before ${name}: ${await hint.getAttribute('data-hint')}`);
        }),
      ]);
    };
    let clicks = 0;
    const click = async (action: () => Promise<void>) => {
      clicks++;
      await action();
    };
    await click(() => sidebar.locator('[data-testid="gs-setup-start"]').click());
    await step('row');
    await click(() => chat.row(page));
    await step('author');
    await click(() => chat.author(page));
    await step('text');
    await click(() => chat.text(page));
    await step('composer');
    await click(() => chat.composer(page));
    await step('send');
    await click(() => sidebar.locator('[data-testid="gs-setup-skip"]').click());
    await step('review');

    const preview = sidebar.locator('[data-testid="gs-setup-preview-row"]');
    await expect.poll(() => preview.count()).toBe(Math.min(5, chat.messages.length));
    const shown = await preview.evaluateAll((items) =>
      // A body's lines are read apart (a newline); compared with spaces, as the store check below.
      items.map((li) => `${li.querySelector('[data-testid="gs-setup-preview-author"]')?.textContent}|${li.querySelector('[data-testid="gs-setup-preview-text"]')?.textContent?.replace(/\s+/g, ' ')}`),
    );
    expect(shown).toEqual(chat.messages.slice(-5));
    expect(await stored()).toEqual([]);

    await click(() => sidebar.locator('[data-testid="gs-setup-save"]').click());
    await sidebar.locator('[data-testid="gs-health"][data-state="ok"]').waitFor();
    // start, row, author, text, composer, skip, save
    expect(clicks).toBe(7);
    console.log(JSON.stringify({ setupClicks: { [chat.file]: clicks } }));

    await expect.poll(async () => (await stored()).length).toBe(chat.messages.length);
    const messages = (await stored()).sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id));
    expect(new Set(messages.map((m) => m.externalId)).size).toBe(chat.messages.length);
    expect(new Set(messages.map((m) => `${m.authorName}|${m.text.replace(/\s+/g, ' ')}`))).toEqual(new Set(chat.messages));
  });

  it('reads a new message once and suggests a warning for spam', async () => {
    await chat.arrive(page, 'Lucky Deals', SPAM);
    await expect.poll(async () => (await stored()).filter((m) => m.text === SPAM && m.authorName === 'Lucky Deals').length).toBe(1);
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-warning-item"]', { hasText: 'lucky8899' }).count()).toBe(1);
    await expect.poll(() => sidebar.locator('[data-testid="gs-health"]').getAttribute('data-state')).toBe('ok');
    const all = await stored();
    expect(all).toHaveLength(chat.messages.length + 1);
    expect(new Set(all.map((m) => m.externalId)).size).toBe(all.length);
  });
});
