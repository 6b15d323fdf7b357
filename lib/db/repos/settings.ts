import { DEFAULT_SETTINGS, type Settings, type SettingsPatch, SettingsSchema } from '../../model';
import type { Database } from '../open';

const SETTINGS_KEY = 'settings';

export async function getSettings(db: Database): Promise<Settings> {
  const record = await db.get('settings', SETTINGS_KEY);
  // Stored settings from an older release may lack newer fields; defaults fill them.
  const parsed = SettingsSchema.safeParse(record?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Writes the keys `change` holds and keeps every other stored value as it was. */
export async function updateSettings(db: Database, change: SettingsPatch): Promise<Settings> {
  const sent = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  const tx = db.transaction('settings', 'readwrite');
  const current = SettingsSchema.safeParse((await tx.store.get(SETTINGS_KEY))?.value ?? {});
  const next = SettingsSchema.parse({ ...(current.success ? current.data : DEFAULT_SETTINGS), ...sent });
  await tx.store.put({ key: SETTINGS_KEY, value: next });
  await tx.done;
  return next;
}
