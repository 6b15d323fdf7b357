import { z } from 'zod';
import { DEFAULT_LADDER, LadderSchema, migrateLadderSetting } from '../moderation/ladder';

export const SettingsSchema = z.object({
  /** Who the person using the extension is, signed on notes and decisions. */
  staffName: z.string().trim().max(100).default(''),
  /** Author names (per site) that count as staff; matched case-insensitively. */
  staffNames: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
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
  /** Messages older than this many days are purged; 0 keeps everything. */
  retentionDays: z.number().int().min(0).max(3650).default(0),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
