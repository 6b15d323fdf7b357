import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedItem, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage, waitFor } from './harness';
import { connectIrcParticipant, type IrcParticipant } from './servers/irc-participant';
import { type IrcServer, startNgircd } from './servers/ngircd';
import { connectLounge, type LoungeServer, startTheLounge } from './servers/thelounge';

// A member reminded as one nick who changes it (`/nick`, IRC's NICK) is the same person: the
// ladder goes on (the next ad gets the public warning, then removal), and the card holds both
// nicks' history. Real The Lounge on ngIRCd, the built extension, staff working the sidebar.

const NETWORK = 'GroupSteward Test';
const CHANNEL = '#rename';
const GROUP_ID = `thelounge:${NETWORK}/${CHANNEL}`;
const MEMBER = 'thelounge:spammer';

interface StoredCase {
  kind: string;
  memberId: string;
  channel?: string;
  recordedBy?: string;
  outcome?: string;
  step?: number;
  sentText?: string;
}

describe('The Lounge: a member who changes nick keeps their warnings', () => {
  let irc: IrcServer;
  let lounge: LoungeServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  let spammer: IrcParticipant;
  let witness: IrcParticipant;

  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.groupId === GROUP_ID);
  const storedText = (text: string) => waitFor(async () => (await stored()).find((m) => m.text === text), `the message "${text}" stored`, 600, 200);
  const cases = async () => (await readStore<StoredCase>(context, 'cases')).filter((c) => c.kind === 'applied');
  const flagged = (evidence: string) => flaggedItem(sidebar, 'contact', evidence);

  beforeAll(async () => {
    irc = await startNgircd();
    lounge = await startTheLounge(irc, { networkName: NETWORK, channel: CHANNEL });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    page = await context.newPage();
    await page.goto(lounge.url);
    // First in the channel, so the IRC server makes the staff member operator (@).
    await connectLounge(page, { nick: 'steward', channel: CHANNEL });
    sidebar = await sidebarFrame(page);
    witness = await connectIrcParticipant({ host: irc.host, port: irc.port, nick: 'witness', join: CHANNEL });
    spammer = await connectIrcParticipant({ host: irc.host, port: irc.port, nick: 'spammer', join: CHANNEL });
  });

  afterAll(async () => {
    for (const participant of [spammer, witness]) await participant?.quit().catch(() => {});
    await context?.close();
    await lounge?.stop();
    await irc?.stop();
    if (profile) await removeProfileDir(profile);
  });

  it('reminded as spammer, renamed to nice_guy, the next ad gets the public warning and the third removal; one member throughout', async () => {
    // A few ordinary lines first: past a newcomer's first messages, the ladder decides the step.
    for (const line of ['hi all', '今天天气不错', 'anyone here?']) {
      spammer.say(CHANNEL, line);
      await storedText(line);
    }
    const firstAd = '加我薇信 abc_12345 领内部优惠';
    spammer.say(CHANNEL, firstAd);
    await storedText(firstAd);
    const first = await flagged('abc_12345');
    expect(await first.locator('[data-testid="gs-warning-step"]').getAttribute('data-channel')).toBe('private');
    await sidebar.locator('[data-testid="gs-staff-name-input"]').fill('Steward Mei');
    await sidebar.locator('[data-testid="gs-staff-name-save"]').click();
    // The reminder goes into a query with spammer (The Lounge's /query), staff send it and confirm.
    await page.locator('#input').fill('');
    await first.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('#chat .chat-view[data-type="query"]').getAttribute('aria-label')).toBe('spammer');
    await expect.poll(() => page.locator('#input').inputValue()).toContain('spammer');
    const reminder = await page.locator('#input').inputValue();
    await page.locator('#input').press('Enter');
    await waitFor(async () => spammer.heard.find((h) => h.text === reminder), 'spammer to hear the reminder privately');
    await page.locator(`.channel-list-item[data-type="channel"][data-name="${CHANNEL}"]`).click();
    await first.locator('[data-testid="gs-warning-confirm"]').click();
    await waitFor(async () => (await cases()).find((c) => c.memberId === MEMBER && c.channel === 'private'), 'the private reminder recorded');

    // `/nick nice_guy`: The Lounge shows "spammer is now known as nice_guy".
    spammer.client.changeNick('nice_guy');
    await page.locator(`.messages .msg[data-type="nick"][data-from="spammer"]`).waitFor({ state: 'attached' });
    const rename = await waitFor(async () => (await stored()).find((m) => m.kind === 'rename'), 'the rename stored');
    expect(rename).toMatchObject({ memberId: MEMBER, authorName: 'spammer' });

    // The next ad, as nice_guy: the same member, so the NEXT step, a public warning.
    const secondAd = '有事打我电话 13812345678 优惠多多';
    spammer.say(CHANNEL, secondAd);
    expect(await storedText(secondAd)).toMatchObject({ memberId: MEMBER, authorName: 'nice_guy' });
    const second = await flagged('13812345678');
    const step = second.locator('[data-testid="gs-warning-step"]');
    expect(await step.getAttribute('data-channel')).toBe('public');
    expect(await step.getAttribute('data-step')).toBe('2');
    await page.locator('#input').fill('');
    await second.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('#input').inputValue()).toContain('nice_guy');
    const warning = await page.locator('#input').inputValue();
    await page.locator('#input').press('Enter');
    await waitFor(async () => witness.heard.find((h) => h.text === warning && h.target === CHANNEL), 'the public warning in the channel');
    await waitFor(async () => (await cases()).find((c) => c.memberId === MEMBER && c.recordedBy === 'sent-seen'), 'the public warning recorded when seen sent');

    // The card, opened by clicking the new nick in the chat: one member, both nicks' history.
    await expect
      .poll(
        async () => {
          await page.locator('.messages .msg[data-type="message"][data-from="nice_guy"] .user[data-name="nice_guy"]').last().click();
          await page.keyboard.press('Escape');
          return sidebar.locator('[data-testid="gs-member-name"]').textContent({ timeout: 3_000 }).catch(() => null);
        },
        { timeout: 60_000 },
      )
      .toBe('nice_guy');
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-former-nick"]').getAttribute('data-nick')).toBe('spammer');
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-author"][data-name="spammer"]').count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-item"]', { hasText: '13812345678' }).count()).toBe(1);
    await expect.poll(() => sidebar.locator('[data-testid="gs-case-item"]').count()).toBeGreaterThanOrEqual(2);
    // The group: one member under the new nick, welcomed (joined today) once, not again as a newcomer.
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-group-member"]', { hasText: 'nice_guy' }).count()).toBe(1);
    expect(await sidebar.locator('[data-testid="gs-group-member"]', { hasText: 'spammer' }).count()).toBe(0);
    expect(await sidebar.locator('[data-testid="gs-new-member"]', { hasText: 'nice_guy' }).count()).toBe(1);
    expect(await sidebar.locator('[data-testid="gs-new-member"]', { hasText: 'spammer' }).count()).toBe(0);

    // A third ad: the removal step; the kick of nice_guy records it for the same member.
    const thirdAd = '加V信 qwer5678 日赚500';
    spammer.say(CHANNEL, thirdAd);
    await storedText(thirdAd);
    const third = await flagged('qwer5678');
    expect(await third.locator('[data-testid="gs-warning-step"]').getAttribute('data-step')).toBe('3');
    await page.locator('#input').fill('');
    await third.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('#input').inputValue()).toContain('nice_guy');
    await page.locator('#input').press('Enter');
    await page.locator('#input').fill('/kick nice_guy ads');
    await page.locator('#input').press('Enter');
    const removal = await waitFor(async () => (await cases()).find((c) => c.memberId === MEMBER && c.recordedBy === 'removal-seen'), 'the removal recorded from the kick');
    expect(removal).toMatchObject({ outcome: 'remove' });
    expect((await cases()).filter((c) => c.memberId === MEMBER).map((c) => c.channel)).toEqual(expect.arrayContaining(['private', 'public', 'public']));
    // Every message of the person is the one member's; nothing was stored as a second member.
    expect((await stored()).filter((m) => m.memberId === 'thelounge:nice_guy')).toEqual([]);
  });
});
