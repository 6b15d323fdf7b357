import { z } from 'zod';
import { DEFAULT_LADDER, LadderSchema, migrateLadderSetting } from '../moderation/ladder';

/** `site:id`: a site id (lowercase, digits, "-") and the member's id on that site. */
export const STAFF_ID_PATTERN = /^[a-z0-9-]{1,40}:\S.{0,511}$/;

export const SettingsSchema = z.object({
  /** Who the person using the extension is, signed on notes and decisions. */
  staffName: z.string().trim().max(100).default(''),
  /**
   * Staff names to watch for (issue #11, finding 5). Earlier releases counted anyone using
   * one of these names as staff, so a customer who took a staff member's name was never
   * moderated. A name now makes nobody staff: a member using it (any case, look-alike
   * letters) whom neither the site nor `staffIds` marks as staff is shown as using a staff
   * member's name, and moderated like any customer.
   */
  staffNames: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  /**
   * Members who count as staff where the site does not mark them: `site:id`, the stable id
   * the member card shows (e.g. `demo:u-ana`). Matched exactly; a display name never is.
   */
  staffIds: z.array(z.string().trim().regex(STAFF_ID_PATTERN, 'must be site:id, as the member card shows it (e.g. demo:u-ana)')).max(500).default([]),
  /** '' follows the browser language. */
  language: z.enum(['', 'en', 'zh_CN']).default(''),
  sidebarOpen: z.boolean().default(true),
  /** Width of the sidebar in the chat page, set by dragging its edge. */
  sidebarWidth: z.number().int().min(320).max(640).default(360),
  inlineBadges: z.boolean().default(false),
  /**
   * The moderation ladder: steps (channel, template, outcome) and category weights, see
   * lib/moderation/ladder.ts. Earlier releases stored a preset name; it reads as its steps.
   */
  ladder: z.preprocess(migrateLadderSetting, LadderSchema).default(DEFAULT_LADDER),
  /** Warnings count toward the ladder for this many days, then expire. */
  warningWindowDays: z.number().int().min(1).max(3650).default(30),
  /** Response-time target for customer questions, in minutes. */
  slaMinutes: z.number().int().min(1).max(1440).default(5),
  /** A desktop notification when a question waits past its group's target (each group can override). Off by default. */
  notifyOnMiss: z.boolean().default(false),
  /**
   * Built-in adapters switched off (ids, e.g. "thelounge"): the page is then offered
   * point-and-click setup like any unknown chat, or read by a site profile.
   */
  disabledAdapters: z.array(z.string().min(1).max(40)).max(20).default([]),
  /** Messages older than this many days are purged; 0 keeps everything. */
  retentionDays: z.number().int().min(0).max(3650).default(0),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

type SettingsShape = typeof SettingsSchema.shape;
type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/**
 * A change to the settings: only the keys it names. Built from SettingsSchema's fields with
 * their defaults taken off, because zod 4's `.partial()` keeps defaults and so fills every
 * missing key, and merging that over the stored settings reset them (issue #11, finding 1).
 * Strict: a misspelt key is refused by name instead of being ignored.
 */
export const SettingsPatchSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(SettingsSchema.shape).map(([key, field]) => [key, field instanceof z.ZodDefault ? field.unwrap() : field]),
    ) as { [K in keyof SettingsShape]: WithoutDefault<SettingsShape[K]> },
  )
  .partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
/** Settings read from a backup or team pack: like a patch, but keys from a newer release are dropped, not refused. */
export const SettingsImportSchema = z.object(SettingsPatchSchema.shape);
