import type { Template } from '../../model';
import type { Rule } from '../../model/rule';
import { DEFAULT_RULES } from '../../rules/packs';
import { ruleFingerprint } from '../../rules/packs/fingerprint';
import { RETIRED_RULE_SUCCESSORS, SHIPPED_RULE_GENERATIONS } from '../../rules/packs/history';
import { DEFAULT_TEMPLATES } from '../../templates/defaults';
import type { Database } from '../open';

/**
 * Puts `records` into `store` once per install. The marker in settings keeps records a
 * team deleted from coming back on the next start; a record that exists is left alone.
 */
async function seedOnce(db: Database, marker: string, store: 'templates' | 'rules', records: ReadonlyArray<{ id: string }>, now: number): Promise<boolean> {
  const tx = db.transaction(['settings', store], 'readwrite');
  if (await tx.objectStore('settings').get(marker)) {
    await tx.done;
    return false;
  }
  const target = tx.objectStore(store);
  for (const record of records) {
    if ((await target.getKey(record.id)) === undefined) await target.add(record as never);
  }
  await tx.objectStore('settings').put({ key: marker, value: now });
  await tx.done;
  return true;
}

/**
 * Default texts of earlier releases that said something untrue in public: "has been
 * removed" before anyone was removed, and "repeated breaches" in the removal notice a new
 * member gets for a first ad. A template still holding exactly one of those texts was never
 * edited by the team and gets the corrected default; an edited one is left alone.
 */
const CORRECTED_DEFAULT_BODIES: Record<string, readonly string[]> = {
  'tpl-remove-zh': [
    '{member} 多次违反群规（{rule}），已按规定移出本群。请大家共同维护良好的交流环境。',
    '{member} 多次违反群规（{rule}），将按规定移出本群。请大家共同维护良好的交流环境。',
  ],
  'tpl-remove-en': [
    '{member} has been removed for repeated breaches of the group rules ({rule}). Thank you all for keeping this group useful.',
    '{member} will be removed from the group for repeated breaches of the group rules ({rule}). Thank you all for keeping this group useful.',
  ],
  'tpl-warn-zh': ['@{member} 请遵守群规（{rule}），这是公开警告。再次违规将被移出本群。'],
  'tpl-warn-en': ['@{member} please follow the group rules ({rule}). This is a public warning; a further breach means removal from the group.'],
};

export async function correctDefaultNotices(db: Database, now: number): Promise<number> {
  const tx = db.transaction('templates', 'readwrite');
  let corrected = 0;
  for (const [id, oldBodies] of Object.entries(CORRECTED_DEFAULT_BODIES)) {
    const stored = await tx.store.get(id);
    const fresh = DEFAULT_TEMPLATES.find((t) => t.id === id);
    if (!stored || !fresh || !oldBodies.includes(stored.body)) continue;
    await tx.store.put({ ...stored, body: fresh.body, updatedAt: now });
    corrected++;
  }
  await tx.done;
  return corrected;
}

/** Settings key holding the generation of built-in rules this install was last upgraded to. */
export const RULES_GENERATION_KEY = 'seeded:rules:generation';

export interface BuiltinRuleUpgrade {
  /** The generation the install was at (null: not recognisable, nothing stored matched). */
  readonly from: number | null;
  readonly to: number;
  readonly added: string[];
  readonly updated: string[];
  /** Built-in rules the team edited (or deleted): left as they are. */
  readonly kept: string[];
  /** Untouched built-in rules that left the packs and whose successor took over. */
  readonly removed: string[];
}

/**
 * Brings the built-in rules of an existing install up to the packs this release ships,
 * without touching what the team changed: a built-in rule whose stored record is exactly
 * one the extension shipped (by fingerprint, `enabled` aside) gets the new version and
 * keeps its on/off switch; an edited one stays; one the team deleted stays deleted; a rule
 * new in this release is added. One transaction: all of it or none. Runs once per
 * generation (the marker under RULES_GENERATION_KEY); installs not yet seeded are left to
 * seedDefaults.
 */
export async function upgradeBuiltinRules(
  db: Database,
  now: number,
  rules: readonly Rule[] = DEFAULT_RULES,
  generations: typeof SHIPPED_RULE_GENERATIONS = SHIPPED_RULE_GENERATIONS,
): Promise<BuiltinRuleUpgrade | null> {
  const latest = generations[generations.length - 1];
  if (!latest) return null;
  const tx = db.transaction(['settings', 'rules'], 'readwrite');
  const settings = tx.objectStore('settings');
  const store = tx.objectStore('rules');
  const marker = (await settings.get(RULES_GENERATION_KEY))?.value as { generation?: number } | undefined;
  if (!(await settings.get('seeded:rules:v1')) || (marker?.generation ?? 0) >= latest.version) {
    await tx.done;
    return null;
  }
  const stored = new Map<string, Record<string, unknown>>();
  for (const record of (await store.getAll()) as unknown as Record<string, unknown>[]) stored.set(String(record.id), record);
  const fingerprints = new Map<string, string>();
  for (const [id, record] of stored) fingerprints.set(id, ruleFingerprint(record));

  // Which generation this install holds: the one most stored records match exactly (rules
  // that did not change match several; the newest wins a tie).
  let from: (typeof generations)[number] | undefined = generations.find((g) => g.version === marker?.generation);
  if (!from) {
    let best = 0;
    for (const generation of generations) {
      let matches = 0;
      for (const [id, fp] of fingerprints) if (generation.rules[id] === fp) matches++;
      if (matches > 0 && matches >= best) {
        best = matches;
        from = generation;
      }
    }
  }
  const shippedHere = new Set(from ? Object.keys(from.rules) : stored.keys());
  const shipped = (id: string, fp: string | undefined) => fp !== undefined && generations.some((g) => g.rules[id] === fp);

  const result = { from: from?.version ?? null, to: latest.version, added: [] as string[], updated: [] as string[], kept: [] as string[], removed: [] as string[] };
  // Untouched retired rules make way for their successor, which inherits "switched off".
  const successorOff = new Map<string, boolean>();
  for (const [id, record] of stored) {
    const successor = RETIRED_RULE_SUCCESSORS[id];
    if (!successor || rules.some((r) => r.id === id)) continue;
    if (!shipped(id, fingerprints.get(id))) {
      result.kept.push(id);
      continue;
    }
    successorOff.set(successor, (successorOff.get(successor) ?? true) && record.enabled === false);
    await store.delete(id);
    result.removed.push(id);
  }
  for (const rule of rules) {
    const record = stored.get(rule.id);
    const fp = fingerprints.get(rule.id);
    if (!record) {
      if (shippedHere.has(rule.id)) result.kept.push(rule.id); // deleted by the team
      else {
        await store.put({ ...rule, enabled: successorOff.get(rule.id) === true ? false : rule.enabled } as never);
        result.added.push(rule.id);
      }
    } else if (!shipped(rule.id, fp)) result.kept.push(rule.id);
    else if (fp !== ruleFingerprint(rule)) {
      await store.put({ ...rule, enabled: record.enabled !== false } as never);
      result.updated.push(rule.id);
    }
  }
  await settings.put({ key: RULES_GENERATION_KEY, value: { generation: latest.version, at: now } });
  await tx.done;
  return result;
}

/** Settings key listing every default template id this install has been offered. */
export const OFFERED_TEMPLATES_KEY = 'seeded:templates:offered';

/**
 * The default templates of the releases before OFFERED_TEMPLATES_KEY existed: an install
 * seeded then was offered exactly these, so any of them missing now was deleted by the team.
 */
const FIRST_RELEASE_TEMPLATE_IDS: readonly string[] = [
  'tpl-welcome-zh', 'tpl-welcome-en', 'tpl-rules-zh', 'tpl-rules-en', 'tpl-remind-zh', 'tpl-remind-en',
  'tpl-warn-zh', 'tpl-warn-en', 'tpl-remove-zh', 'tpl-remove-en', 'tpl-faq-limit-zh', 'tpl-faq-fee-zh',
  'tpl-faq-installment-zh', 'tpl-faq-declined-zh', 'tpl-faq-cashback-en', 'tpl-faq-billing-en',
  'tpl-thanks-zh', 'tpl-thanks-en',
];

/**
 * Adds the default templates new in this release to an install seeded by an earlier one,
 * once each: an id the install was already offered is never added again (the team may have
 * deleted it), and a record the team keeps under a new default's id is left alone. One
 * transaction with its marker. Returns the ids added.
 */
export async function offerNewDefaultTemplates(db: Database, now: number): Promise<string[]> {
  const tx = db.transaction(['settings', 'templates'], 'readwrite');
  const settings = tx.objectStore('settings');
  const store = tx.objectStore('templates');
  const marker = (await settings.get(OFFERED_TEMPLATES_KEY))?.value;
  const seededBefore = Boolean(await settings.get('seeded:templates:v1'));
  const offered = new Set<string>(Array.isArray(marker) ? (marker as string[]) : seededBefore ? FIRST_RELEASE_TEMPLATE_IDS : []);
  const added: string[] = [];
  for (const template of DEFAULT_TEMPLATES) {
    if (offered.has(template.id)) continue;
    offered.add(template.id);
    if ((await store.getKey(template.id)) !== undefined) continue;
    await store.add({ ...template, sendDirectly: false, createdAt: now, updatedAt: now });
    added.push(template.id);
  }
  await settings.put({ key: OFFERED_TEMPLATES_KEY, value: [...offered] });
  await tx.done;
  return added;
}

/** The default templates and rule packs, each seeded once. Returns what was seeded. */
export async function seedDefaults(db: Database, now: number): Promise<{ templates: boolean; rules: boolean }> {
  const templates: Template[] = DEFAULT_TEMPLATES.map((t) => ({ ...t, sendDirectly: false, createdAt: now, updatedAt: now }));
  const seeded = {
    templates: await seedOnce(db, 'seeded:templates:v1', 'templates', templates, now),
    rules: await seedOnce(db, 'seeded:rules:v1', 'rules', DEFAULT_RULES, now),
  };
  // New and improved packs and templates reach installs seeded by an earlier release.
  await upgradeBuiltinRules(db, now);
  await offerNewDefaultTemplates(db, now);
  await correctDefaultNotices(db, now);
  return seeded;
}
