import { DEFAULT_SETTINGS, type Settings } from '../model';
import { DEFAULT_RULES } from '../rules/packs';
import { DEFAULT_TEMPLATES } from '../templates/defaults';
import type { Database } from './open';
import { SETTINGS_KEY } from './preferences';
import { getSettings } from './repos/settings';

export const DEFAULT_SECTIONS = ['templates', 'rules', 'settings'] as const;
export type DefaultSection = (typeof DEFAULT_SECTIONS)[number];

/**
 * "Restore defaults" for one section of the options. Templates and rules: the built-in
 * ones come back as shipped (edited ones are reset, deleted ones return); the team's own
 * stay. Settings: back to the defaults, except the staff member's own name and language.
 * Returns how many records were restored.
 */
export async function restoreDefaults(db: Database, section: DefaultSection, now: number): Promise<number> {
  if (section === 'templates') {
    const tx = db.transaction('templates', 'readwrite');
    for (const template of DEFAULT_TEMPLATES) {
      const existing = await tx.store.get(template.id);
      await tx.store.put({ ...template, sendDirectly: false, createdAt: existing?.createdAt ?? now, updatedAt: now });
    }
    await tx.done;
    return DEFAULT_TEMPLATES.length;
  }
  if (section === 'rules') {
    const tx = db.transaction('rules', 'readwrite');
    for (const rule of DEFAULT_RULES) await tx.store.put(rule);
    await tx.done;
    return DEFAULT_RULES.length;
  }
  const current = await getSettings(db);
  const next: Settings = { ...DEFAULT_SETTINGS, staffName: current.staffName, language: current.language };
  await db.put('settings', { key: SETTINGS_KEY, value: next });
  return 1;
}
