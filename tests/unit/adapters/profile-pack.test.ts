import { createHandlers } from '../../../lib/background/handlers';
import {
  applyProfileImport,
  makeProfilePack,
  parseProfilePack,
  planProfileImport,
  PROFILE_PACK_FORMAT,
  profilePackFileName,
} from '../../../lib/adapters/profile/pack';
import { parseSiteProfile, type SiteProfile, type SiteProfileInput } from '../../../lib/adapters/profile/schema';
import { type Database, openDatabase } from '../../../lib/db/open';
import { listSiteProfiles, PROFILES_KEY, saveSiteProfile } from '../../../lib/db/repos/profiles';
import { createServer } from '../../../lib/messaging/server';
import { checkedRequests } from '../background/checked-requests';
import { T0, uniqueDbName } from '../db/records';

const KESTREL: SiteProfileInput = {
  id: 'kestrel-example-com',
  name: 'Kestrel',
  matches: ['https://kestrel.example.com/*'],
  selectors: {
    container: '#list',
    row: 'div[role="row"]',
    id: { attribute: 'data-mid' },
    author: { selector: ['[data-qa="msg-sender"]', '[data-qa="author-name"]'], keyAttribute: 'data-uid', inherit: true },
    text: 'div[dir="auto"]',
    composer: '#composer',
  },
};
const PARLEY: SiteProfileInput = {
  id: 'parley',
  name: 'Parley chat',
  matches: ['https://chat.parley.example/*'],
  selectors: { row: 'li.entry', author: { selector: 'b.who' }, text: 'p.said' },
};

function parsed(input: SiteProfileInput): SiteProfile {
  const result = parseSiteProfile(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.profile;
}

/** A pack as it travels: written to a file as JSON and read back. */
const asFile = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('site profile packs', () => {
  it('round-trips one profile and a set through the file format', () => {
    const one = makeProfilePack([parsed(KESTREL)], T0);
    expect(one).toMatchObject({ format: PROFILE_PACK_FORMAT, version: 1, exportedAt: new Date(T0).toISOString() });
    expect(parseProfilePack(asFile(one))).toEqual({ ok: true, profiles: [parsed(KESTREL)] });
    const set = makeProfilePack([parsed(KESTREL), parsed(PARLEY)], T0);
    expect(parseProfilePack(asFile(set))).toEqual({ ok: true, profiles: [parsed(KESTREL), parsed(PARLEY)] });
    expect(profilePackFileName([parsed(KESTREL)], T0)).toBe('groupsteward-site-profile-kestrel-example-com.json');
    expect(profilePackFileName([parsed(KESTREL), parsed(PARLEY)], T0)).toBe(`groupsteward-site-profiles-${new Date(T0).toISOString().slice(0, 10)}.json`);
  });

  it('also takes one bare profile, as the editor shows it', () => {
    expect(parseProfilePack(asFile(KESTREL))).toEqual({ ok: true, profiles: [parsed(KESTREL)] });
  });

  it('validates every profile in full and names the field from the top of the file', () => {
    const pack = asFile(makeProfilePack([parsed(KESTREL), parsed(PARLEY)], T0)) as { profiles: Array<Record<string, unknown>> };
    const second = pack.profiles[1] as { selectors: Record<string, unknown>; matches: unknown };
    second.selectors.row = 'li..entry';
    second.matches = ['chat.parley.example'];
    (pack.profiles[0] as Record<string, unknown>).colour = 'red';
    const result = parseProfilePack(pack);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(['profiles.0.colour', 'profiles.1.matches.0', 'profiles.1.selectors.row']);
    expect(result.errors.find((e) => e.field === 'profiles.1.selectors.row')?.message).toBe('must be a valid CSS selector');
  });

  it('refuses what is not a pack, a pack from a newer version, and two profiles for one site', () => {
    expect(parseProfilePack([KESTREL])).toEqual({ ok: false, errors: [{ field: '', message: expect.stringContaining('not a site profile pack') }] });
    expect(parseProfilePack({ format: 'something-else', version: 1, profiles: [KESTREL] })).toMatchObject({ ok: false, errors: [{ field: 'format' }] });
    expect(parseProfilePack({ format: PROFILE_PACK_FORMAT, version: 2, profiles: [KESTREL] })).toMatchObject({
      ok: false,
      errors: [{ field: 'version', message: expect.stringContaining('newer version') }],
    });
    expect(parseProfilePack({ format: PROFILE_PACK_FORMAT, version: 1, profiles: [] })).toMatchObject({ ok: false, errors: [{ field: 'profiles' }] });
    const twin = { ...PARLEY, id: 'parley-2', name: 'Parley again', matches: ['https://chat.parley.example/*'] };
    expect(parseProfilePack({ format: PROFILE_PACK_FORMAT, version: 1, profiles: [PARLEY, twin] })).toEqual({
      ok: false,
      errors: [{ field: 'profiles.1.matches', message: 'names the same site as profiles.0 ("Parley chat")' }],
    });
  });

  it('plans each profile as new, unchanged or a conflict with the saved profile for its site', () => {
    const saved = [parsed(PARLEY)];
    const changed = parsed({ ...PARLEY, selectors: { ...PARLEY.selectors, text: ['p.said', '.body'] } });
    const sameSiteOtherId = parsed({ ...PARLEY, id: 'parley-team', name: 'Parley (team)' });
    expect(planProfileImport([parsed(KESTREL)], saved).map((i) => i.status)).toEqual([{ kind: 'new' }]);
    // Stored profiles come back with keys in another order: still the same profile.
    const reordered = JSON.parse(JSON.stringify({ selectors: parsed(PARLEY).selectors, matches: PARLEY.matches, name: PARLEY.name, id: PARLEY.id })) as SiteProfile;
    expect(planProfileImport([reordered], saved).map((i) => i.status)).toEqual([{ kind: 'unchanged' }]);
    const existing = [{ id: 'parley', name: 'Parley chat', matches: ['https://chat.parley.example/*'] }];
    expect(planProfileImport([changed], saved).map((i) => i.status)).toEqual([{ kind: 'conflict', existing }]);
    expect(planProfileImport([sameSiteOtherId], saved).map((i) => i.status)).toEqual([{ kind: 'conflict', existing }]);
  });

  it('never overwrites unasked: an undecided conflict refuses the whole import, naming the profile', () => {
    const saved = [parsed(PARLEY)];
    const changed = parsed({ ...PARLEY, name: 'Parley v2' });
    const plan = planProfileImport([parsed(KESTREL), changed], saved);
    expect(() => applyProfileImport(plan, saved, {})).toThrow('profiles.1 ("Parley v2"): a profile for this site is saved already; choose replace or keep');
    const kept = applyProfileImport(plan, saved, { parley: 'keep' });
    expect(kept).toMatchObject({ added: 1, replaced: 0, kept: 1, unchanged: 0 });
    expect(kept.profiles.map((p) => p.name)).toEqual(['Parley chat', 'Kestrel']);
    const replaced = applyProfileImport(plan, saved, { parley: 'replace' });
    expect(replaced).toMatchObject({ added: 1, replaced: 1, kept: 0 });
    expect(replaced.profiles.map((p) => p.name)).toEqual(['Kestrel', 'Parley v2']);
    expect(replaced.written.map((p) => p.id)).toEqual(['kestrel-example-com', 'parley']);
  });
});

describe('importing site profiles through the background', () => {
  let db: Database;
  let server: ReturnType<typeof createServer>;
  let changes: SiteProfile[][];
  beforeEach(async () => {
    db = await openDatabase({ name: uniqueDbName('profile-pack') });
    changes = [];
    server = createServer(createHandlers({ db, now: () => T0, onProfilesChanged: async (profiles) => void changes.push(profiles) }), { runtimeId: 'test', validateOutput: true });
  });
  afterEach(() => db.close());
  const page = checkedRequests((message, sender) => server.handle(message, sender), { id: 'test' });
  const tab = checkedRequests((message, sender) => server.handle(message, sender), { id: 'test', tab: { id: 7 }, url: 'https://chat.parley.example/' } as never);

  it('imports a pack on another install, registers its sites, and reports what it did', async () => {
    const pack = asFile(makeProfilePack([parsed(KESTREL), parsed(PARLEY)], T0));
    const result = await page.request('importSiteProfiles', { pack, decisions: {} });
    expect(result).toMatchObject({ added: 2, replaced: 0, kept: 0, unchanged: 0 });
    expect((await listSiteProfiles(db)).map((p) => p.id)).toEqual(['kestrel-example-com', 'parley']);
    expect(changes.map((list) => list.map((p) => p.id))).toEqual([['kestrel-example-com', 'parley']]);
    // The same file again changes nothing and asks nothing.
    expect(await page.request('importSiteProfiles', { pack, decisions: {} })).toMatchObject({ added: 0, unchanged: 2 });
    expect(changes).toHaveLength(1);
  });

  it('refuses an invalid pack naming the field, and an undecided conflict naming the profile; nothing is written either time', async () => {
    await saveSiteProfile(db, parsed(PARLEY));
    const before = await db.get('settings', PROFILES_KEY);
    const broken = asFile(makeProfilePack([parsed(KESTREL)], T0)) as { profiles: Array<{ selectors: Record<string, unknown> }> };
    (broken.profiles[0] as { selectors: Record<string, unknown> }).selectors.text = 'div[';
    const invalid = await page.raw('importSiteProfiles', { pack: broken, decisions: {} });
    expect(invalid).toMatchObject({ ok: false, error: expect.stringContaining('profiles.0.selectors.text: must be a valid CSS selector') });

    const conflicting = asFile(makeProfilePack([parsed(KESTREL), parsed({ ...PARLEY, name: 'Parley v2' })], T0));
    const undecided = await page.raw('importSiteProfiles', { pack: conflicting, decisions: {} });
    expect(undecided).toMatchObject({ ok: false, error: expect.stringContaining('profiles.1 ("Parley v2"): a profile for this site is saved already') });
    expect(await db.get('settings', PROFILES_KEY)).toEqual(before);
    expect(changes).toEqual([]);

    const replaced = await page.request('importSiteProfiles', { pack: conflicting, decisions: { parley: 'replace' } });
    expect(replaced).toMatchObject({ added: 1, replaced: 1 });
    expect((await listSiteProfiles(db)).find((p) => p.id === 'parley')?.name).toBe('Parley v2');
  });

  it('is refused to a chat page (content scripts cannot install profiles)', async () => {
    const reply = await tab.raw('importSiteProfiles', { pack: makeProfilePack([parsed(KESTREL)], T0), decisions: {} });
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('importSiteProfiles') });
    expect(await listSiteProfiles(db)).toEqual([]);
  });
});
