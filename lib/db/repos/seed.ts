import type { Template } from '../../model';
import { DEFAULT_RULES } from '../../rules/packs';
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
 * Default texts of earlier releases that claimed an action before it happened ("has been
 * removed" on a first notice). A template still holding exactly that text was never edited
 * by the team and gets the corrected default; an edited one is left alone.
 */
const CORRECTED_DEFAULT_BODIES: Record<string, string> = {
  'tpl-remove-zh': '{member} 多次违反群规（{rule}），已按规定移出本群。请大家共同维护良好的交流环境。',
  'tpl-remove-en': '{member} has been removed for repeated breaches of the group rules ({rule}). Thank you all for keeping this group useful.',
  'tpl-warn-zh': '@{member} 请遵守群规（{rule}），这是公开警告。再次违规将被移出本群。',
  'tpl-warn-en': '@{member} please follow the group rules ({rule}). This is a public warning; a further breach means removal from the group.',
};

export async function correctDefaultNotices(db: Database, now: number): Promise<number> {
  const tx = db.transaction('templates', 'readwrite');
  let corrected = 0;
  for (const [id, oldBody] of Object.entries(CORRECTED_DEFAULT_BODIES)) {
    const stored = await tx.store.get(id);
    const fresh = DEFAULT_TEMPLATES.find((t) => t.id === id);
    if (!stored || !fresh || stored.body !== oldBody) continue;
    await tx.store.put({ ...stored, body: fresh.body, updatedAt: now });
    corrected++;
  }
  await tx.done;
  return corrected;
}

/** The default templates and rule packs, each seeded once. Returns what was seeded. */
export async function seedDefaults(db: Database, now: number): Promise<{ templates: boolean; rules: boolean }> {
  const templates: Template[] = DEFAULT_TEMPLATES.map((t) => ({ ...t, sendDirectly: false, createdAt: now, updatedAt: now }));
  const seeded = {
    templates: await seedOnce(db, 'seeded:templates:v1', 'templates', templates, now),
    rules: await seedOnce(db, 'seeded:rules:v1', 'rules', DEFAULT_RULES, now),
  };
  await correctDefaultNotices(db, now);
  return seeded;
}
