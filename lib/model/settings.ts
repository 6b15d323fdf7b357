import { z } from 'zod';

export const SettingsSchema = z.object({
  /** Who the person using the extension is, signed on notes and decisions. */
  staffName: z.string().trim().max(100).default(''),
  /** Author names (per site) that count as staff; matched case-insensitively. */
  staffNames: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  /** '' follows the browser language. */
  language: z.enum(['', 'en', 'zh_CN']).default(''),
  sidebarOpen: z.boolean().default(true),
  inlineBadges: z.boolean().default(false),
  /** Messages older than this many days are purged; 0 keeps everything. */
  retentionDays: z.number().int().min(0).max(3650).default(0),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
