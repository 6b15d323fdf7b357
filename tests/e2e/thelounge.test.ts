import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionId, sidebarFrame, launchWithExtension, makeProfileDir, readStore, removeProfileDir, sendPageCommand, type StoredMessage, waitFor, slashPicker } from './harness';
import { connectIrcParticipant, type IrcParticipant } from './servers/irc-participant';
import { type IrcServer, startNgircd } from './servers/ngircd';
import { connectLounge, type LoungeServer, startTheLounge } from './servers/thelounge';

const NETWORK = 'GroupSteward Test';
const CHANNEL = '#test';
const GROUP_ID = `thelounge:${NETWORK}/${CHANNEL}`;

describe('The Lounge (IRC), end to end', () => {
  let irc: IrcServer;
  let lounge: LoungeServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let alice: IrcParticipant;
  let bob: IrcParticipant;
  const participants: IrcParticipant[] = [];

  const stored = async () => (await readStore<StoredMessage>(context, 'messages')).filter((m) => m.groupId === GROUP_ID);
  const from = async (nick: string, kind = 'message') =>
    (await stored()).filter((m) => m.memberId === `thelounge:${nick}` && m.kind === kind).sort((a, b) => a.ts - b.ts || order(a) - order(b));
  /** Rows of one second keep The Lounge's order through the msg number in the id. */
  const order = (m: StoredMessage) => Number(m.externalId.split('@')[0]);

  /** Waits for `count` messages from `nick` whose text satisfies `match`, then checks none is doubled. */
  const waitForTexts = async (nick: string, texts: string[]) => {
    const rows = await waitFor(async () => {
      const mine = (await from(nick)).filter((m) => texts.includes(m.text));
      return mine.length >= texts.length ? mine : null;
    }, `${texts.length} message(s) from ${nick}`, 600, 200);
    return rows;
  };

  const join = async (nick: string) => {
    const participant = await connectIrcParticipant({ host: irc.host, port: irc.port, nick, join: CHANNEL });
    participants.push(participant);
    return participant;
  };

  beforeAll(async () => {
    irc = await startNgircd();
    lounge = await startTheLounge(irc, { networkName: NETWORK, channel: CHANNEL });
    profile = await makeProfileDir();
    context = await launchWithExtension(profile);
    page = await context.newPage();
    await page.goto(lounge.url);
    // The staff member joins first, so the IRC server makes them channel operator (@).
    await connectLounge(page, { nick: 'steward', channel: CHANNEL });
  });

  afterAll(async () => {
    for (const participant of participants) await participant.quit().catch(() => {});
    await context?.close();
    await lounge?.stop();
    await irc?.stop();
    if (profile) await removeProfileDir(profile);
  });

  it('sees a participant join', async () => {
    alice = await join('alice');
    const joins = await waitFor(async () => {
      const rows = await from('alice', 'join');
      return rows.length > 0 ? rows : null;
    }, 'the join of alice');
    expect(joins).toHaveLength(1);
    expect(joins[0]).toMatchObject({ authorName: 'alice', role: 'customer', text: '' });
  });

  it('reads a message with Chinese, emoji and markup once, with its author, text and time', async () => {
    const text = 'Hello <b>team</b> 你好，请问发货了吗？ 👋🏽 & 👨‍👩‍👧';
    const sentAt = Date.now();
    alice.say(CHANNEL, text);
    const [row, ...rest] = await waitForTexts('alice', [text]);
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ authorName: 'alice', role: 'customer', kind: 'message', text });
    // The Lounge shows times to the second.
    expect(Math.abs((row?.ts ?? 0) - sentAt)).toBeLessThan(3000);
  });

  it('reads a 400-character line as the rows The Lounge shows (IRC splits long lines)', async () => {
    const words = Array.from({ length: 90 }, (_, i) => (i % 10 === 9 ? '群管家' : `w${String(i).padStart(3, '0')}`));
    const text = `${words.join(' ').slice(0, 399)}!`;
    expect(text).toHaveLength(400);
    alice.say(CHANNEL, text);
    // IRC lines are limited to 512 bytes, so the sender (irc-framework) cuts the line at a
    // word boundary (350 bytes) and drops that space; The Lounge shows each IRC line as its
    // own row, and each row is its own message.
    const rows = await waitFor(async () => {
      const mine = (await from('alice')).filter((m) => /^w\d{3} /.test(m.text));
      return mine.map((m) => m.text).join(' ') === text ? mine : null;
    }, 'the long line', 600, 200);
    expect(rows.length).toBe(2);
    const shown = await page.locator('.messages .msg[data-from="alice"] .content').allTextContents();
    for (const row of rows) expect(shown).toContain(row.text);
  });

  it('reads a multi-line message as one row per line, in order', async () => {
    alice.say(CHANNEL, '第一行 first line\nsecond line 🚀\nthird line');
    const rows = await waitForTexts('alice', ['第一行 first line', 'second line 🚀', 'third line']);
    expect(rows.map((r) => r.text)).toEqual(['第一行 first line', 'second line 🚀', 'third line']);
  });

  it('stores each of 1,000 messages posted in a burst exactly once', async () => {
    bob = await join('bob');
    const texts = Array.from({ length: 1000 }, (_, i) => `burst ${String(i + 1).padStart(4, '0')} 消息`);
    // No pacing needed: ngIRCd runs with penalties off. Exactly-once is the assertion.
    for (const text of texts) bob.say(CHANNEL, text);
    await waitFor(async () => {
      const mine = (await from('bob')).filter((m) => m.text.startsWith('burst '));
      return mine.length >= texts.length || null;
    }, '1,000 burst messages', 900, 200);
    // Caught up: a line bob sends after the burst is stored only after every row before it
    // (the reader and the background keep order), so a late duplicate would be in by now.
    bob.say(CHANNEL, 'after the burst');
    await waitForTexts('bob', ['after the burst']);
    const final = (await from('bob')).filter((m) => m.text.startsWith('burst '));
    expect(final).toHaveLength(1000);
    expect(new Set(final.map((m) => m.text))).toEqual(new Set(texts));
    expect(new Set(final.map((m) => m.externalId)).size).toBe(1000);
  });

  it('puts text from the extension into the composer, and Enter sends it unchanged', async () => {
    const text = 'Please read the group rules 请先阅读群规 📜 <i>thanks</i>';
    const reply = await sendPageCommand(context, 'http://127.0.0.1/*', { gs: 'command', name: 'insert-text', input: { text } });
    expect(reply).toMatchObject({ ok: true, data: { ok: true } });
    await expect.poll(() => page.locator('#input').inputValue()).toBe(text);
    await page.locator('#input').press('Enter');
    await waitFor(async () => alice.heard.find((h) => h.nick === 'steward' && h.text === text), 'alice to receive the inserted text');
    // The staff member's own line is read too, and as staff: they are channel operator.
    const [own] = await waitForTexts('steward', [text]);
    expect(own).toMatchObject({ role: 'staff', authorName: 'steward' });
  });

  it('the sidebar works on The Lounge: card, tag, note, history, an applied warning, the slash picker', async () => {
    const spam = '加我薇信 abc_12345 领内部优惠';
    alice.say(CHANNEL, spam);
    await waitForTexts('alice', [spam]);
    const sidebar = await sidebarFrame(page);
    // One content script, one sidebar: a late-loading single-page app is not read twice.
    expect(page.frames().filter((f) => f.url().includes('/sidebar.html'))).toHaveLength(1);
    // The Lounge opens a user menu on a name click; the extension selects the member too.
    await expect
      .poll(
        async () => {
          await page.locator('.messages .msg[data-from="alice"] .user[data-name="alice"]').last().click();
          await page.keyboard.press('Escape');
          return sidebar.locator('[data-testid="gs-member-name"]').textContent({ timeout: 3_000 }).catch(() => null);
        },
        { timeout: 60_000 },
      )
      .toBe('alice');
    await expect.poll(() => sidebar.locator('[data-testid="gs-history-item"]').count()).toBeGreaterThan(0);
    await sidebar.locator('[data-testid="gs-tag-input"]').fill('IRC 客户');
    await sidebar.locator('[data-testid="gs-tag-input"]').press('Enter');
    await expect.poll(() => sidebar.locator('[data-testid="gs-tag-chip"] .chip-name').allTextContents()).toEqual(['IRC 客户']);
    await sidebar.locator('[data-testid="gs-note-input"]').fill('在 IRC 群里发联系方式');
    await sidebar.locator('[data-testid="gs-note-save"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="gs-note-item"]').count()).toBe(1);

    // The first step is a private reminder: The Lounge opens a query with alice (/query on
    // an empty composer) and the reminder goes there, never into the channel's composer.
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    // One item per message; alice's lines in the tests before may add a flood category to it.
    const warning = sidebar.locator('[data-testid="gs-warning-item"][data-category~="contact"]', { hasText: 'abc_12345' });
    await expect.poll(() => warning.count(), { timeout: 15_000 }).toBe(1);
    expect(await warning.locator('[data-testid="gs-warning-channel"]').getAttribute('data-channel')).toBe('private');
    await sidebar.locator('[data-testid="gs-staff-name-input"]').fill('Steward Mei');
    await sidebar.locator('[data-testid="gs-staff-name-save"]').click();
    await page.locator('#input').fill('');
    await warning.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('#chat .chat-view[data-type="query"]').getAttribute('aria-label')).toBe('alice');
    await expect.poll(() => page.locator('#input').inputValue()).toContain('alice');
    const reminder = await page.locator('#input').inputValue();
    await page.locator('#input').press('Enter');
    await waitFor(async () => alice.heard.find((h) => h.text === reminder), 'alice to hear the reminder');
    // Heard privately (addressed to alice), never in the channel.
    expect(alice.heard.filter((h) => h.text === reminder).map((h) => h.target)).toEqual(['alice']);
    expect(bob.heard.some((h) => h.text === reminder)).toBe(false);
    // Back in the channel, staff confirm: the case is recorded, signed.
    await page.locator('.channel-list-item[data-type="channel"][data-name="#test"]').click();
    await warning.locator('[data-testid="gs-warning-confirm"]').click();
    await expect.poll(() => warning.count()).toBe(0);
    expect(await sidebar.locator('[data-testid="gs-error"]').allTextContents()).toEqual([]);
    const cases = await readStore<{ kind: string; memberId: string; channel?: string; actor: string; sentText?: string }>(context, 'cases');
    const applied = cases.filter((c) => c.memberId === 'thelounge:alice' && c.kind === 'applied');
    expect(applied).toEqual([expect.objectContaining({ channel: 'private', actor: 'Steward Mei', sentText: reminder })]);

    // A second breach: a public warning in the channel, recorded when the reader sees it sent.
    const again = '有事打我电话 13812345678';
    alice.say(CHANNEL, again);
    await waitForTexts('alice', [again]);
    const second = sidebar.locator('[data-testid="gs-warning-item"]', { hasText: '13812345678' });
    await expect.poll(() => second.count(), { timeout: 15_000 }).toBe(1);
    expect(await second.locator('[data-testid="gs-warning-channel"]').getAttribute('data-channel')).toBe('public');
    await page.locator('#input').fill('');
    await second.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('#input').inputValue()).toContain('@alice');
    const publicWarning = await page.locator('#input').inputValue();
    await page.locator('#input').press('Enter');
    await waitFor(async () => bob.heard.find((h) => h.text === publicWarning && h.target === CHANNEL), 'the warning in the channel');
    const recorded = await waitFor(
      async () => (await readStore<{ kind: string; memberId: string; recordedBy?: string; actor: string; evidence?: { text: string } }>(context, 'cases')).find((c) => c.memberId === 'thelounge:alice' && c.kind === 'applied' && c.recordedBy === 'sent-seen'),
      'the sent warning recorded as a case',
    );
    expect(recorded).toMatchObject({ actor: 'Steward Mei', evidence: { text: again } });

    // The / picker fills {member} with the customer waiting for an answer (the warning above
    // answered alice). bob posted the 1,000-message burst this minute, so anything he says now
    // is flooding, not a question: a newcomer asks instead.
    const erin = await join('erin');
    const question = '请问年费怎么免？';
    erin.say(CHANNEL, question);
    await waitForTexts('erin', [question]);

    // The slash picker in The Lounge's own composer; Enter chooses and does not send.
    await page.locator('#input').fill('');
    await page.locator('#input').pressSequentially('/年费');
    await expect.poll(async () => (await slashPicker(page))?.items[0]?.name ?? '').toContain('年费');
    await page.locator('#input').press('Enter');
    await expect.poll(() => page.locator('#input').inputValue()).toContain('免年费');
    expect(await page.locator('#input').inputValue()).toContain('erin');
    // Proof that nothing was sent: a line sent after it reaches alice, and IRC keeps order.
    await page.locator('#input').fill('(picker check)');
    await page.locator('#input').press('Enter');
    await waitFor(async () => alice.heard.find((h) => h.text === '(picker check)'), 'alice to hear the check line');
    expect(alice.heard.some((h) => h.text.includes('免年费'))).toBe(false);
    await page.locator('#input').fill('');
  });

  it('a question from an IRC participant waits, closes when staff answer it, and the dashboard counts it', async () => {
    // A customer with a clean record (alice was just warned twice and her lines came fast).
    const frank = await join('frank');
    const question = 'how do I reset my card PIN?';
    frank.say(CHANNEL, question);
    await waitForTexts('frank', [question]);
    const sidebar = await sidebarFrame(page);
    const item = sidebar.locator('[data-testid="gs-unanswered-item"]', { hasText: question });
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);

    const answer = 'frank: open the app, Cards, then Reset PIN';
    await page.locator('#input').fill(answer);
    await page.locator('#input').press('Enter');
    await waitForTexts('steward', [answer]);
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(0);

    const dash = await context.newPage();
    await dash.goto(`chrome-extension://${await extensionId(context)}/dashboard.html?group=${encodeURIComponent(GROUP_ID)}`);
    await dash.locator('[data-testid="gs-dashboard"][data-state="ready"]').waitFor();
    const answeredByStaff = dash.locator('[data-testid="gs-dash-table"][data-table="question-ends"] tbody tr').first();
    expect(Number(await answeredByStaff.locator('td').last().textContent())).toBeGreaterThanOrEqual(1);
    await answeredByStaff.locator('[data-testid="gs-dash-drill"]').click();
    await dash.locator('[data-testid="gs-dash-message"]', { hasText: question }).waitFor();
    expect(await dash.locator('[data-testid="gs-dash-table"][data-table="staff"]').textContent()).toContain('steward');
    await dash.close();
  });

  it('a newcomer who posts an ad gets the removal step; the kick staff do in the chat records it', async () => {
    const grace = await join('grace');
    await waitFor(async () => ((await from('grace', 'join')).length > 0 ? true : null), 'the join of grace');
    const ad = '新人福利！加我薇信 grace_8899 领内部券，日结兼职';
    grace.say(CHANNEL, ad);
    await waitForTexts('grace', [ad]);
    const sidebar = await sidebarFrame(page);
    await sidebar.locator('[data-testid="gs-tab-group"]').click();
    const item = sidebar.locator('[data-testid="gs-warning-item"]', { hasText: 'grace_8899' });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    // A member seen joining who posts an ad at once: the rule asks for removal, in public.
    expect(await item.locator('[data-testid="gs-warning-step"]').getAttribute('data-channel')).toBe('public');
    await page.locator('#input').fill('');
    await item.locator('[data-testid="gs-warning-apply"]').click();
    await expect.poll(() => page.locator('#input').inputValue()).toContain('grace');
    const notice = await page.locator('#input').inputValue();
    await page.locator('#input').press('Enter');
    await waitFor(async () => alice.heard.find((h) => h.text === notice), 'the removal notice in the channel');
    // Sent, but not yet removed: the step waits.
    await expect.poll(() => item.locator('[data-testid="gs-warning-confirm"]').count()).toBe(1);
    await page.locator('#input').fill('/kick grace ads');
    await page.locator('#input').press('Enter');
    const removal = await waitFor(
      async () =>
        (await readStore<{ kind: string; memberId: string; recordedBy?: string; outcome?: string; actor: string; sentText?: string }>(context, 'cases')).find(
          (c) => c.memberId === 'thelounge:grace' && c.kind === 'applied',
        ),
      'the removal recorded from the kick',
    );
    expect(removal).toMatchObject({ recordedBy: 'removal-seen', outcome: 'remove', actor: 'Steward Mei', sentText: notice });
    await expect.poll(() => item.count()).toBe(0);
  });

  it('sees renames, kicks and leaves (part and quit)', async () => {
    const carol = await join('carol');
    const dave = await join('dave');
    carol.client.changeNick('carol_away');
    await waitFor(async () => (await from('carol', 'rename')).length > 0 || null, 'the rename of carol');
    // steward is operator: kick through The Lounge's own command line.
    await page.locator('#input').fill('/kick dave flooding');
    await page.locator('#input').press('Enter');
    bob.client.part(CHANNEL, 'later');
    await alice.quit('gone home');
    const [rename] = await from('carol', 'rename');
    expect(rename).toMatchObject({ authorName: 'carol' });
    const kicks = await waitFor(async () => {
      const rows = await from('dave', 'kick');
      return rows.length > 0 ? rows : null;
    }, 'the kick of dave');
    expect(kicks).toHaveLength(1);
    const leaves = await waitFor(async () => {
      const rows = [...(await from('bob', 'leave')), ...(await from('alice', 'leave'))];
      return rows.length >= 2 ? rows : null;
    }, 'bob and alice to leave');
    expect(leaves.map((r) => r.authorName).sort()).toEqual(['alice', 'bob']);
    void dave;
  });

  it('reads nothing twice when The Lounge re-renders rows (expanding a condensed group)', async () => {
    const before = await stored();
    await page.locator('.msg[data-type="condensed"] .toggle-button').first().click();
    await page.locator('.msg[data-type="condensed"]:not(.closed)').first().waitFor();
    // Caught up: a join after the re-render is read after it; only that join is new.
    await join('gina');
    await waitFor(async () => (await from('gina', 'join')).length > 0 || null, 'the join of gina');
    expect(await stored()).toHaveLength(before.length + 1);
  });

  it('never stores a message twice', async () => {
    const all = await stored();
    expect(new Set(all.map((m) => m.externalId)).size).toBe(all.length);
    expect(all.filter((m) => m.memberId === 'thelounge:alice' && m.kind === 'join')).toHaveLength(1);
  });
});
