import { exportBackup, importBackup } from '../../../lib/db/backup';
import { exportTeamPack, importTeamPack } from '../../../lib/db/export';
import { saveGroupHealthConfig, getGroupHealthConfig } from '../../../lib/db/repos/questions';
import { getSettings, updateSettings } from '../../../lib/db/repos/settings';
import { restoreDefaults } from '../../../lib/db/restore-defaults';
import { DEFAULT_SETTINGS } from '../../../lib/model';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { DEFAULT_TEMPLATES } from '../../../lib/templates/defaults';
import { group, member, MINUTE, T0, template } from './records';
import { testDatabases } from './test-databases';

const freshDb = testDatabases();

/** The team's own ladder: warn in the group, then announce and remove; insults climb two steps. */
const LADDER = {
  steps: [
    { channel: 'public' as const, templateId: 'tpl-warn-zh', outcome: 'none' as const },
    { channel: 'public' as const, templateId: 'tpl-remove-zh', outcome: 'remove' as const },
  ],
  weights: { insult: 2 },
};

/** A browser with its team's ways set up: the ladder, the reply target, who counts as staff. */
async function configured(label: string) {
  const db = await freshDb(label);
  await updateSettings(db, { staffName: '小美', staffNames: ['客服小美', '客服阿强'], ladder: LADDER, warningWindowDays: 14, slaMinutes: 10, sidebarWidth: 480 });
  await saveGroupHealthConfig(db, 'demo:g-service', { targetMinutes: 3, nextStaffMessageAnswers: false });
  await db.put('groups', group());
  return db;
}

describe('backups carry the settings', () => {
  it('a backup restores the ladder, reply targets and staff settings into a fresh browser', async () => {
    const backup = JSON.parse(JSON.stringify(await exportBackup(await configured('bk-src'), T0)));
    const target = await freshDb('bk-dst');
    const counts = await importBackup(target, backup, 'merge');
    expect(counts).toMatchObject({ settings: 1, groupSettings: 1, groups: 1 });
    expect(await getSettings(target)).toMatchObject({ staffName: '小美', staffNames: ['客服小美', '客服阿强'], ladder: LADDER, warningWindowDays: 14, slaMinutes: 10 });
    expect((await getGroupHealthConfig(target, 'demo:g-service')).config).toMatchObject({ targetMinutes: 3, nextStaffMessageAnswers: false });
  });

  it('merge keeps what is here; replace leaves exactly the backup', async () => {
    const backup = JSON.parse(JSON.stringify(await exportBackup(await configured('bk-src2'), T0)));
    const merged = await freshDb('bk-merge');
    await merged.put('members', member({ id: 'demo:u-local', externalId: 'u-local' }));
    await saveGroupHealthConfig(merged, 'demo:g-other', { targetMinutes: 9 });
    await importBackup(merged, backup, 'merge');
    expect((await merged.getAll('members')).map((m) => m.id)).toContain('demo:u-local');
    expect((await getGroupHealthConfig(merged, 'demo:g-other')).saved).toBe(true);

    const replaced = await freshDb('bk-replace');
    await replaced.put('members', member({ id: 'demo:u-local', externalId: 'u-local' }));
    await saveGroupHealthConfig(replaced, 'demo:g-other', { targetMinutes: 9 });
    await importBackup(replaced, backup, 'replace');
    expect((await replaced.getAll('members')).map((m) => m.id)).not.toContain('demo:u-local');
    expect((await getGroupHealthConfig(replaced, 'demo:g-other')).saved).toBe(false);
    expect((await getGroupHealthConfig(replaced, 'demo:g-service')).config.targetMinutes).toBe(3);
  });

  it('a backup with bad settings is refused naming the field, and nothing changes', async () => {
    const db = await configured('bk-bad');
    const backup = JSON.parse(JSON.stringify(await exportBackup(db, T0)));
    backup.settings.warningWindowDays = -3;
    await db.put('templates', template({ id: 'tpl-keep' }));
    await expect(importBackup(db, { ...backup, templates: [] }, 'replace')).rejects.toThrow(/settings: warningWindowDays/);
    expect((await db.getAll('templates')).map((t) => t.id)).toContain('tpl-keep');
    const bad = JSON.parse(JSON.stringify(backup));
    bad.settings.warningWindowDays = 14;
    bad.groupSettings = [{ groupId: 'demo:g-service', healthConfig: { targetMinutes: 0 } }];
    await expect(importBackup(db, bad, 'merge')).rejects.toThrow(/groupSettings\.0\.targetMinutes/);
  });

  it('an older backup without settings restores and leaves the settings alone', async () => {
    const db = await configured('bk-old');
    const backup = JSON.parse(JSON.stringify(await exportBackup(db, T0)));
    delete backup.settings;
    delete backup.groupSettings;
    delete backup.questionMarks;
    const target = await freshDb('bk-old-dst');
    await updateSettings(target, { staffName: '阿强' });
    expect(await importBackup(target, backup, 'merge')).toMatchObject({ settings: 0, groupSettings: 0 });
    expect((await getSettings(target)).staffName).toBe('阿强');
  });
});

describe('team packs carry the team settings', () => {
  it("the ladder, window, reply targets and staff list travel; the person's own name, language and width do not", async () => {
    const pack = JSON.parse(JSON.stringify(await exportTeamPack(await configured('pk-src'), T0)));
    expect(pack.settings).not.toHaveProperty('staffName');
    expect(pack.settings).not.toHaveProperty('sidebarWidth');
    const target = await freshDb('pk-dst');
    await updateSettings(target, { staffName: '阿强', language: 'en' });
    await importTeamPack(target, pack, T0 + MINUTE);
    const settings = await getSettings(target);
    expect(settings).toMatchObject({ staffName: '阿强', language: 'en', staffNames: ['客服小美', '客服阿强'], ladder: LADDER, warningWindowDays: 14, slaMinutes: 10 });
    expect(settings.sidebarWidth).toBe(DEFAULT_SETTINGS.sidebarWidth);
    expect((await getGroupHealthConfig(target, 'demo:g-service')).config.targetMinutes).toBe(3);
  });
});

describe('restore defaults', () => {
  it('brings back the built-in templates and rules as shipped and keeps the team\'s own', async () => {
    const db = await freshDb('defaults');
    await db.put('templates', { ...template({ id: 'tpl-welcome-zh' }), body: '改过的' });
    await db.put('templates', template({ id: 'tpl-own' }));
    expect(await restoreDefaults(db, 'templates', T0)).toBe(DEFAULT_TEMPLATES.length);
    expect((await db.get('templates', 'tpl-welcome-zh'))?.body).toBe(DEFAULT_TEMPLATES.find((t) => t.id === 'tpl-welcome-zh')?.body);
    expect(await db.get('templates', 'tpl-own')).toBeDefined();
    await restoreDefaults(db, 'rules', T0);
    expect((await db.getAll('rules')).length).toBe(DEFAULT_RULES.length);
  });

  it('resets the settings but keeps whose name and which language', async () => {
    const db = await configured('defaults-settings');
    await updateSettings(db, { language: 'zh_CN' });
    await restoreDefaults(db, 'settings', T0);
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, staffName: '小美', language: 'zh_CN' });
  });
});
