import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, makeProfileDir, readStore, removeProfileDir, sendPageCommand, type StoredMessage, sidebarFrame, waitFor } from './harness';
import { waitForConverseRoom, writeConversePage } from './servers/converse';
import { startProsody, type XmppServer } from './servers/prosody';
import { joinRoomAsParticipant, type XmppParticipant } from './servers/xmpp-participant';

const ROOM = 'support@conference.localhost';
const GROUP_ID = `converse:${ROOM}`;
const PASSWORD = 'e2e-secret';

describe('Converse.js (XMPP MUC on Prosody), end to end', () => {
  let xmpp: XmppServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  let alice: XmppParticipant;
  let bob: XmppParticipant;

  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.groupId === GROUP_ID);
  const from = async (nick: string) => (await stored()).filter((m) => m.memberId === `converse:${nick}`).sort((a, b) => a.ts - b.ts);
  const waitForText = async (nick: string, text: string) =>
    waitFor(async () => {
      const rows = (await from(nick)).filter((m) => m.text === text);
      return rows.length > 0 ? rows : null;
    }, `a message from ${nick}`, 600, 200);
  /** The group tab's suggestion for the message showing `text`, once it is there. */
  const suggestionFor = async (text: string) => {
    const sidebar = await sidebarFrame(page);
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    const item = sidebar.locator('[data-testid="gs-warning-item"]', { hasText: text });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    return { sidebar, item };
  };
  /** Every case is signed by the staff member who takes it: the name is asked for once. */
  const signIn = async (sidebar: Frame) => {
    const nameInput = sidebar.locator('[data-testid="gs-staff-name-input"]');
    if ((await nameInput.count()) === 0 || !(await nameInput.isVisible())) return;
    await nameInput.fill('Steward Mei');
    await sidebar.locator('[data-testid="gs-staff-name-save"]').click();
  };
  /** The case recorded when the step for this member was carried out. */
  const appliedCase = (memberId: string, what: string) =>
    waitFor(
      async () =>
        (await readStore<{ kind: string; memberId: string; recordedBy?: string; outcome?: string; channel?: string; actor: string; sentText?: string }>(context, 'cases')).find(
          (c) => c.memberId === memberId && c.kind === 'applied',
        ),
      what,
      600,
      200,
    );

  beforeAll(async () => {
    xmpp = await startProsody();
    for (const user of ['steward', 'alice', 'bob']) await xmpp.register(user, PASSWORD);
    ({ url } = await writeConversePage(xmpp, { jid: `steward@${xmpp.domain}`, password: PASSWORD, room: ROOM, nick: 'Steward' }));
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    page = await context.newPage();
    await page.goto(url);
    // Steward enters first and so creates the room: owner, a moderator.
    await waitForConverseRoom(page, ROOM);
    alice = await joinRoomAsParticipant(xmpp, { username: 'alice', password: PASSWORD, room: ROOM, nick: 'Alice' });
    bob = await joinRoomAsParticipant(xmpp, { username: 'bob', password: PASSWORD, room: ROOM, nick: 'Bob 客服' });
  });

  afterAll(async () => {
    await alice?.stop();
    await bob?.stop();
    await context?.close();
    await xmpp?.stop();
    if (profile) await removeProfileDir(profile);
  });

  it('reads a message with Chinese, emoji and markup once, with its author, text and time', async () => {
    const text = 'Hello <b>team</b> 你好，请问发货了吗？ 👋🏽 & 👨‍👩‍👧 *not bold*';
    const sentAt = await alice.say(text);
    const rows = await waitForText('Alice', text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ authorName: 'Alice', role: 'customer', kind: 'message', text });
    expect(Math.abs((rows[0]?.ts ?? 0) - sentAt)).toBeLessThan(3000);
  });

  it('reads a very long and a multi-line message whole (XMPP does not split them)', async () => {
    const long = Array.from({ length: 250 }, (_, i) => `${i} 很长的消息`).join(' ');
    const multi = 'line one\n第二行 second line 🚀\n\n  indented fourth line';
    await bob.say(long);
    await bob.say(multi);
    expect(await waitForText('Bob 客服', long)).toHaveLength(1);
    const [row] = await waitForText('Bob 客服', multi);
    expect(row).toMatchObject({ authorName: 'Bob 客服', text: multi });
  });

  it('stores each of 1,000 messages posted in a burst exactly once', async () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `burst ${String(i + 1).padStart(4, '0')} 消息`);
    for (const text of texts) await bob.say(text);
    await waitFor(async () => {
      const rows = (await from('Bob 客服')).filter((m) => m.text.startsWith('burst '));
      return rows.length >= texts.length || null;
    }, '1,000 burst messages', 1500, 200);
    // Caught up: a message after the burst is stored only after every row before it.
    await bob.say('after the burst');
    await waitForText('Bob 客服', 'after the burst');
    const rows = (await from('Bob 客服')).filter((m) => m.text.startsWith('burst '));
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((m) => m.text))).toEqual(new Set(texts));
  });

  it('puts text from the extension into the composer, and Enter sends it unchanged', async () => {
    const text = 'Please read the group rules 请先阅读群规 📜\nsecond line <i>thanks</i>';
    const reply = await sendPageCommand(context, 'http://localhost/*', { gs: 'command', name: 'insert-text', input: { text } });
    expect(reply).toMatchObject({ ok: true, data: { ok: true } });
    const composer = page.locator(`converse-muc[jid="${ROOM}"] textarea.chat-textarea`);
    await expect.poll(() => composer.inputValue()).toBe(text);
    await composer.press('Enter');
    await waitFor(async () => alice.heard.find((h) => h.nick === 'Steward' && h.text === text), 'alice to receive the inserted text');
    const [own] = await waitForText('Steward', text);
    expect(own).toMatchObject({ role: 'staff', authorName: 'Steward' });
  });

  it('reads nothing twice after a reload (Converse re-renders its cached history)', async () => {
    const before = await stored();
    await page.reload();
    await waitForConverseRoom(page, ROOM);
    const sentAt = await alice.say('after reload 重新加载之后');
    const [row] = await waitForText('Alice', 'after reload 重新加载之后');
    expect(Math.abs((row?.ts ?? 0) - sentAt)).toBeLessThan(3000);
    // Caught up: one more message, read after everything the reload re-rendered.
    await alice.say('after reload, once more');
    await waitForText('Alice', 'after reload, once more');
    const after = await stored();
    expect(after).toHaveLength(before.length + 2);
    expect(new Set(after.map((m) => m.externalId)).size).toBe(after.length);
  });

  // Converse 14 shows joins and leaves only in its occupant list (and a transient
  // sentence), never as rows: the adapter lists occupants and the reader diffs the list.
  it('sees participants join and leave through the occupant list', async () => {
    // The reader takes the occupant lists of its first 3 s in a chat as the people already
    // there (lib/reader/reader.ts rosterSettleMs): the reload just before restarted it, and a
    // join inside that window is, by design, part of the baseline. Let it settle first.
    await page.waitForTimeout(3_500);
    const carol = await (async () => {
      await xmpp.register('carol', PASSWORD);
      return joinRoomAsParticipant(xmpp, { username: 'carol', password: PASSWORD, room: ROOM, nick: 'Carol' });
    })();
    const joined = await waitFor(async () => (await from('Carol')).find((m) => m.kind === 'join'), 'Carol to be seen joining', 600, 200);
    expect(joined).toMatchObject({ authorName: 'Carol', text: '' });
    await carol.leave();
    await waitFor(async () => (await from('Carol')).find((m) => m.kind === 'leave'), 'Carol to be seen leaving', 600, 200);
    await carol.stop();
    const events = (await from('Carol')).map((m) => m.kind);
    expect(events).toEqual(['join', 'leave']);
  });

  // Converse writes a kick only as its own translated sentence, and the occupant list just
  // loses the nick: the sentence is what makes the departure a removal (removals.ts).
  it('a newcomer who posts an ad gets the removal step; the /kick staff do in Converse records it', async () => {
    await xmpp.register('grace', PASSWORD);
    const grace = await joinRoomAsParticipant(xmpp, { username: 'grace', password: PASSWORD, room: ROOM, nick: 'Grace' });
    await waitFor(async () => (await from('Grace')).find((m) => m.kind === 'join'), 'Grace to be seen joining', 600, 200);
    const ad = '新人福利！加我薇信 grace_8899 领内部券，日结兼职';
    await grace.say(ad);
    await waitForText('Grace', ad);
    const { sidebar, item } = await suggestionFor('grace_8899');
    expect(await item.locator('[data-testid="gs-warning-step"]').getAttribute('data-channel')).toBe('public');
    await signIn(sidebar);
    const composer = page.locator(`converse-muc[jid="${ROOM}"] textarea.chat-textarea`);
    await composer.fill('');
    await item.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => composer.inputValue()).toContain('Grace');
    const notice = await composer.inputValue();
    await composer.press('Enter');
    await waitFor(async () => alice.heard.find((h) => h.text === notice), 'the removal notice in the room', 600, 200);
    // Sent, but not yet removed: the step waits for the kick or staff's word.
    await expect.poll(() => item.locator('[data-testid="gs-warning-confirm"]').count()).toBe(1);
    await composer.fill('/kick Grace ads');
    await composer.press('Enter');
    const removal = await appliedCase('converse:Grace', 'the removal recorded from the kick');
    expect(removal).toMatchObject({ recordedBy: 'removal-seen', outcome: 'remove', actor: 'Steward Mei', sentText: notice });
    await expect.poll(() => item.count()).toBe(0);
    // Stored as a kick, not as leaving on her own, and only once.
    expect((await from('Grace')).map((m) => m.kind)).toEqual(['join', 'message', 'kick']);
    await grace.stop();
  });

  // Converse opens a room PM in the room's own sidebar, with a composer of its own, beside the
  // group's: the reminder must go there, and the PM is a conversation of its own.
  it('a private reminder goes into the member’s private chat, is recorded when sent there, and stays out of the group', async () => {
    const contact = '要优惠的加我薇信 bob_7788 私聊';
    await bob.say(contact);
    await waitForText('Bob 客服', contact);
    const { sidebar, item } = await suggestionFor('bob_7788');
    expect(await item.locator('[data-testid="gs-warning-step"]').getAttribute('data-channel')).toBe('private');
    await signIn(sidebar);
    const groupComposer = page.locator(`converse-muc[jid="${ROOM}"] converse-muc-bottom-panel textarea.chat-textarea`);
    await groupComposer.fill('');
    await item.locator('[data-testid="gs-warning-apply"]').click();
    const privateComposer = page.locator(`converse-muc[jid="${ROOM}"] converse-muc-occupant converse-occupant-bottom-panel textarea.chat-textarea`);
    await expect.poll(() => privateComposer.inputValue().catch(() => '')).toContain('Bob 客服');
    const reminder = await privateComposer.inputValue();
    // Never the group's composer.
    expect(await groupComposer.inputValue()).toBe('');
    await privateComposer.press('Enter');
    await waitFor(async () => bob.heardPrivately.find((h) => h.nick === 'Steward' && h.text === reminder), 'the reminder reaching Bob privately', 600, 200);
    const applied = await appliedCase('converse:Bob 客服', 'the private reminder recorded');
    expect(applied).toMatchObject({ channel: 'private', sentText: reminder });
    // The PM is stored in the private conversation, by staff, and never in the group.
    const all = await readStore<StoredMessage>(context, 'messages');
    expect(all.filter((m) => m.text === reminder).map((m) => [m.groupId, m.memberId, m.role])).toEqual([
      [`${GROUP_ID}/Bob 客服`, 'converse:Steward', 'staff'],
    ]);
    await bob.sayPrivately('Steward', 'ok, sorry');
    const reply = await waitFor(async () => (await readStore<StoredMessage>(context, 'messages')).find((m) => m.text === 'ok, sorry'), 'Bob’s private reply', 600, 200);
    expect(reply).toMatchObject({ groupId: `${GROUP_ID}/Bob 客服`, memberId: 'converse:Bob 客服' });
  });
});
