import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inClosedRoot, launchWithExtension, makeProfileDir, removeProfileDir, sidebarFrame, waitFor } from './harness';
import { waitForConverseRoom, writeConversePage } from './servers/converse';
import { startProsody, type XmppServer } from './servers/prosody';
import { joinRoomAsParticipant, type XmppParticipant } from './servers/xmpp-participant';

/**
 * Converse.js's app root is `position: fixed` and 100vw wide, so the page's margin for the
 * sidebar does not narrow it: its occupant list and send button lay under the sidebar. The
 * sidebar keeps such shells clear with rules in its room style (lib/content/viewport-shells.ts).
 */

const ROOM = 'support@conference.localhost';
const PASSWORD = 'e2e-secret';
const VIEWPORT_WIDTH = 1400;
const VIEWPORT_HEIGHT = 900;

describe('Converse.js keeps its whole UI visible beside the open sidebar', () => {
  let xmpp: XmppServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  let alice: XmppParticipant;

  const occupants = () => page.locator(`converse-muc[jid="${ROOM}"] .occupant-list`);
  const sendButton = () => page.locator(`converse-muc[jid="${ROOM}"] .send-button`);
  const composer = () => page.locator(`converse-muc[jid="${ROOM}"] textarea.chat-textarea`);
  const box = async (locator: Locator) => {
    const found = await locator.boundingBox();
    if (!found) throw new Error('not laid out');
    // Sub-pixel layout (Converse's flex columns end at 1399.98): whole pixels are what a person sees.
    return { left: Math.round(found.x), right: Math.round(found.x + found.width), width: Math.round(found.width) };
  };
  /** The open sidebar's left edge, from the frame element the content script put in the page. */
  const sidebarLeft = async () => {
    const frame = await (await sidebar.frameElement()).boundingBox();
    if (!frame) throw new Error('the sidebar frame is not shown');
    return Math.round(frame.x);
  };
  /** Every style rule of ours that constrains a page element (the room style's shell rules). */
  const shellRules = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('style')].flatMap((style) => (style.textContent ?? '').split('\n').filter((line) => line.includes('max-width: calc(100vw'))),
    );
  /** Wholly on screen and wholly left of the sidebar. */
  const clearOfSidebar = async (locator: Locator) => {
    const edge = await sidebarLeft();
    const { left, right, width } = await box(locator);
    return left >= 0 && width > 0 && right <= edge;
  };
  /** Open, the sidebar closes from its header; closed, the page's toggle sits at the edge, 96 px up. */
  const closeSidebar = () => sidebar.locator('[data-testid="gs-sidebar-close"]').click();
  const clickToggle = async () => page.mouse.click(VIEWPORT_WIDTH - 16, VIEWPORT_HEIGHT - 96 - 20);

  beforeAll(async () => {
    xmpp = await startProsody();
    for (const user of ['steward', 'alice']) await xmpp.register(user, PASSWORD);
    const { url } = await writeConversePage(xmpp, { jid: `steward@${xmpp.domain}`, password: PASSWORD, room: ROOM, nick: 'Steward' });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    page = await context.newPage();
    await page.goto(url);
    await waitForConverseRoom(page, ROOM);
    sidebar = await sidebarFrame(page);
    alice = await joinRoomAsParticipant(xmpp, { username: 'alice', password: PASSWORD, room: ROOM, nick: 'Alice' });
    await occupants().locator('li.occupant', { hasText: 'Alice' }).waitFor();
  });

  afterAll(async () => {
    await alice?.stop();
    await context?.close();
    await xmpp?.stop();
    if (profile) await removeProfileDir(profile);
  });

  it('with the sidebar open, the occupant list and the send button lie wholly left of it, and a person can use them', async () => {
    expect(await sidebarLeft()).toBe(VIEWPORT_WIDTH - 360);
    await expect.poll(() => clearOfSidebar(occupants())).toBe(true);
    await expect.poll(() => clearOfSidebar(sendButton())).toBe(true);
    // Converse's root is narrowed by rules in our style, not by anything written on its elements.
    expect(await page.locator('converse-root').evaluate((root) => root.getBoundingClientRect().right)).toBe(VIEWPORT_WIDTH - 360);
    expect(await page.locator('converse-root').getAttribute('style')).toBeNull();
    expect((await shellRules()).length).toBeGreaterThan(0);
    // A person's pointer reaches them: Playwright checks the element itself receives the click.
    await occupants().locator('li.occupant', { hasText: 'Alice' }).click({ trial: true });
    // Nothing of ours lies over the page beside the open sidebar (the toggle tab used to sit
    // over the end of the composer): the page's rightmost pixels left of the sidebar are its own.
    const ours = await page.evaluate((edge) => {
      const hits: string[] = [];
      for (let y = 0; y < window.innerHeight; y += 8) {
        const hit = document.elementFromPoint(edge - 12, y);
        if (hit?.closest('groupsteward-sidebar')) hits.push(String(y));
      }
      return hits;
    }, VIEWPORT_WIDTH - 360);
    expect(ours).toEqual([]);
    await composer().fill('sent with the send button 发送按钮');
    await sendButton().click();
    await waitFor(async () => alice.heard.find((h) => h.nick === 'Steward' && h.text === 'sent with the send button 发送按钮'), 'alice to receive the message sent with the button');
  });

  it('follows the sidebar to a new width', async () => {
    await sidebar.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        gs: 'request',
        name: 'setSidebarState',
        input: { width: 520 },
      }),
    );
    await expect.poll(() => sidebarLeft()).toBe(VIEWPORT_WIDTH - 520);
    await expect.poll(() => clearOfSidebar(occupants())).toBe(true);
    await expect.poll(() => clearOfSidebar(sendButton())).toBe(true);
    expect((await box(occupants())).right).toBeGreaterThan(VIEWPORT_WIDTH - 520 - 20);
  });

  it("closing the sidebar gives Converse its own layout back and leaves none of our rules; opening it again keeps the UI clear again", async () => {
    await closeSidebar();
    await expect.poll(() => shellRules()).toEqual([]);
    await expect.poll(async () => (await box(occupants())).right).toBe(VIEWPORT_WIDTH);
    expect(await page.locator('converse-root').evaluate((root) => root.getBoundingClientRect().width)).toBe(VIEWPORT_WIDTH);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('0px');
    await clickToggle();
    await expect.poll(() => sidebarLeft()).toBe(VIEWPORT_WIDTH - 520);
    await expect.poll(() => clearOfSidebar(occupants())).toBe(true);
    await expect.poll(() => clearOfSidebar(sendButton())).toBe(true);
  });

  // Converse opens a private chat in the room's own sidebar, at the right: with our sidebar
  // closed, its composer runs to the window's edge, where the toggle tab covered its text's end.
  it("the closed sidebar's toggle tab never covers the private chat's composer or its send button", async () => {
    const toggleBox = () =>
      inClosedRoot(page, 'groupsteward-sidebar', (root) => {
        const r = (root.querySelector('.toggle') as HTMLElement).getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
      });
    const overlaps = async (locator: Locator) => {
      const tab = await toggleBox();
      const part = await locator.boundingBox();
      if (!tab || !part) throw new Error('not laid out');
      return tab.left < part.x + part.width && tab.right > part.x && tab.top < part.y + part.height && tab.bottom > part.y;
    };
    // Just reopened by the test before: the sidebar takes clicks once nothing lies over it.
    await expect
      .poll(async () => {
        if (((await toggleBox())?.width ?? 0) === 0) await closeSidebar().catch(() => undefined);
        return (await toggleBox())?.width ?? 0;
      })
      .toBe(32);
    await occupants().locator('li.occupant', { hasText: 'Alice' }).locator('a').click();
    const privateChat = page.locator(`converse-muc[jid="${ROOM}"] converse-muc-occupant`);
    const privateComposer = privateChat.locator('converse-occupant-bottom-panel textarea.chat-textarea');
    await privateComposer.waitFor();
    await privateComposer.fill('a long line typed right to the end of the private composer, 私聊输入框的最后几个字');
    const composerBox = await privateComposer.boundingBox();
    // The case it is about: the composer reaches the tab's column.
    expect(Math.round((composerBox?.x ?? 0) + (composerBox?.width ?? 0))).toBeGreaterThan(VIEWPORT_WIDTH - 32);
    await expect.poll(() => overlaps(privateComposer)).toBe(false);
    const privateSend = privateChat.locator('.send-button');
    await expect.poll(() => privateSend.count()).toBeGreaterThan(0);
    await expect.poll(() => overlaps(privateSend.first())).toBe(false);
    expect(await overlaps(privateComposer)).toBe(false);
    // Back at its place once the private chat is closed, and it still opens the sidebar.
    await privateComposer.fill('');
    await privateChat.locator('.back-button').click();
    await occupants().waitFor();
    await expect.poll(async () => Math.round((await toggleBox())?.bottom ?? 0)).toBe(VIEWPORT_HEIGHT - 96);
    await clickToggle();
    await expect.poll(() => sidebarLeft()).toBe(VIEWPORT_WIDTH - 520);
  });
});
