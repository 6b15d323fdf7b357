import { type Database, openDatabase } from '../../../lib/db/open';
import { deleteSiteProfile, listSiteProfiles, saveSiteProfile } from '../../../lib/db/repos/profiles';
import { deleteRule } from '../../../lib/db/repos/rules';
import { correctDefaultNotices, OFFERED_TEMPLATES_KEY, offerNewDefaultTemplates, seedDefaults } from '../../../lib/db/repos/seed';
import { deleteTemplate } from '../../../lib/db/repos/templates';
import { parseSiteProfile, type SiteProfile } from '../../../lib/adapters/profile/schema';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { DEFAULT_TEMPLATES } from '../../../lib/templates/defaults';
import { MINUTE, T0, template, uniqueDbName } from './records';

let db: Database;
beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('seed') });
});
afterEach(() => db.close());

describe('seedDefaults', () => {
  it('seeds the default templates and rules once', async () => {
    expect(await seedDefaults(db, T0)).toEqual({ templates: true, rules: true });
    const templates = await db.getAll('templates');
    expect(templates.map((t) => t.id).sort()).toEqual(DEFAULT_TEMPLATES.map((t) => t.id).sort());
    expect(templates.every((t) => t.createdAt === T0 && t.updatedAt === T0 && t.sendDirectly === false)).toBe(true);
    expect((await db.getAll('rules')).map((r) => r.id).sort()).toEqual(DEFAULT_RULES.map((r) => r.id).sort());

    expect(await seedDefaults(db, T0 + MINUTE)).toEqual({ templates: false, rules: false });
    // Not re-stamped.
    expect((await db.getAll('templates')).every((t) => t.createdAt === T0)).toBe(true);
  });

  it('corrects default notices of earlier releases that claimed a removal before it happened, leaving edited ones alone', async () => {
    await seedDefaults(db, T0);
    const old = (id: string, body: string) => db.put('templates', { ...(DEFAULT_TEMPLATES.find((t) => t.id === id) as (typeof DEFAULT_TEMPLATES)[number]), body, sendDirectly: false, createdAt: T0, updatedAt: T0 });
    await old('tpl-remove-zh', '{member} 多次违反群规（{rule}），已按规定移出本群。请大家共同维护良好的交流环境。');
    await old('tpl-remove-en', '{member} was removed. Edited by the team.');
    expect(await correctDefaultNotices(db, T0 + MINUTE)).toBe(1);
    expect((await db.get('templates', 'tpl-remove-zh'))?.body).toContain('将按规定移出本群');
    expect((await db.get('templates', 'tpl-remove-en'))?.body).toBe('{member} was removed. Edited by the team.');
  });

  it('corrects the removal notice that said "repeated breaches" to a new member removed for a first ad', async () => {
    await seedDefaults(db, T0);
    const old = (id: string, body: string) => db.put('templates', { ...(DEFAULT_TEMPLATES.find((t) => t.id === id) as (typeof DEFAULT_TEMPLATES)[number]), body, sendDirectly: false, createdAt: T0, updatedAt: T0 });
    await old('tpl-remove-zh', '{member} 多次违反群规（{rule}），将按规定移出本群。请大家共同维护良好的交流环境。');
    await old('tpl-remove-en', '{member} will be removed from the group for repeated breaches of the group rules ({rule}). Thank you all for keeping this group useful.');
    expect(await correctDefaultNotices(db, T0 + MINUTE)).toBe(2);
    for (const id of ['tpl-remove-zh', 'tpl-remove-en']) {
      const body = (await db.get('templates', id))?.body ?? '';
      expect(body).toBe(DEFAULT_TEMPLATES.find((t) => t.id === id)?.body);
      expect(body).not.toMatch(/多次|repeated/);
    }
  });

  it('does not bring back a template or rule the team deleted', async () => {
    await seedDefaults(db, T0);
    await deleteTemplate(db, 'tpl-welcome-zh');
    await deleteRule(db, 'flood');
    await seedDefaults(db, T0 + MINUTE);
    expect(await db.get('templates', 'tpl-welcome-zh')).toBeUndefined();
    expect(await db.get('rules', 'flood')).toBeUndefined();
    expect(await db.getAll('templates')).toHaveLength(DEFAULT_TEMPLATES.length - 1);
  });

  it('leaves a record the team already has with a default id alone', async () => {
    const edited = template({ id: 'tpl-welcome-zh', name: '我们自己的欢迎词', body: '欢迎 {member}' });
    await db.put('templates', edited);
    await seedDefaults(db, T0 + MINUTE);
    expect(await db.get('templates', 'tpl-welcome-zh')).toEqual(edited);
    expect(await db.getAll('templates')).toHaveLength(DEFAULT_TEMPLATES.length);
  });
});

describe('default templates new in a release', () => {
  /** An install seeded by the first release: its 18 templates and the old marker only. */
  const firstReleaseInstall = async (ids: readonly string[]) => {
    for (const id of ids) {
      const t = DEFAULT_TEMPLATES.find((d) => d.id === id);
      if (t) await db.put('templates', { ...t, sendDirectly: false, createdAt: T0, updatedAt: T0 });
    }
    await db.put('settings', { key: 'seeded:templates:v1', value: T0 });
  };
  const FIRST = ['tpl-welcome-zh', 'tpl-welcome-en', 'tpl-rules-zh', 'tpl-rules-en', 'tpl-remind-zh', 'tpl-remind-en', 'tpl-warn-zh', 'tpl-warn-en', 'tpl-remove-zh', 'tpl-remove-en', 'tpl-faq-limit-zh', 'tpl-faq-fee-zh', 'tpl-faq-installment-zh', 'tpl-faq-declined-zh', 'tpl-faq-cashback-en', 'tpl-faq-billing-en', 'tpl-thanks-zh', 'tpl-thanks-en'];

  it('reach an install seeded by an earlier release, once, without bringing back what the team deleted', async () => {
    // The team deleted two of the first release's templates.
    await firstReleaseInstall(FIRST.filter((id) => id !== 'tpl-thanks-en' && id !== 'tpl-faq-fee-zh'));
    await seedDefaults(db, T0 + MINUTE);
    const ids = (await db.getAll('templates')).map((t) => t.id);
    expect(ids).not.toContain('tpl-thanks-en');
    expect(ids).not.toContain('tpl-faq-fee-zh');
    const fresh = DEFAULT_TEMPLATES.map((t) => t.id).filter((id) => !FIRST.includes(id));
    expect(fresh.length).toBeGreaterThan(0);
    for (const id of fresh) expect(ids).toContain(id);
    expect((await db.get('templates', 'tpl-faq-refund-zh'))?.createdAt).toBe(T0 + MINUTE);
    // Deleting a new one later is final too.
    await deleteTemplate(db, 'tpl-faq-refund-zh');
    expect(await offerNewDefaultTemplates(db, T0 + 2 * MINUTE)).toEqual([]);
    expect(await db.get('templates', 'tpl-faq-refund-zh')).toBeUndefined();
  });

  it('add nothing on a fresh install (seeding already did) and record every id as offered', async () => {
    await seedDefaults(db, T0);
    expect(await db.getAll('templates')).toHaveLength(DEFAULT_TEMPLATES.length);
    const offered = (await db.get('settings', OFFERED_TEMPLATES_KEY))?.value as string[];
    expect(new Set(offered)).toEqual(new Set(DEFAULT_TEMPLATES.map((t) => t.id)));
  });

  it('leave a team record under a new default id alone', async () => {
    await firstReleaseInstall(FIRST);
    const own = template({ id: 'tpl-faq-refund-en', name: 'Our refunds', body: 'Refunds take 3 days, {member}.' });
    await db.put('templates', own);
    const added = await offerNewDefaultTemplates(db, T0 + MINUTE);
    expect(added).not.toContain('tpl-faq-refund-en');
    expect(await db.get('templates', 'tpl-faq-refund-en')).toEqual(own);
  });
});

describe('site profiles repo', () => {
  const profile = (over: Record<string, unknown> = {}): SiteProfile => {
    const parsed = parseSiteProfile({
      id: 'parley',
      name: 'Parley chat',
      matches: ['https://chat.parley.example/*'],
      selectors: { row: 'li.entry', author: { selector: 'b.who' }, text: 'p.said', time: { selector: '.stamp' } },
      ...over,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.profile;
  };

  it('saves, replaces by id, lists and deletes', async () => {
    expect(await listSiteProfiles(db)).toEqual([]);
    expect(await saveSiteProfile(db, profile())).toEqual([profile()]);
    expect((await saveSiteProfile(db, profile({ id: 'other', name: 'Other' }))).map((p) => p.id)).toEqual(['parley', 'other']);
    const renamed = await saveSiteProfile(db, profile({ name: 'Parley (new)' }));
    expect(renamed.map((p) => [p.id, p.name])).toEqual([
      ['other', 'Other'],
      ['parley', 'Parley (new)'],
    ]);
    expect(await deleteSiteProfile(db, 'parley')).toEqual([profile({ id: 'other', name: 'Other' })]);
    expect(await listSiteProfiles(db)).toHaveLength(1);
  });

  it('skips a stored profile that no longer validates instead of failing', async () => {
    await db.put('settings', { key: 'siteProfiles', value: [profile(), { id: 'Broken!', name: '' }] });
    expect((await listSiteProfiles(db)).map((p) => p.id)).toEqual(['parley']);
    await db.put('settings', { key: 'siteProfiles', value: 'not a list' });
    expect(await listSiteProfiles(db)).toEqual([]);
  });
});
