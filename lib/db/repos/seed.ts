import type { Template } from '../../model';
import { DEFAULT_TEMPLATES } from '../../templates/defaults';
import type { Database } from '../open';

const SEED_KEY = 'seeded:templates:v1';

/**
 * Puts the default templates in once per install. The marker keeps templates a team
 * deleted from coming back on the next start.
 */
export async function seedDefaults(db: Database, now: number): Promise<boolean> {
  const tx = db.transaction(['settings', 'templates'], 'readwrite');
  if (await tx.objectStore('settings').get(SEED_KEY)) {
    await tx.done;
    return false;
  }
  for (const template of DEFAULT_TEMPLATES) {
    const record: Template = { ...template, sendDirectly: false, createdAt: now, updatedAt: now };
    if ((await tx.objectStore('templates').getKey(record.id)) === undefined) await tx.objectStore('templates').add(record);
  }
  await tx.objectStore('settings').put({ key: SEED_KEY, value: now });
  await tx.done;
  return true;
}
