import { nickLinkId } from '../../../lib/identity/nicks';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { exportBackup, importBackup } from '../../../lib/db/backup';
import { exportTeamPack, importTeamPack } from '../../../lib/db/export';
import { DB_VERSION } from '../../../lib/db/migrations';
import type { Database } from '../../../lib/db/open';
import { saveRule } from '../../../lib/db/repos/rules';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { DEFAULT_TEMPLATES } from '../../../lib/templates/defaults';
import { caseRecord, group, MINUTE, member, memberTag, membership, message, note, T0, tag, template } from './records';
import { testDatabases } from './test-databases';

const STORES = ['groups', 'members', 'memberships', 'messages', 'tags', 'memberTags', 'notes', 'rules', 'templates', 'cases'] as const;

const freshDb = testDatabases();

async function snapshot(db: Database) {
  const entries = await Promise.all(STORES.map(async (store) => [store, await db.getAll(store)] as const));
  return Object.fromEntries(entries);
}

const FEE_RULE = { id: 'fee', name: '年费投诉', category: 'custom', triggers: { keywords: ['年费'] }, memberAction: 'none' };

describe('team packs', () => {
  it('round-trips rules, templates and tags into another browser', async () => {
    const source = await freshDb('pack-src');
    await seedDefaults(source, T0);
    await saveRule(source, FEE_RULE);
    await source.put('templates', template());
    await source.put('tags', tag());
    await source.put('tags', tag({ id: 'tag-ad', name: '广告嫌疑', color: '#be123c', favourite: false }));
    // Member data never leaves in a pack.
    await source.put('members', member());
    await source.put('notes', note());

    const pack = JSON.parse(JSON.stringify(await exportTeamPack(source, T0 + MINUTE)));
    expect(pack).toMatchObject({ format: 'groupsteward-team-pack', version: 1, exportedAt: T0 + MINUTE });
    expect(Object.keys(pack).sort()).toEqual(['exportedAt', 'format', 'groupSettings', 'rules', 'settings', 'tags', 'templates', 'version']);

    const target = await freshDb('pack-dst');
    const counts = await importTeamPack(target, pack, T0 + 2 * MINUTE);
    const sourceRules = await source.getAll('rules');
    expect(counts).toEqual({ rules: sourceRules.length, templates: DEFAULT_TEMPLATES.length + 1, tags: 2, settings: 1, groupSettings: 0, sendDirectlyOff: 0, builtInsKept: 0, builtInRulesChanged: 0 });

    expect(await target.getAll('rules')).toEqual(sourceRules);
    const sourceTemplates = await source.getAll('templates');
    const targetTemplates = await target.getAll('templates');
    // Kept as written, except that they were updated now.
    expect(targetTemplates).toEqual(sourceTemplates.map((t) => ({ ...t, updatedAt: T0 + 2 * MINUTE })));
    const strip = (tags: { name: string; color: string; favourite: boolean }[]) =>
      tags.map(({ name, color, favourite }) => ({ name, color, favourite })).sort((a, b) => a.name.localeCompare(b.name));
    expect(strip(await target.getAll('tags'))).toEqual(strip(await source.getAll('tags')));
    expect(await target.getAll('members')).toEqual([]);
    expect(await target.getAll('notes')).toEqual([]);
  });

  it('refuses a pack with one bad rule, naming its position, name and field, and writes nothing', async () => {
    const db = await freshDb('pack-bad-rule');
    await seedDefaults(db, T0);
    await db.put('tags', tag());
    const before = await snapshot(db);
    const pack = {
      format: 'groupsteward-team-pack',
      version: 1,
      exportedAt: T0,
      rules: [FEE_RULE, { id: 'typo', name: '写错的规则', category: 'adverts', triggers: { keywords: ['兼职'] } }],
      templates: [template({ id: 'tpl-new' })],
      tags: [{ name: '新标签', color: '#1d4ed8' }],
    };
    await expect(importTeamPack(db, pack, T0 + MINUTE)).rejects.toThrow(/^rule 2 \("写错的规则"\): category: /);
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a pack with a rule whose regular expression does not compile, and writes nothing', async () => {
    const db = await freshDb('pack-bad-regex');
    const pack = {
      format: 'groupsteward-team-pack',
      version: 1,
      exportedAt: T0,
      rules: [FEE_RULE, { id: 'rx', name: '坏的正则', category: 'custom', triggers: { regexes: [{ pattern: 'a(b' }] } }],
    };
    await expect(importTeamPack(db, pack, T0)).rejects.toThrow(/^rule 2 \("坏的正则"\): triggers\.regexes\.0\.pattern: /);
    expect(await db.getAll('rules')).toEqual([]);
  });

  it('refuses a pack with a bad template, naming the template, and writes nothing', async () => {
    const db = await freshDb('pack-bad-template');
    const pack = {
      format: 'groupsteward-team-pack',
      version: 1,
      exportedAt: T0,
      rules: [FEE_RULE],
      templates: [template({ id: 'tpl-ok' }), { ...template({ id: 'tpl-empty', name: '空模板' }), body: '' }],
      tags: [{ name: 'VIP', color: '#6d28d9' }],
    };
    await expect(importTeamPack(db, pack, T0)).rejects.toThrow(/^template 2 \("空模板"\): body: /);
    expect(await snapshot(db)).toEqual(await snapshot(await freshDb('empty')));
  });

  it('refuses what is not a team pack', async () => {
    const db = await freshDb('pack-not');
    await expect(importTeamPack(db, { format: 'groupsteward-backup' }, T0)).rejects.toThrow('not a GroupSteward team pack');
    await expect(importTeamPack(db, null, T0)).rejects.toThrow('not a GroupSteward team pack');
  });

  it('merges tags by name, folding width and spacing, and replaces rules and templates by id', async () => {
    const db = await freshDb('pack-merge');
    await db.put('tags', tag({ id: 'tag-vip', name: 'VIP', color: '#6d28d9', favourite: false, createdAt: T0 }));
    await saveRule(db, { ...FEE_RULE, name: '旧名字' });
    await db.put('templates', template({ id: 'tpl-greet', body: '旧的欢迎词', createdAt: T0 - MINUTE }));

    const counts = await importTeamPack(
      db,
      {
        format: 'groupsteward-team-pack',
        version: 1,
        exportedAt: T0,
        rules: [FEE_RULE],
        templates: [{ id: 'tpl-greet', name: '欢迎新人', body: '新的欢迎词 {member}' }],
        tags: [
          { name: 'ＶＩＰ ', color: '#047857', favourite: true },
          { name: '投诉', color: '#b45309' },
        ],
      },
      T0 + MINUTE,
    );
    expect(counts).toEqual({ rules: 1, templates: 1, tags: 2, settings: 0, groupSettings: 0, sendDirectlyOff: 0, builtInsKept: 0, builtInRulesChanged: 0 });

    const tags = (await db.getAll('tags')).sort((a, b) => a.name.localeCompare(b.name));
    expect(tags).toHaveLength(2);
    expect(tags.find((t) => t.name === 'VIP')).toEqual({ id: 'tag-vip', name: 'VIP', color: '#047857', favourite: true, createdAt: T0 });
    expect(tags.find((t) => t.name === '投诉')).toMatchObject({ color: '#b45309', favourite: false, createdAt: T0 + MINUTE });

    expect(await db.getAll('rules')).toEqual([expect.objectContaining({ id: 'fee', name: '年费投诉' })]);
    // A template without timestamps gets them at import.
    expect(await db.getAll('templates')).toEqual([
      expect.objectContaining({ id: 'tpl-greet', body: '新的欢迎词 {member}', createdAt: T0 + MINUTE, updatedAt: T0 + MINUTE, category: 'general' }),
    ]);
  });
});

describe('backups', () => {
  async function filled(label: string): Promise<Database> {
    const db = await freshDb(label);
    await seedDefaults(db, T0);
    await db.put('groups', group());
    await db.put('members', member());
    await db.put('members', member({ id: 'demo:u-li', externalId: 'u-li', name: '李娜', aliases: [] }));
    await db.put('memberships', membership());
    await db.put('messages', message());
    await db.put('messages', message({ id: 'demo:g-service:g-service-000012', externalId: 'g-service-000012', memberId: 'demo:u-li', authorName: '李娜', text: '谢谢' }));
    await db.put('tags', tag());
    await db.put('memberTags', memberTag());
    await db.put('notes', note());
    await db.put('cases', caseRecord({ evidence: { text: '加微信', authorName: '广告号', ts: T0, spans: [{ start: 0, end: 3 }] } }));
    await db.put('cases', caseRecord({ id: 'case-2', kind: 'applied', refersTo: 'case-1', at: T0 + 4 * MINUTE }));
    await db.put('settings', { key: 'settings', value: { staffName: '客服小美' } });
    return db;
  }

  it('restores every store into a fresh database', async () => {
    const source = await filled('backup-src');
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, T0 + 10 * MINUTE)));
    expect(backup).toMatchObject({ format: 'groupsteward-backup', schemaVersion: DB_VERSION, exportedAt: T0 + 10 * MINUTE });

    const target = await freshDb('backup-dst');
    const counts = await importBackup(target, backup);
    const expected = await snapshot(source);
    expect(await snapshot(target)).toEqual(expected);
    for (const store of STORES) {
      expect(expected[store]?.length, store).toBeGreaterThan(0);
      expect(counts[store], store).toBe(expected[store]?.length);
    }
    // The settings travel too (ladder, reply target, staff): a restore is the whole setup.
    expect((await target.get('settings', 'settings'))?.value).toMatchObject({ staffName: '客服小美' });
  });

  it('carries question marks and each group’s timing (business hours, target), checks them, and makes the figures recount', async () => {
    const source = await filled('backup-health-src');
    const timing = { targetMinutes: 15, businessHours: { timeZone: 'Europe/Berlin', days: { mon: '09:00-12:00, 13:00-18:00' }, holidays: ['2026-12-25'] } };
    await source.put('settings', { key: 'groupHealth:demo:g-service', value: timing });
    await source.put('questionMarks', { messageId: message().id, groupId: 'demo:g-service', mark: 'answered', at: T0 + MINUTE, actor: '客服小美' });
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, T0 + 10 * MINUTE)));
    const target = await freshDb('backup-health-dst');
    await target.put('aggregates', { key: 'meta', groupId: '', bucket: -1, data: { version: 2, timeZone: 'UTC', counted: 2, outOfRange: 0, builtAt: T0 } });
    const counts = await importBackup(target, backup, 'replace');
    expect(counts).toMatchObject({ groupSettings: 1, questionMarks: 1 });
    expect((await target.get('settings', 'groupHealth:demo:g-service'))?.value).toMatchObject(timing);
    expect(await target.getAll('questionMarks')).toEqual(await source.getAll('questionMarks'));
    // Aggregates counted before the restore could match the restored message count by chance: gone.
    expect(await target.count('aggregates')).toBe(0);

    const broken = structuredClone(backup);
    broken.groupSettings[0].healthConfig.businessHours.days.mon = '9点-18点';
    const other = await freshDb('backup-health-bad');
    await expect(importBackup(other, broken)).rejects.toThrow(/groupSettings\.0\.businessHours\.days\.mon/);
    expect(await other.count('messages')).toBe(0);
  });

  it('carries nick links, so a renamed member stays one member after a restore; a file without them restores, a bad one names its field', async () => {
    const source = await filled('backup-nicks-src');
    const link = { id: nickLinkId('thelounge', 'nice_guy', T0 + MINUTE), site: 'thelounge', nick: 'nice_guy', since: T0 + MINUTE, holder: 'spammer', groupId: 'thelounge:net/#help', renamedFrom: 'spammer' };
    await source.put('nickLinks', link);
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, T0 + 10 * MINUTE)));
    expect(backup.nickLinks).toEqual([link]);

    const target = await freshDb('backup-nicks-dst');
    expect((await importBackup(target, backup, 'merge')).nickLinks).toBe(1);
    expect(await target.getAll('nickLinks')).toEqual([link]);
    const { nickLinks: _, ...older } = backup;
    await importBackup(target, older, 'replace');
    expect(await target.count('nickLinks')).toBe(0);

    const broken = structuredClone(backup);
    broken.nickLinks[0].since = -1;
    const other = await freshDb('backup-nicks-bad');
    await expect(importBackup(other, broken)).rejects.toThrow(/nickLinks\.0\.since/);
    expect(await other.count('nickLinks')).toBe(0);
  });

  it('carries template and FAQ usage records; a merge adds them once, a replace keeps only the backup\'s, and a bad one names its field', async () => {
    const source = await filled('backup-uses-src');
    const use = { id: 'mi3k2-abc123', templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '客服小美', at: T0 + MINUTE, via: 'faq' as const };
    await source.put('templateUses', use);
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, T0 + 10 * MINUTE)));
    expect(backup.templateUses).toEqual([use]);

    const target = await freshDb('backup-uses-dst');
    const mine = { ...use, id: 'mi3k2-zzz999', via: 'slash' as const };
    await target.put('templateUses', mine);
    expect((await importBackup(target, backup, 'merge')).templateUses).toBe(1);
    await importBackup(target, backup, 'merge');
    expect((await target.getAll('templateUses')).map((u) => u.id).sort()).toEqual([use.id, mine.id]);
    await importBackup(target, backup, 'replace');
    expect(await target.getAll('templateUses')).toEqual([use]);

    // A file from before usage was recorded restores without it.
    const { templateUses: _, ...older } = backup;
    expect((await importBackup(await freshDb('backup-uses-old'), older)).templateUses).toBe(0);

    const broken = structuredClone(backup);
    broken.templateUses[0].via = 'paste';
    const other = await freshDb('backup-uses-bad');
    await expect(importBackup(other, broken)).rejects.toThrow(/templateUses\.0\.via/);
    expect(await other.count('templateUses')).toBe(0);
  });

  it('refuses a backup from a newer schema with a clear message', async () => {
    const backup = { ...(await exportBackup(await filled('backup-new'), T0)), schemaVersion: DB_VERSION + 1 };
    const target = await freshDb('backup-new-dst');
    await expect(importBackup(target, backup)).rejects.toThrow('this backup comes from a newer GroupSteward: update first');
    expect((await snapshot(target)).messages).toEqual([]);
  });

  it('refuses the whole backup when one record is corrupt, and writes nothing', async () => {
    const backup = JSON.parse(JSON.stringify(await exportBackup(await filled('backup-corrupt'), T0)));
    backup.messages[1].ts = 'yesterday';
    const target = await freshDb('backup-corrupt-dst');
    await target.put('members', member({ id: 'demo:u-zhao', externalId: 'u-zhao', name: '赵磊' }));
    const before = await snapshot(target);
    await expect(importBackup(target, backup)).rejects.toThrow(/not a usable GroupSteward backup: messages\.1\.ts/);
    expect(await snapshot(target)).toEqual(before);
  });

  it('refuses what is not a backup', async () => {
    const target = await freshDb('backup-not');
    await expect(importBackup(target, { format: 'groupsteward-team-pack', version: 1 })).rejects.toThrow('not a usable GroupSteward backup');
  });
});

describe('backups into a browser with data', () => {
  it('merges a tag this browser already has under another id, moving the links onto it', async () => {
    const source = await freshDb('backup-merge-src');
    await source.put('members', member());
    await source.put('tags', tag({ id: 'tag-src', name: 'VIP', color: '#047857' }));
    await source.put('memberTags', memberTag({ tagId: 'tag-src' }));
    const target = await freshDb('backup-merge-dst');
    await target.put('tags', tag({ id: 'tag-dst', name: 'VIP', color: '#6d28d9' }));

    const counts = await importBackup(target, await exportBackup(source, T0));
    expect(counts).toMatchObject({ tags: 1, memberTags: 1, members: 1 });
    expect(await target.getAll('tags')).toEqual([tag({ id: 'tag-dst', name: 'VIP', color: '#047857' })]);
    expect(await target.getAll('memberTags')).toEqual([memberTag({ tagId: 'tag-dst' })]);
  });
});

describe('imports that must not cross the boundary (issue #11, finding 10)', () => {
  it('refuses a backup whose rules pass the schema but not validateRules (duplicate ids), and writes nothing', async () => {
    const source = await freshDb('backup-dup-rules');
    await seedDefaults(source, T0);
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, T0)));
    const first = backup.rules[0];
    backup.rules.push({ ...first, name: '同 ID 的另一条' });
    const target = await freshDb('backup-dup-rules-dst');
    const before = await snapshot(target);
    await expect(importBackup(target, backup)).rejects.toThrow(/not a usable GroupSteward backup: rules\.\d+ .*/);
    expect(await snapshot(target)).toEqual(before);
  });

  it('a team pack cannot switch on "send directly" nor replace a built-in template; both are counted', async () => {
    const db = await freshDb('pack-guard');
    await seedDefaults(db, T0);
    const builtIn = DEFAULT_TEMPLATES[0];
    if (!builtIn) throw new Error('no built-in template');
    const before = await db.get('templates', builtIn.id);
    const counts = await importTeamPack(
      db,
      {
        format: 'groupsteward-team-pack',
        version: 1,
        exportedAt: T0,
        templates: [
          { id: builtIn.id, name: '被改过的欢迎词', body: '点这里领奖 http://x.example', sendDirectly: true },
          { id: 'tpl-team-1', name: '团队模板', body: '您好 {member}', sendDirectly: true },
        ],
      },
      T0 + MINUTE,
    );
    expect(counts).toMatchObject({ templates: 2, sendDirectlyOff: 2, builtInsKept: 1 });
    expect(await db.get('templates', builtIn.id)).toEqual(before);
    const all = await db.getAll('templates');
    expect(all.filter((t) => t.name === '被改过的欢迎词')).toHaveLength(1);
    expect(all.every((t) => t.sendDirectly === false)).toBe(true);
  });

  it('a team pack that switches off or changes a built-in rule says so; the same rule again counts nothing', async () => {
    const db = await freshDb('pack-builtin-rules');
    await seedDefaults(db, T0);
    const builtIn = (await db.getAll('rules')).find((rule) => DEFAULT_RULES.some((d) => d.id === rule.id));
    if (!builtIn) throw new Error('no built-in rule');
    const pack = (rules: unknown[]) => ({ format: 'groupsteward-team-pack', version: 1, exportedAt: T0, rules });
    // Key order differs from the stored record: the same rule is not a change.
    const reordered = Object.fromEntries(Object.entries(builtIn).reverse());
    expect(await importTeamPack(db, pack([reordered]), T0 + MINUTE)).toMatchObject({ rules: 1, builtInRulesChanged: 0 });
    const counts = await importTeamPack(db, pack([{ ...builtIn, enabled: false }, FEE_RULE]), T0 + 2 * MINUTE);
    expect(counts).toMatchObject({ rules: 2, builtInRulesChanged: 1 });
  });
});

