import { createHandlers } from '../../../lib/background/handlers';
import { MAX_STAFF_DIRECTORY, STAFF_DIRECTORY_KEY, staffView } from '../../../lib/background/staff';
import { type Database, openDatabase } from '../../../lib/db/open';
import { createClient } from '../../../lib/messaging/client';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { createServer } from '../../../lib/messaging/server';
import type { ChatEvent } from '../../../lib/model';
import { MINUTE, T0, uniqueDbName } from '../db/records';

// Issue #11, finding 5: staff were recognised by display name, so a customer who took a
// staff member's name (any case) was stored as staff and never moderated.

const RUNTIME_ID = 'test';
let db: Database;
let clock: number;
let page: ReturnType<typeof createClient>;
let tab: ReturnType<typeof createClient>;

beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('staff') });
  clock = T0 + 100 * MINUTE;
  await seedDefaults(db, T0);
  const server = createServer(createHandlers({ db, now: () => clock }), { runtimeId: RUNTIME_ID, validateOutput: true });
  page = createClient((message) => server.handle(message, { id: RUNTIME_ID }));
  tab = createClient((message) => server.handle(message, { id: RUNTIME_ID, tab: { id: 7 } }));
});
afterEach(() => db.close());

let seq = 0;
function said(externalId: string, name: string, role: ChatEvent['role'], text = `第 ${seq} 条`): ChatEvent {
  seq++;
  return { externalId: `m-${seq}`, kind: 'message', author: { externalId, name }, role, text, ts: T0 + seq * MINUTE };
}
const GROUP = { externalId: '#test', title: '#test' };
const AD = '加我薇信 abc_12345 领内部优惠';

const roles = async () => Object.fromEntries((await db.getAll('messages')).map((m) => [m.memberId, m.role]));

describe('staff are recognised by the site or by id, never by display name', () => {
  it('a customer using a listed staff name, in any case, stays a customer and is moderated', async () => {
    await page.request('updateSettings', { staffNames: ['alice', '客服小美'] });
    await tab.request('ingest', {
      site: 'thelounge',
      group: GROUP,
      events: [said('ALICE', 'ALICE', 'customer', AD), said('mei-fake', ' 客服小美 ', 'customer', AD)],
    });
    expect(await roles()).toEqual({ 'thelounge:ALICE': 'customer', 'thelounge:mei-fake': 'customer' });
    const cases = await db.getAll('cases');
    expect(new Set(cases.map((c) => c.memberId))).toEqual(new Set(['thelounge:ALICE', 'thelounge:mei-fake']));
    const card = await page.request('getMemberCard', { memberId: 'thelounge:ALICE' });
    expect(card).toMatchObject({ staff: null, staffNameClash: 'alice' });
  });

  it("the site's own marking makes staff, and a later customer with that name (look-alike letters) is shown as using it", async () => {
    await tab.request('ingest', { site: 'thelounge', group: GROUP, events: [said('alice', 'alice', 'staff', 'hello, I am on duty')] });
    // Cyrillic "А", full-width letters: reads as "alice".
    await tab.request('ingest', { site: 'thelounge', group: GROUP, events: [said('Аlice', 'Аｌｉｃｅ', 'customer', AD)] });
    expect(await roles()).toEqual({ 'thelounge:alice': 'staff', 'thelounge:Аlice': 'customer' });
    expect(await page.request('getMemberCard', { memberId: 'thelounge:alice' })).toMatchObject({ staff: 'site', staffNameClash: null });
    expect(await page.request('getMemberCard', { memberId: 'thelounge:Аlice' })).toMatchObject({ staff: null, staffNameClash: 'alice' });
    // The text is an ad with contact details: one record per category, all the look-alike's.
    expect(new Set((await db.getAll('cases')).map((c) => c.memberId))).toEqual(new Set(['thelounge:Аlice']));
  });

  it('a listed id makes staff on its site only, matched exactly', async () => {
    await page.request('updateSettings', { staffIds: ['demo:u-ana'] });
    await tab.request('ingest', {
      site: 'demo',
      group: GROUP,
      events: [said('u-ana', 'Ana', 'customer', AD), said('U-ANA', 'Ana', 'customer', AD)],
    });
    await tab.request('ingest', { site: 'thelounge', group: GROUP, events: [said('u-ana', 'Ana', 'customer', AD)] });
    expect(await roles()).toEqual({ 'demo:u-ana': 'staff', 'demo:U-ANA': 'customer', 'thelounge:u-ana': 'customer' });
    expect(await page.request('getMemberCard', { memberId: 'demo:u-ana' })).toMatchObject({ staff: 'listed', staffNameClash: null });
    // Same display name as a staff member listed by id, once that staff member was seen.
    expect(await page.request('getMemberCard', { memberId: 'demo:U-ANA' })).toMatchObject({ staff: null, staffNameClash: 'Ana' });
  });

  it('refuses a staff id that is not site:id, naming the field', async () => {
    await expect(page.request('updateSettings', { staffIds: ['Ana'] })).rejects.toThrow(/staffIds\.0: must be site:id/);
    expect((await page.request('getSettings', {})).staffIds).toEqual([]);
  });

  it('the directory of staff seen survives a restart and stays bounded', async () => {
    const events = Array.from({ length: MAX_STAFF_DIRECTORY + 20 }, (_, i) => said(`op-${i}`, `op ${i}`, 'staff'));
    for (let i = 0; i < events.length; i += 200) await tab.request('ingest', { site: 'thelounge', group: GROUP, events: events.slice(i, i + 200) });
    const stored = (await db.get('settings', STAFF_DIRECTORY_KEY))?.value as Record<string, unknown>;
    expect(Object.keys(stored)).toHaveLength(MAX_STAFF_DIRECTORY);
    // The oldest were let go, the newest kept.
    expect(stored['thelounge:op-0']).toBeUndefined();
    expect(stored[`thelounge:op-${events.length - 1}`]).toBeDefined();
    // A fresh background (worker restarted) reads it back.
    const server = createServer(createHandlers({ db, now: () => clock }), { runtimeId: RUNTIME_ID });
    const again = createClient((message) => server.handle(message, { id: RUNTIME_ID, tab: { id: 8 } }));
    await again.request('ingest', { site: 'thelounge', group: GROUP, events: [said('OP-519', 'OP 519', 'customer')] });
    const fresh = createClient((message) => server.handle(message, { id: RUNTIME_ID }));
    expect(await fresh.request('getMemberCard', { memberId: 'thelounge:OP-519' })).toMatchObject({ staffNameClash: 'op 519' });
  });

  it('staffView: an empty or unrelated name clashes with nobody', () => {
    const directory = { 'x:a': { name: 'alice', lastSeen: 0 } };
    expect(staffView({ id: 'x:b', name: '' }, directory, { staffIds: [], staffNames: [] })).toEqual({ staff: null, staffNameClash: null });
    expect(staffView({ id: 'x:b', name: 'alicea' }, directory, { staffIds: [], staffNames: ['bob'] })).toEqual({ staff: null, staffNameClash: null });
    expect(staffView({ id: 'x:b', name: 'B O B' }, directory, { staffIds: [], staffNames: ['bob'] })).toEqual({ staff: null, staffNameClash: 'bob' });
  });
});
