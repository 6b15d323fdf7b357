import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { nickLinkId, vacatedHolder } from '../../../lib/identity/nicks';
import { createServer } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { DAY, MINUTE, T0, uniqueDbName } from '../db/records';
import { checkedRequests } from './checked-requests';

// A member reminded and warned as one nick who takes another (`/nick` on IRC, a new nick in an
// XMPP room) is the same person: the ladder, the card and the counts follow them.

const RUNTIME_ID = 'test';
const SITE = 'thelounge';
const CHANNEL = { externalId: 'Help Net/#help', title: '#help' };
const GROUP = `${SITE}:${CHANNEL.externalId}`;
const nick = (name: string) => ({ externalId: name, name });
const STEWARD = nick('steward');

let db: Database;
let clock: number;
let server: ReturnType<typeof createServer>;
let seq = 0;

beforeEach(async () => {
  seq = 0;
  db = await openDatabase({ name: uniqueDbName('renames') });
  await seedDefaults(db, T0);
  clock = T0 + DAY;
  server = createServer(createHandlers({ db, now: () => clock }), { runtimeId: RUNTIME_ID, validateOutput: true });
});
afterEach(() => db.close());

const { request } = checkedRequests((message, sender) => server.handle(message, sender), { id: RUNTIME_ID });

function event(author: ChatEvent['author'], over: Partial<ChatEvent> = {}): ChatEvent {
  seq++;
  clock += MINUTE;
  return { externalId: `${seq}@${author.externalId}`, kind: 'message', author, role: 'customer', text: `消息 ${seq}`, ts: clock, ...over };
}
const ingest = (...events: ChatEvent[]) => request('ingest', { site: SITE, group: CHANNEL, events });
const renameEvent = (from: string, to: string) => event(nick(from), { kind: 'rename', text: '', newName: to, newExternalId: to });
const ADS = ['加我微信 abc12345 领优惠券', '有事打我电话 13812345678', '加我微信 zxcv98765 返利', '加V信 qwer5678 日赚500'];
let adIndex = 0;
const ad = (who: string) => event(nick(who), { text: ADS[adIndex++ % ADS.length] as string });

/** The flagged item for the newest message of `memberId`. */
async function flaggedFor(memberId: string) {
  const items = (await request('listSuggestions', { groupId: GROUP })).filter((i) => i.memberId === memberId);
  const item = items.at(-1);
  if (!item) throw new Error(`nothing flagged for ${memberId}`);
  return item;
}

/** Staff put the step's text in the composer and the reader sees it sent in the channel. */
async function sendStep(messageId: string, text: string) {
  await request('startAction', { groupId: GROUP, messageId, text });
  await ingest(event(STEWARD, { role: 'staff', text }));
}

describe('a renamed member is one member', () => {
  it('a private reminder as X, a rename to Y and an ad as Y: the next step (a public warning) for the same member, then removal when Y is kicked', async () => {
    await request('updateSettings', { staffName: 'Steward Mei' });
    // Members who posted days ago: established, so the ladder (not the new-member rules) decides.
    clock = T0;
    await ingest(event(STEWARD, { role: 'staff', text: 'welcome' }), event(nick('spammer'), { text: 'hello all' }), event(nick('quiet'), { text: 'hi' }));
    clock = T0 + DAY;

    await ingest(ad('spammer'));
    const first = await flaggedFor('thelounge:spammer');
    expect(first.choice).toMatchObject({ step: 1, channel: 'private' });
    await request('startAction', { groupId: GROUP, messageId: first.messageId, text: 'spammer, please do not post ads' });
    await request('confirmAction', { groupId: GROUP, messageId: first.messageId, reason: 'reminded in a query' });

    // `/nick nice_guy`, then another ad under the new nick, in one batch.
    const renamed = await ingest(renameEvent('spammer', 'nice_guy'), ad('nice_guy'));
    expect(renamed).toMatchObject({ stored: 2, memberIds: ['thelounge:spammer'] });
    const second = await flaggedFor('thelounge:spammer');
    expect(second).toMatchObject({ authorName: 'nice_guy', currentKey: 'nice_guy', activeDecisions: 1, choice: { step: 2, channel: 'public' } });
    expect(await request('getMemberCard', { memberId: 'thelounge:nice_guy', historyLimit: 1 })).toBeNull();
    await sendStep(second.messageId, '@nice_guy 请勿发广告，再发将移出本群');

    // A third ad: the removal step; the kick of nice_guy closes it, for the same member.
    await ingest(ad('nice_guy'));
    const third = await flaggedFor('thelounge:spammer');
    expect(third.choice).toMatchObject({ step: 3, outcome: 'remove' });
    await sendStep(third.messageId, '@nice_guy 多次发广告，现移出本群');
    await ingest(event(nick('nice_guy'), { kind: 'kick', text: '' }));
    const cases = (await db.getAll('cases')).filter((c) => c.kind === 'applied').sort((a, b) => a.at - b.at);
    expect(cases.map((c) => [c.memberId, c.channel, c.recordedBy])).toEqual([
      ['thelounge:spammer', 'private', 'staff-confirmed'],
      ['thelounge:spammer', 'public', 'sent-seen'],
      ['thelounge:spammer', 'public', 'removal-seen'],
    ]);

    // The card: one member, history under both nicks, "formerly spammer".
    const card = await request('getMemberCard', { memberId: 'thelounge:spammer', historyLimit: 50 });
    expect(card?.member).toMatchObject({ name: 'nice_guy', aliases: ['spammer'] });
    expect(card?.renames).toEqual([{ from: 'spammer', to: 'nice_guy', at: expect.any(Number), groupId: GROUP }]);
    expect(new Set(card?.history.filter((m) => m.kind === 'message').map((m) => m.authorName))).toEqual(new Set(['spammer', 'nice_guy']));
    expect(card?.messageCount).toBe(4);

    // The group: one member, not two, and nobody to welcome.
    const panel = await request('getGroupPanel', { groupId: GROUP });
    expect(panel?.members.map((m) => m.name).sort()).toEqual(['nice_guy', 'quiet', 'steward']);
    expect(panel?.recentJoins).toEqual([]);
  });

  it('resolves a click on either nick to the member, and a freed nick taken by someone else to a member of their own', async () => {
    await ingest(event(nick('mark'), { text: 'hello' }));
    const before = clock;
    await ingest(renameEvent('mark', 'mark_away'));
    const renamedAt = clock;
    await ingest(event(nick('mark_away'), { text: 'back soon' }));
    expect(await request('resolveMember', { site: SITE, externalId: 'mark_away' })).toEqual({ memberId: 'thelounge:mark' });
    // Nobody took "mark" yet: a click on the old rows (no time known) still opens the member.
    expect(await request('resolveMember', { site: SITE, externalId: 'mark' })).toEqual({ memberId: 'thelounge:mark' });

    // Someone else takes the free nick and posts an ad: a new member, first step of the ladder.
    await ingest(event(nick('mark'), { kind: 'join', text: '' }), ad('mark'));
    const newcomer = `thelounge:${vacatedHolder('mark', renamedAt)}`;
    const newcomerCard = await request('getMemberCard', { memberId: newcomer, historyLimit: 10 });
    expect(newcomerCard?.member.name).toBe('mark');
    expect(newcomerCard?.renames).toEqual([]);
    // Written to (a private reminder) under the nick they use, not their member key.
    expect(await flaggedFor(newcomer)).toMatchObject({ activeDecisions: 0, currentKey: 'mark' });
    expect(await request('resolveMember', { site: SITE, externalId: 'mark' })).toEqual({ memberId: newcomer });
    expect(await request('resolveMember', { site: SITE, externalId: 'mark', at: before })).toEqual({ memberId: 'thelounge:mark' });
    expect((await request('getMemberCard', { memberId: 'thelounge:mark', historyLimit: 50 }))?.history.map((m) => m.authorName)).toEqual(['mark_away', 'mark', 'mark']);
  });

  it('resolves nick by nick on a site with many renames (more links than one read takes)', async () => {
    const tx = db.transaction('nickLinks', 'readwrite');
    for (let i = 0; i < 200; i++) void tx.store.put({ id: nickLinkId(SITE, `away${i}`, T0 + i), site: SITE, nick: `away${i}`, since: T0 + i, holder: `user${i}`, groupId: GROUP, renamedFrom: `user${i}` });
    await tx.done;
    await ingest(event(nick('mark'), { text: 'hello' }), renameEvent('mark', 'mark_away'), event(nick('mark_away'), { text: 'back' }), event(nick('away7'), { text: 'me too' }));
    const card = await request('getMemberCard', { memberId: 'thelounge:mark', historyLimit: 10 });
    expect(card?.history.filter((m) => m.kind === 'message').map((m) => m.authorName)).toEqual(['mark_away', 'mark']);
    expect((await request('getMemberCard', { memberId: 'thelounge:user7', historyLimit: 10 }))?.history.map((m) => m.text)).toEqual(['me too']);
  });

  it('forgetting the member erases their nick links too', async () => {
    await ingest(event(nick('mark'), { text: 'hello' }), renameEvent('mark', 'mark_away'));
    expect(await db.count('nickLinks')).toBe(2);
    await request('forgetMember', { memberId: 'thelounge:mark' });
    expect(await db.count('nickLinks')).toBe(0);
    expect(await request('resolveMember', { site: SITE, externalId: 'mark_away' })).toEqual({ memberId: 'thelounge:mark_away' });
  });

  it('a rename read again (a reload) changes nothing, and a renamed display name on a chat with stable ids makes no link', async () => {
    const rename = renameEvent('mark', 'mark_away');
    await ingest(event(nick('mark'), { text: 'hello' }), rename);
    const links = await db.getAll('nickLinks');
    expect(await ingest(rename)).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await db.getAll('nickLinks')).toEqual(links);
    await request('ingest', { site: 'demo', group: { externalId: 'g', title: 'g' }, events: [event({ externalId: 'u-1', name: '陈强' }, { kind: 'rename', text: '', newName: '强哥' })] });
    expect(await db.count('nickLinks')).toBe(2);
    expect((await db.get('members', 'demo:u-1'))?.name).toBe('强哥');
  });
});
