import { z } from 'zod';

/**
 * Records from different chat sites share one database, so every stored id is prefixed
 * with the adapter's site id. External ids come from the chat page and are kept verbatim.
 */
export const SiteIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'site id must be lowercase letters, digits or "-"');
export const ExternalIdSchema = z.string().min(1, 'id must not be empty').max(512);

export { groupKey, memberKey, messageKey } from './keys';

/** Epoch milliseconds. */
export const TimestampSchema = z.number().int().nonnegative();
