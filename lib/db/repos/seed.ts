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

/** The default templates and rule packs, each seeded once. Returns what was seeded. */
export async function seedDefaults(db: Database, now: number): Promise<{ templates: boolean; rules: boolean }> {
  const templates: Template[] = DEFAULT_TEMPLATES.map((t) => ({ ...t, sendDirectly: false, createdAt: now, updatedAt: now }));
  return {
    templates: await seedOnce(db, 'seeded:templates:v1', 'templates', templates, now),
    rules: await seedOnce(db, 'seeded:rules:v1', 'rules', DEFAULT_RULES, now),
  };
}
