import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedItem, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage, waitFor } from './harness';
import { waitForConverseRoom, writeConversePage } from './servers/converse';
import { startProsody, type XmppServer } from './servers/prosody';
import { joinRoomAsParticipant, type XmppParticipant } from './servers/xmpp-participant';

// A member reminded under one nick who takes another in the room (XEP-0045 nick change) is the
// same person: Converse keeps the occupant's id across it in its occupant list, the reader
// reads one rename (not a leave and a join), and the ladder and the card follow the person.

const ROOM = 'rename@conference.localhost';
const GROUP_ID = `converse:${ROOM}`;
const PASSWORD = 'e2e-secret';
const MEMBER = 'converse:Mallory';

interface StoredCase {
  kind: string;
  memberId: string;
  channel?: string;
  recordedBy?: string;
  outcome?: string;
}

describe('Converse.js: a member who changes nick keeps their warnings', () => {
  let xmpp: XmppServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  let mallory: XmppParticipant;
  let witness: XmppParticipant;

  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.groupId === GROUP_ID);
  const storedText = (text: string) => waitFor(async () => (await stored()).find((m) => m.text === text), `the message "${text}" stored`, 600, 200);
  const cases = async () => (await readStore<StoredCase>(context, 'cases')).filter((c) => c.kind === 'applied' && c.memberId === MEMBER);
  /** Converse sends "@Nick" as a mention: the body says "Nick". */
  const asSent = (text: string) => text.replace(/@(?=NiceGuy)/g, '');
  const groupComposer = () => page.locator(`converse-muc[jid="${ROOM}"] converse-muc-bottom-panel textarea.chat-textarea`);
  const flagged = (evidence: string) => flaggedItem(sidebar, 'contact', evidence);

  beforeAll(async () => {
    xmpp = await startProsody();
    for (const user of ['steward', 'mallory', 'witness']) await xmpp.register(user, PASSWORD);
    const { url } = await writeConversePage(xmpp, { jid: `steward@${xmpp.domain}`, password: PASSWORD, room: ROOM, nick: 'Steward' });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    page = await context.newPage();
    await page.goto(url);
    // Steward enters first and so creates the room: owner, a moderator.
    await waitForConverseRoom(page, ROOM);
    sidebar = await sidebarFrame(page);
    witness = await joinRoomAsParticipant(xmpp, { username: 'witness', password: PASSWORD, room: ROOM, nick: 'Witness' });
    mallory = await joinRoomAsParticipant(xmpp, { username: 'mallory', password: PASSWORD, room: ROOM, nick: 'Mallory' });
    await page.locator('.occupant-list li.occupant', { hasText: 'Mallory' }).waitFor();
  });

  afterAll(async () => {
    await mallory?.stop();
    await witness?.stop();
    await context?.close();
    await xmpp?.stop();
    if (profile) await removeProfileDir(profile);
  });

  it('reminded privately as Mallory, renamed to NiceGuy, the next ad gets the public warning and the third removal; one member throughout', async () => {
    // A few ordinary lines first: past a newcomer's first messages, the ladder decides the step.
    for (const line of ['hi all', '今天天气不错', 'anyone here?']) {
      await mallory.say(line);
      await storedText(line);
    }
    const firstAd = '要优惠的加我薇信 mal_7788 私聊';
    await mallory.say(firstAd);
    await storedText(firstAd);
    const first = await flagged('mal_7788');
    expect(await first.locator('[data-testid="gs-warning-step"]').getAttribute('data-channel')).toBe('private');
    await sidebar.locator('[data-testid="gs-staff-name-input"]').fill('Steward Mei');
    await sidebar.locator('[data-testid="gs-staff-name-save"]').click();
    await groupComposer().fill('');
    await first.locator('[data-testid="gs-warning-apply"]').click();
    // Converse's own private chat with the occupant, in the room's sidebar.
    const privateComposer = page.locator(`converse-muc[jid="${ROOM}"] converse-muc-occupant converse-occupant-bottom-panel textarea.chat-textarea`);
    await expect.poll(() => privateComposer.inputValue().catch(() => '')).toContain('Mallory');
    const reminder = await privateComposer.inputValue();
    await privateComposer.press('Enter');
    await waitFor(async () => mallory.heardPrivately.find((h) => h.text === reminder), 'the reminder reaching Mallory privately', 600, 200);
    await waitFor(async () => (await cases()).find((c) => c.channel === 'private'), 'the private reminder recorded when seen sent', 600, 200);
    // Back to the occupant list (Converse hides it while a private chat is open).
    await page.locator(`converse-muc[jid="${ROOM}"] converse-muc-occupant .back-button`).click();
    await page.locator('.occupant-list li.occupant', { hasText: 'Mallory' }).waitFor();

    await mallory.changeNick('NiceGuy');
    await page.locator('.occupant-list li.occupant', { hasText: 'NiceGuy' }).waitFor();
    const rename = await waitFor(async () => (await stored()).find((m) => m.kind === 'rename'), 'the rename read from the occupant list', 600, 200);
    expect(rename).toMatchObject({ memberId: MEMBER, authorName: 'Mallory' });

    // The next ad, as NiceGuy: the same member, so the NEXT step, a public warning.
    const secondAd = '有事打我电话 13812345678 优惠多多';
    await mallory.say(secondAd);
    expect(await storedText(secondAd)).toMatchObject({ memberId: MEMBER, authorName: 'NiceGuy' });
    const second = await flagged('13812345678');
    const step = second.locator('[data-testid="gs-warning-step"]');
    expect(await step.getAttribute('data-channel')).toBe('public');
    expect(await step.getAttribute('data-step')).toBe('2');
    await groupComposer().fill('');
    await second.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => groupComposer().inputValue()).toContain('NiceGuy');
    const warning = await groupComposer().inputValue();
    await groupComposer().press('Enter');
    await waitFor(async () => witness.heard.find((h) => h.text === asSent(warning)), 'the public warning in the room', 600, 200);
    await waitFor(async () => (await cases()).find((c) => c.channel === 'public' && c.recordedBy === 'sent-seen'), 'the public warning recorded when seen sent', 600, 200);

    // The card, opened from the new nick's row: one member, both nicks' history.
    const newRow = page.locator(`converse-muc[jid="${ROOM}"] .message.chat-msg[data-from="${ROOM}/NiceGuy"]`).last();
    await expect
      .poll(
        async () => {
          await newRow.locator('.chat-msg__author').click();
          await page.keyboard.press('Escape');
          return sidebar.locator('[data-testid="gs-member-name"]').textContent({ timeout: 3_000 }).catch(() => null);
        },
        { timeout: 60_000 },
      )
      .toBe('NiceGuy');
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-former-nick"]').getAttribute('data-nick')).toBe('Mallory');
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-author"][data-name="Mallory"]').count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-item"]', { hasText: '13812345678' }).count()).toBe(1);
    // Converse's own details dialog, opened by the click, traps the keyboard: closed before typing.
    await expect
      .poll(async () => {
        if ((await page.locator('.modal.show').count()) > 0) await page.keyboard.press('Escape');
        return page.locator('.modal.show').count();
      })
      .toBe(0);
    // The group: one member under the new nick, and no newcomer made of the rename.
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-group-member"]', { hasText: 'NiceGuy' }).count()).toBe(1);
    expect(await sidebar.locator('[data-testid="gs-group-member"]', { hasText: 'Mallory' }).count()).toBe(0);
    expect(await sidebar.locator('[data-testid="gs-new-member"]', { hasText: 'NiceGuy' }).count()).toBeLessThanOrEqual(1);
    expect((await stored()).filter((m) => m.kind === 'join' || m.kind === 'leave').map((m) => m.authorName)).not.toContain('NiceGuy');

    // A third ad: the removal step; the /kick of NiceGuy records it for the same member.
    const thirdAd = '加V信 qwer5678 日赚500';
    await mallory.say(thirdAd);
    await storedText(thirdAd);
    const third = await flagged('qwer5678');
    expect(await third.locator('[data-testid="gs-warning-step"]').getAttribute('data-step')).toBe('3');
    await groupComposer().fill('');
    await third.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => groupComposer().inputValue()).toContain('NiceGuy');
    const notice = await groupComposer().inputValue();
    await groupComposer().press('Enter');
    await waitFor(async () => witness.heard.find((h) => h.text === asSent(notice)), 'the removal notice in the room', 600, 200);
    await groupComposer().fill('/kick NiceGuy ads');
    await groupComposer().press('Enter');
    const removal = await waitFor(async () => (await cases()).find((c) => c.recordedBy === 'removal-seen'), 'the removal recorded from the kick', 600, 200);
    expect(removal).toMatchObject({ outcome: 'remove' });
    expect((await stored()).filter((m) => m.memberId === 'converse:NiceGuy')).toEqual([]);
  });
});
