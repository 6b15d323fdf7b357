import { z } from 'zod';
import { BusinessHoursError } from '../analytics/business-hours';
import { parseHealthConfig } from '../analytics/health-config';
import { describeZodError } from '../messaging/protocol';
import { DEFAULT_SETTINGS, type Settings, SettingsImportSchema, SettingsSchema } from '../model';

/**
 * The preferences a backup or team pack carries besides records: the settings (ladder,
 * warning window, reply target, who counts as staff, …) and each group's reply-time
 * configuration. They live in the `settings` store as key/value records.
 */
export const SETTINGS_KEY = 'settings';
export const GROUP_HEALTH_PREFIX = 'groupHealth:';

/** What belongs to this person or this browser and never travels in a team pack. */
const PERSONAL_SETTINGS: ReadonlySet<string> = new Set(['staffName', 'language', 'sidebarOpen', 'sidebarWidth', 'inlineBadges', 'retentionDays']);

/** The team's share of the settings: everything but the personal ones (new ladder keys travel by default). */
export function teamSettings(settings: Settings): Partial<Settings> {
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !PERSONAL_SETTINGS.has(key))) as Partial<Settings>;
}

export const GroupSettingsSchema = z.array(z.object({ groupId: z.string().min(1).max(600), healthConfig: z.unknown() })).max(5_000);
export type GroupSettings = z.infer<typeof GroupSettingsSchema>;

export interface KeyValueRecord {
  key: string;
  value: unknown;
}

export function groupSettingsOf(records: readonly KeyValueRecord[]): GroupSettings {
  return records
    .filter((record) => record.key.startsWith(GROUP_HEALTH_PREFIX))
    .map((record) => ({ groupId: record.key.slice(GROUP_HEALTH_PREFIX.length), healthConfig: record.value }));
}

/**
 * Checks imported preferences before anything is written; errors name the field
 * (`settings.warningWindowDays: …`, `groupSettings.2.targetMinutes: …`).
 * `only` limits which settings are taken (a team pack takes the team's share only).
 */
export function parsePreferences(
  input: { settings?: unknown; groupSettings?: unknown },
  base: Settings,
  only?: (key: string) => boolean,
): { settings: Settings | null; groups: KeyValueRecord[] } {
  let settings: Settings | null = null;
  if (input.settings !== undefined) {
    // No defaults filled in: a key the file leaves out keeps the value stored here.
    const partial = SettingsImportSchema.safeParse(input.settings);
    if (!partial.success) throw new Error(`settings: ${describeZodError(partial.error)}`);
    const taken = Object.fromEntries(Object.entries(partial.data).filter(([key, value]) => value !== undefined && (!only || only(key))));
    settings = SettingsSchema.parse({ ...base, ...taken });
  }
  const groups: KeyValueRecord[] = [];
  if (input.groupSettings !== undefined) {
    const list = GroupSettingsSchema.safeParse(input.groupSettings);
    if (!list.success) throw new Error(`groupSettings: ${describeZodError(list.error)}`);
    list.data.forEach((entry, i) => {
      try {
        groups.push({ key: `${GROUP_HEALTH_PREFIX}${entry.groupId}`, value: parseHealthConfig(entry.healthConfig).config });
      } catch (error) {
        // A BusinessHoursError's message starts with the field it names.
        const named = error instanceof BusinessHoursError;
        throw new Error(`groupSettings.${i}${named ? '.' : ': '}${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
  return { settings, groups };
}

export const isTeamSetting = (key: string) => !PERSONAL_SETTINGS.has(key);
export { DEFAULT_SETTINGS };
