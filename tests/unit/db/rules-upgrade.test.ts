import { readFileSync } from 'node:fs';
import { type Database, openDatabase } from '../../../lib/db/open';
import { RULES_GENERATION_KEY, seedDefaults, upgradeBuiltinRules } from '../../../lib/db/repos/seed';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { ruleFingerprint } from '../../../lib/rules/packs/fingerprint';
import { SHIPPED_RULE_GENERATIONS } from '../../../lib/rules/packs/history';
import { MINUTE, T0, uniqueDbName } from './records';

/** The built-in rules exactly as earlier releases stored them (dumped from those commits). */
const generation = (n: number): Record<string, unknown>[] =>
  JSON.parse(readFileSync(`tests/fixtures/rules/builtin-rules-generation${n}.json`, 'utf8'));

let db: Database;
beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('rules-upgrade') });
});
afterEach(() => db.close());

/** An install seeded by an earlier release: its rules, and the one-time seed marker. */
async function installFrom(rules: Record<string, unknown>[]): Promise<void> {
  for (const rule of rules) await db.put('rules', rule as never);
  await db.put('settings', { key: 'seeded:rules:v1', value: T0 });
}
const byId = async (id: string) => (await db.get('rules', id)) as Record<string, unknown> | undefined;

describe('built-in rule generations', () => {
  it('the last generation is what this release ships (append one when a pack changes)', () => {
    const current = Object.fromEntries(DEFAULT_RULES.map((r) => [r.id, ruleFingerprint(r)]));
    // On failure: add `{ version: N + 1, rules: <this object> }` to lib/rules/packs/history.ts.
    expect(SHIPPED_RULE_GENERATIONS.at(-1)?.rules).toEqual(current);
  });

  it('each stored earlier generation has the fingerprints recorded for it', () => {
    for (const n of [1, 2]) {
      const recorded = SHIPPED_RULE_GENERATIONS.find((g) => g.version === n)?.rules;
      expect(Object.fromEntries(generation(n).map((r) => [r.id, ruleFingerprint(r)]))).toEqual(recorded);
    }
  });

  it('a fingerprint ignores key order and the on/off switch, but sees any other change', () => {
    const rule = DEFAULT_RULES[0] as (typeof DEFAULT_RULES)[number];
    const reordered = Object.fromEntries(Object.entries(rule).reverse());
    expect(ruleFingerprint(reordered)).toBe(ruleFingerprint(rule));
    expect(ruleFingerprint({ ...rule, enabled: !rule.enabled })).toBe(ruleFingerprint(rule));
    expect(ruleFingerprint({ ...rule, severity: 'high' })).not.toBe(ruleFingerprint(rule));
  });
});

describe('upgradeBuiltinRules', () => {
  it('brings an untouched install of the previous packs up to date', async () => {
    await installFrom(generation(2));
    await seedDefaults(db, T0 + MINUTE);
    for (const rule of DEFAULT_RULES) expect(await byId(rule.id)).toEqual(rule);
    expect((await db.get('settings', RULES_GENERATION_KEY))?.value).toMatchObject({ generation: SHIPPED_RULE_GENERATIONS.at(-1)?.version });
  });

  it('keeps what the team edited, deleted or switched off, and adds nothing twice', async () => {
    const old = generation(2);
    const edited = { ...(old.find((r) => r.id === 'zh-insult') as Record<string, unknown>), name: '我们的辱骂规则' };
    const off = { ...(old.find((r) => r.id === 'zh-ad') as Record<string, unknown>), enabled: false };
    await installFrom(old.filter((r) => r.id !== 'flood' && r.id !== 'zh-insult' && r.id !== 'zh-ad'));
    await db.put('rules', edited as never);
    await db.put('rules', off as never);
    const mine = { ...(DEFAULT_RULES.find((r) => r.id === 'links') as object), id: 'team-own-links', name: 'Our links' };
    await db.put('rules', mine as never);

    const result = await upgradeBuiltinRules(db, T0 + MINUTE);
    expect(result?.from).toBe(2);
    expect(result?.updated).toContain('zh-ad');
    expect(result?.kept.sort()).toEqual(['flood', 'zh-insult']);
    // Rules new since generation 2 arrive.
    expect(result?.added).toEqual(['en-aimed-insult']);

    expect(await byId('zh-insult')).toEqual(edited); // edited: the team's now
    expect(await byId('flood')).toBeUndefined(); // deleted: stays deleted
    expect(await byId('zh-ad')).toEqual({ ...DEFAULT_RULES.find((r) => r.id === 'zh-ad'), enabled: false }); // new words, still off
    expect(await byId('team-own-links')).toEqual(mine);

    // Once per generation: a second start changes nothing, even after the team edits again.
    await db.put('rules', { ...(await byId('zh-ad')), name: 'changed later' } as never);
    expect(await upgradeBuiltinRules(db, T0 + 2 * MINUTE)).toBeNull();
    expect((await byId('zh-ad'))?.name).toBe('changed later');
  });

  it('replaces the first release\u2019s retired rules by their successors, and adds rules that are new to that install', async () => {
    const old = generation(1);
    await installFrom(old.map((r) => (r.id === 'en-ad-strong' || r.id === 'en-ad-weak' ? { ...r, enabled: false } : r)));
    const result = await upgradeBuiltinRules(db, T0 + MINUTE);
    expect(result?.from).toBe(1);
    expect(result?.removed.sort()).toEqual(['en-ad-strong', 'en-ad-weak', 'zh-ad-strong', 'zh-ad-weak']);
    expect(result?.added.sort()).toEqual(['en-ad', 'en-aimed-insult', 'en-profanity', 'zh-ad']);
    expect((await db.getAll('rules')).map((r) => r.id).sort()).toEqual(DEFAULT_RULES.map((r) => r.id).sort());
    expect((await byId('zh-ad'))?.enabled).toBe(true);
    expect((await byId('en-ad'))?.enabled).toBe(false); // both predecessors were off
  });

  it('an edited retired rule stays beside its successor', async () => {
    const old = generation(1);
    await installFrom(old.map((r) => (r.id === 'zh-ad-weak' ? { ...r, name: '我们改过的' } : r)));
    const result = await upgradeBuiltinRules(db, T0 + MINUTE);
    expect(result?.kept).toContain('zh-ad-weak');
    expect((await byId('zh-ad-weak'))?.name).toBe('我们改过的');
    expect(await byId('zh-ad')).toBeDefined();
  });

  it('a fresh install is seeded at the current generation and not upgraded again', async () => {
    await seedDefaults(db, T0);
    expect((await db.get('settings', RULES_GENERATION_KEY))?.value).toMatchObject({ generation: SHIPPED_RULE_GENERATIONS.at(-1)?.version });
    expect(await upgradeBuiltinRules(db, T0 + MINUTE)).toBeNull();
  });

  it('does nothing before the first seed', async () => {
    expect(await upgradeBuiltinRules(db, T0)).toBeNull();
    expect(await db.getAll('rules')).toEqual([]);
  });
});
