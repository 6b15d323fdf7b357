import { z } from 'zod';
import { ExternalIdSchema, SiteIdSchema, TimestampSchema } from './ids';

export const GroupSchema = z.object({
  id: z.string().min(1),
  site: SiteIdSchema,
  externalId: ExternalIdSchema,
  title: z.string().max(500),
  firstSeen: TimestampSchema,
  lastSeen: TimestampSchema,
  /** The group's published rules, shown in the group panel and posted by template. */
  rulesText: z.string().max(20_000).default(''),
  /** Staff's choice of the language templates are sent in; absent: detected from the messages. */
  language: z.enum(['zh', 'en']).optional(),
});
export type Group = z.infer<typeof GroupSchema>;
