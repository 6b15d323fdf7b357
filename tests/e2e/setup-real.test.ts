import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionId, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage } from './harness';
import { setUpByClicking } from './setup-steps';
import { waitForConverseRoom, writeConversePage } from './servers/converse';
import { connectIrcParticipant, type IrcParticipant } from './servers/irc-participant';
import { type IrcServer, startNgircd } from './servers/ngircd';
import { startProsody, type XmppServer } from './servers/prosody';
import { connectLounge, type LoungeServer, startTheLounge } from './servers/thelounge';
import { joinRoomAsParticipant, type XmppParticipant } from './servers/xmpp-participant';

/*
 * The real clients, with their built-in adapters switched off (settings.disabledAdapters):
 * to the extension they are unknown chats, set up by clicking only. Each test prints the
 * number of clicks setup took.
 */

/** Switches the built-in adapters off, as the setting does, before the chat page loads. */
async function disableBuiltIns(context: BrowserContext, ids: string[]) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${await extensionId(context)}/options.html`);
  const reply = await page.evaluate(
    (disabledAdapters) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({
        gs: 'request',
        name: 'updateSettings',
        input: { disabledAdapters },
      }),
    ids,
  );
  expect(reply.ok).toBe(true);
  await page.close();
}

const port = (url: string) => new URL(url).port;

const SPAM = 'Add me on WeChat lucky8899 for cheap loans and part-time jobs';
const RULES_LINES = ['1. No ads, side jobs or loan offers.', '2. No phone numbers, WeChat, QQ or other contact details.', '3. Be polite; no insults.'];

/**
 * The work after setup, as staff do it: what arrives now is read and stored once, a click on
 * the author opens the card, spam gets a suggestion, and a template from the sidebar lands in
 * the client's own composer and is sent by the client's own Enter, reaching the server as it
 * was inserted (`heard` reads what the other participant received from the server).
 */
async function workWithGeneratedProfile(options: {
  context: BrowserContext;
  sidebar: Frame;
  memberPrefix: string;
  customer: { name: string; say(text: string): unknown };
  authorLocator: (name: string) => Locator;
  composer: Locator;
  /** What the other participant heard from the staff account, in order. */
  heardFromStaff: () => string[];
  afterAuthorClick?: () => Promise<void>;
  /** How the protocol carries a multi-line message (IRC: one line each). */
  asSent: (text: string) => string[];
}) {
  const { context, sidebar, memberPrefix, customer, composer } = options;
  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.memberId.startsWith(memberPrefix));
  const storedText = async (text: string) => (await stored()).filter((m) => m.text === text);

  // Arrives after setup: read once, with its author.
  const fresh = 'Thanks, see you there 你好 👋';
  await customer.say(fresh);
  await expect.poll(async () => (await storedText(fresh)).length).toBe(1);
  expect((await storedText(fresh))[0]?.authorName).toBe(customer.name);

  // A click on the author's name in the chat opens the card.
  await options.authorLocator(customer.name).last().click();
  await expect.poll(() => sidebar.locator('[data-testid="gs-member-name"]').textContent()).toBe(customer.name);
  // The client may answer the same click its own way (Converse.js opens a modal): close it as staff would.
  await options.afterAuthorClick?.();

  // Spam gets a suggestion in the group panel.
  await customer.say(SPAM);
  await expect.poll(async () => (await storedText(SPAM)).length).toBe(1);
  await sidebar.locator('[data-testid="gs-tab-group"]').click();
  await expect.poll(() => sidebar.locator('[data-testid="gs-warning-item"]', { hasText: 'lucky8899' }).count()).toBe(1);

  // A template from the sidebar: in the client's composer, sent with the client's Enter.
  await sidebar.locator('[data-testid="gs-tab-templates"]').click();
  await sidebar.locator('[data-testid="gs-template-search"]').fill('Post the group rules');
  await sidebar.locator('[data-testid="gs-template-item"]', { hasText: 'Post the group rules' }).first().locator('[data-testid="gs-template-insert"]').click();
  await expect.poll(() => composer.inputValue()).toContain(RULES_LINES.join('\n'));
  const inserted = await composer.inputValue();
  expect(inserted).toMatch(/^\S.* rules:\n1\. No ads/);
  expect(options.heardFromStaff()).toEqual([]);
  await composer.press('End');
  await composer.press('Enter');
  await expect.poll(() => options.heardFromStaff()).toEqual(options.asSent(inserted));
  await expect.poll(() => composer.inputValue()).toBe('');
  // The client shows what it sent; the reader stores the staff's own lines once as well.
  const last = options.asSent(inserted).at(-1) ?? '';
  await expect.poll(async () => (await storedText(last)).length).toBe(1);
  // Nothing was read twice along the way: once a later line is stored, everything before it was handled.
  await customer.say('last one for now');
  await expect.poll(async () => (await storedText('last one for now')).length).toBe(1);
  const all = await stored();
  expect(new Set(all.map((m) => m.externalId)).size).toBe(all.length);
  expect(await storedText(fresh)).toHaveLength(1);
  expect(await storedText(SPAM)).toHaveLength(1);
}

describe('The Lounge set up by clicking, its adapter switched off', () => {
  let irc: IrcServer;
  let lounge: LoungeServer;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let alice: IrcParticipant;
  let sidebar: Frame;

  beforeAll(async () => {
    irc = await startNgircd();
    lounge = await startTheLounge(irc, { networkName: 'Setup Test', channel: '#setup' });
    dir = await makeProfileDir();
    context = await launchWithExtension(dir);
    await disableBuiltIns(context, ['thelounge']);
    page = await context.newPage();
    await page.goto(lounge.url);
    await connectLounge(page, { nick: 'steward', channel: '#setup' });
    alice = await connectIrcParticipant({ host: irc.host, port: irc.port, nick: 'alice', join: '#setup' });
    alice.say('#setup', 'Hi, is the shop open today?');
    alice.say('#setup', 'And tomorrow?');
    await page.locator('.msg[data-type="message"] .content', { hasText: 'And tomorrow?' }).waitFor();
  });

  afterAll(async () => {
    await alice?.quit().catch(() => {});
    await context?.close();
    await lounge?.stop();
    await irc?.stop();
    if (dir) await removeProfileDir(dir);
  });

  it('is offered setup and set up in 7 clicks; then reads, opens cards, flags spam and sends a template with its own Enter', async () => {
    const message = page.locator('.msg[data-type="message"]', { hasText: 'Hi, is the shop open today?' });
    const result = await setUpByClicking(page, {
      row: () => message.locator('.content').click(),
      author: () => message.locator('.from .user').click(),
      text: () => message.locator('.content').click(),
      composer: () => page.locator('#input').click(),
      send: () => page.locator('#submit').click(),
    });
    sidebar = result.sidebar;
    console.log(JSON.stringify({ setupClicks: { thelounge: result.clicks } }));
    expect(result.clicks).toBe(7);

    await workWithGeneratedProfile({
      context,
      sidebar,
      memberPrefix: `profile-127-0-0-1-${port(lounge.url)}:`,
      customer: { name: 'alice', say: (text) => alice.say('#setup', text) },
      authorLocator: (name) => page.locator('.msg[data-type="message"] .from .user', { hasText: name }),
      composer: page.locator('#input'),
      heardFromStaff: () => alice.heard.filter((h) => h.nick === 'steward' && h.target === '#setup').map((h) => h.text),
      // IRC has no multi-line messages: The Lounge sends each line as its own PRIVMSG.
      asSent: (text) => text.split('\n'),
    });
  });
});

describe('Converse.js set up by clicking, its adapter switched off', () => {
  const ROOM = 'setup@conference.localhost';
  const PASSWORD = 'e2e-secret';
  let xmpp: XmppServer;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  let alice: XmppParticipant;

  beforeAll(async () => {
    xmpp = await startProsody();
    for (const user of ['steward', 'alice']) await xmpp.register(user, PASSWORD);
    ({ url } = await writeConversePage(xmpp, { jid: `steward@${xmpp.domain}`, password: PASSWORD, room: ROOM, nick: 'Steward' }));
    dir = await makeProfileDir();
    context = await launchWithExtension(dir);
    await disableBuiltIns(context, ['converse']);
    page = await context.newPage();
    await page.goto(url);
    await waitForConverseRoom(page, ROOM);
    alice = await joinRoomAsParticipant(xmpp, { username: 'alice', password: PASSWORD, room: ROOM, nick: 'Alice' });
    await alice.say('Good morning, any news on my order?');
    await alice.say('It was due yesterday');
    await page.locator('.chat-msg__text', { hasText: 'It was due yesterday' }).waitFor();
  });

  afterAll(async () => {
    await alice?.stop();
    await context?.close();
    await xmpp?.stop();
    if (dir) await removeProfileDir(dir);
  });

  it('is offered setup and set up in 7 clicks; then reads, opens cards, flags spam and sends a template with its own Enter', async () => {
    const message = page.locator('.chat-msg', { hasText: 'Good morning, any news on my order?' });
    const sidebar = await sidebarFrame(page);
    const result = await setUpByClicking(page, {
      row: () => message.locator('.chat-msg__text').click(),
      author: () => message.locator('.chat-msg__author').click(),
      text: () => message.locator('.chat-msg__text').click(),
      composer: () => page.locator('textarea.chat-textarea').click(),
      beforeSave: async () => {
        const preview = await sidebar.locator('[data-testid="gs-setup-preview-row"]').allTextContents();
        expect(preview).toContain('Alice It was due yesterday');
      },
    });
    console.log(JSON.stringify({ setupClicks: { converse: result.clicks } }));
    expect(result.clicks).toBe(7);

    await workWithGeneratedProfile({
      context,
      sidebar,
      memberPrefix: `profile-localhost-${port(url)}:`,
      customer: { name: 'Alice', say: (text) => alice.say(text) },
      authorLocator: (name) => page.locator('.chat-msg__author', { hasText: name }),
      afterAuthorClick: async () => {
        const close = page.locator('.modal.show [data-bs-dismiss="modal"]').first();
        await close.waitFor();
        await close.click();
        await close.waitFor({ state: 'hidden' });
      },
      composer: page.locator(`converse-muc[jid="${ROOM}"] textarea.chat-textarea`),
      heardFromStaff: () => alice.heard.filter((h) => h.nick === 'Steward').map((h) => h.text),
      // XMPP carries a multi-line body as one message.
      asSent: (text) => [text],
    });
  });
});
