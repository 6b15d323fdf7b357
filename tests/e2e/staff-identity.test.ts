import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionId, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sidebarFrame, type StoredMessage, waitFor } from './harness';
import { connectIrcParticipant, type IrcParticipant } from './servers/irc-participant';
import { type IrcServer, startNgircd } from './servers/ngircd';
import { connectLounge, type LoungeServer, startTheLounge } from './servers/thelounge';

// Issue #11, finding 5: staff were recognised by display name, so a customer who took a
// staff member's name (any case) was stored as staff and never moderated. Staff are now
// who the site marks (IRC operators) or a listed id; a name proves nothing.

const NETWORK = 'GroupSteward Test';
const CHANNEL = '#test';
const GROUP_ID = `thelounge:${NETWORK}/${CHANNEL}`;
const AD = '加我薇信 abc_12345 领内部优惠';

describe('Staff impersonation on The Lounge (IRC)', () => {
  let irc: IrcServer;
  let lounge: LoungeServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let sidebar: Frame;
  const participants: IrcParticipant[] = [];

  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.groupId === GROUP_ID);
  const said = (nick: string, text: string) =>
    waitFor(async () => (await stored()).find((m) => m.memberId === `thelounge:${nick}` && m.kind === 'message' && m.text === text), `"${text}" from ${nick}`, 600, 200);
  const join = async (nick: string) => {
    const participant = await connectIrcParticipant({ host: irc.host, port: irc.port, nick, join: CHANNEL });
    participants.push(participant);
    return participant;
  };
  /** Clicks a nick in the channel until the sidebar shows that member's card (The Lounge opens its own menu too). */
  const openCard = async (nick: string) => {
    await expect
      .poll(
        async () => {
          await page.locator(`.messages .msg[data-type="message"][data-from="${nick}"] .user[data-name="${nick}"]`).last().click();
          await page.keyboard.press('Escape');
          return sidebar.locator('[data-testid="gs-member-name"]').textContent({ timeout: 3_000 }).catch(() => null);
        },
        { timeout: 60_000 },
      )
      .toBe(nick);
  };

  beforeAll(async () => {
    irc = await startNgircd();
    lounge = await startTheLounge(irc, { networkName: NETWORK, channel: CHANNEL });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    // A staff name saved the way earlier releases took it: in the options, by name only.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionId(context)}/options.html`);
    await options.locator('[data-testid="gs-staff-names"]').fill('support');
    await options.locator('[data-testid="gs-staff-names"]').press('Tab');
    await options.locator('form.panel button[type="submit"]').first().click();
    await options.locator('form.panel [role="status"]').waitFor();
    await options.close();
    page = await context.newPage();
    await page.goto(lounge.url);
    // The staff member using the extension joins first: the IRC server makes them operator.
    await connectLounge(page, { nick: 'steward', channel: CHANNEL });
    sidebar = await sidebarFrame(page);
  });

  afterAll(async () => {
    for (const participant of participants) await participant.quit().catch(() => {});
    await context?.close();
    await lounge?.stop();
    await irc?.stop();
    if (profile) await removeProfileDir(profile);
  });

  it('an operator is staff; a customer who later takes that nick in capitals, or a listed staff name, is moderated and shown as using it', async () => {
    // mei is made channel operator by steward, speaks as staff, then leaves.
    const mei = await join('mei');
    await page.locator('#input').fill('/op mei');
    await page.locator('#input').press('Enter');
    // The Lounge shows the mode change as its own row once the server applied it.
    await expect.poll(() => page.locator('.messages .msg[data-type="mode"]', { hasText: '+o mei' }).count()).toBeGreaterThan(0);
    mei.say(CHANNEL, 'Good morning, I am on duty today');
    expect(await said('mei', 'Good morning, I am on duty today')).toMatchObject({ role: 'staff' });
    await mei.quit();
    participants.splice(participants.indexOf(mei), 1);

    // Free again, the nick is taken in capitals by a customer; another takes the listed name.
    const impostor = await join('MEI');
    const support = await join('Support');
    impostor.say(CHANNEL, AD);
    support.say(CHANNEL, `${AD} 找我`);
    expect(await said('MEI', AD)).toMatchObject({ role: 'customer' });
    expect(await said('Support', `${AD} 找我`)).toMatchObject({ role: 'customer' });

    // Moderated like any customer: each ad is a rule suggestion in the group panel.
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    for (const text of [AD, `${AD} 找我`]) {
      const item = sidebar.locator('[data-testid="gs-warning-item"][data-category~="contact"]', { hasText: text });
      await expect.poll(() => item.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    }

    // The card says whose name it is and that this member is not staff.
    await openCard('MEI');
    await expect.poll(() => sidebar.locator('[data-testid="gs-staff-impostor"]').textContent()).toContain('“mei”');
    expect(await sidebar.locator('[data-testid="gs-member-staff"]').getAttribute('data-state')).toBe('no');
    await openCard('Support');
    await expect.poll(() => sidebar.locator('[data-testid="gs-staff-impostor"]').textContent()).toContain('“support”');

    // The real staff member's card: marked by the site, no warning.
    await openCard('mei');
    await expect.poll(() => sidebar.locator('[data-testid="gs-member-staff"]').getAttribute('data-state')).toBe('site');
    expect(await sidebar.locator('[data-testid="gs-staff-impostor"]').count()).toBe(0);
    const cases = await readStore<{ memberId: string }>(context, 'cases');
    expect(cases.some((c) => c.memberId === 'thelounge:mei')).toBe(false);
  });
});
