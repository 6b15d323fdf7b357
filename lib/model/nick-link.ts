import { z } from 'zod';
import { ExternalIdSchema, SiteIdSchema, TimestampSchema } from './ids';

/**
 * Who holds a nick from a moment on (lib/identity/nicks.ts). On IRC and in XMPP rooms the
 * nick is the only key a chat page shows, so a rename must be recorded: from `since` on,
 * `nick` on `site` is the member whose key is `holder` (the external id their member record
 * was made under). A rename writes two: the new nick → the member, and the old nick → a fresh
 * holder (whoever takes it next is someone else), both from the rename on.
 */
export const NickLinkSchema = z.object({
  id: z.string().min(1),
  site: SiteIdSchema,
  nick: ExternalIdSchema,
  since: TimestampSchema,
  holder: ExternalIdSchema,
  /** The group whose page showed the rename. */
  groupId: z.string().min(1),
  /** For the new nick's link: the nick it was renamed from. */
  renamedFrom: z.string().optional(),
});
export type NickLink = z.infer<typeof NickLinkSchema>;
