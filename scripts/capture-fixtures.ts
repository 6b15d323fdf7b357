/**
 * Re-captures the adapter fixtures from the real clients running on this machine:
 * starts ngIRCd + The Lounge and Prosody + Converse.js, posts a scripted conversation
 * through real protocol clients, saves the chat area as tests/fixtures/<site>/<date>.html
 * (scrubbed of ports and uuids) and the adapter's parse of it beside it as
 * <date>.expected.json. Review the JSON diff before committing: it is what the unit tests
 * then hold the adapters to.
 *
 *   npx tsx scripts/capture-fixtures.ts            # both sites
 *   npx tsx scripts/capture-fixtures.ts thelounge  # one site
 *
 * Times are captured in UTC (the browser runs with timezoneId UTC), because The Lounge
 * prints local time only; the unit tests parse with TZ=UTC.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { type Browser, chromium, type Page } from 'playwright-core';
import { converseAdapter } from '../lib/adapters/converse';
import { theLoungeAdapter } from '../lib/adapters/thelounge';
import type { ChatAdapter } from '../lib/adapters/types';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness';
import { waitForConverseRoom, writeConversePage } from '../tests/e2e/servers/converse';
import { connectIrcParticipant } from '../tests/e2e/servers/irc-participant';
import { startNgircd } from '../tests/e2e/servers/ngircd';
import { startProsody } from '../tests/e2e/servers/prosody';
import { connectLounge, startTheLounge } from '../tests/e2e/servers/thelounge';
import { joinRoomAsParticipant } from '../tests/e2e/servers/xmpp-participant';

const FIXTURES = resolve('tests/fixtures');
const DATE = new Date().toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Replaces every uuid by a stable fake one (distinct uuids stay distinct) and drops ports. */
export function scrub(html: string): string {
  const uuids = new Map<string, string>();
  return html
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (uuid) => {
      const known = uuids.get(uuid);
      if (known) return known;
      const fake = `00000000-0000-4000-8000-${String(uuids.size + 1).padStart(12, '0')}`;
      uuids.set(uuid, fake);
      return fake;
    })
    .replace(/(localhost|127\.0\.0\.1):\d{2,5}/g, '$1:PORT')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '');
}

/** What the unit tests compare: the group and every row's parse, in page order. */
export function parseDocument(adapter: ChatAdapter, document: Document) {
  const container = adapter.messageContainer(document);
  return {
    adapter: adapter.id,
    matches: adapter.matches(new URL('http://localhost/'), document),
    group: adapter.currentGroup(document),
    rows: [...(container?.querySelectorAll(adapter.rowSelector) ?? [])].map((row) => adapter.parseRow(row, { now: 0 })),
  };
}

async function save(site: string, adapter: ChatAdapter, html: string) {
  const window = new Window({ url: 'http://localhost/' });
  const document = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  const expected = parseDocument(adapter, document);
  await window.happyDOM.close();
  await writeFile(join(FIXTURES, site, `${DATE}.html`), html);
  await writeFile(join(FIXTURES, site, `${DATE}.expected.json`), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`${site}: ${expected.rows.length} rows, ${expected.rows.filter((r) => !r.ok).length} unparsed -> tests/fixtures/${site}/${DATE}.*`);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US' });
  return context.newPage();
}

async function captureTheLounge(browser: Browser) {
  const irc = await startNgircd();
  const lounge = await startTheLounge(irc, { networkName: 'GroupSteward Test', channel: '#test' });
  const people = [];
  try {
    const page = await newPage(browser);
    await page.goto(lounge.url);
    await connectLounge(page, { nick: 'steward', channel: '#test' });
    const alice = await connectIrcParticipant({ host: irc.host, port: irc.port, nick: 'alice', join: '#test' });
    const bob = await connectIrcParticipant({ host: irc.host, port: irc.port, nick: 'bob', join: '#test' });
    people.push(alice, bob);
    alice.say('#test', 'Hello <b>team</b> 你好，请问发货了吗？ 👋🏽');
    alice.client.action('#test', 'waves 挥手');
    bob.say('#test', 'first line\nsecond line 🚀');
    bob.say('#test', Array.from({ length: 90 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' '));
    bob.client.notice('#test', 'a notice to the channel');
    await sleep(500);
    await page.locator('#input').fill('Welcome! 欢迎 — please read the rules');
    await page.locator('#input').press('Enter');
    alice.client.changeNick('alice_away');
    await sleep(500);
    const carol = await connectIrcParticipant({ host: irc.host, port: irc.port, nick: 'carol', join: '#test' });
    people.push(carol);
    await sleep(300);
    await page.locator('#input').fill('/kick carol spam links');
    await page.locator('#input').press('Enter');
    bob.client.part('#test', 'see you');
    await sleep(300);
    await alice.quit('gone home');
    await sleep(1500);
    const viewport = await page.locator('#viewport').evaluate((el) => el.outerHTML);
    const html = `<!doctype html>\n<!-- The Lounge 4.5.2, captured ${DATE} by scripts/capture-fixtures.ts -->\n<html lang="en"><head><meta charset="utf-8"><title>#test — The Lounge</title><link rel="manifest" href="thelounge.webmanifest"></head>\n<body class="public"><div id="app" data-v-app="">${viewport}</div></body></html>\n`;
    await save('thelounge', theLoungeAdapter, scrub(html));
  } finally {
    for (const person of people) await person.quit().catch(() => {});
    await lounge.stop();
    await irc.stop();
  }
}

async function captureConverse(browser: Browser) {
  const xmpp = await startProsody();
  const room = 'support@conference.localhost';
  const people = [];
  try {
    for (const user of ['steward', 'alice', 'bob']) await xmpp.register(user, 'capture-secret');
    const { url } = await writeConversePage(xmpp, { jid: 'steward@localhost', password: 'capture-secret', room, nick: 'Steward' });
    const page = await newPage(browser);
    await page.goto(url);
    await waitForConverseRoom(page, room);
    const alice = await joinRoomAsParticipant(xmpp, { username: 'alice', password: 'capture-secret', room, nick: 'Alice' });
    const bob = await joinRoomAsParticipant(xmpp, { username: 'bob', password: 'capture-secret', room, nick: 'Bob 客服' });
    people.push(alice, bob);
    await alice.say('Hello <b>team</b> 你好，请问发货了吗？ 👋🏽 *styled*', 'fixture-1');
    await alice.say('a follow-up from the same author', 'fixture-2');
    await bob.say('first line\n第二行 second line 🚀\n\n  indented', 'fixture-3');
    await bob.say(Array.from({ length: 120 }, (_, i) => `${i} 很长的消息`).join(' '), 'fixture-4');
    const composer = page.locator(`converse-muc[jid="${room}"] textarea.chat-textarea`);
    await composer.fill('Welcome! 欢迎 — please read the rules');
    await composer.press('Enter');
    await sleep(500);
    await bob.leave();
    await sleep(1500);
    const root = await page.locator('converse-root').evaluate((el) => el.outerHTML);
    const html = `<!doctype html>\n<!-- Converse.js 14, captured ${DATE} by scripts/capture-fixtures.ts -->\n<html lang="en"><head><meta charset="utf-8"><title>Converse</title></head>\n<body class="converse-fullscreen">${root}</body></html>\n`;
    await save('converse', converseAdapter, scrub(html));
  } finally {
    for (const person of people) await person.stop();
    await xmpp.stop();
  }
}

async function main() {
  const which = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    if (which.length === 0 || which.includes('thelounge')) await captureTheLounge(browser);
    if (which.length === 0 || which.includes('converse')) await captureConverse(browser);
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
